// shipped_test.cc: the shipped model and lexicons, as users get them:
// obfuscation recall, the Scunthorpe words, spans, language guesses, and
// scanning from many threads.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <atomic>
#include <thread>

#include "detect/detect.h"

namespace byteback::detect {
namespace {

const std::string kRoot = BB_SOURCE_DIR;

std::shared_ptr<const Detector> Shipped() {
  static std::shared_ptr<const Detector> d = [] {
    auto r = Detector::Load(kRoot + "/data/models/shield.bbm", kRoot + "/data/lexicons");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : nullptr;
  }();
  return d;
}

std::vector<std::vector<std::string>> ReadTsv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (!cols.empty()) rows.push_back(cols);
  }
  return rows;
}

TEST(ShippedTest, ObfuscatedAbuseIsCaught) {
  auto d = Shipped();
  ASSERT_TRUE(d);
  Scratch s(*d);
  auto rows = ReadTsv(kRoot + "/tests/detect/data/obfuscated.tsv");
  ASSERT_GE(rows.size(), 300u);
  int by_lexicon = 0, flagged = 0;
  std::string missed;
  for (const auto& r : rows) {
    ASSERT_GE(r.size(), 3u);
    Verdict v = d->Scan(r[0], s);
    auto expected = ParseLabel(r[1]);
    ASSERT_TRUE(expected) << r[1];
    bool span = false;
    for (const auto& sp : v.spans) span = span || sp.label == *expected || sp.label == Label::kAbusive;
    by_lexicon += span;
    flagged += v.has(Label::kAbusive);
    if (!span) missed += "  " + r[0] + " (" + r[2] + ")\n";
  }
  const double lexicon_recall = double(by_lexicon) / double(rows.size());
  const double recall = double(flagged) / double(rows.size());
  EXPECT_GE(lexicon_recall, 0.95) << "terms not located:\n" << missed;
  EXPECT_GE(recall, 0.95);
}

TEST(ShippedTest, ScunthorpeWordsAreClean) {
  auto d = Shipped();
  ASSERT_TRUE(d);
  Scratch s(*d);
  for (const char* w : {"Scunthorpe", "assassin", "class", "cocktail", "Dickens", "shiitake", "therapist",
                        "SCUNTHORPE", "Assassin's Creed", "a cocktail party", "Charles Dickens wrote it",
                        "shiitake mushrooms", "my therapist", "world-class"}) {
    Verdict v = d->Scan(w, s);
    EXPECT_EQ(v.labels, 0) << w << " abusive score " << v.scores[0];
    EXPECT_TRUE(v.spans.empty()) << w;
  }
}

TEST(ShippedTest, CleanCorpusIsMostlyClean) {
  auto d = Shipped();
  ASSERT_TRUE(d);
  Scratch s(*d);
  auto rows = ReadTsv(kRoot + "/tests/detect/data/clean.tsv");
  ASSERT_GE(rows.size(), 150u);
  int flagged = 0, counted = 0;
  std::string list;
  for (const auto& r : rows) {
    if (r.size() > 2 && r[2].rfind("hard case", 0) == 0) continue;  // known collisions, see data/lexicons/README.md
    ++counted;
    if (d->Scan(r[0], s).labels) {
      ++flagged;
      list += "  " + r[0] + "\n";
    }
  }
  // Measured 29 of 157 (18%) with shield-2026.11-1, 25 (16%) with
  // shield-2026.11-2, 11 (7%) with shield-2026.12-1: model-only flags on
  // romanised politics and near-slur words (Gandhi, bhangra); see
  // docs/BENCHMARKS.md (tools/obfuscation_report.py lists them).
  EXPECT_LE(flagged * 100, counted * 10) << flagged << " of " << counted << " clean messages flagged:\n" << list;
}

// Labels a reader checks by hand: a slur alone is no threat (shield-2026.11-3
// set `threat` on "bitch" alone at 0.30, its calibration floor), and a plain
// insult is no identity attack.
TEST(ShippedTest, LabelsMeanWhatTheySay) {
  auto d = Shipped();
  ASSERT_TRUE(d);
  Scratch s(*d);
  for (const char* t : {"bitch", "b1tch", "you are a bitch", "you are an idiot", "you idiot"}) {
    Verdict v = d->Scan(t, s);
    EXPECT_TRUE(v.has(Label::kAbusive)) << t;
    EXPECT_FALSE(v.has(Label::kThreat)) << t << ": threat " << v.scores[2];
    EXPECT_FALSE(v.has(Label::kIdentity)) << t << ": identity " << v.scores[4];
  }
  // A strong English insult is an insult (DetectOptions::trained_floor_labels);
  // a mild one (idiot, severity 1) is left to the model, its span still says
  // insult.
  for (const char* t : {"you are a bitch", "shut up bastard"}) EXPECT_TRUE(d->Scan(t, s).has(Label::kInsult)) << t;
  for (const char* t : {"you are an idiot", "what a moron"}) {
    Verdict v = d->Scan(t, s);
    bool insult_span = false;
    for (const Span& sp : v.spans) insult_span = insult_span || sp.label == Label::kInsult;
    EXPECT_TRUE(insult_span) << t;
  }
  for (const char* t : {"I will kill you", "i will rape you"}) EXPECT_TRUE(d->Scan(t, s).has(Label::kThreat)) << t;
}

