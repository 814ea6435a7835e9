// The native scoring API, Shield reload, and the community lexicon through
// the HTTP API.
#include <filesystem>
#include <fstream>

#include "server/server_test_util.h"

namespace byteback::server::testing {
namespace {

using nlohmann::json;

class ShieldRoutesTest : public ServerTest {
 protected:
  bool WithShield() const override { return true; }
  httplib::Result Score(const std::string& key, const json& body) {
    httplib::Headers h = {{"Authorization", "Bearer " + key}};
    return Client().Post("/api/v1/score", h, body.dump(), "application/json");
  }
  // Whether `text` is labelled abusive by /api/v1/score.
  bool Flagged(const std::string& key, const std::string& text) {
    auto r = Score(key, {{"text", text}});
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no response");
    if (!r || r->status != 200) return false;
    json labels = Json(r)["results"][0]["labels"];
    return std::find(labels.begin(), labels.end(), "abusive") != labels.end();
  }
  // Whether a lexicon term was found in `text`.
  bool HasSpan(const std::string& key, const std::string& text) {
    auto r = Score(key, {{"text", text}});
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no response");
    return r && r->status == 200 && !Json(r)["results"][0]["spans"].empty();
  }
};

TEST_F(ShieldRoutesTest, ScoresOneMessage) {
  const std::string key = ApiKeyFor(admin_id_);
  auto r = Score(key, {{"text", "tu randi hai"}});
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Json(r);
  EXPECT_EQ(j["model_version"], shield_->info().model_version);
  ASSERT_EQ(j["results"].size(), 1u);
  const json& v = j["results"][0];
  EXPECT_EQ(v["lang"], "hi-Latn");
  EXPECT_GT(v["scores"]["abusive"].get<double>(), 0.8);
  EXPECT_NE(std::find(v["labels"].begin(), v["labels"].end(), "gendered"), v["labels"].end());
  ASSERT_FALSE(v["spans"].empty());
  // Byte offsets of "randi" in the original text.
  EXPECT_EQ(v["spans"][0]["begin"], 3);
  EXPECT_EQ(v["spans"][0]["end"], 8);
  EXPECT_GE(v["severity"].get<int>(), 2);
}

TEST_F(ShieldRoutesTest, ScoresABatchOfAThousandAndRefusesMore) {
  const std::string key = ApiKeyFor(admin_id_);
  json msgs = json::array();
  for (int i = 0; i < 1000; ++i) {
    msgs.push_back({{"id", "m" + std::to_string(i)},
                    {"text", i % 2 ? "you stupid idiot" : "thank you for the report"}});
  }
  auto r = Score(key, {{"messages", msgs}});
  ASSERT_EQ(r->status, 200) << r->body.substr(0, 300);
  json j = Json(r);
  ASSERT_EQ(j["results"].size(), 1000u);
  EXPECT_EQ(j["results"][7]["id"], "m7");
  EXPECT_GT(j["results"][7]["scores"]["abusive"].get<double>(), 0.5);
  EXPECT_LT(j["results"][8]["scores"]["abusive"].get<double>(), 0.5);
  msgs.push_back({{"text", "one too many"}});
  r = Score(key, {{"messages", msgs}});
  ExpectError(r, 400, "invalid_argument");
  ExpectError(Score(key, json::object()), 400, "invalid_argument");
  ExpectError(Score(key, {{"text", "a"}, {"messages", json::array({{{"text", "b"}}})}}), 400,
              "invalid_argument");
  ExpectError(Score(key, {{"messages", json::array()}}), 400, "invalid_argument");
}

TEST_F(ShieldRoutesTest, ScoreNeedsCredentials) {
  auto r = Client().Post("/api/v1/score", R"({"text":"x"})", "application/json");
  ExpectError(r, 401, "unauthenticated");
  // A signed-in browser session works, with its CSRF token.
  SignedIn admin = Login("admin@example.org");
  r = Post(admin, "/api/v1/score", R"({"text":"hello"})");
  EXPECT_EQ(r->status, 200) << r->body;
  ExpectError(Post(admin, "/api/v1/score", R"({"text":"hello"})", /*with_csrf=*/false), 403,
              "permission_denied");
}

TEST_F(ShieldRoutesTest, ReloadRejectsABadModelAndKeepsServing) {
  // A Shield over copies of the shipped files, so the test can break them.
  namespace fs = std::filesystem;
  const std::string model = dir_ + "/shield.bbm";
  fs::copy_file(BB_SOURCE_DIR "/data/models/shield.bbm", model);
  fs::copy(BB_SOURCE_DIR "/data/lexicons", dir_ + "/lexicons", fs::copy_options::recursive);
  shield::ShieldOptions so;
  so.model_path = model;
  so.lexicon_dir = dir_ + "/lexicons";
  StopServer();
  server_.reset();
  auto sh = shield::Shield::Open(so, store_.get(), accounts_.get());
  ASSERT_TRUE(sh.ok()) << sh.status().ToString();
  shield_ = std::move(sh).value();
  StartServer();

  SignedIn admin = Login("admin@example.org");
  const std::string key = ApiKeyFor(admin_id_);
  auto r = Post(admin, "/api/v1/admin/shield/reload", "{}");
  ASSERT_EQ(r->status, 200) << r->body;
  const int64_t generation = Json(r)["generation"];

  // Corrupt the model: the reload is refused and names the problem.
  {
    std::fstream f(model, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.write("\xff\xff\xff\xff", 4);
  }
  r = Post(admin, "/api/v1/admin/shield/reload", "{}");
  ExpectError(r, 409, "failed_precondition");
  EXPECT_NE(Json(r)["error"]["message"].get<std::string>().find("previous model"), std::string::npos);
  EXPECT_TRUE(Flagged(key, "tu randi hai"));
  EXPECT_EQ(Json(Get(admin, "/api/v1/shield"))["generation"], generation);

  // A lexicon file that does not parse is refused the same way.
  fs::copy_file(BB_SOURCE_DIR "/data/models/shield.bbm", model, fs::copy_options::overwrite_existing);
  {
    std::ofstream bad(dir_ + "/lexicons/bad.tsv");
    bad << "term\tlang\tcategory\tseverity\tnotes\nfoo\ten\tnot-a-category\t2\t\n";
  }
  r = Post(admin, "/api/v1/admin/shield/reload", "{}");
  ExpectError(r, 409, "failed_precondition");
  EXPECT_NE(Json(r)["error"]["message"].get<std::string>().find("bad.tsv"), std::string::npos) << r->body;

  // Fixed: the reload goes through, and a new term in a file is live.
  fs::remove(dir_ + "/lexicons/bad.tsv");
  {
    std::ofstream add(dir_ + "/lexicons/added.tsv");
    add << "term\tlang\tcategory\tseverity\tnotes\nflurbotch\ten\tinsult\t3\ttest word\n";
  }
  EXPECT_FALSE(HasSpan(key, "what a flurbotch"));
  r = Post(admin, "/api/v1/admin/shield/reload", "{}");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_GT(Json(r)["generation"].get<int64_t>(), generation);
  EXPECT_TRUE(HasSpan(key, "what a flurbotch"));

  // Only admins may reload.
  const int64_t coord = CreateUser("coord@example.org", accounts::Role::kCoordinator, std::nullopt, "");
  ExpectError(Post(Login("coord@example.org"), "/api/v1/admin/shield/reload", "{}"), 403,
              "permission_denied");
  (void)coord;
}

TEST_F(ShieldRoutesTest, CommunityTermsAreProposedApprovedAndRolledBack) {
  const int64_t org = CreateOrg("Sri Lanka Working Journalists", "LK");
  CreateUser("focal@example.org", accounts::Role::kFocalPerson, org, "LK");
  CreateUser("coord@example.org", accounts::Role::kCoordinator, std::nullopt, "");
  CreateUser("member@example.org", accounts::Role::kMember, org, "LK");
  const int64_t other_org = CreateOrg("Nepal union", "NP");
  CreateUser("np-focal@example.org", accounts::Role::kFocalPerson, other_org, "NP");
  SignedIn focal = Login("focal@example.org");
  SignedIn coord = Login("coord@example.org");
  const std::string key = ApiKeyFor(admin_id_);

  EXPECT_FALSE(Flagged(key, "oya blorvath ekek"));
  auto r = Post(focal, "/api/v1/lexicon/terms",
                R"({"term":"blorvath","lang":"si-Latn","categories":"gendered","severity":3,"notes":"test"})");
  ASSERT_EQ(r->status, 201) << r->body;
  const int64_t t1 = Json(r)["id"];
  EXPECT_EQ(Json(r)["status"], "pending");
  EXPECT_EQ(Json(r)["country"], "LK");
  // Pending terms do not flag anything yet.
  EXPECT_FALSE(Flagged(key, "oya blorvath ekek"));

  // Checks on proposals.
  ExpectError(Post(focal, "/api/v1/lexicon/terms", R"({"term":"blorvath","lang":"si-Latn"})"), 409,
              "already_exists");
  ExpectError(Post(focal, "/api/v1/lexicon/terms", R"({"term":"x y","lang":"sinhala"})"), 400,
              "invalid_argument");
  ExpectError(Post(focal, "/api/v1/lexicon/terms", R"({"term":"zz","lang":"si","categories":"rude"})"), 400,
              "invalid_argument");
  ExpectError(Post(focal, "/api/v1/lexicon/terms", R"({"term":"zz","lang":"ne","country":"NP"})"), 403,
              "permission_denied");
  ExpectError(Post(Login("member@example.org"), "/api/v1/lexicon/terms", R"({"term":"zz","lang":"si"})"), 403,
              "permission_denied");
  // A focal person cannot decide, and another country's focal person does not see it.
  ExpectError(Post(focal, "/api/v1/lexicon/terms/" + std::to_string(t1) + "/approve", "{}"), 403,
              "permission_denied");
  SignedIn np = Login("np-focal@example.org");
  ExpectError(Get(np, "/api/v1/lexicon/terms/" + std::to_string(t1)), 404, "not_found");
  EXPECT_TRUE(Json(Get(np, "/api/v1/lexicon/terms"))["terms"].empty());
  EXPECT_EQ(Json(Get(focal, "/api/v1/lexicon/terms?status=pending"))["terms"].size(), 1u);

  // The coordinator approves: the running Shield flags it at once.
  r = Post(coord, "/api/v1/lexicon/terms/" + std::to_string(t1) + "/approve", "{}");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Json(r)["term"]["status"], "approved");
  EXPECT_EQ(Json(r)["shield"]["community_version"], 1);
  EXPECT_TRUE(Flagged(key, "oya blorvath ekek"));
  ExpectError(Post(coord, "/api/v1/lexicon/terms/" + std::to_string(t1) + "/approve", "{}"), 409,
              "failed_precondition");

  // A second term (version 2), then a rollback to version 1.
  r = Post(focal, "/api/v1/lexicon/terms", R"({"term":"skrondel","lang":"si-Latn","severity":3})");
  ASSERT_EQ(r->status, 201) << r->body;
  const int64_t t2 = Json(r)["id"];
  ASSERT_EQ(Post(coord, "/api/v1/lexicon/terms/" + std::to_string(t2) + "/approve", "{}")->status, 200);
  EXPECT_TRUE(Flagged(key, "skrondel"));
  r = Post(coord, "/api/v1/lexicon/versions/1/rollback", "{}");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Json(r)["version"]["version"], 3);
  EXPECT_EQ(Json(r)["version"]["active_term_ids"], json::array({t1}));
  EXPECT_FALSE(Flagged(key, "skrondel"));
  EXPECT_TRUE(Flagged(key, "oya blorvath ekek"));
  EXPECT_EQ(Json(Get(coord, "/api/v1/lexicon/terms/" + std::to_string(t2)))["status"], "retired");
  // Rolling forward again restores it: history is never rewritten.
  ASSERT_EQ(Post(coord, "/api/v1/lexicon/versions/2/rollback", "{}")->status, 200);
  EXPECT_TRUE(Flagged(key, "skrondel"));
  json versions = Json(Get(focal, "/api/v1/lexicon/versions"))["versions"];
  ASSERT_EQ(versions.size(), 4u);
  EXPECT_EQ(versions[0]["action"], "rollback");
  EXPECT_EQ(versions[0]["rolled_back_to"], 2);
  ExpectError(Post(coord, "/api/v1/lexicon/versions/99/rollback", "{}"), 404, "not_found");

