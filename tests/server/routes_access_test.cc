// Role and organisation scoping over HTTP, and data sealed at rest.
#include <gtest/gtest.h>

#include "server/server_test_util.h"

namespace byteback::server::testing {
namespace {

class AccessTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    org_a_ = CreateOrg("Union A", "IN");
    org_b_ = CreateOrg("Union B", "PK");
    CreateUser("victim@example.org", accounts::Role::kJournalist, org_a_, "IN");
    CreateUser("member@example.org", accounts::Role::kMember, org_b_, "PK");
  }
  int64_t FileIncident(const SignedIn& who, const std::string& title) {
    nlohmann::json body = {{"title", title}, {"severity", "high"}, {"category", "threats"}};
    auto r = Post(who, "/api/v1/incidents", body.dump());
    EXPECT_TRUE(r);
    if (!r) return 0;
    EXPECT_EQ(r->status, 201) << r->body;
    return Json(r)["incident"].value("id", int64_t{0});
  }
  int64_t org_a_ = 0, org_b_ = 0;
};

TEST_F(AccessTest, MemberCannotReadAnotherOrganisationsIncident) {
  SignedIn victim = Login("victim@example.org");
  int64_t id = FileIncident(victim, "Threats after the election story");
  ASSERT_GT(id, 0);
  std::string path = "/api/v1/incidents/" + std::to_string(id);
  auto own = Get(victim, path);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200) << own->body;

  SignedIn member = Login("member@example.org");
  ExpectError(Get(member, path), 403, "permission_denied");
  ExpectError(Get(member, path + "/messages"), 403, "permission_denied");
  ExpectError(Post(member, path + "/messages", R"({"messages":[{"text":"x"}]})"), 403,
              "permission_denied");
  auto list = Get(member, "/api/v1/incidents");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_TRUE(Json(list)["incidents"].empty()) << list->body;
  ExpectError(Get(member, "/api/v1/incidents/999999"), 404, "not_found");
  ExpectError(Get(member, "/api/v1/incidents/abc"), 404, "not_found");
  ExpectError(Get(member, "/api/v1/orgs/" + std::to_string(org_a_)), 403, "permission_denied");

  SignedIn admin = Login("admin@example.org");
  auto seen = Get(admin, path);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->status, 200);
}

TEST_F(AccessTest, MemberCannotCallAdminRoutesAndDenialsAreAudited) {
  SignedIn member = Login("member@example.org");
  int64_t audit_before = CountRows("audit_log");
  ExpectError(Get(member, "/api/v1/admin/users"), 403, "permission_denied");
  ExpectError(Get(member, "/api/v1/admin/audit"), 403, "permission_denied");
  ExpectError(Post(member, "/api/v1/admin/orgs", R"({"name":"X","kind":"union"})"), 403,
              "permission_denied");
  nlohmann::json user = {{"email", "new@example.org"}, {"password", kPassword},
                         {"display_name", "New"}, {"role", "admin"}};
  int64_t users = CountRows("users");
  ExpectError(Post(member, "/api/v1/admin/users", user.dump()), 403, "permission_denied");
  ExpectError(Post(member, "/api/v1/invitations", R"({"role":"admin"})"), 403,
              "permission_denied");
  EXPECT_EQ(CountRows("users"), users);
  EXPECT_GE(CountRows("audit_log"), audit_before + 5);

  SignedIn admin = Login("admin@example.org");
  auto audit = Get(admin, "/api/v1/admin/audit?action=access.denied&limit=50");
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->status, 200) << audit->body;
  EXPECT_GE(Json(audit)["events"].size(), 5u) << audit->body;
}

