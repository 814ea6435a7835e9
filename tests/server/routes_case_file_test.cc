// An incident's case file through the API: fields, messages scored on the
// way in, who sees it (the owner decides), complaints and reminders, export
// and deletion.
#include <soci/soci.h>

#include "server/server_test_util.h"

namespace byteback::server::testing {
namespace {

using nlohmann::json;

class CaseFileTest : public ServerTest {
 protected:
  bool WithShield() const override { return true; }
  void SetUp() override {
    ServerTest::SetUp();
    pk_ = CreateOrg("Pakistan union", "PK");
    in_ = CreateOrg("India union", "IN");
    owner_id_ = CreateUser("anchor@example.org", accounts::Role::kJournalist, pk_, "PK");
    CreateUser("pk-focal@example.org", accounts::Role::kFocalPerson, pk_, "PK");
    CreateUser("in-focal@example.org", accounts::Role::kFocalPerson, in_, "IN");
    CreateUser("in-member@example.org", accounts::Role::kMember, in_, "IN");
    friend_id_ = CreateUser("friend@example.org", accounts::Role::kMember, in_, "IN");
    CreateUser("coord@example.org", accounts::Role::kCoordinator, std::nullopt, "");
    owner_ = Login("anchor@example.org");
    auto r = Post(owner_, "/api/v1/incidents",
                  R"({"title":"Pile-on after the broadcast","category":"pile_on","severity":"high",
                      "language":"ur","platforms":"x,whatsapp","occurred_at":1799990000})");
    EXPECT_EQ(r->status, 201) << r->body;
    id_ = std::to_string(Json(r)["incident"]["id"].get<int64_t>());
  }
  int64_t pk_ = 0, in_ = 0, owner_id_ = 0, friend_id_ = 0;
  SignedIn owner_;
  std::string id_;
};

TEST_F(CaseFileTest, MessagesAreScoredOnTheWayIn) {
  auto r = Post(owner_, "/api/v1/incidents/" + id_ + "/messages",
                R"({"messages":[{"text":"tu randi hai","author_handle":"@troll","platform":"x"}],
                    "paste":"thank you for your report\n\n  you stupid bitch  \n","platform":"whatsapp"})");
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(Json(r)["ids"].size(), 3u);
  // Nothing abusive is shown unasked: flagged texts are withheld by default.
  json hidden = Json(Get(owner_, "/api/v1/incidents/" + id_ + "/messages"))["messages"];
  ASSERT_EQ(hidden.size(), 3u);
  EXPECT_TRUE(hidden[0]["hidden"].get<bool>());
  EXPECT_EQ(hidden[0]["text"], "");
  EXPECT_FALSE(hidden[1]["hidden"].get<bool>());
  EXPECT_EQ(hidden[1]["text"], "thank you for your report");
  json msgs = Json(Get(owner_, "/api/v1/incidents/" + id_ + "/messages?reveal=true"))["messages"];
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[0]["source"], "api");
  EXPECT_EQ(msgs[0]["lang"], "hi-Latn");
  EXPECT_NE(msgs[0]["labels"].get<std::string>().find("abusive"), std::string::npos) << msgs[0];
  EXPECT_GE(msgs[0]["severity"].get<int>(), 2);
  EXPECT_EQ(msgs[1]["source"], "paste");
  EXPECT_EQ(msgs[1]["platform"], "whatsapp");
  EXPECT_EQ(msgs[1]["labels"], "");
  EXPECT_EQ(msgs[2]["text"], "you stupid bitch");
  EXPECT_NE(msgs[2]["scores"].get<std::string>().find("abusive=0."), std::string::npos) << msgs[2];
  EXPECT_NE(msgs[2]["labels"].get<std::string>().find("gendered"), std::string::npos) << msgs[2];
  ExpectError(Post(owner_, "/api/v1/incidents/" + id_ + "/messages", R"({"paste":"  \n \n"})"), 400,
              "invalid_argument");
  // Links to the posts, one per line: the platform comes from the host.
  r = Post(owner_, "/api/v1/incidents/" + id_ + "/messages",
           R"({"urls":"https://x.com/troll/status/1\n https://www.youtube.com/watch?v=abc \nhttps://example.org/blog"})");
  ASSERT_EQ(r->status, 201) << r->body;
  msgs = Json(Get(owner_, "/api/v1/incidents/" + id_ + "/messages?reveal=true"))["messages"];
  ASSERT_EQ(msgs.size(), 6u);
  EXPECT_EQ(msgs[3]["platform"], "x");
  EXPECT_EQ(msgs[3]["url"], "https://x.com/troll/status/1");
  EXPECT_EQ(msgs[3]["source"], "url");
  EXPECT_EQ(msgs[4]["platform"], "youtube");
  EXPECT_EQ(msgs[5]["platform"], "web");
  ExpectError(Post(owner_, "/api/v1/incidents/" + id_ + "/messages", R"x({"urls":"javascript:alert(1)"})x"), 400,
              "invalid_argument");
}

