// The Perspective-compatible endpoint: requests as Perspective's docs and
// clients send them, Google's error shapes, API keys, doNotStore, UTF-16
// spans. A real client library drives it in serve_shield_test.py.
#include <soci/soci.h>

#include "server/server_test_util.h"

namespace byteback::server::testing {
namespace {

using nlohmann::json;

class PerspectiveTest : public ServerTest {
 protected:
  bool WithShield() const override { return true; }
  void SetUp() override {
    ServerTest::SetUp();
    key_ = ApiKeyFor(admin_id_);
  }
  httplib::Result Analyze(const std::string& body, const std::string& key_param = "") {
    std::string path = "/v1alpha1/comments:analyze?key=" + (key_param.empty() ? key_ : key_param);
    return Client().Post(path, body, "application/json");
  }
  // Google's error shape with `errorType`.
  void ExpectGoogleError(const httplib::Result& r, int http, const std::string& status,
                         const std::string& message_part, const std::string& error_type = "") {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, http) << r->body;
    json j = Json(r);
    ASSERT_TRUE(j.contains("error")) << r->body;
    EXPECT_EQ(j["error"]["code"], http);
    EXPECT_EQ(j["error"]["status"], status);
    EXPECT_NE(j["error"]["message"].get<std::string>().find(message_part), std::string::npos)
        << j["error"]["message"];
    if (!error_type.empty()) {
      EXPECT_EQ(j["error"]["details"][0]["errorType"], error_type) << r->body;
    }
  }
  std::string key_;
};

// UTF-16 code units of a UTF-8 string, counted from the lead bytes (an
// implementation independent of the server's).
size_t Units16(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

TEST_F(PerspectiveTest, TypicalClientRequestGetsPerspectiveShapedResponse) {
  // The multi-attribute request common clients (Harassment Manager) send.
  auto r = Analyze(R"({"comment":{"text":"What kind of idiot name is foo? Sorry, I like your name."},
    "languages":["en"],
    "requestedAttributes":{"TOXICITY":{},"SEVERE_TOXICITY":{},"IDENTITY_ATTACK":{},
                           "INSULT":{},"PROFANITY":{},"THREAT":{}},
    "spanAnnotations":true,"doNotStore":true})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Json(r);
  for (const char* a : {"TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT"}) {
    ASSERT_TRUE(j["attributeScores"].contains(a)) << a << " " << r->body;
    const json& s = j["attributeScores"][a];
    EXPECT_EQ(s["summaryScore"]["type"], "PROBABILITY");
    double v = s["summaryScore"]["value"].get<double>();
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 1.0);
    // Two sentences: [0,31) and [32,56).
    ASSERT_EQ(s["spanScores"].size(), 2u) << a;
    EXPECT_EQ(s["spanScores"][0]["begin"], 0);
    EXPECT_EQ(s["spanScores"][0]["end"], 31);
    EXPECT_EQ(s["spanScores"][1]["begin"], 32);
    EXPECT_EQ(s["spanScores"][1]["end"], 56);
    EXPECT_EQ(s["spanScores"][0]["score"]["type"], "PROBABILITY");
  }
  // The sentence with "idiot" scores above the apology.
  const json& tox = j["attributeScores"]["TOXICITY"]["spanScores"];
  EXPECT_GT(tox[0]["score"]["value"].get<double>(), tox[1]["score"]["value"].get<double>());
  EXPECT_EQ(j["languages"], json::array({"en"}));
  EXPECT_EQ(j["detectedLanguages"], json::array({"en"}));
  EXPECT_FALSE(j.contains("clientToken"));
}

TEST_F(PerspectiveTest, OfficialDocExampleNamesTheAttributeWeDoNotModel) {
  // The request of Perspective's own documentation asks for UNSUBSTANTIAL, a
  // New York Times model; Perspective's error for an unknown attribute.
  auto r = Analyze(R"({"comment":{"text":"What kind of idiot name is foo? Sorry, I like your name."},
    "languages":["en"], "requestedAttributes":{"TOXICITY":{},"UNSUBSTANTIAL":{}}})");
  ExpectGoogleError(r, 400, "INVALID_ARGUMENT", "Unknown requested attribute: UNSUBSTANTIAL",
                    "INVALID_REQUEST");
  // Without it, the same request is answered, with the summary only.
  r = Analyze(R"({"comment":{"text":"What kind of idiot name is foo? Sorry, I like your name."},
    "languages":["en"], "requestedAttributes":{"TOXICITY":{}}})");
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Json(r);
  EXPECT_TRUE(j["attributeScores"]["TOXICITY"].contains("summaryScore"));
  EXPECT_FALSE(j["attributeScores"]["TOXICITY"].contains("spanScores"));
}

