// The evidence log over HTTP: a screenshot becomes scored text and stays as
// captured; the pack verifies offline; outsiders get 401/403/404; each view
// of evidence is audited; bad uploads change nothing.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "evidence/evidence.h"
#include "ocr/screenshot.h"
#include "server/server_test_util.h"

namespace byteback::server::testing {
namespace {

using nlohmann::json;

class EvidenceRoutesTest : public ServerTest {
 protected:
  bool WithShield() const override { return true; }
  bool WithOcr() const override { return true; }
  void SetUp() override {
    ServerTest::SetUp();
    pk_ = CreateOrg("Pakistan union", "PK");
    in_ = CreateOrg("India union", "IN");
    CreateUser("anchor@example.org", accounts::Role::kJournalist, pk_, "PK");
    CreateUser("in-focal@example.org", accounts::Role::kFocalPerson, in_, "IN");
    CreateUser("in-member@example.org", accounts::Role::kMember, in_, "IN");
    CreateUser("pk-focal@example.org", accounts::Role::kFocalPerson, pk_, "PK");
    owner_ = Login("anchor@example.org");
    auto r = Post(owner_, "/api/v1/incidents", R"({"title":"Threats after the show","category":"threats"})");
    EXPECT_EQ(r->status, 201) << r->body;
    id_ = std::to_string(Json(r)["incident"]["id"].get<int64_t>());
  }
  httplib::Result Upload(const SignedIn& who, const std::string& name, const std::string& type,
                         const std::string& bytes) {
    httplib::Headers h = {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}};
    return Client().Post("/api/v1/incidents/" + id_ + "/evidence?name=" + name, h, bytes, type.c_str());
  }
  int64_t pk_ = 0, in_ = 0;
  SignedIn owner_;
  std::string id_;
};

TEST_F(EvidenceRoutesTest, ScreenshotBecomesScoredTextAndStaysAsCaptured) {
  const std::string png = ocr::RenderScreenshot(
      {{"तुम रंडी हो, जान से मार देंगे", "Noto Sans Devanagari 24"},
       {"shut up you stupid bitch, I will kill you", "Noto Sans 22"}});
  auto r = Upload(owner_, "shot1.png", "image/png", png);
  ASSERT_EQ(r->status, 201) << r->body;
  json j = Json(r);
  EXPECT_EQ(j["entry"]["seq"], 1);
  EXPECT_EQ(j["entry"]["kind"], "screenshot");
  EXPECT_EQ(j["entry"]["mime"], "image/png");
  EXPECT_EQ(j["entry"]["sha256"], crypto::Sha256Hex(png));
  EXPECT_NE(j["ocr"]["text"].get<std::string>().find("kill"), std::string::npos) << j["ocr"];
  EXPECT_NE(j["ocr"]["labels"].get<std::string>().find("abusive"), std::string::npos) << j["ocr"];
  // The text is a message of the incident, from OCR, pointing at the image.
  json msgs = Json(Get(owner_, "/api/v1/incidents/" + id_ + "/messages"))["messages"];
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0]["source"], "ocr");
  EXPECT_EQ(msgs[0]["url"], "evidence:1");
  // The original comes back byte for byte, as a download.
  r = Get(owner_, "/api/v1/incidents/" + id_ + "/evidence/1");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->body, png);
  EXPECT_NE(r->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  // The log: the image, then the message made from it, with a signed head.
  j = Json(Get(owner_, "/api/v1/incidents/" + id_ + "/evidence"));
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][1]["kind"], "message");
  EXPECT_EQ(j["items"][1]["prev_hash"], j["items"][0]["hash"]);
  EXPECT_EQ(j["signed_head"]["head"], j["items"][1]["hash"]);
  EXPECT_EQ(j["signed_head"]["public_key"], signer_->public_key_hex());
}

