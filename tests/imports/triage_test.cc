// triage_test.cc: the HTML report (self-contained, escaped, blurred, counts)
// and the CSV (RFC 4180, formula injection guarded).
#include <gtest/gtest.h>

#include "imports/import_test_util.h"

namespace byteback::imports {
namespace {

using testing::Has;

ScoredMessage Row(std::string author, std::string text, Severity sev, std::string cat, std::string time,
                  std::string url = "") {
  ScoredMessage m;
  m.message.platform = "x";
  m.message.author = std::move(author);
  m.message.text = std::move(text);
  m.message.time = std::move(time);
  m.message.url = std::move(url);
  m.message.source = "f:1";
  m.severity = sev;
  m.category = std::move(cat);
  if (sev >= Severity::kMedium) m.labels = {"abusive"};
  return m;
}

TriageReport Sample() {
  TriageReport r;
  r.Add(Row("@troll", "<script>alert(1)</script> die", Severity::kSevere, "threat", "2021-01-01T10:00:00Z",
            "https://x.com/i/web/status/1"));
  r.Add(Row("@troll", "you are \"ugly\" & stupid", Severity::kHigh, "insult", "2021-01-01T11:00:00Z",
            "javascript:alert(1)"));
  r.Add(Row("@other", "=1+1", Severity::kMedium, "gendered", "2021-01-02T09:00:00Z"));
  r.Add(Row("@meh", "meh", Severity::kLow, "abusive", "2021-01-03T09:00:00Z"));
  r.Add(Row("@fan", "thank you", Severity::kNone, "none", "2021-01-03T09:00:00Z"));
  return r;
}

TEST(TriageTest, Counts) {
  TriageReport r = Sample();
  EXPECT_EQ(r.total(), 5u);
  EXPECT_EQ(r.flagged(), 3u);
  EXPECT_EQ(r.rows().size(), 4u);  // "none" is counted, not listed
  EXPECT_EQ(r.by_author().at("@troll"), 2u);
  EXPECT_EQ(r.by_day().at("2021-01-01"), 2u);
  EXPECT_EQ(r.by_category().at("threat"), 1u);
  EXPECT_EQ(r.by_severity()[static_cast<size_t>(Severity::kLow)], 1u);
}

TEST(TriageTest, HtmlIsSelfContainedEscapedAndBlurred) {
  std::string h = Sample().RenderHtml("Report <for> Ayesha");
  EXPECT_TRUE(Has(h, "<title>Report &lt;for&gt; Ayesha</title>"));
  EXPECT_FALSE(Has(h, "<script>alert(1)"));
  EXPECT_TRUE(Has(h, "&lt;script&gt;alert(1)&lt;/script&gt; die"));
  EXPECT_TRUE(Has(h, "you are &quot;ugly&quot; &amp; stupid"));
  EXPECT_TRUE(Has(h, "class=\"blur\""));
  EXPECT_TRUE(Has(h, ".blur{filter:blur("));
  EXPECT_TRUE(Has(h, "Content-Security-Policy"));
  EXPECT_TRUE(Has(h, "name=\"viewport\""));
  EXPECT_TRUE(Has(h, "<svg"));
  EXPECT_TRUE(Has(h, "href=\"https://x.com/i/web/status/1\""));
  EXPECT_FALSE(Has(h, "href=\"javascript:"));  // only http(s) links
  // No external resources.
  EXPECT_FALSE(Has(h, "src=\"http"));
  EXPECT_FALSE(Has(h, "<link"));
  EXPECT_FALSE(Has(h, "@import"));
  // Worst first: severe before high before medium.
  EXPECT_LT(h.find("severe · threat"), h.find("high · insult"));
  EXPECT_LT(h.find("high · insult"), h.find("medium · gendered"));
}

TEST(TriageTest, CsvQuotesAndGuardsFormulas) {
  std::string c = Sample().RenderCsv();
  EXPECT_EQ(c.rfind("severity,category,platform,author,time,url,thread,text,labels,abusive_score,source\r\n", 0), 0u);
  EXPECT_TRUE(Has(c, "\"you are \"\"ugly\"\" & stupid\""));
  EXPECT_TRUE(Has(c, "\"'=1+1\""));
  EXPECT_FALSE(Has(c, ",\"=1+1\""));
  size_t rows = 0;
  for (size_t p = 0; (p = c.find("\r\n", p)) != std::string::npos; p += 2) ++rows;
  EXPECT_EQ(rows, 5u);  // header + 4 rows
}

TEST(TriageTest, RowsAreCapped) {
  TriageReport r;
  for (size_t i = 0; i < kMaxReportRows + 5; ++i) r.Add(Row("a", "t", Severity::kLow, "abusive", ""));
  EXPECT_EQ(r.rows().size(), kMaxReportRows);
  EXPECT_EQ(r.total(), kMaxReportRows + 5);
}

}  // namespace
}  // namespace byteback::imports