TEST_F(PerspectiveTest, SnakeCaseSpellingsWork) {
  auto r = Analyze(R"({"comment":{"text":"you stupid bitch"},
    "requested_attributes":{"TOXICITY":{"score_type":"PROBABILITY","score_threshold":0.0}},
    "span_annotations":true,"do_not_store":true,"client_token":"c-42","session_id":"s","community_id":"/f"})");
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Json(r);
  EXPECT_EQ(j["clientToken"], "c-42");
  EXPECT_GT(j["attributeScores"]["TOXICITY"]["summaryScore"]["value"].get<double>(), 0.5);
  EXPECT_EQ(j["attributeScores"]["TOXICITY"]["spanScores"].size(), 1u);
  // Both spellings of one field is ambiguous.
  r = Analyze(R"({"comment":{"text":"hi"},"requestedAttributes":{"TOXICITY":{}},
    "requested_attributes":{"TOXICITY":{}}})");
  ExpectGoogleError(r, 400, "INVALID_ARGUMENT", "Both");
}

TEST_F(PerspectiveTest, HinglishAbuseIsCaught) {
  auto r = Analyze(R"({"comment":{"text":"tu randi hai, chup kar"},
    "requestedAttributes":{"TOXICITY":{},"GENDERED_ABUSE":{},"SEXUALLY_EXPLICIT":{},"INSULT":{}}})");
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Json(r);
  EXPECT_GT(j["attributeScores"]["TOXICITY"]["summaryScore"]["value"].get<double>(), 0.8) << r->body;
  EXPECT_GT(j["attributeScores"]["GENDERED_ABUSE"]["summaryScore"]["value"].get<double>(), 0.5) << r->body;
  // No languages requested: the detected one is reported in both lists.
  EXPECT_EQ(j["languages"], json::array({"hi-Latn"}));
  EXPECT_EQ(j["detectedLanguages"], json::array({"hi-Latn"}));
}

TEST_F(PerspectiveTest, SpanOffsetsAreUtf16CodeUnits) {
  // Devanagari (3 bytes, 1 unit per letter) and an emoji (4 bytes, 2 units).
  const std::string first = "नमस्ते 😀 दोस्त।";
  const std::string second = "तू रंडी है";
  const std::string text = first + " " + second;
  json req = {{"comment", {{"text", text}}},
              {"requestedAttributes", {{"TOXICITY", json::object()}}},
              {"spanAnnotations", true}};
  auto r = Analyze(req.dump());
  ASSERT_EQ(r->status, 200) << r->body;
  json spans = Json(r)["attributeScores"]["TOXICITY"]["spanScores"];
  ASSERT_EQ(spans.size(), 2u) << r->body;
  EXPECT_EQ(spans[0]["begin"], 0);
  EXPECT_EQ(spans[0]["end"], Units16(first));
  EXPECT_EQ(spans[1]["begin"], Units16(first) + 1);
  EXPECT_EQ(spans[1]["end"], Units16(text));
  EXPECT_NE(Units16(text), text.size());  // the test means something
  // The abusive sentence is the second one.
  EXPECT_GT(spans[1]["score"]["value"].get<double>(), 0.7);
  EXPECT_LT(spans[0]["score"]["value"].get<double>(), spans[1]["score"]["value"].get<double>());
}

TEST_F(PerspectiveTest, ScoreThresholdOmitsLowScores) {
  auto r = Analyze(R"({"comment":{"text":"Thank you for the careful reporting today."},
    "languages":["en"], "requestedAttributes":{"TOXICITY":{"scoreThreshold":0.5},"INSULT":{}}})");
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Json(r);
  EXPECT_FALSE(j["attributeScores"].contains("TOXICITY")) << r->body;
  EXPECT_TRUE(j["attributeScores"].contains("INSULT"));
}