TEST_F(EvidenceRoutesTest, ComplaintPackVerifiesOfflineWithTheServersKey) {
  ASSERT_EQ(Post(owner_, "/api/v1/incidents/" + id_ + "/messages",
                 R"({"messages":[{"text":"tu randi hai","author_handle":"@troll1","platform":"x",
                     "url":"https://x.com/troll1/status/1","sent_at":1800000000},
                    {"text":"تم گشتی ہو","author_handle":"@troll2","platform":"x","sent_at":1800003600}]})")
                ->status,
            201);
  ASSERT_EQ(Upload(owner_, "chat.txt", "text/plain", "12/03/2026, 22:14 - troll: you will regret it\n")->status, 201);
  json fields = json::array();
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"full_name", "Journalist A"}, {"father_or_husband_name", "-"}, {"cnic", "00000-0000000-0"},
           {"mobile", "+92 300 0000000"}, {"address", "Lahore"}, {"city", "Lahore"},
           {"complaint_category", "Cyber harassment"}, {"incident_details", "Threats after the show"}}) {
    fields.push_back({{"key", k}, {"value", v}});
  }
  auto r = Post(owner_, "/api/v1/incidents/" + id_ + "/pack",
                json({{"template", "pk-fia"}, {"fields", fields}}).dump());
  ASSERT_EQ(r->status, 200) << r->body.substr(0, 300);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/zip");
  const std::string path = dir_ + "/pack.zip";
  std::ofstream(path, std::ios::binary) << r->body;
  auto report = evidence::VerifyPack(path, signer_->public_key_hex());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok) << report->first_problem;
  auto archive = evidence::SafeArchive::Open(path);
  ASSERT_TRUE(archive.ok());
  EXPECT_NE(archive->Find("report.pdf"), nullptr);
  // A missing required field of the template is named.
  r = Post(owner_, "/api/v1/incidents/" + id_ + "/pack", R"({"template":"pk-fia"})");
  ExpectError(r, 400, "invalid_argument");
  EXPECT_NE(Json(r)["error"]["message"].get<std::string>().find("full_name"), std::string::npos) << r->body;
  ExpectError(Post(owner_, "/api/v1/incidents/" + id_ + "/pack", R"({"template":"../../etc/passwd"})"), 400,
              "invalid_argument");
}

TEST_F(EvidenceRoutesTest, CaseStudyNeedsAClosedIncidentAndHerConsent) {
  ASSERT_EQ(Post(owner_, "/api/v1/incidents/" + id_ + "/messages",
                 R"({"messages":[{"text":"you stupid bitch","author_handle":"@troll_account","platform":"x"}]})")
                ->status,
            201);
  const std::string path = "/api/v1/incidents/" + id_ + "/case-study";
  ExpectError(Post(owner_, path, R"({"consent":true})"), 409, "failed_precondition");
  ASSERT_EQ(Post(owner_, "/api/v1/incidents/" + id_ + "/status", R"({"status":"closed"})")->status, 200);
  ExpectError(Post(owner_, path, R"({"consent":false})"), 400, "invalid_argument");
  ExpectError(Post(Login("pk-focal@example.org"), path, R"({"consent":true})"), 403, "permission_denied");
  auto r = Post(owner_, path, R"({"consent":true})");
  ASSERT_EQ(r->status, 200) << r->body.substr(0, 200);
  EXPECT_EQ(r->body.rfind("%PDF", 0), 0u);
  // The handle is gone from the text of the PDF.
  const std::string pdf = dir_ + "/case.pdf";
  std::ofstream(pdf, std::ios::binary) << r->body;
  const std::string txt = dir_ + "/case.txt";
  ASSERT_EQ(std::system(("pdftotext " + pdf + " " + txt).c_str()), 0);
  std::stringstream ss;
  ss << std::ifstream(txt).rdbuf();
  EXPECT_EQ(ss.str().find("troll_account"), std::string::npos);
  EXPECT_NE(ss.str().find("Case study"), std::string::npos) << ss.str().substr(0, 300);
}

