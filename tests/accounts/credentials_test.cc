// Invitations (single use, expiry, scope), API keys (auth, revocation) and
// re-encryption of sealed columns after a key rotation.
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include <soci/soci.h>

#include "accounts/accounts_fixture.h"

namespace byteback::accounts {
namespace {

using ::byteback::testing::AccountsFixture;
using ::byteback::testing::kPassword;
using ::byteback::testing::Must;

class CredentialsTest : public AccountsFixture {
 protected:
  void SetUp() override {
    AccountsFixture::SetUp();
    ifj_ = MakeOrg("IFJ", OrgKind::kFederation, {}, "");
    pfuj_ = MakeOrg("PFUJ", OrgKind::kUnion, ifj_, "PK");
    fnj_ = MakeOrg("FNJ", OrgKind::kUnion, ifj_, "NP");
    admin_ = MakeUser("admin@ifj.org", Role::kAdmin, std::nullopt, "");
    focal_ = MakeUser("focal@pfuj.org", Role::kFocalPerson, pfuj_, "PK");
    member_ = MakeUser("member@pfuj.org", Role::kMember, pfuj_, "PK");
  }
  AcceptInvitationRequest Req(const std::string& token,
                              const std::string& email) {
    return {token, email, kPassword, "New Person"};
  }
  int64_t ifj_ = 0, pfuj_ = 0, fnj_ = 0;
  Principal admin_, focal_, member_;
};

TEST_F(CredentialsTest, InvitationIsSingleUse) {
  auto inv = Must(accounts_->CreateInvitation(focal_, {Role::kJournalist, {}, ""}));
  auto user = Must(accounts_->AcceptInvitation(Req(inv.token, "j@pfuj.org")));
  EXPECT_EQ(user.role, Role::kJournalist);
  EXPECT_EQ(user.org_id, pfuj_);  // the inviter's organisation by default
  EXPECT_EQ(user.country, "PK");
  EXPECT_EQ(accounts_->AcceptInvitation(Req(inv.token, "j2@pfuj.org"))
                .status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(accounts_->Login({"j@pfuj.org", kPassword, "", ""}).ok());
  EXPECT_EQ(CountAudit("invitation.created"), 1);
  EXPECT_EQ(CountAudit("invitation.accepted"), 1);
}

TEST_F(CredentialsTest, InvitationExpires) {
  auto inv = Must(accounts_->CreateInvitation(admin_, {Role::kMember, fnj_, "NP"}));
  EXPECT_EQ(inv.expires_at, now_ + options_.invitation_ttl_seconds);
  now_ = inv.expires_at;
  EXPECT_EQ(accounts_->AcceptInvitation(Req(inv.token, "late@fnj.org"))
                .status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(CredentialsTest, BadInputDoesNotBurnTheInvitation) {
  auto inv = Must(accounts_->CreateInvitation(admin_, {Role::kMember, fnj_, "NP"}));
  auto bad = Req(inv.token, "x@fnj.org");
  bad.password = "short";
  EXPECT_EQ(accounts_->AcceptInvitation(bad).status().code(),
            StatusCode::kInvalidArgument);
  // The e-mail is taken: nothing is created and the token stays usable.
  EXPECT_EQ(accounts_->AcceptInvitation(Req(inv.token, "member@pfuj.org"))
                .status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_TRUE(accounts_->AcceptInvitation(Req(inv.token, "x@fnj.org")).ok());
  EXPECT_EQ(accounts_->AcceptInvitation(Req("", "y@fnj.org")).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(CredentialsTest, InvitationScope) {
  // A focal person cannot invite an admin, a coordinator or a focal person,
  // nor into another organisation or country.
  for (Role r : {Role::kAdmin, Role::kCoordinator, Role::kFocalPerson}) {
    EXPECT_EQ(accounts_->CreateInvitation(focal_, {r, {}, ""}).status().code(),
              StatusCode::kPermissionDenied)
        << RoleName(r);
  }
  EXPECT_EQ(accounts_->CreateInvitation(focal_, {Role::kMember, fnj_, "NP"})
                .status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->CreateInvitation(focal_, {Role::kMember, pfuj_, "IN"})
                .status().code(),
            StatusCode::kPermissionDenied);
  // A member cannot invite at all.
  EXPECT_EQ(accounts_->CreateInvitation(member_, {Role::kMember, {}, ""})
                .status().code(),
            StatusCode::kPermissionDenied);
  // A coordinator can invite a focal person anywhere, but not an admin.
  auto coord = MakeUser("coord@ifj.org", Role::kCoordinator, ifj_, "");
  EXPECT_TRUE(
      accounts_->CreateInvitation(coord, {Role::kFocalPerson, fnj_, "NP"}).ok());
  EXPECT_EQ(accounts_->CreateInvitation(coord, {Role::kAdmin, {}, ""})
                .status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->CreateInvitation(admin_, {Role::kMember, 999, ""})
                .status().code(),
            StatusCode::kNotFound);
  EXPECT_GE(CountAudit("access.denied"), 6);
}

TEST_F(CredentialsTest, ApiKeyAuthenticatesUntilRevoked) {
  auto key = Must(accounts_->CreateApiKey(focal_, "moderation bot"));
  EXPECT_EQ(key.secret.rfind("bbk_", 0), 0u);
  EXPECT_EQ(key.key.prefix, key.secret.substr(0, 12));
  auto p = Must(accounts_->AuthenticateApiKey(key.secret));
  EXPECT_EQ(p.user_id, focal_.user_id);
  EXPECT_EQ(p.role, Role::kFocalPerson);
  EXPECT_EQ(p.via, Principal::Via::kApiKey);
  EXPECT_EQ(p.api_key_id, key.key.id);

  for (const std::string& bad : {std::string(), std::string("bbk_"),
                                std::string("xyz_") + key.secret.substr(4),
                                key.secret + "x"}) {
    EXPECT_EQ(accounts_->AuthenticateApiKey(bad).status().code(),
              StatusCode::kUnauthenticated);
  }
  // Only the owner or an admin may revoke.
  EXPECT_EQ(accounts_->RevokeApiKey(member_, key.key.id).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->RevokeApiKey(focal_, 999).code(), StatusCode::kNotFound);
  ASSERT_TRUE(accounts_->RevokeApiKey(focal_, key.key.id).ok());
  EXPECT_EQ(accounts_->AuthenticateApiKey(key.secret).status().code(),
            StatusCode::kUnauthenticated);
  auto keys = Must(accounts_->ListApiKeys(focal_));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_TRUE(keys[0].revoked_at.has_value());
  EXPECT_TRUE(keys[0].last_used_at.has_value());
  EXPECT_EQ(accounts_->ListApiKeys(member_, focal_.user_id).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Must(accounts_->ListApiKeys(admin_, focal_.user_id)).size(), 1u);
  EXPECT_EQ(CountAudit("api_key.created"), 1);
  EXPECT_EQ(CountAudit("api_key.revoked"), 1);
}

TEST_F(CredentialsTest, ApiKeyFollowsItsUser) {
  auto key = Must(accounts_->CreateApiKey(member_, "script"));
  ASSERT_TRUE(accounts_->SetDisabled(admin_, member_.user_id, true).ok());
  EXPECT_FALSE(accounts_->AuthenticateApiKey(key.secret).ok());
  EXPECT_EQ(accounts_->CreateApiKey(member_, "").status().code(),
            StatusCode::kInvalidArgument);
}

// Rotation with a key file: values sealed under key 1 are re-sealed under
// key 2 and still open; a second pass has nothing to do.
class RotationTest : public AccountsFixture {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("bb_acc_rot_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    key_path_ = (dir_ / "data.key").string();
    keyring_ = Must(crypto::Keyring::LoadOrCreate(key_path_));
    OpenAll();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::string key_path_;
};

TEST_F(RotationTest, ReencryptAllAfterRotation) {
  auto m = MakeUser("m@example.org", Role::kMember, std::nullopt, "");
  auto enrol = Must(accounts_->BeginTotp(m));
  const std::string code = crypto::TotpCode(enrol.secret_b32, now_);
  ASSERT_TRUE(accounts_->ConfirmTotp(m, code).ok());
  now_ += 30;  // the confirming code is spent: sign in with the next one
  auto s = Must(accounts_->Login({"m@example.org", kPassword, crypto::TotpCode(enrol.secret_b32, now_), ""}));

  ASSERT_TRUE(crypto::Keyring::RotateFile(key_path_).ok());
  keyring_ = Must(crypto::Keyring::LoadOrCreate(key_path_));
  ASSERT_EQ(keyring_->key_count(), 2u);
  MakeAccounts();
  // e-mail, display name, TOTP secret and the session's CSRF token.
  EXPECT_EQ(Must(accounts_->ReencryptAll()), 4);
  EXPECT_EQ(Must(accounts_->ReencryptAll()), 0);
  EXPECT_EQ(CountAudit("keys.reencrypted"), 2);

  // Everything still opens, and the e-mail index survived the rotation.
  auto after = Must(accounts_->FindUserByEmail("m@example.org"));
  EXPECT_EQ(after.display_name, "Name of m@example.org");
  auto auth = Must(accounts_->Authenticate(s.token));
  EXPECT_TRUE(accounts_->CheckCsrf(auth, s.csrf_token).ok());
  // The TOTP secret still opens: the next code signs in.
  now_ += 30;
  EXPECT_TRUE(accounts_->Login({"m@example.org", kPassword, crypto::TotpCode(enrol.secret_b32, now_), ""}).ok());
  std::string sealed;
  {
    auto lease = store_->Acquire();
    lease.sql() << "SELECT email_sealed FROM users WHERE id = :id",
        soci::into(sealed), soci::use(m.user_id);
  }
  EXPECT_TRUE(keyring_->IsPrimary(sealed));
}

}  // namespace
}  // namespace byteback::accounts