TEST_F(PerspectiveTest, PerspectiveErrorsHavePerspectiveShapes) {
  ExpectGoogleError(Analyze(R"({"comment":{"text":""},"requestedAttributes":{"TOXICITY":{}}})"), 400,
                    "INVALID_ARGUMENT", "Comment must be non-empty.", "COMMENT_EMPTY");
  json big = {{"comment", {{"text", std::string(20 * 1024 + 1, 'a')}}},
              {"requestedAttributes", {{"TOXICITY", json::object()}}}};
  ExpectGoogleError(Analyze(big.dump()), 400, "INVALID_ARGUMENT", "Comment text too long.",
                    "COMMENT_TOO_LONG");
  ExpectGoogleError(Analyze(R"({"comment":{"text":"hello"}})"), 400, "INVALID_ARGUMENT",
                    "Missing requested_attributes", "NO_REQUESTED_ATTRIBUTES");
  ExpectGoogleError(Analyze(R"({"comment":{"text":"hello","type":"HTML"},"requestedAttributes":{"TOXICITY":{}}})"),
                    400, "INVALID_ARGUMENT", "only 'PLAIN_TEXT'");
  ExpectGoogleError(
      Analyze(R"({"comment":{"text":"hello"},"requestedAttributes":{"TOXICITY":{"scoreType":"RAW"}}})"), 400,
      "INVALID_ARGUMENT", "Requested score type RAW is not supported by attribute TOXICITY");
  ExpectGoogleError(
      Analyze(R"({"comment":{"text":"bonjour"},"languages":["fr"],"requestedAttributes":{"TOXICITY":{}}})"), 400,
      "INVALID_ARGUMENT", "Attribute TOXICITY does not support request languages: fr",
      "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE");
  ExpectGoogleError(Analyze(R"({"comment":{"text":"hello"},"requestedAttributes":{"TOXICITY":{}},"colour":1})"),
                    400, "INVALID_ARGUMENT", "Unknown name \"colour\"");
  ExpectGoogleError(Analyze(R"({"comment":{"text":"a"},"requestedAttributes":{"TOXICITY":{}},
      "context":{"entries":[{"text":"x"}],"articleAndParentComment":{"article":{"text":"y"}}}})"),
                    400, "INVALID_ARGUMENT", "either entries or article_and_parent_comment");
  ExpectGoogleError(Analyze("{not json"), 400, "INVALID_ARGUMENT", "malformed JSON");
  ExpectGoogleError(Analyze(R"({"comment":{"text":"12345 !!!"},"requestedAttributes":{"TOXICITY":{}}})"), 400,
                    "INVALID_ARGUMENT", "Unable to detect language", "LANGUAGE_DETECTION_FAILED");
}

TEST_F(PerspectiveTest, ApiKeyIsRequiredAndCheckedLikeGoogle) {
  const std::string body = R"({"comment":{"text":"hello"},"requestedAttributes":{"TOXICITY":{}}})";
  auto r = Client().Post("/v1alpha1/comments:analyze", body, "application/json");
  ExpectGoogleError(r, 403, "PERMISSION_DENIED", "missing a valid API key");
  r = Analyze(body, "bbk_not_a_real_key");
  ExpectGoogleError(r, 400, "INVALID_ARGUMENT", "API key not valid");
  // The key in a header works too.
  httplib::Headers h = {{"X-API-Key", key_}};
  r = Client().Post("/v1alpha1/comments:analyze", h, body, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  // A revoked key stops working.
  auto p = accounts_->PrincipalForUser(admin_id_);
  ASSERT_TRUE(p.ok());
  auto keys = accounts_->ListApiKeys(*p);
  ASSERT_TRUE(keys.ok());
  for (const auto& k : *keys) ASSERT_TRUE(accounts_->RevokeApiKey(*p, k.id).ok());
  ExpectGoogleError(Analyze(body), 400, "INVALID_ARGUMENT", "API key not valid");
}

TEST_F(PerspectiveTest, NothingIsStored) {
  std::vector<std::string> tables;
  {
    auto session = store_->Acquire();
    std::string name;
    soci::statement st = (session.sql().prepare << "SELECT name FROM sqlite_master WHERE type = 'table'",
                          soci::into(name));
    st.execute();
    while (st.fetch()) tables.push_back(name);
  }
  ASSERT_GT(tables.size(), 5u);
  // Warm up once so the key's last-used time is already set.
  ASSERT_EQ(Analyze(R"({"comment":{"text":"warm up"},"requestedAttributes":{"TOXICITY":{}}})")->status, 200);
  std::map<std::string, int64_t> before;
  for (const auto& t : tables) before[t] = CountRows(t);
  const std::string marker = "zqxjv marker comment you stupid idiot";
  for (const char* dns : {"true", "false"}) {
    auto r = Analyze(std::string(R"({"comment":{"text":")") + marker +
                     R"("},"requestedAttributes":{"TOXICITY":{}},"doNotStore":)" + dns + "}");
    ASSERT_EQ(r->status, 200) << r->body;
  }
  for (const auto& t : tables) EXPECT_EQ(CountRows(t), before[t]) << t;
  EXPECT_EQ(DatabaseBytes().find("zqxjv"), std::string::npos);
}

}  // namespace
}  // namespace byteback::server::testing
