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

TEST(ModelTest, BuildRejectsMismatchedWeights) {
  Model m = SmallModel();
  m.weights.pop_back();
  EXPECT_EQ(Detector::Build({}, Lexicon{}, m).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace byteback::detect
