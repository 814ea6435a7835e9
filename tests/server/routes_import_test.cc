// Exports over HTTP: read and scored, a triage report, filed into an
// incident with the export kept as evidence; ZIPs opened safely; broken
// files keep what was read before the break.
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/server_test_util.h"

namespace byteback::server::testing {
namespace {

using nlohmann::json;

std::string Sample(const std::string& name) {
  std::ifstream in(std::string(BB_SOURCE_DIR) + "/tests/imports/data/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A ZIP of (name, bytes) pairs, built with libzip in memory.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& files) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  zip_source_keep(src);
  for (const auto& [name, bytes] : files) {
    zip_source_t* s = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
  }
  zip_close(z);
  zip_source_open(src);
  zip_source_seek(src, 0, SEEK_END);
  zip_int64_t n = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(static_cast<size_t>(n), '\0');
  zip_source_read(src, out.data(), static_cast<zip_uint64_t>(n));
  zip_source_close(src);
  zip_source_free(src);
  return out;
}

class ImportRoutesTest : public ServerTest {
 protected:
  bool WithShield() const override { return true; }
  httplib::Result Upload(const std::string& path, const std::string& bytes,
                         const std::string& type = "application/octet-stream") {
    httplib::Headers h = {{"X-API-Key", key_}};
    return Client().Post(path, h, bytes, type.c_str());
  }
  void SetUp() override {
    ServerTest::SetUp();
    key_ = ApiKeyFor(admin_id_);
  }
  std::string key_;
};

TEST_F(ImportRoutesTest, WhatsAppExportIsReadAndScored) {
  auto r = Upload("/api/v1/import?name=WhatsApp%20Chat.txt&date_order=mdy",
                  Sample("whatsapp_android_12h.txt"), "text/plain");
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Json(r);
  EXPECT_TRUE(j["stats"]["complete"].get<bool>());
  ASSERT_GE(j["messages"].size(), 2u);
  const json& first = j["messages"][0];
  EXPECT_EQ(first["platform"], "whatsapp");
  EXPECT_EQ(first["author"], "Troll King");
  EXPECT_EQ(first["time"], "2020-12-31T22:16:00Z");
  EXPECT_TRUE(first.contains("scores"));
  EXPECT_FALSE(j["model_version"].get<std::string>().empty());
}

TEST_F(ImportRoutesTest, TriageReportIsSelfContainedHtml) {
  auto r = Upload("/api/v1/triage?name=tweets.js", Sample("tweets.js"), "application/javascript");
  ASSERT_EQ(r->status, 200) << r->body.substr(0, 300);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_EQ(r->body.find("<script src"), std::string::npos);
  EXPECT_EQ(r->body.find("http://"), std::string::npos);
  r = Upload("/api/v1/triage?name=tweets.js&as=csv", Sample("tweets.js"));
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/csv"), std::string::npos);
}

TEST_F(ImportRoutesTest, BrokenFilesKeepWhatWasReadAndNameThePlace) {
  auto r = Upload("/api/v1/import?name=truncated.jsonl", Sample("broken/truncated.jsonl"));
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Json(r);
  EXPECT_FALSE(j["stats"]["complete"].get<bool>());
  ASSERT_EQ(j["stats"]["errors"].size(), 1u);
  EXPECT_NE(j["stats"]["errors"][0].get<std::string>().find("truncated.jsonl"), std::string::npos) << j["stats"];
  EXPECT_GE(j["messages"].size(), 1u);  // the lines before the break
  r = Upload("/api/v1/import?name=chat.txt&format=whatsapp", Sample("broken/whatsapp_utf16.txt"));
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_NE(Json(r)["stats"]["errors"][0].get<std::string>().find("UTF-8"), std::string::npos) << r->body;
  r = Upload("/api/v1/import?name=photo.bin", std::string("\x89PNG\r\n\x1a\n....", 12));
  ExpectError(r, 404, "not_found");
  EXPECT_NE(Json(r)["error"]["message"].get<std::string>().find("?format="), std::string::npos);
  ExpectError(Upload("/api/v1/import?name=a.txt&format=fax", "x"), 400, "invalid_argument");
}

TEST_F(ImportRoutesTest, ArchivesAreOpenedSafely) {
  // An X archive as downloaded: data/tweets.js among other files.
  std::string zip = MakeZip({{"data/tweets.js", Sample("tweets.js")}, {"data/manifest.js", "window.__THAR = {}"},
                             {"Your archive.html", "<html></html>"}});
  auto r = Upload("/api/v1/import?name=twitter-archive.zip", zip, "application/zip");
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Json(r);
  EXPECT_GE(j["messages"].size(), 1u);
  EXPECT_EQ(j["stats"]["files"], json::array({"twitter-archive.zip/data/tweets.js"}));
  // A path that climbs out of the archive: refused, nothing read.
  zip = MakeZip({{"../../etc/passwd", "root:x:0:0"}, {"data/tweets.js", Sample("tweets.js")}});
  r = Upload("/api/v1/import?name=evil.zip", zip, "application/zip");
  ExpectError(r, 400, "invalid_argument");
  EXPECT_NE(Json(r)["error"]["message"].get<std::string>().find("etc/passwd"), std::string::npos) << r->body;
  // A ZIP bomb: 30 MB of zeros that deflate to almost nothing.
  zip = MakeZip({{"chat.txt", std::string(30 << 20, '\0')}});
  ASSERT_LT(zip.size(), 1u << 20);
  r = Upload("/api/v1/import?name=bomb.zip", zip, "application/zip");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->status == 400 || r->status == 429) << r->status << " " << r->body.substr(0, 200);
}

TEST_F(ImportRoutesTest, ExportFiledIntoAnIncidentWithTheFileAsEvidence) {
  SignedIn admin = Login("admin@example.org");
  auto r = Post(admin, "/api/v1/incidents", R"({"title":"Pile-on in the group chat","category":"pile_on"})");
  ASSERT_EQ(r->status, 201);
  const std::string id = std::to_string(Json(r)["incident"]["id"].get<int64_t>());
  const std::string chat = Sample("whatsapp_iphone_24h.txt");
  r = Upload("/api/v1/incidents/" + id + "/import?name=chat.txt", chat, "text/plain");
  ASSERT_EQ(r->status, 201) << r->body;
  json j = Json(r);
  EXPECT_EQ(j["evidence_seq"], 1);
  EXPECT_GE(j["added"].get<int>(), 2);
  json msgs = Json(Get(admin, "/api/v1/incidents/" + id + "/messages"))["messages"];
  ASSERT_EQ(msgs.size(), j["added"].get<size_t>());
  EXPECT_EQ(msgs[0]["source"], "import:1");
  EXPECT_EQ(msgs[0]["platform"], "whatsapp");
  EXPECT_GT(msgs[0]["sent_at"].get<int64_t>(), 0);
  // The export is item 1 of the chain, byte for byte; each message follows.
  r = Get(admin, "/api/v1/incidents/" + id + "/evidence/1");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->body, chat);
  json items = Json(Get(admin, "/api/v1/incidents/" + id + "/evidence"))["items"];
  EXPECT_EQ(items.size(), msgs.size() + 1);
  // Someone who may not see the incident cannot import into it.
  const int64_t org = CreateOrg("Other union", "NP");
  const int64_t member = CreateUser("np@example.org", accounts::Role::kMember, org, "NP");
  httplib::Headers h = {{"X-API-Key", ApiKeyFor(member)}};
  r = Client().Post("/api/v1/incidents/" + id + "/import?name=chat.txt", h, chat, "text/plain");
  EXPECT_EQ(r->status, 403);
}

}  // namespace
}  // namespace byteback::server::testing
