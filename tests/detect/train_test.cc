#include <gtest/gtest.h>

#include <cmath>

#include "detect/detect.h"

namespace byteback::detect {
namespace {

// A synthetic corpus: "bad" words make a message abusive, "she" + a bad word
// makes it gendered; other labels are unknown.
std::vector<Example> Synthetic(int n, uint64_t salt) {
  const char* good[] = {"news", "report", "today", "market", "rain", "match", "city", "school"};
  const char* bad[] = {"vermin", "scum", "filth", "trash"};
  std::vector<Example> out;
  uint64_t x = 12345 + salt;
  auto next = [&x] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL, x >> 33; };
  for (int i = 0; i < n; ++i) {
    Example e;
    bool abusive = next() % 2, gendered = abusive && next() % 2;
    e.text = std::string(good[next() % 8]) + " " + good[next() % 8];
    if (abusive) e.text += std::string(" ") + bad[next() % 4];
    if (gendered) e.text = "she is " + e.text;
    e.known = Bit(Label::kAbusive) | Bit(Label::kGendered);
    e.positive = (abusive ? Bit(Label::kAbusive) : 0) | (gendered ? Bit(Label::kGendered) : 0);
    e.source = salt % 2 ? "a" : "b";
    out.push_back(e);
  }
  return out;
}

// Options small enough for the synthetic corpus: 2^14 buckets, few epochs.
TrainOptions SmallOptions(int epochs = 2) {
  TrainOptions o;
  o.bucket_bits = 14;
  o.epochs = epochs;
  return o;
}

TEST(TrainTest, LearnsAndIsDeterministic) {
  TrainOptions o = SmallOptions(3);
  auto train = Synthetic(2000, 0), dev = Synthetic(400, 1);
  Result<Model> a = Train(train, dev, Lexicon{}, o);
  Result<Model> b = Train(train, dev, Lexicon{}, o);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->Serialize(), b->Serialize());
  o.seed = 2;
  Result<Model> c = Train(train, dev, Lexicon{}, o);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->Serialize(), c->Serialize());

  auto detector = Detector::Build({}, Lexicon{}, *a);
  ASSERT_TRUE(detector.ok());
  EvalReport r = Evaluate(**detector, Synthetic(500, 3));
  EXPECT_GT(r.labels[0].f1(), 0.95) << r.ToText();
  EXPECT_GT(r.labels[1].f1(), 0.9) << r.ToText();
  EXPECT_EQ(r.labels[2].support(), 0);  // threat never annotated
  EXPECT_NE(r.ToJson().find("\"macro_f1\""), std::string::npos);
}

TEST(TrainTest, HoldsTheBiasAndCalibratesPerLanguageGroup) {
  TrainOptions o = SmallOptions();
  auto train = Synthetic(1500, 0), dev = Synthetic(600, 1);
  Result<Model> m = Train(train, dev, Lexicon{}, o);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const float prior = std::log(o.unknown_prior / (1 - o.unknown_prior));
  for (float b : m->bias) EXPECT_FLOAT_EQ(b, prior);  // a text with no known feature scores the prior
  ASSERT_TRUE(m->has_group_thresholds);
  for (size_t l = 0; l < kLabelCount; ++l) {
    for (size_t g = 0; g < kLangGroupCount; ++g) {
      EXPECT_GE(m->group_threshold[g][l], o.min_threshold - 1e-6f);
      EXPECT_LE(m->group_threshold[g][l], 0.95f + 1e-6f);
      // Text of no known language gets the strictest of the language groups' thresholds.
      EXPECT_GE(m->group_threshold[kLangGroupCount - 1][l], m->group_threshold[g][l]);
    }
  }
  o.group_thresholds = false;
  Result<Model> one = Train(train, dev, Lexicon{}, o);
  ASSERT_TRUE(one.ok());
  EXPECT_FALSE(one->has_group_thresholds);
  EXPECT_EQ(one->Serialize().find("\"groups\""), std::string::npos);
}

TEST(TrainTest, ParseExampleHandlesTheDataFormat) {
  Result<Example> e = ParseExample(
      R"({"id":"uli:train:1","text":"tu randi hai","lang":"hi-Latn","labels":{"abusive":1,"gendered":0},"orig":{}})");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->id, "uli:train:1");
  EXPECT_EQ(e->known, Bit(Label::kAbusive) | Bit(Label::kGendered));
  EXPECT_EQ(e->positive, Bit(Label::kAbusive));
  EXPECT_FALSE(ParseExample("{not json").ok());
  EXPECT_FALSE(ParseExample(R"({"id":1})").ok());
  EXPECT_FALSE(ParseExample(R"({"text":"x","labels":{"abusive":"yes"}})").ok());
  EXPECT_FALSE(ParseExample(R"(["text"])").ok());
  EXPECT_FALSE(Train({}, {}, Lexicon{}, {}).ok());
}

TEST(TrainTest, DevSplitIsStableAndAboutTenPercent) {
  int dev = 0;
  for (int i = 0; i < 10000; ++i) dev += InDevSplit("message " + std::to_string(i));
  EXPECT_GT(dev, 800);
  EXPECT_LT(dev, 1200);
  EXPECT_EQ(InDevSplit("same text"), InDevSplit("same text"));
}

// The calibration slice is chosen by a second hash, independent of the dev
// split: about a tenth of the non-dev texts.
TEST(TrainTest, CalibrationSliceIsIndependentOfTheDevSplit) {
  int calib = 0, both = 0;
  for (int i = 0; i < 10000; ++i) {
    const std::string t = "message " + std::to_string(i);
    calib += InCalibrationSplit(t);
    both += InCalibrationSplit(t) && InDevSplit(t);
  }
  EXPECT_GT(calib, 800);
  EXPECT_LT(calib, 1200);
  EXPECT_GT(both, 40);  // ~1% if independent; 0 or ~10% if the hashes were the same
  EXPECT_LT(both, 200);
}

// A label the calibration data never confirms (threat here: annotated, never
// positive) is left to the lexicon floors, not set at the grid's lowest bar.
TEST(TrainTest, LabelWithoutEvidenceGetsTheNoEvidenceThreshold) {
  TrainOptions o = SmallOptions();
  auto train = Synthetic(1500, 0), dev = Synthetic(600, 1);
  for (auto* set : {&train, &dev})
    for (Example& e : *set) e.known |= Bit(Label::kThreat);
  Result<Model> m = Train(train, dev, Lexicon{}, o);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const size_t threat = static_cast<size_t>(Label::kThreat);
  EXPECT_FLOAT_EQ(m->threshold[threat], o.no_evidence_threshold);
  for (size_t g = 0; g < kLangGroupCount; ++g) EXPECT_FLOAT_EQ(m->group_threshold[g][threat], o.no_evidence_threshold);
  EXPECT_LT(m->threshold[static_cast<size_t>(Label::kAbusive)], o.no_evidence_threshold);
}

// --refit keeps the thresholds of the first model and learns the weights
// again with the calibration examples included.
TEST(TrainTest, RefitKeepsTheThresholds) {
  TrainOptions o = SmallOptions();
  auto train = Synthetic(1500, 0), dev = Synthetic(600, 1);
  Result<Model> plain = Train(train, dev, Lexicon{}, o);
  o.refit = true;
  Result<Model> refit = Train(train, dev, Lexicon{}, o);
  ASSERT_TRUE(plain.ok() && refit.ok());
  EXPECT_EQ(plain->threshold, refit->threshold);
  EXPECT_EQ(plain->group_threshold, refit->group_threshold);
  EXPECT_NE(plain->weights, refit->weights);
}

}  // namespace
}  // namespace byteback::detect
