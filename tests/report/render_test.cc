// render_test.cc: the PDF of a sample incident with Hindi, Urdu, Bengali and
// English messages. pdftotext (poppler-utils) must find the words; pdftoppm
// leaves the pages as PNG in <build>/tests/report/artefacts/ for a person to
// check the shaping (Devanagari conjuncts and matras, Urdu joined right to
// left). Also: case-study redaction, page flow of long text, bad input.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "report/report.h"
#include "report/sample_incident.h"

namespace byteback::report {
namespace {

namespace fs = std::filesystem;

const fs::path kArtefacts = fs::path(BB_BINARY_DIR) / "tests" / "report" / "artefacts";

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes `pdf` to artefacts/<name>.pdf and returns pdftotext's UTF-8 output.
std::string PdfToText(const std::string& pdf, const std::string& name) {
  fs::create_directories(kArtefacts);
  const fs::path pdf_path = kArtefacts / (name + ".pdf"), txt = kArtefacts / (name + ".txt");
  std::ofstream(pdf_path, std::ios::binary) << pdf;
  const std::string cmd = "pdftotext -enc UTF-8 '" + pdf_path.string() + "' '" + txt.string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd << " (install poppler-utils: scripts/install-deps.sh test)";
  return ReadAll(txt);
}

// Whitespace removed, so a word split across a wrapped line still matches.
std::string Squeeze(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out.push_back(c);
  }
  return out;
}

TEST(RenderTest, SampleIncidentTextIsExtractable) {
  auto pdf = RenderPdf(SampleIncident());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_TRUE(pdf->starts_with("%PDF-1.5"));
  const std::string text = PdfToText(*pdf, "sample_incident");
  const std::string flat = Squeeze(text);
  for (const char* word : {"Pakistan FIA Cyber Crime Wing", "stupid bitch", "@attacker_one", "Messages per day",
                           "byteback evidence verify PACK.zip", "35202-1234567-1", "page 1 of"}) {
    EXPECT_NE(text.find(word), std::string::npos) << word << "\n" << text;
  }
  // Hindi, Bengali and Urdu words whose extraction is stable (no pre-base
  // vowel signs, which PDF text order puts before their consonant).
  for (const char* word : {"रंडी", "जान", "मार", "খানকি", "মাগী", "گشتی", "گولی", "عائشہ"}) {
    EXPECT_NE(flat.find(Squeeze(word)), std::string::npos) << word << "\n" << text;
  }
  // Hex is printed whole, and broken across lines without hyphens.
  EXPECT_NE(flat.find(SampleIncident().chain_head), std::string::npos);
  EXPECT_NE(flat.find(SampleIncident().signature), std::string::npos);
  // The PNG pages for a person to look at.
  const std::string png = "pdftoppm -png -r 60 '" + (kArtefacts / "sample_incident.pdf").string() + "' '" +
                          (kArtefacts / "sample_incident").string() + "'";
  EXPECT_EQ(std::system(png.c_str()), 0) << png;
  EXPECT_TRUE(fs::exists(kArtefacts / "sample_incident-1.png"));
}

}  // namespace
}  // namespace byteback::report