TEST_F(AccessTest, AdminManagesUsersAndOrganisations) {
  SignedIn admin = Login("admin@example.org");
  auto fed = Post(admin, "/api/v1/admin/orgs", R"({"name":"SAMSN","kind":"federation"})");
  ASSERT_TRUE(fed);
  ASSERT_EQ(fed->status, 201) << fed->body;
  int64_t fed_id = Json(fed)["organisation"]["id"];
  nlohmann::json child = {{"name", "Nepal Union"}, {"kind", "union"}, {"parent_id", fed_id},
                          {"country", "NP"}};
  auto u = Post(admin, "/api/v1/admin/orgs", child.dump());
  ASSERT_TRUE(u);
  ASSERT_EQ(u->status, 201) << u->body;
  EXPECT_EQ(Json(u)["organisation"]["parent_id"], fed_id);

  nlohmann::json user = {{"email", "focal@example.org"}, {"password", kPassword},
                         {"display_name", "Focal"}, {"role", "focal_person"},
                         {"org_id", org_a_}, {"country", "IN"}};
  auto created = Post(admin, "/api/v1/admin/users", user.dump());
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  int64_t id = Json(created)["user"]["id"];
  EXPECT_EQ(Json(created)["user"].count("password"), 0u);
  auto role = Post(admin, "/api/v1/admin/users/" + std::to_string(id) + "/role",
                   R"({"role":"coordinator"})");
  ASSERT_TRUE(role);
  EXPECT_EQ(role->status, 200) << role->body;
  EXPECT_EQ(Json(role)["user"]["role"], "coordinator");
  auto dis = Post(admin, "/api/v1/admin/users/" + std::to_string(id) + "/disable", "");
  ASSERT_TRUE(dis);
  EXPECT_EQ(dis->status, 200) << dis->body;
  auto login = Client().Post(
      "/api/v1/auth/login",
      nlohmann::json({{"email", "focal@example.org"}, {"password", kPassword}}).dump(),
      "application/json");
  ExpectError(login, 401, "unauthenticated");
  auto list = Get(admin, "/api/v1/admin/users");
  ASSERT_TRUE(list);
  EXPECT_GE(Json(list)["users"].size(), 4u);
}

TEST_F(AccessTest, InvitationCreatesAnAccountOnce) {
  SignedIn admin = Login("admin@example.org");
  nlohmann::json inv = {{"role", "journalist"}, {"org_id", org_a_}, {"country", "IN"}};
  auto r = Post(admin, "/api/v1/invitations", inv.dump());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  std::string token = Json(r)["token"];
  auto page = Client().Get(("/?invitation=" + token).c_str());
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("data-start=\"accept\""), std::string::npos);
  EXPECT_EQ(page->body.find(token), std::string::npos);  // the app reads it from the URL
  nlohmann::json accept = {{"token", token}, {"email", "newjournalist@example.org"},
                           {"password", kPassword}, {"display_name", "Ayesha"}};
  auto a = Client().Post("/api/v1/invitations/accept", accept.dump(), "application/json");
  ASSERT_TRUE(a);
  ASSERT_EQ(a->status, 201) << a->body;
  EXPECT_EQ(Json(a)["user"]["role"], "journalist");
  accept["email"] = "second@example.org";
  ExpectError(Client().Post("/api/v1/invitations/accept", accept.dump(), "application/json"),
              401, "unauthenticated");
  Login("newjournalist@example.org");
}

TEST_F(AccessTest, NoPlaintextMessageOrPasswordInTheDatabaseFile) {
  const std::string secret_text = "UNIQUE-ABUSE-TEXT-7f3a9c you will regret writing";
  const std::string secret_handle = "@HANDLE-5e1d-attacker";
  SignedIn victim = Login("victim@example.org");
  int64_t id = FileIncident(victim, "TITLE-91b2 harassment campaign");
  nlohmann::json body = {{"messages", {{{"text", secret_text},
                                        {"author_handle", secret_handle},
                                        {"platform", "x"},
                                        {"url", "https://x.example/URL-4c4c"},
                                        {"sent_at", 1700000000}}}}};
  auto add = Post(victim, "/api/v1/incidents/" + std::to_string(id) + "/messages", body.dump());
  ASSERT_TRUE(add);
  ASSERT_EQ(add->status, 201) << add->body;
  auto list = Get(victim, "/api/v1/incidents/" + std::to_string(id) + "/messages");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(Json(list)["messages"][0]["text"], secret_text);
  EXPECT_EQ(Json(list)["messages"][0]["author_handle"], secret_handle);

  std::string bytes = DatabaseBytes();
  ASSERT_GT(bytes.size(), 0u);
  for (const std::string& needle :
       {std::string("UNIQUE-ABUSE-TEXT-7f3a9c"), std::string("HANDLE-5e1d"),
        std::string("TITLE-91b2"), std::string("URL-4c4c"), std::string(kPassword),
        std::string("victim@example.org"), victim.csrf,
        victim.cookie.substr(victim.cookie.find('=') + 1)}) {
    EXPECT_EQ(bytes.find(needle), std::string::npos) << "plaintext in the database: " << needle;
  }
}

}  // namespace
}  // namespace byteback::server::testing
