#include <gtest/gtest.h>

#include "detect/detect.h"

namespace byteback::detect {
namespace {

Model SmallModel() {
  Model m;
  m.version = "test-1";
  m.bucket_bits = 10;
  m.weights.assign((size_t{1} << 10) * kLabelCount, 0);
  for (size_t i = 0; i < m.weights.size(); ++i) m.weights[i] = static_cast<int8_t>(i % 7) - 3;
  m.bias = {-1, -2, -3, -4, -5};
  m.scale = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
  m.threshold = {0.3f, 0.4f, 0.5f, 0.6f, 0.7f};
  return m;
}

TEST(ModelTest, RoundTrips) {
  Model m = SmallModel();
  Result<Model> back = Model::Parse(m.Serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->version, "test-1");
  EXPECT_EQ(back->weights, m.weights);
  EXPECT_EQ(back->threshold, m.threshold);
  EXPECT_EQ(back->Serialize(), m.Serialize());
}

TEST(ModelTest, RejectsForeignNewerTruncatedAndTamperedFiles) {
  std::string bytes = SmallModel().Serialize();
  EXPECT_EQ(Model::Parse("GIF89a and more bytes").status().code(), StatusCode::kInvalidArgument);
  std::string newer = bytes;
  newer[8] = 2;  // format version 2
  Status s = Model::Parse(newer).status();
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("model format 2"), std::string::npos) << s.message();
  EXPECT_EQ(Model::Parse(bytes.substr(0, bytes.size() - 1)).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(Model::Parse(bytes.substr(0, 20)).status().code(), StatusCode::kCorruption);
  std::string tampered = bytes;
  tampered.back() ^= 0x10;
  EXPECT_EQ(Model::Parse(tampered).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(Model::Load("/nonexistent/model.bbm").status().code(), StatusCode::kNotFound);
}

TEST(ModelTest, GroupThresholdsRoundTripAndAreOptional) {
  Model m = SmallModel();
  EXPECT_EQ(m.ThresholdsFor(LangGroup("en")), m.threshold);  // no groups: one threshold per label
  EXPECT_EQ(Model::Parse(m.Serialize())->has_group_thresholds, false);
  m.has_group_thresholds = true;
  for (size_t g = 0; g < kLangGroupCount; ++g)
    for (size_t l = 0; l < kLabelCount; ++l) m.group_threshold[g][l] = 0.25f + 0.05f * float(g) + 0.01f * float(l);
  Result<Model> back = Model::Parse(m.Serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(back->has_group_thresholds);
  EXPECT_EQ(back->group_threshold, m.group_threshold);
  EXPECT_EQ(back->ThresholdsFor(LangGroup("ur-Latn")), m.group_threshold[1]);
  // A header whose groups lack a language group is corrupt, not silently half-read.
  std::string bytes = m.Serialize();
  size_t at = bytes.find("\"native\"");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 8, "\"nativX\"");
  Status s = Model::Parse(bytes).status();
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find("native"), std::string::npos) << s.message();
}

TEST(ModelTest, LanguageGroups) {
  EXPECT_EQ(LangGroupName(LangGroup("en")), "en");
  for (const char* l : {"hi-Latn", "ur-Latn", "bn-Latn", "ta-Latn", "ne-Latn", "si-Latn"})
    EXPECT_EQ(LangGroupName(LangGroup(l)), "latn") << l;
  for (const char* l : {"hi", "ur", "bn", "ta", "ne", "si"}) EXPECT_EQ(LangGroupName(LangGroup(l)), "native") << l;
  for (const char* l : {"und", "tl", ""}) EXPECT_EQ(LangGroupName(LangGroup(l)), "other") << l;
}

TEST(ModelTest, BuildRejectsMismatchedWeights) {
  Model m = SmallModel();
  m.weights.pop_back();
  EXPECT_EQ(Detector::Build({}, Lexicon{}, m).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace byteback::detect
