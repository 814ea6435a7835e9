#include <gtest/gtest.h>

#include <map>

#include "detect/detect.h"

namespace byteback::detect {
namespace {

constexpr char kHeader[] = "term\tlang\tcategory\tseverity\tnotes\n";

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
  };
  for (const auto& c : cases) {
    Lexicon lex;
    Status s = ParseLexicon(c.body, "t.tsv", &lex);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.body;
    EXPECT_NE(s.message().find(c.expect), std::string::npos) << s.message();
  }
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
