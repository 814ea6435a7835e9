// Login, lockout and unlock (injected clock, no sleeps), per-IP throttling,
// session idle and absolute expiry, CSRF, logout, TOTP at login.
#include <gtest/gtest.h>

#include "accounts/accounts_fixture.h"

namespace byteback::accounts {
namespace {

using ::byteback::testing::AccountsFixture;
using ::byteback::testing::kPassword;
using ::byteback::testing::Must;

class SessionsTest : public AccountsFixture {
 protected:
  void SetUp() override {
    AccountsFixture::SetUp();
    user_ = MakeUser("anchor@example.org", Role::kJournalist, std::nullopt, "PK");
  }
  Result<NewSession> Login(const std::string& password,
                           const std::string& ip = "192.0.2.1",
                           const std::string& code = "") {
    return accounts_->Login({"anchor@example.org", password, code, ip});
  }
  Principal user_;
};

// A six-digit code that VerifyTotp(secret, code, now) rejects.
std::string WrongCode(const std::string& secret, int64_t now) {
  for (int i = 0;; ++i) {
    std::string c = std::to_string(100000 + i);
    bool near = false;
    for (int64_t t : {now - 30, now, now + 30}) {
      near = near || crypto::TotpCode(secret, t) == c;
    }
    if (!near) return c;
  }
}

TEST_F(SessionsTest, LoginGivesAWorkingSession) {
  auto s = Must(Login(kPassword));
  EXPECT_EQ(s.principal.user_id, user_.user_id);
  EXPECT_EQ(s.principal.via, Principal::Via::kSession);
  EXPECT_NE(s.token, s.csrf_token);
  auto auth = Must(accounts_->Authenticate(s.token));
  EXPECT_EQ(auth.principal.user_id, user_.user_id);
  EXPECT_EQ(auth.principal.role, Role::kJournalist);
  EXPECT_EQ(auth.csrf_token, s.csrf_token);
  EXPECT_EQ(auth.session_id, s.session_id);
  EXPECT_EQ(CountAudit("login.ok"), 1);
}

TEST_F(SessionsTest, UnknownEmailAndWrongPasswordLookTheSame) {
  auto unknown = accounts_->Login({"nobody@example.org", kPassword, "", ""});
  auto wrong = Login("not the password");
  EXPECT_EQ(unknown.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(unknown.status().message(), wrong.status().message());
  EXPECT_EQ(CountAudit("login.failed"), 2);
}

TEST_F(SessionsTest, FiveWrongPasswordsLockTheAccountUntilThePeriodEnds) {
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(Login("wrong password!!").status().code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(Login("wrong password 5").status().code(),
            StatusCode::kResourceExhausted);
  // Even the right password is refused while locked.
  EXPECT_EQ(Login(kPassword).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(Must(accounts_->GetUser(user_, user_.user_id)).locked_until,
            now_ + 15 * 60);
  now_ += 15 * 60 - 1;
  EXPECT_EQ(Login(kPassword).status().code(), StatusCode::kResourceExhausted);
  now_ += 1;
  EXPECT_TRUE(Login(kPassword).ok());
  EXPECT_EQ(CountAudit("login.lockout"), 1);
  EXPECT_EQ(CountAudit("login.locked"), 2);
}

TEST_F(SessionsTest, SuccessResetsTheFailureCount) {
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Login("wrong password!!").ok());
  ASSERT_TRUE(Login(kPassword).ok());
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(Login("wrong password!!").status().code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_TRUE(Login(kPassword).ok());
}

TEST_F(SessionsTest, LockoutIsConfigurable) {
  options_.max_failed_logins = 2;
  options_.lockout_seconds = 60;
  MakeAccounts();
  EXPECT_EQ(Login("wrong password!!").status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(Login("wrong password!!").status().code(),
            StatusCode::kResourceExhausted);
  now_ += 60;
  EXPECT_TRUE(Login(kPassword).ok());
}

TEST_F(SessionsTest, OneAddressIsThrottledAcrossAccounts) {
  options_.max_failed_logins_per_ip = 3;
  options_.ip_window_seconds = 600;
  MakeAccounts();
  for (const char* email : {"u1@example.org", "u2@example.org",
                            "anchor@example.org"}) {
    EXPECT_EQ(accounts_->Login({email, "wrong password!!", "", "198.51.100.7"})
                  .status().code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(Login(kPassword, "198.51.100.7").status().code(),
            StatusCode::kResourceExhausted);
  EXPECT_TRUE(Login(kPassword, "198.51.100.8").ok());  // another address
  now_ += 601;                                          // the window slides
  EXPECT_TRUE(Login(kPassword, "198.51.100.7").ok());
  EXPECT_EQ(CountAudit("login.throttled"), 1);
}

TEST_F(SessionsTest, SessionEndsAfterIdleTimeout) {
  auto s = Must(Login(kPassword));
  now_ += options_.session_idle_seconds - 1;
  ASSERT_TRUE(accounts_->Authenticate(s.token).ok());  // slides the idle end
  now_ += options_.session_idle_seconds - 1;
  ASSERT_TRUE(accounts_->Authenticate(s.token).ok());
  now_ += options_.session_idle_seconds;
  EXPECT_EQ(accounts_->Authenticate(s.token).status().code(),
            StatusCode::kUnauthenticated);
  // And it is gone, not merely refused once.
  now_ -= options_.session_idle_seconds;
  EXPECT_FALSE(accounts_->Authenticate(s.token).ok());
}

TEST_F(SessionsTest, SessionEndsAtAbsoluteTimeoutEvenWhenActive) {
  auto s = Must(Login(kPassword));
  const int64_t end = now_ + options_.session_absolute_seconds;
  while (now_ + 20 * 60 < end) {
    now_ += 20 * 60;
    ASSERT_TRUE(accounts_->Authenticate(s.token).ok()) << now_;
  }
  now_ = end;
  EXPECT_EQ(accounts_->Authenticate(s.token).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(SessionsTest, CsrfTokenMustMatch) {
  auto s = Must(Login(kPassword));
  auto auth = Must(accounts_->Authenticate(s.token));
  EXPECT_TRUE(accounts_->CheckCsrf(auth, s.csrf_token).ok());
  EXPECT_EQ(accounts_->CheckCsrf(auth, "").code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->CheckCsrf(auth, s.token).code(),
            StatusCode::kPermissionDenied);
  std::string off = s.csrf_token;
  off.back() = off.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(accounts_->CheckCsrf(auth, off).code(),
            StatusCode::kPermissionDenied);
  // Another session's token does not fit this one.
  auto other = Must(Login(kPassword));
  EXPECT_FALSE(accounts_->CheckCsrf(auth, other.csrf_token).ok());
}

TEST_F(SessionsTest, LogoutEndsOneSessionLogoutAllEndsEvery) {
  auto a = Must(Login(kPassword));
  auto b = Must(Login(kPassword));
  auto c = Must(Login(kPassword));
  ASSERT_TRUE(accounts_->Logout(a.token).ok());
  EXPECT_FALSE(accounts_->Authenticate(a.token).ok());
  EXPECT_TRUE(accounts_->Authenticate(b.token).ok());
  EXPECT_TRUE(accounts_->Logout("not-a-session").ok());
  EXPECT_EQ(Must(accounts_->LogoutAll(user_.user_id)), 2);
  EXPECT_FALSE(accounts_->Authenticate(b.token).ok());
  EXPECT_FALSE(accounts_->Authenticate(c.token).ok());
  EXPECT_EQ(accounts_->Authenticate("").status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(SessionsTest, TotpIsRequiredOnceEnabled) {
  auto enrol = Must(accounts_->BeginTotp(user_));
  EXPECT_NE(enrol.uri.find("otpauth://totp/"), std::string::npos);
  EXPECT_EQ(accounts_->ConfirmTotp(user_, WrongCode(enrol.secret_b32, now_))
                .code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(
      accounts_->ConfirmTotp(user_, crypto::TotpCode(enrol.secret_b32, now_))
          .ok());
  EXPECT_TRUE(Must(accounts_->GetUser(user_, user_.user_id)).totp_enabled);

  EXPECT_EQ(Login(kPassword).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Login(kPassword).status().message(), "totp_required");
  const std::string wrong = WrongCode(enrol.secret_b32, now_);
  EXPECT_EQ(Login(kPassword, "192.0.2.1", wrong).status().code(),
            StatusCode::kUnauthenticated);
  // The code that confirmed the enrolment is spent; the next one works.
  EXPECT_EQ(Login(kPassword, "192.0.2.1", crypto::TotpCode(enrol.secret_b32, now_))
                .status().code(),
            StatusCode::kUnauthenticated);
  now_ += 30;
  EXPECT_TRUE(
      Login(kPassword, "192.0.2.1", crypto::TotpCode(enrol.secret_b32, now_))
          .ok());
  // A wrong password with a right code is still a wrong password.
  EXPECT_EQ(Login("wrong password!!", "192.0.2.1",
                  crypto::TotpCode(enrol.secret_b32, now_))
                .status().code(),
            StatusCode::kUnauthenticated);
  ASSERT_TRUE(accounts_->DisableTotp(user_, user_.user_id).ok());
  EXPECT_TRUE(Login(kPassword).ok());
  EXPECT_EQ(CountAudit("totp.enabled"), 1);
}

TEST_F(SessionsTest, TotpCodeWorksOnceOnly) {
  auto enrol = Must(accounts_->BeginTotp(user_));
  ASSERT_TRUE(accounts_->ConfirmTotp(user_, crypto::TotpCode(enrol.secret_b32, now_)).ok());
  now_ += 30;
  const std::string code = crypto::TotpCode(enrol.secret_b32, now_);
  ASSERT_TRUE(Login(kPassword, "192.0.2.1", code).ok());
  // Seen over a shoulder and typed again within its 90-second window: refused, and audited.
  now_ += 10;
  auto replay = Login(kPassword, "192.0.2.2", code);
  EXPECT_EQ(replay.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(replay.status().message().find("already used"), std::string::npos);
  EXPECT_EQ(CountAudit("login.replayed_totp"), 1);
  // An older code that is still inside the window is refused too.
  EXPECT_FALSE(Login(kPassword, "192.0.2.1", crypto::TotpCode(enrol.secret_b32, now_ - 40)).ok());
  // The next step's code signs in.
  now_ += 30;
  EXPECT_TRUE(Login(kPassword, "192.0.2.1", crypto::TotpCode(enrol.secret_b32, now_)).ok());
}

TEST_F(SessionsTest, ConfirmTotpWithoutEnrolmentFails) {
  EXPECT_EQ(accounts_->ConfirmTotp(user_, "123456").code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace byteback::accounts
