// tabular_test.cc: generic CSV (RFC 4180, mapping), YouTube Takeout CSV and
// JSON Lines, good and broken.
#include <gtest/gtest.h>

#include "imports/import_test_util.h"

namespace byteback::imports {
namespace {

using testing::Has;
using testing::ImportSample;
using testing::ImportText;

TEST(CsvTest, DefaultAndMappedColumns) {
  ImportOptions o;
  o.fields.time = "Posted";
  auto r = ImportSample("generic.csv", Format::kAuto, o);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 3u);
  EXPECT_EQ(r.messages[0].platform, "csv");
  EXPECT_EQ(r.messages[0].author, "@troll1");  // "Handle" is a default author column
  EXPECT_EQ(r.messages[0].text, "=HYPERLINK(\"http://evil\")");
  EXPECT_EQ(r.messages[0].url, "https://x.com/troll1/status/1");
  EXPECT_EQ(r.messages[1].text, "multi\nline, with \"quotes\"");
  EXPECT_EQ(r.messages[1].time, "2021-01-05T10:00:00Z");  // unix seconds
  EXPECT_TRUE(Has(r.messages[2].source, "generic.csv:5"));  // records are numbered by their first line
}

TEST(CsvTest, MissingTextColumnNamesHeader) {
  auto r = ImportText("a,b\n1,2\n", "x.csv");
  EXPECT_TRUE(Has(r.status.message(), "x.csv:1: no text column")) << r.status.message();
  ImportOptions o;
  o.fields.author = "nope";
  r = ImportText("text,b\n1,2\n", "x.csv", Format::kCsv, o);
  EXPECT_TRUE(Has(r.status.message(), "no column named 'nope'")) << r.status.message();
}

TEST(CsvTest, WrongColumnCountIsSkipped) {
  auto r = ImportSample("broken/wrong_columns.csv");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.stats.skipped, 1u);
  EXPECT_TRUE(Has(r.stats.warnings.at(0), "wrong_columns.csv:3: record has 6 fields"));
}

TEST(CsvTest, UnclosedQuoteIsTruncation) {
  auto r = ImportSample("broken/unclosed_quote.csv");
  EXPECT_TRUE(Has(r.status.message(), "unclosed_quote.csv:6: truncated CSV")) << r.status.message();
  EXPECT_EQ(r.messages.size(), 3u);
}

TEST(YouTubeCsvTest, TakeoutComments) {
  auto r = ImportSample("youtube_comments.csv");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].platform, "youtube");
  EXPECT_EQ(r.messages[0].text, "hello world");  // JSON segments joined
  EXPECT_EQ(r.messages[0].author, "UCviewer1");
  EXPECT_EQ(r.messages[0].time, "2023-03-01T12:00:00Z");
  EXPECT_EQ(r.messages[0].url, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxA1");
  EXPECT_EQ(r.messages[1].text, "plain text, no json");
}

TEST(JsonlTest, DefaultFieldsAndDottedPaths) {
  auto r = ImportSample("generic.jsonl");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 3u);
  EXPECT_EQ(r.messages[0].platform, "x");
  EXPECT_EQ(r.messages[0].time, "2021-01-01T00:00:00Z");
  EXPECT_EQ(r.messages[0].thread, "t1");
  EXPECT_EQ(r.messages[1].author, "two");
  EXPECT_EQ(r.messages[1].time, "2021-01-01T00:00:00Z");
  EXPECT_EQ(r.messages[1].platform, "jsonl");
  EXPECT_TRUE(Has(r.messages[2].source, "generic.jsonl:4"));
}

TEST(JsonlTest, Mapping) {
  ImportOptions o;
  o.fields.text = "body.value";
  o.fields.author = "who";
  auto r = ImportText("{\"body\":{\"value\":\"hi\"},\"who\":\"me\"}\n", "x.jsonl", Format::kAuto, o);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.messages.at(0).text, "hi");
  EXPECT_EQ(r.messages.at(0).author, "me");
}

TEST(JsonlTest, BadLineSkippedTruncatedLastLineStops) {
  auto r = ImportSample("broken/bad_line.jsonl");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.messages.size(), 3u);
  EXPECT_EQ(r.stats.skipped, 1u);
  EXPECT_TRUE(Has(r.stats.warnings.at(0), "bad_line.jsonl:3: JSON does not parse")) << r.stats.warnings.at(0);
  r = ImportSample("broken/truncated.jsonl");
  EXPECT_TRUE(Has(r.status.message(), "truncated.jsonl:5: truncated file")) << r.status.message();
  EXPECT_EQ(r.messages.size(), 3u);
}

TEST(JsonlTest, TooManyBadLinesGivesUp) {
  ImportOptions o;
  o.max_skipped = 2;
  auto r = ImportText("x\ny\nz\n{\"text\":\"ok\"}\n", "x.jsonl", Format::kJsonl, o);
  EXPECT_TRUE(Has(r.status.message(), "x.jsonl:3: more than 2 bad records")) << r.status.message();
}

}  // namespace
}  // namespace byteback::imports