  // Retire, and reject a pending one with a reason.
  r = Post(coord, "/api/v1/lexicon/terms/" + std::to_string(t2) + "/retire", R"({"reason":"too broad"})");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_FALSE(Flagged(key, "skrondel"));
  r = Post(focal, "/api/v1/lexicon/terms", R"({"term":"plimbus","lang":"si-Latn"})");
  const int64_t t3 = Json(r)["id"];
  r = Post(coord, "/api/v1/lexicon/terms/" + std::to_string(t3) + "/reject", R"({"reason":"not abusive"})");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Json(r)["term"]["status"], "rejected");
  EXPECT_EQ(Json(r)["term"]["reason"], "not abusive");

  // Every change is in the audit log.
  auto events = store_->ListAudit({});
  ASSERT_TRUE(events.ok());
  std::set<std::string> actions;
  for (const auto& e : *events) actions.insert(e.action);
  for (const char* a : {"lexicon.proposed", "lexicon.approve", "lexicon.rollback", "lexicon.retire",
                        "lexicon.rejected"}) {
    EXPECT_TRUE(actions.count(a)) << a;
  }

  // A second server on the same database picks the change up.
  shield::ShieldOptions so;
  so.model_path = BB_SOURCE_DIR "/data/models/shield.bbm";
  so.lexicon_dir = BB_SOURCE_DIR "/data/lexicons";
  auto other = shield::Shield::Open(so, store_.get(), accounts_.get());
  ASSERT_TRUE(other.ok());
  EXPECT_EQ((*other)->info().community_version, shield_->info().community_version);
  ASSERT_EQ(Post(coord, "/api/v1/lexicon/versions/2/rollback", "{}")->status, 200);
  auto changed = (*other)->RefreshIfChanged();
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(*changed);
  EXPECT_EQ((*other)->info().community_version, shield_->info().community_version);
  changed = (*other)->RefreshIfChanged();
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(*changed);
}

}  // namespace
}  // namespace byteback::server::testing