// Greetings, thanks and sign-offs a journalist posts every day must never
// show up in an abuse report. All but the first two (the reported false
// positives) are absent from the training data (data/train/benign.jsonl).
// shield-2026.11-2 flagged 3 of these 24; shield-2026.11-3 and later flag none.
TEST(ShippedTest, GreetingsAreNotFlagged) {
  auto d = Shipped();
  ASSERT_TRUE(d);
  Scratch s(*d);
  auto rows = ReadTsv(kRoot + "/tests/detect/data/greetings.tsv");
  ASSERT_GE(rows.size(), 20u);
  for (const auto& r : rows) {
    ASSERT_GE(r.size(), 2u);
    Verdict v = d->Scan(r[0], s);
    EXPECT_EQ(v.labels, 0) << r[0] << " (" << r[1] << "): abusive " << v.scores[0] << ", insult " << v.scores[3];
  }
}

TEST(ShippedTest, SpansPointIntoTheOriginalText) {
  auto d = Shipped();
  ASSERT_TRUE(d);
  Scratch s(*d);
  const std::string text = "listen you b1tch, I know where you live";
  Verdict v = d->Scan(text, s);
  EXPECT_TRUE(v.has(Label::kAbusive));
  bool found = false;
  for (const auto& sp : v.spans) found = found || text.substr(sp.begin, sp.end - sp.begin) == "b1tch";
  EXPECT_TRUE(found);
  const std::string hindi = "तू रंडी है";
  Verdict h = d->Scan(hindi, s);
  EXPECT_TRUE(h.has(Label::kGendered));
  ASSERT_FALSE(h.spans.empty());
  EXPECT_EQ(hindi.substr(h.spans[0].begin, h.spans[0].end - h.spans[0].begin), "रंडी");
}

TEST(ShippedTest, GuessesLanguageAndScript) {
  auto d = Shipped();
  ASSERT_TRUE(d);
  Scratch s(*d);
  EXPECT_EQ(d->Scan("tu kya kar raha hai yaar", s).lang, "hi-Latn");
  EXPECT_EQ(d->Scan("यह खबर सही है", s).lang, "hi");
  EXPECT_EQ(d->Scan("یہ خبر درست ہے", s).lang, "ur");
  EXPECT_EQ(d->Scan("আজকের খবর", s).lang, "bn");
  EXPECT_EQ(d->Scan("the report is out today", s).lang, "en");
  EXPECT_EQ(d->Scan("ang balita ngayon", s).lang, "tl");
}

TEST(ShippedTest, OddInputNeverFails) {
  auto d = Shipped();
  ASSERT_TRUE(d);
  Scratch s(*d);
  for (std::string t : {std::string(), std::string("\xff\xfe\xfd"), std::string(5000, '*'),
                        std::string("\0\0\0", 3), std::string(100000, 'a')}) {
    Verdict v = d->Scan(t, s);
    for (float sc : v.scores) EXPECT_TRUE(sc >= 0 && sc <= 1);
    for (const auto& sp : v.spans) EXPECT_LE(sp.end, t.size());
  }
}

TEST(ShippedTest, ThreadsShareOneDetector) {
  auto d = Shipped();
  ASSERT_TRUE(d);
  const std::vector<std::string> texts = {"you are a slut", "nice report", "tu randi hai", "I will kill you",
                                          "রিপোর্ট ভালো", "teri maa ki"};
  std::vector<Verdict> expected;
  {
    Scratch s(*d);
    for (const auto& t : texts) expected.push_back(d->Scan(t, s));
  }
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      Scratch s(*d);
      for (int i = 0; i < 500; ++i) {
        size_t k = static_cast<size_t>(i) % texts.size();
        Verdict v = d->Scan(texts[k], s);
        if (v.scores != expected[k].scores || v.labels != expected[k].labels) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace byteback::detect