namespace byteback::report {
namespace {

TEST(RenderTest, CaseStudyRemovesNamesHandlesAndLinks) {
  ReportInput in = SampleIncident();
  in.redact = true;
  in.redact_names = {"Ayesha", "عائشہ"};
  auto pdf = RenderPdf(in);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string text = PdfToText(*pdf, "case_study");
  for (const char* gone : {"Ayesha", "ayesha@example.org", "35202-1234567-1", "@attacker_one", "@bd_troll",
                           "https://x.com", "عائشہ", "9f86d081884c7d65"}) {
    EXPECT_EQ(text.find(gone), std::string::npos) << gone;
  }
  EXPECT_NE(text.find("account 1"), std::string::npos);
  EXPECT_NE(text.find("[name]"), std::string::npos);
  EXPECT_NE(text.find("[removed]"), std::string::npos);
  EXPECT_NE(text.find("stupid bitch"), std::string::npos);  // the abuse itself stays
}

TEST(RenderTest, UserTextIsNeverMarkup) {
  ReportInput in;
  in.title = "<b>bold</b> & <span foreground='red'>red</span>";
  in.messages = {Msg("t", "X", "@a", "<i>not italic</i> &amp; <markup", "en", 0.5f, {})};
  auto pdf = RenderPdf(in);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string text = PdfToText(*pdf, "markup");
  EXPECT_NE(text.find("<b>bold</b> & <span"), std::string::npos) << text;
  EXPECT_NE(text.find("<i>not italic</i> &amp; <markup"), std::string::npos) << text;
}

TEST(RenderTest, LongTextFlowsAcrossPagesAndIsCut) {
  ReportInput in = SampleIncident();
  std::string huge;
  while (huge.size() < 3 * kMaxRenderedTextBytes) huge += "ते बहुत बुरा है, यह लंबा संदेश है। ";
  in.messages.push_back(Msg("t", "X", "@long", huge, "hi", 0.5f, {}));
  auto pdf = RenderPdf(in);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string text = PdfToText(*pdf, "long_text");
  const std::string flat = Squeeze(text);
  EXPECT_NE(flat.find(Squeeze("the full text is in the pack's original files")), std::string::npos) << text;
  EXPECT_NE(flat.find("of" + std::to_string(huge.size()) + "bytes"), std::string::npos) << text;
}

TEST(RenderTest, ThousandMessagesPaginate) {
  ReportInput in = SampleIncident();
  const auto sample = in.messages;
  in.messages.clear();
  for (int i = 0; i < 1000; ++i) in.messages.push_back(sample[static_cast<size_t>(i) % sample.size()]);
  auto pdf = RenderPdf(in);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string text = PdfToText(*pdf, "thousand");
  EXPECT_NE(text.find("#1000"), std::string::npos);
  // Every page is numbered out of the same total.
  const size_t last = text.rfind("page ");
  ASSERT_NE(last, std::string::npos);
  const std::string tail = text.substr(last);
  const std::string total = tail.substr(tail.find(" of ") + 4, tail.find_first_of("\n\f", 5) - tail.find(" of ") - 4);
  EXPECT_GT(std::stoi(total), 100);
  EXPECT_NE(text.find("page " + total + " of " + total), std::string::npos);
}

TEST(RenderTest, BadInputNamesTheField) {
  ReportInput in = SampleIncident();
  in.messages[3].text = "ok \xC3\x28 broken";
  auto r = RenderPdf(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("messages[3].text: invalid UTF-8 at byte 3"), std::string::npos)
      << r.status().message();

  in = SampleIncident();
  in.per_day[2].day = "2026-13-01";
  EXPECT_NE(RenderPdf(in).status().message().find("per_day[2].day"), std::string::npos);
  in.per_day[2].day = "2026-11-19";  // before the day above it
  EXPECT_NE(RenderPdf(in).status().message().find("not after"), std::string::npos);
  in = SampleIncident();
  in.per_day = {{"2000-01-01", 1}, {"2026-01-01", 1}};  // a chart of 26 years
  EXPECT_EQ(RenderPdf(in).status().code(), StatusCode::kResourceExhausted);

  in = SampleIncident();
  in.messages.resize(kMaxMessages + 1);
  EXPECT_EQ(RenderPdf(in).status().code(), StatusCode::kResourceExhausted);
  in = SampleIncident();
  in.summary.assign(kMaxStringBytes + 1, 'x');
  EXPECT_NE(RenderPdf(in).status().message().find("summary"), std::string::npos);
}

TEST(RenderTest, EmptyReportStillRenders) {
  auto pdf = RenderPdf(ReportInput{});
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_NE(PdfToText(*pdf, "empty").find("Incident report"), std::string::npos);
}

}  // namespace
}  // namespace byteback::report

namespace byteback::report {
namespace {

TEST(RenderTest, PlatformReportListsTheRulesBroken) {
  auto x = LoadTemplate(std::string(BB_SOURCE_DIR) + "/data/complaints/x.toml");
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  ReportInput in = SampleIncident();
  in.destination = x->name;
  in.rules_broken = RulesFor(*x, {"threats", "sexual_harassment"});
  ASSERT_EQ(in.rules_broken.size(), 2u);
  auto pdf = RenderPdf(in);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string flat = Squeeze(PdfToText(*pdf, "platform_x"));
  EXPECT_NE(flat.find("Rulesbroken"), std::string::npos);
  EXPECT_NE(flat.find("Sexualharassment"), std::string::npos);
  EXPECT_NE(flat.find("Violentspeech"), std::string::npos);
  EXPECT_NE(flat.find("https://help.x.com/en/rules-and-policies/violent-speech"), std::string::npos);
}

}  // namespace
}  // namespace byteback::report

namespace byteback::report {
namespace {

TEST(RenderTest, ConcurrentRendersAgree) {
  std::string a, b;
  std::thread t1([&] { auto r = RenderPdf(SampleIncident()); a = r.ok() ? *r : r.status().ToString(); });
  std::thread t2([&] { auto r = RenderPdf(SampleIncident()); b = r.ok() ? *r : r.status().ToString(); });
  t1.join();
  t2.join();
  ASSERT_TRUE(a.starts_with("%PDF") && b.starts_with("%PDF")) << a.substr(0, 80) << " / " << b.substr(0, 80);
  EXPECT_EQ(PdfToText(a, "thread_a"), PdfToText(b, "thread_b"));
}

}  // namespace
}  // namespace byteback::report
