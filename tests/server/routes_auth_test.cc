// End-to-end tests of setup, sign-in, sessions, CSRF and lockout over HTTP.
#include <gtest/gtest.h>

#include "server/server_test_util.h"

namespace byteback::server::testing {
namespace {

class SetupTest : public ServerTest {
 protected:
  bool SeedAdmin() const override { return false; }
};

TEST_F(SetupTest, FirstAdminWithTheConsoleToken) {
  auto status = Client().Get("/api/v1/setup");
  ASSERT_TRUE(status);
  EXPECT_EQ(Json(status)["setup_needed"], true);
  auto page = Client().Get("/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("data-start=\"setup\""), std::string::npos);

  auto token = accounts_->EnsureSetupToken();
  ASSERT_TRUE(token.ok() && token->has_value());
  nlohmann::json wrong = {{"token", "not-the-token"}, {"email", "root@example.org"},
                          {"password", kPassword}, {"display_name", "Root"}};
  ExpectError(Client().Post("/api/v1/setup", wrong.dump(), "application/json"), 401,
              "unauthenticated");

  nlohmann::json body = wrong;
  body["token"] = **token;
  auto r = Client().Post("/api/v1/setup", body.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(Json(r)["user"]["role"], "admin");
  EXPECT_EQ(Json(Client().Get("/api/v1/setup"))["setup_needed"], false);
  // The token is burnt.
  auto again = Client().Post("/api/v1/setup", body.dump(), "application/json");
  ASSERT_TRUE(again);
  EXPECT_GE(again->status, 400);
  EXPECT_NE(Client().Get("/")->body.find("data-start=\"signin\""), std::string::npos);
  SignedIn root = Login("root@example.org");
  EXPECT_FALSE(root.csrf.empty());
}

TEST_F(ServerTest, SessionCookieIsHttpOnlyAndSameSiteStrict) {
  nlohmann::json body = {{"email", "admin@example.org"}, {"password", kPassword}};
  auto r = Client().Post("/api/v1/auth/login", body.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("bb_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  // Loopback listener with cookie_secure=auto: no Secure attribute.
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;
  EXPECT_FALSE(Json(r).value("csrf_token", "").empty());
  EXPECT_EQ(Json(r)["user"]["email"], "admin@example.org");
}

TEST_F(ServerTest, SecureCookieWhenConfigured) {
  ServerOptions o;
  o.cookie_secure = CookieSecure::kAlways;
  StartServer(o);
  nlohmann::json body = {{"email", "admin@example.org"}, {"password", kPassword}};
  auto r = Client().Post("/api/v1/auth/login", body.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_NE(r->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(ServerTest, MeReturnsTheCsrfTokenAndLogoutEndsTheSession) {
  SignedIn admin = Login("admin@example.org");
  auto me = Get(admin, "/api/v1/auth/me");
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200) << me->body;
  EXPECT_EQ(Json(me)["csrf_token"], admin.csrf);
  EXPECT_EQ(Json(me)["via"], "session");

  auto out = Post(admin, "/api/v1/auth/logout", "");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200) << out->body;
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  ExpectError(Get(admin, "/api/v1/auth/me"), 401, "unauthenticated");
}

TEST_F(ServerTest, NotSignedInIs401) {
  ExpectError(Client().Get("/api/v1/auth/me"), 401, "unauthenticated");
  ExpectError(Client().Get("/api/v1/incidents"), 401, "unauthenticated");
  ExpectError(Client().Get("/api/v1/incidents", {{"Cookie", "bb_session=forged"}}), 401,
              "unauthenticated");
}

TEST_F(ServerTest, StateChangingRequestWithoutCsrfTokenIs403) {
  SignedIn admin = Login("admin@example.org");
  int64_t keys = CountRows("api_keys");
  ExpectError(Post(admin, "/api/v1/api-keys", R"({"name":"ci"})", /*with_csrf=*/false), 403,
              "permission_denied");
  SignedIn wrong = admin;
  wrong.csrf = "not-the-token";
  ExpectError(Post(wrong, "/api/v1/api-keys", R"({"name":"ci"})"), 403, "permission_denied");
  EXPECT_EQ(CountRows("api_keys"), keys);
  auto ok = Post(admin, "/api/v1/api-keys", R"({"name":"ci"})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(CountRows("api_keys"), keys + 1);
}

TEST_F(ServerTest, ApiKeyNeedsNoCsrfAndStopsWorkingWhenRevoked) {
  SignedIn admin = Login("admin@example.org");
  auto created = Post(admin, "/api/v1/api-keys", R"({"name":"importer"})");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  std::string secret = Json(created)["secret"];
  int64_t key_id = Json(created)["key"]["id"];
  EXPECT_EQ(secret.rfind("bbk_", 0), 0u);
  EXPECT_EQ(Json(created)["key"].count("secret"), 0u);

  auto me = Client().Get("/api/v1/auth/me", {{"Authorization", "Bearer " + secret}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200) << me->body;
  EXPECT_EQ(Json(me)["via"], "api_key");
  auto org = Client().Post("/api/v1/admin/orgs", {{"X-API-Key", secret}},
                           R"({"name":"Karachi Union","kind":"union","country":"PK"})",
                           "application/json");
  ASSERT_TRUE(org);
  EXPECT_EQ(org->status, 201) << org->body;

  auto revoked = Client().Delete(("/api/v1/api-keys/" + std::to_string(key_id)).c_str(),
                                 {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}});
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200) << revoked->body;
  ExpectError(Client().Get("/api/v1/auth/me", {{"Authorization", "Bearer " + secret}}), 401,
              "unauthenticated");
}

TEST_F(ServerTest, FiveWrongPasswordsLockTheAccount) {
  int64_t org = CreateOrg("Delhi Union");
  CreateUser("reporter@example.org", accounts::Role::kJournalist, org);
  nlohmann::json wrong = {{"email", "reporter@example.org"}, {"password", "wrong password!!"}};
  for (int i = 0; i < 5; ++i) {
    auto r = Client().Post("/api/v1/auth/login", wrong.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->status == 401 || r->status == 429) << i << ": " << r->body;
    EXPECT_TRUE(r->get_header_value("Set-Cookie").empty());
  }
  nlohmann::json right = {{"email", "reporter@example.org"}, {"password", kPassword}};
  auto locked = Client().Post("/api/v1/auth/login", right.dump(), "application/json");
  ExpectError(locked, 429, "resource_exhausted");
  EXPECT_TRUE(locked->get_header_value("Set-Cookie").empty());
  // After the lockout period the right password works again.
  now_ += 16 * 60;
  SignedIn reporter = Login("reporter@example.org");
  EXPECT_FALSE(reporter.csrf.empty());
}

TEST_F(ServerTest, TotpEnrolmentThenSignInNeedsTheCode) {
  SignedIn admin = Login("admin@example.org");
  auto enroll = Post(admin, "/api/v1/auth/totp/enroll", "");
  ASSERT_TRUE(enroll);
  ASSERT_EQ(enroll->status, 200) << enroll->body;
  std::string secret = Json(enroll)["secret"];
  EXPECT_EQ(Json(enroll)["uri"].get<std::string>().rfind("otpauth://totp/", 0), 0u);
  ExpectError(Post(admin, "/api/v1/auth/totp/confirm", R"({"code":"000000x"})"), 400,
              "invalid_argument");
  nlohmann::json confirm = {{"code", crypto::TotpCode(secret, now_.load())}};
  auto ok = Post(admin, "/api/v1/auth/totp/confirm", confirm.dump());
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;

  nlohmann::json body = {{"email", "admin@example.org"}, {"password", kPassword}};
  auto need = Client().Post("/api/v1/auth/login", body.dump(), "application/json");
  ExpectError(need, 401, "totp_required");
  EXPECT_TRUE(need->get_header_value("Set-Cookie").empty());
  // The code that confirmed the enrolment is spent; the next one signs in, once.
  body["totp"] = crypto::TotpCode(secret, now_.load());
  ExpectError(Client().Post("/api/v1/auth/login", body.dump(), "application/json"), 401, "unauthenticated");
  now_ += 30;
  body["totp"] = crypto::TotpCode(secret, now_.load());
  auto in = Client().Post("/api/v1/auth/login", body.dump(), "application/json");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->status, 200) << in->body;
  EXPECT_EQ(Json(in)["user"]["totp_enabled"], true);
  auto again = Client().Post("/api/v1/auth/login", body.dump(), "application/json");
  ExpectError(again, 401, "unauthenticated");
  EXPECT_NE(again->body.find("already used"), std::string::npos);
}

TEST_F(ServerTest, ChangePasswordChecksTheOldOne) {
  SignedIn admin = Login("admin@example.org");
  nlohmann::json wrong = {{"old_password", "not my password"},
                          {"new_password", "a brand new passphrase"}};
  ExpectError(Post(admin, "/api/v1/auth/password", wrong.dump()), 401, "unauthenticated");
  nlohmann::json right = {{"old_password", kPassword}, {"new_password", "a brand new passphrase"}};
  auto r = Post(admin, "/api/v1/auth/password", right.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  Login("admin@example.org", "a brand new passphrase");
}

}  // namespace
}  // namespace byteback::server::testing