TEST_F(CaseFileTest, OthersGet403Or404AndTheOwnerDecides) {
  const std::string base = "/api/v1/incidents/" + id_;
  ASSERT_EQ(Post(owner_, base + "/messages", R"({"paste":"abuse"})")->status, 201);
  SignedIn in_focal = Login("in-focal@example.org");
  SignedIn in_member = Login("in-member@example.org");
  for (const SignedIn* who : {&in_focal, &in_member}) {
    for (const std::string& path : {base, base + "/messages", base + "/complaints", base + "/export",
                                    base + "/reviewers"}) {
      auto r = Get(*who, path);
      ASSERT_TRUE(r);
      EXPECT_TRUE(r->status == 403 || r->status == 404) << path << " " << r->status;
    }
  }
  for (const std::string& path : {base, base + "/messages", base + "/export"}) {
    EXPECT_EQ(Client().Get(path)->status, 401) << path;
  }
  // The focal person of her country and the coordinator see a 'network' incident.
  SignedIn pk_focal = Login("pk-focal@example.org");
  SignedIn coord = Login("coord@example.org");
  EXPECT_EQ(Get(pk_focal, base)->status, 200);
  EXPECT_EQ(Get(coord, base)->status, 200);
  // Only she may make it private, export or delete it.
  ExpectError(Post(pk_focal, base, R"({"visibility":"private"})"), 405, "method_not_allowed");
  auto patch = [&](const SignedIn& who, const std::string& body) {
    httplib::Headers h = {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}};
    return Client().Patch(base, h, body, "application/json");
  };
  ExpectError(patch(pk_focal, R"({"visibility":"private"})"), 403, "permission_denied");
  ExpectError(Get(pk_focal, base + "/export"), 403, "permission_denied");
  auto r = patch(owner_, R"({"visibility":"private","pseudonym":"Journalist A","outcome":"FIA opened a case"})");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Json(r)["incident"]["visibility"], "private");
  // Private: not even the coordinator or her focal person.
  EXPECT_EQ(Get(coord, base)->status, 403);
  EXPECT_EQ(Get(pk_focal, base + "/messages")->status, 403);
  EXPECT_TRUE(Json(Get(coord, "/api/v1/incidents"))["incidents"].empty());
  // She hands review to a friend in another country, then takes it back.
  SignedIn friend_ = Login("friend@example.org");
  EXPECT_EQ(Get(friend_, base)->status, 403);
  r = Post(owner_, base + "/reviewers", json({{"user_id", friend_id_}}).dump());
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(Get(friend_, base + "/messages")->status, 200);
  EXPECT_EQ(Json(Get(friend_, "/api/v1/incidents"))["incidents"].size(), 1u);
  ExpectError(Post(friend_, base + "/reviewers", json({{"user_id", friend_id_}}).dump()), 403,
              "permission_denied");
  // By e-mail too (she knows that, not the id); the list names the people.
  r = Post(owner_, base + "/reviewers", json({{"email", "friend@example.org"}}).dump());
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(Json(r)["user_id"], friend_id_);
  EXPECT_EQ(Json(r)["email"], "friend@example.org");
  json reviewers = Json(Get(owner_, base + "/reviewers"))["reviewers"];
  ASSERT_FALSE(reviewers.empty());
  EXPECT_EQ(reviewers[0]["email"], "friend@example.org");
  EXPECT_FALSE(reviewers[0]["display_name"].get<std::string>().empty());
  ExpectError(Post(owner_, base + "/reviewers", json({{"email", "nobody@example.org"}}).dump()), 404, "not_found");
  ExpectError(Post(owner_, base + "/reviewers", json({{"email", "friend@example.org"}, {"user_id", friend_id_}}).dump()),
              400, "invalid_argument");
  ExpectError(Post(owner_, base + "/reviewers", "{}"), 400, "invalid_argument");
  // Someone who may not share the incident learns nothing about which e-mails have accounts.
  ExpectError(Post(friend_, base + "/reviewers", json({{"email", "nobody@example.org"}}).dump()), 403,
              "permission_denied");
  httplib::Headers h = {{"Cookie", owner_.cookie}, {"X-CSRF-Token", owner_.csrf}};
  r = Client().Delete(base + "/reviewers/" + std::to_string(friend_id_), h);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Get(friend_, base)->status, 403);
  // Views and denials are in the audit log.
  auto events = store_->ListAudit({});
  ASSERT_TRUE(events.ok());
  int viewed = 0, denied = 0;
  for (const auto& e : *events) {
    viewed += e.action == "incident.messages_viewed";
    denied += e.action == "access.denied";
  }
  EXPECT_GE(viewed, 1);
  EXPECT_GE(denied, 4);
}

