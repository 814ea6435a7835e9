// score_test.cc: severity/category rules, the import JSON line round trip and
// BatchScorer over the shipped Shield.
#include <gtest/gtest.h>

#include "imports/import_test_util.h"

namespace byteback::imports {
namespace {

using detect::Bit;
using detect::Label;

detect::Verdict MakeVerdict(detect::LabelMask labels, float abusive, int span_severity) {
  detect::Verdict v;
  v.lang = "en";
  v.labels = labels;
  v.scores[static_cast<size_t>(Label::kAbusive)] = abusive;
  if (span_severity > 0) v.spans.push_back(detect::Span{0, 3, Label::kInsult, span_severity, 0});
  return v;
}

Message Msg(std::string text) {
  Message m;
  m.text = std::move(text);
  m.platform = "x";
  return m;
}

TEST(ScoreTest, SeverityAndCategory) {
  auto s = Score(Msg("abc"), MakeVerdict(Bit(Label::kAbusive) | Bit(Label::kThreat), 0.9f, 0), "m1");
  EXPECT_EQ(s.severity, Severity::kSevere);
  EXPECT_EQ(s.category, "threat");
  EXPECT_EQ(s.model, "m1");
  s = Score(Msg("abc"), MakeVerdict(Bit(Label::kAbusive) | Bit(Label::kInsult), 0.5f, 2), "m1");
  EXPECT_EQ(s.severity, Severity::kHigh);
  EXPECT_EQ(s.category, "insult");
  s = Score(Msg("abc"), MakeVerdict(Bit(Label::kAbusive), 0.5f, 1), "m1");
  EXPECT_EQ(s.severity, Severity::kMedium);
  EXPECT_EQ(s.category, "abusive");
  s = Score(Msg("abc"), MakeVerdict(0, 0.1f, 1), "m1");
  EXPECT_EQ(s.severity, Severity::kLow);
  EXPECT_EQ(s.category, "insult");  // from the span
  s = Score(Msg("abc"), MakeVerdict(0, 0.1f, 0), "m1");
  EXPECT_EQ(s.severity, Severity::kNone);
  EXPECT_EQ(s.category, "none");
}

TEST(ScoreTest, JsonLineRoundTrip) {
  Message m = Msg("a \"quoted\" <text>\n");
  m.author = "@troll";
  m.time = "2021-01-01T00:00:00Z";
  m.url = "https://x.com/i/web/status/1";
  m.thread = "t";
  m.source = "f:1";
  auto s = Score(m, MakeVerdict(Bit(Label::kAbusive) | Bit(Label::kGendered), 0.91f, 2), "shield-x");
  std::string line = ToJsonLine(s);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.rfind("{\"platform\":\"x\",\"author\":\"@troll\"", 0), 0u) << line;
  EXPECT_TRUE(IsScoredJsonLine(line));
  auto back = ParseJsonLine(line);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->message.text, m.text);
  EXPECT_EQ(back->message.author, "@troll");
  EXPECT_EQ(back->message.source, "f:1");
  EXPECT_EQ(back->labels, (std::vector<std::string>{"abusive", "gendered"}));
  EXPECT_FLOAT_EQ(back->scores[0], 0.91f);
  ASSERT_EQ(back->spans.size(), 1u);
  EXPECT_EQ(back->spans[0].severity, 2);
  EXPECT_EQ(back->severity, Severity::kHigh);
  EXPECT_EQ(back->category, "gendered");
}

TEST(ScoreTest, ParseJsonLineRejectsBadLines) {
  EXPECT_FALSE(ParseJsonLine("nope").ok());
  EXPECT_FALSE(ParseJsonLine("{\"text\":\"a\"}").ok());  // a plain JSONL line, not an import line
  EXPECT_FALSE(ParseJsonLine("{\"text\":\"a\",\"scores\":{},\"spans\":[{\"begin\":0,\"end\":9}]}").ok());
  EXPECT_FALSE(ParseJsonLine("{\"text\":\"abc\",\"scores\":{},\"spans\":[{\"begin\":0,\"end\":1,"
                             "\"label\":\"<b>\"}]}").ok());
  EXPECT_FALSE(IsScoredJsonLine("{\"text\":\"a\"}"));
}

TEST(BatchScorerTest, ScoresInOrderOnTwoThreads) {
  auto d = detect::Detector::Load(std::string(BB_SOURCE_DIR) + "/data/models/shield.bbm",
                                  std::string(BB_SOURCE_DIR) + "/data/lexicons");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  std::vector<ScoredMessage> out;
  BatchScorer scorer(*d, 2, [&out](ScoredMessage&& m) {
    out.push_back(std::move(m));
    return Status::Ok();
  }, 100);
  for (int i = 0; i < 250; ++i)
    ASSERT_TRUE(scorer.Add(Msg(i == 7 ? "we know where you live, you will be hurt" : "hello " + std::to_string(i)))
                    .ok());
  ASSERT_TRUE(scorer.Flush().ok());
  ASSERT_EQ(out.size(), 250u);
  EXPECT_EQ(scorer.scored(), 250u);
  for (int i = 0; i < 250; ++i)
    if (i != 7) {
      EXPECT_EQ(out[i].message.text, "hello " + std::to_string(i));
    }
  EXPECT_EQ(out[7].severity, Severity::kSevere);
  EXPECT_EQ(out[7].category, "threat");
  EXPECT_EQ(out[7].model, (*d)->model().version);
}

}  // namespace
}  // namespace byteback::imports