TEST_F(EvidenceRoutesTest, OutsidersGetNothingAndViewsAreAudited) {
  ASSERT_EQ(Upload(owner_, "a.txt", "text/plain", "evidence text")->status, 201);
  const std::string base = "/api/v1/incidents/" + id_;
  for (const char* email : {"in-focal@example.org", "in-member@example.org"}) {
    SignedIn who = Login(email);
    for (const std::string& path : {base + "/evidence", base + "/evidence/1"}) {
      auto r = Get(who, path);
      EXPECT_TRUE(r->status == 403 || r->status == 404) << email << " " << path << " " << r->status;
    }
    auto r = Post(who, base + "/pack", "{}");
    EXPECT_TRUE(r->status == 403 || r->status == 404) << r->status;
    EXPECT_TRUE(Upload(who, "x.txt", "text/plain", "x")->status == 403);
  }
  EXPECT_EQ(Client().Get(base + "/evidence/1")->status, 401);
  EXPECT_EQ(Client().Post(base + "/evidence?name=a.txt", "x", "text/plain")->status, 401);
  EXPECT_EQ(CountRows("incident_evidence"), 1);
  // Her focal person may look; each view is in the audit log.
  SignedIn pk_focal = Login("pk-focal@example.org");
  ASSERT_EQ(Get(pk_focal, base + "/evidence/1")->status, 200);
  ASSERT_EQ(Get(owner_, base + "/evidence/1")->status, 200);
  store::AuditQuery q;
  q.action = "evidence.viewed";
  auto events = store_->ListAudit(q);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 2u);
}

TEST_F(EvidenceRoutesTest, UploadsMayBeLargerThanJsonBodies) {
  StopServer();
  ServerOptions o;
  o.max_body_bytes = 1 << 20;
  o.max_upload_bytes = 4 << 20;
  StartServer(o);
  owner_ = Login("anchor@example.org");
  std::string big(2 << 20, 'a');
  auto r = Upload(owner_, "chat-log.txt", "text/plain", big);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body.substr(0, 200);
  // A form post is not a file upload.
  httplib::Headers h = {{"Cookie", owner_.cookie}, {"X-CSRF-Token", owner_.csrf}};
  r = Client().Post("/api/v1/incidents/" + id_ + "/evidence?name=a.txt", h, "--x\r\n\r\n--x--",
                    "multipart/form-data; boundary=x");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
}

TEST_F(EvidenceRoutesTest, BadUploadsAreRefusedAndChangeNothing) {
  // A PDF that claims to be a PNG.
  auto r = Upload(owner_, "shot.png", "image/png", "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n");
  ExpectError(r, 400, "invalid_argument");
  // Bigger than the upload limit: refused before the body is read.
  StopServer();
  ServerOptions o;
  o.max_upload_bytes = 1 << 20;
  StartServer(o);
  owner_ = Login("anchor@example.org");
  // (The headers alone: the server answers before any body byte is sent.)
  std::string answer = RawRequest(port_, "POST /api/v1/incidents/" + id_ + "/evidence?name=big.png HTTP/1.1\r\n"
                                         "Host: 127.0.0.1\r\nContent-Type: image/png\r\n"
                                         "Content-Length: 2097152\r\nConnection: close\r\n\r\n");
  EXPECT_NE(answer.find("HTTP/1.1 413"), std::string::npos) << answer.substr(0, 200);
  answer = RawRequest(port_, "POST /api/v1/incidents/" + id_ + "/evidence?name=huge.mp4 HTTP/1.1\r\n"
                            "Host: 127.0.0.1\r\nContent-Type: video/mp4\r\n"
                            "Content-Length: 2147483648\r\nConnection: close\r\n\r\n");
  EXPECT_NE(answer.find("HTTP/1.1 413"), std::string::npos) << answer.substr(0, 200);
  r = Upload(owner_, "empty.txt", "text/plain", "");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(CountRows("incident_evidence"), 0);
  EXPECT_EQ(CountRows("incident_evidence_blobs"), 0);
  // Uploads are only for upload routes: other routes still want JSON.
  httplib::Headers h = {{"Cookie", owner_.cookie}, {"X-CSRF-Token", owner_.csrf}};
  EXPECT_EQ(Client().Post("/api/v1/incidents", h, "title=x", "application/x-www-form-urlencoded")->status, 415);
}

}  // namespace
}  // namespace byteback::server::testing