TEST_F(CaseFileTest, ComplaintsAreTrackedWithReminders) {
  const std::string base = "/api/v1/incidents/" + id_;
  auto r = Post(owner_, base + "/complaints",
                R"({"destination":"pk-fia","reference":"FIA-CCW-2026-1187"})");
  ASSERT_EQ(r->status, 201) << r->body;
  json c = Json(r)["complaint"];
  EXPECT_EQ(c["follow_up_at"].get<int64_t>(), now_.load() + 14 * 24 * 3600);
  EXPECT_EQ(Json(Get(owner_, base))["incident"]["status"], "reported");
  EXPECT_TRUE(Json(Get(owner_, "/api/v1/complaints/due"))["complaints"].empty());
  now_ += 15 * 24 * 3600;
  owner_ = Login("anchor@example.org");  // her session has expired meanwhile
  json due = Json(Get(owner_, "/api/v1/complaints/due"))["complaints"];
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0]["reference"], "FIA-CCW-2026-1187");
  // Other people's reminders are not hers to see.
  EXPECT_TRUE(Json(Get(Login("in-member@example.org"), "/api/v1/complaints/due"))["complaints"].empty());
  httplib::Headers h = {{"Cookie", owner_.cookie}, {"X-CSRF-Token", owner_.csrf}};
  r = Client().Patch("/api/v1/complaints/" + std::to_string(c["id"].get<int64_t>()), h,
                     R"({"status":"answered","response":"Case registered","follow_up_at":0})", "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Json(r)["complaint"]["response"], "Case registered");
  EXPECT_EQ(Json(Get(owner_, base))["incident"]["status"], "responded");
  EXPECT_TRUE(Json(Get(owner_, "/api/v1/complaints/due"))["complaints"].empty());
  ExpectError(Post(owner_, base + "/complaints", R"({"reference":"x"})"), 400, "invalid_argument");
}

TEST_F(CaseFileTest, OwnerExportsThenDeletesEverything) {
  const std::string base = "/api/v1/incidents/" + id_;
  ASSERT_EQ(Post(owner_, base + "/messages", R"({"paste":"first\nsecond"})")->status, 201);
  ASSERT_EQ(Post(owner_, base + "/complaints", R"({"destination":"x"})")->status, 201);
  auto r = Get(owner_, base + "/export");
  ASSERT_EQ(r->status, 200) << r->body;
  json e = Json(r);
  EXPECT_EQ(e["format"], "byteback-incident-export/1");
  EXPECT_EQ(e["messages"].size(), 2u);
  EXPECT_EQ(e["complaints"].size(), 1u);
  EXPECT_EQ(e["incident"]["platforms"], "x,whatsapp");
  // The evidence log comes along: the pasted messages are its first entries, chained.
  ASSERT_EQ(e["evidence"]["items"].size(), 2u) << e["evidence"];
  EXPECT_EQ(e["evidence"]["items"][0]["kind"], "message");
  EXPECT_EQ(e["evidence"]["items"][1]["prev_hash"], e["evidence"]["items"][0]["hash"]);
  {
    // The store refuses to change an entry (append-only, like the audit log).
    auto lease = store_->Acquire();
    EXPECT_THROW(lease.sql() << "UPDATE incident_evidence SET sha256 = 'forged'", std::exception);
  }
  httplib::Headers h = {{"Cookie", owner_.cookie}, {"X-CSRF-Token", owner_.csrf}};
  SignedIn coord = Login("coord@example.org");
  httplib::Headers hc = {{"Cookie", coord.cookie}, {"X-CSRF-Token", coord.csrf}};
  ExpectError(Client().Delete(base, hc), 403, "permission_denied");
  r = Client().Delete(base, h);
  ASSERT_EQ(r->status, 200) << r->body;
  ExpectError(Get(owner_, base), 404, "not_found");
  EXPECT_EQ(CountRows("incidents"), 0);
  EXPECT_EQ(CountRows("incident_messages"), 0);
  EXPECT_EQ(CountRows("incident_complaints"), 0);
  EXPECT_EQ(CountRows("incident_evidence"), 0);
  EXPECT_EQ(CountRows("incident_evidence_blobs"), 0);
  EXPECT_EQ(CountRows("incident_reviewers"), 0);
  auto events = store_->ListAudit({});
  ASSERT_TRUE(events.ok());
  bool deleted = false;
  for (const auto& ev : *events) deleted = deleted || ev.action == "incident.deleted";
  EXPECT_TRUE(deleted);
}

}  // namespace
}  // namespace byteback::server::testing
