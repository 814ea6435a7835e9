#include <gtest/gtest.h>

#include <map>

#include "detect/detect.h"

namespace byteback::detect {
namespace {

constexpr char kHeader[] = "term\tlang\tcategory\tseverity\tnotes\n";

// A model that scores every text far below every threshold: the labels of
// a verdict come from the lexicon floors only.
Model LexiconOnlyModel() {
  Model m;
  m.bucket_bits = kMinBucketBits;
  m.weights.assign((size_t{1} << m.bucket_bits) * kLabelCount, 0);
  m.bias.fill(-5.0f);
  return m;
}

TEST(LexiconTest, ParsesEntriesPrefixesAndAllowRows) {
  Lexicon lex;
  std::string tsv = std::string("# comment\n") + kHeader +
                    "slut*\ten\tgendered,insult\t3\tslur\n"
                    "teri maa ki\thi-Latn\tinsult\t2\tphrase\n"
                    "scunthorpe\ten\tallow\t1\ttown\n";
  ASSERT_TRUE(ParseLexicon(tsv, "t.tsv", &lex).ok());
  ASSERT_EQ(lex.entries.size(), 3u);
  EXPECT_TRUE(lex.entries[0].prefix);
  EXPECT_EQ(lex.entries[0].term, "slut");
  EXPECT_EQ(lex.entries[0].labels, Bit(Label::kAbusive) | Bit(Label::kGendered) | Bit(Label::kInsult));
  EXPECT_EQ(lex.entries[1].severity, 2);
  EXPECT_TRUE(lex.entries[2].allow);
  EXPECT_EQ(lex.entries[2].labels, 0);
  EXPECT_EQ(lex.entries[1].origin, "t.tsv:4");
}

TEST(LexiconTest, ErrorsNameFileAndLine) {
  struct Case {
    std::string body;
    std::string expect;
  } cases[] = {
      {"slut\ten\tgendered\t3\tx\n", "t.tsv:1: expected the header"},
      {std::string(kHeader) + "slut\ten\tgendered\t4\tx\n", "t.tsv:2: severity"},
      {std::string(kHeader) + "slut\ten\tsexy\t3\tx\n", "t.tsv:2: unknown category 'sexy'"},
      {std::string(kHeader) + "slut\ten\tgendered\t3\n", "t.tsv:2: expected 5"},
      {std::string(kHeader) + "\ten\tgendered\t3\tx\n", "t.tsv:2: empty term"},
      {std::string(kHeader) + "x\ten\tallow,insult\t1\tx\n", "t.tsv:2: 'allow' cannot"},
      {std::string(kHeader) + "x\t\xff\tinsult\t1\tx\n", "t.tsv:2: invalid UTF-8"},
      {"# only a comment\n", "no header"},
      {std::string(kHeader) + "a {b|c\ten\tinsult\t1\tx\n", "t.tsv:2: term 'a {b|c': unclosed '{'"},
      {std::string(kHeader) + "a {b||c}\ten\tinsult\t1\tx\n", "t.tsv:2: term 'a {b||c}': empty alternative"},
      {std::string(kHeader) + "a {b{c}}\ten\tinsult\t1\tx\n", "t.tsv:2: term 'a {b{c}}': nested"},
      {std::string(kHeader) + "a b|c\ten\tinsult\t1\tx\n", "t.tsv:2: term 'a b|c': unexpected '|'"},
  };
  for (const auto& c : cases) {
    Lexicon lex;
    Status s = ParseLexicon(c.body, "t.tsv", &lex);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.body;
    EXPECT_NE(s.message().find(c.expect), std::string::npos) << s.message();
  }
}

TEST(LexiconTest, AlternationGroupsExpandToEveryCombination) {
  Result<std::vector<std::string>> forms = ExpandTerm("{randi|gashti} {ki|ke} aulad");
  ASSERT_TRUE(forms.ok()) << forms.status().ToString();
  EXPECT_EQ(*forms, (std::vector<std::string>{"randi ki aulad", "randi ke aulad", "gashti ki aulad",
                                              "gashti ke aulad"}));
  EXPECT_EQ(*ExpandTerm("plain"), std::vector<std::string>{"plain"});
  // A hostile lexicon cannot ask for an explosion of literals: 8^5 > kMaxTermForms.
  std::string bomb;
  for (int i = 0; i < 5; ++i) bomb += "{a|b|c|d|e|f|g|h}";
  EXPECT_EQ(ExpandTerm(bomb).status().code(), StatusCode::kInvalidArgument);
  Lexicon lex;
  ASSERT_TRUE(ParseLexicon(std::string(kHeader) + "{kutte|suar} ki aulad\tur-Latn\tinsult\t3\tx\n", "t.tsv", &lex).ok());
  ASSERT_EQ(lex.entries.size(), 1u);
  EXPECT_EQ(lex.entries[0].forms.size(), 2u);
}

// The most specific entry wins: a phrase's categories override the word
// inside it, and one stretch of text gives one hit however many entries
// (spelling variants, languages) match it.
TEST(LexiconTest, LongestMatchOverridesTheWordInside) {
  Lexicon lex;
  ASSERT_TRUE(ParseLexicon(std::string(kHeader) +
                               "randi\thi-Latn\tgendered,insult\t3\tslur\n"
                               "randi\tur-Latn\tgendered,insult\t3\tthe same word listed again\n"
                               "randi {ki|ke} aulad\tur-Latn\tinsult\t3\tdescent insult\n",
                           "t.tsv", &lex)
                  .ok());
  const Model m = LexiconOnlyModel();
  DetectOptions untrained;
  untrained.trained_floor_labels.clear();  // every hit lifts all the labels of its entry
  auto d = Detector::Build(untrained, lex, m);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  Scratch s(**d);
  Verdict phrase = (*d)->Scan("tu randi ke aulad hai", s);
  EXPECT_TRUE(phrase.has(Label::kInsult));
  EXPECT_FALSE(phrase.has(Label::kGendered));
  ASSERT_EQ(phrase.spans.size(), 2u);  // abusive + insult, both over the phrase
  EXPECT_EQ(phrase.spans[0].begin, 3u);
  EXPECT_EQ(phrase.spans[0].end, 17u);
  Verdict word = (*d)->Scan("tu randi hai", s);
  EXPECT_TRUE(word.has(Label::kGendered));
  EXPECT_EQ(word.spans.size(), 3u);  // one entry: abusive, gendered, insult

  // In a language the model was trained on (hi-Latn here), the floors lift
  // abusive and gendered; insult is the model's call (and it says no).
  auto trained = Detector::Build({}, lex, m);
  ASSERT_TRUE(trained.ok());
  Scratch s2(**trained);
  Verdict v = (*trained)->Scan("tu randi hai", s2);
  EXPECT_EQ(v.lang, "hi-Latn");
  EXPECT_TRUE(v.has(Label::kGendered));
  EXPECT_FALSE(v.has(Label::kInsult));
  EXPECT_EQ(v.spans.size(), 3u);  // the spans still name every category
}

// English has its own floor labels (DetectOptions::trained_floor_labels): a
// strong insult there lifts `insult` too; in romanised Hindi it does not.
TEST(LexiconTest, EnglishHitsLiftInsult) {
  Lexicon lex;
  ASSERT_TRUE(ParseLexicon(std::string(kHeader) +
                               "scumbag\ten\tinsult\t2\tinsult\n"
                               "kamina\thi-Latn\tinsult\t2\tinsult\n",
                           "t.tsv", &lex)
                  .ok());
  const Model m = LexiconOnlyModel();
  auto d = Detector::Build({}, lex, m);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  Scratch s(**d);
  Verdict en = (*d)->Scan("you are such a scumbag and everyone knows it", s);
  EXPECT_EQ(en.lang, "en");
  EXPECT_TRUE(en.has(Label::kInsult));
  Verdict hi = (*d)->Scan("tu bahut kamina hai yaar", s);
  EXPECT_EQ(hi.lang, "hi-Latn");
  EXPECT_TRUE(hi.has(Label::kAbusive));
  EXPECT_FALSE(hi.has(Label::kInsult));
  DetectOptions plain;
  for (auto& [lang, labels] : plain.trained_floor_labels)
    if (lang == "en") labels = Bit(Label::kGendered) | Bit(Label::kThreat);  // as for hi-Latn
  auto without = Detector::Build(plain, lex, m);
  ASSERT_TRUE(without.ok());
  Scratch s2(**without);
  EXPECT_FALSE((*without)->Scan("you are such a scumbag and everyone knows it", s2).has(Label::kInsult));
}

TEST(LexiconTest, ShippedLexiconsLoadForEveryLanguage) {
  Result<Lexicon> lex = LoadLexiconDir(std::string(BB_SOURCE_DIR) + "/data/lexicons");
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  std::map<std::string, int> per_lang;
  for (const auto& e : lex->entries)
    if (!e.allow) ++per_lang[e.lang.substr(0, 2)];
  for (const char* lang : {"en", "hi", "ur", "bn", "ta", "ne", "si", "tl"})
    EXPECT_GE(per_lang[lang], 50) << lang;
  EXPECT_EQ(LoadLexiconDir("/nonexistent").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace byteback::detect
