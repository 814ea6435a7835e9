// import_cli_test.cc: runs the real byteback binary on the sample exports:
// `import` writes scored JSONL and keeps what it read before an error;
// `triage` writes the HTML report (blurred, escaped, counted) and the CSV.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "testing/temp_dir.h"

namespace {

const std::string kBin = std::string(BB_BINARY_DIR) + "/byteback";
const std::string kData = std::string(BB_SOURCE_DIR) + "/tests/imports/data/";

struct Proc {
  int code = -1;
  std::string out;  // stdout and stderr
};

Proc Sh(const std::string& args) {
  std::string cmd = kBin + " " + args + " 2>&1 < /dev/null";
  Proc r;
  FILE* p = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = ::pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t Count(const std::string& s, const std::string& part) {
  size_t n = 0;
  for (size_t p = 0; (p = s.find(part, p)) != std::string::npos; p += part.size()) ++n;
  return n;
}

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(ImportCliTest, ImportWritesScoredJsonl) {
  byteback::testing::TempDir dir;
  const std::string out = dir.File("out.jsonl");
  Proc r = Sh("import " + kData + "whatsapp_android_12h.txt " + kData + "tweets.js --out " + out);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(Has(r.out, "imported 7 messages from 2 file(s)")) << r.out;
  std::string jsonl = Read(out);
  EXPECT_EQ(Count(jsonl, "\n"), 7u);
  EXPECT_TRUE(Has(jsonl, "\"platform\":\"whatsapp\",\"author\":\"Troll King\",\"time\":\"2021-01-01T09:05:00Z\""));
  EXPECT_TRUE(Has(jsonl, "\"text\":\"we know where you live, you will be hurt\""));
  EXPECT_TRUE(Has(jsonl, "\"severity\":\"severe\",\"category\":\"threat\""));
  EXPECT_TRUE(Has(jsonl, "\"scores\":{\"abusive\":"));
  EXPECT_TRUE(Has(jsonl, "\"model\":\"shield-"));
  EXPECT_TRUE(Has(jsonl, "\"url\":\"https://x.com/i/web/status/1580000000000000001\""));
}

TEST(ImportCliTest, BrokenFileKeepsEarlierMessagesAndFails) {
  byteback::testing::TempDir dir;
  const std::string out = dir.File("out.jsonl");
  Proc r = Sh("import " + kData + "broken/whatsapp_latin1.txt " + kData + "generic.jsonl --out " + out);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(Has(r.out, "whatsapp_latin1.txt:4: invalid UTF-8")) << r.out;
  // 2 messages before the bad line, then the next file still imported.
  EXPECT_EQ(Count(Read(out), "\n"), 5u);
}

TEST(ImportCliTest, BadFlagsAreClear) {
  EXPECT_EQ(Sh("import --format myspace x").code, 2);
  Proc r = Sh("import --map colour=x " + kData + "generic.csv --out /dev/null");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(Has(r.out, "unknown field 'colour'")) << r.out;
  r = Sh("import " + kData + " --out /dev/null");
  EXPECT_TRUE(Has(r.out, "is a folder")) << r.out;
}

TEST(ImportCliTest, TriageFromExportsAndFromImportJsonl) {
  byteback::testing::TempDir dir;
  const std::string html = dir.File("report.html"), csv = dir.File("report.csv"), jsonl = dir.File("m.jsonl");
  Proc r = Sh("triage " + kData + "whatsapp_android_12h.txt " + kData + "threat.eml --out " + html + " --csv " + csv);
  ASSERT_EQ(r.code, 0) << r.out;
  std::string h = Read(html);
  EXPECT_TRUE(Has(h, "<!DOCTYPE html>"));
  EXPECT_TRUE(Has(h, "class=\"blur\""));
  EXPECT_TRUE(Has(h, "we know where you live, you will be hurt"));
  EXPECT_TRUE(Has(h, "We know where you live “journalist”."));
  // The count depends on how the model grades "go back to the kitchen"
  // (low or high); the threat is always counted.
  EXPECT_TRUE(Has(h, "<td>Troll King</td><td>1</td>") || Has(h, "<td>Troll King</td><td>2</td>"));
  EXPECT_TRUE(Has(h, "<td class=\"sev-severe\">severe</td><td>2</td>"));
  EXPECT_TRUE(Has(h, "6 messages read"));
  std::string c = Read(csv);
  EXPECT_TRUE(Has(c, "\"severe\",\"threat\",\"whatsapp\",\"Troll King\""));

  // The JSONL `import` wrote gives the same report without rescoring.
  ASSERT_EQ(Sh("import " + kData + "whatsapp_android_12h.txt " + kData + "threat.eml --out " + jsonl).code, 0);
  const std::string html2 = dir.File("report2.html");
  r = Sh("triage " + jsonl + " --out " + html2);
  ASSERT_EQ(r.code, 0) << r.out;
  std::string h2 = Read(html2);
  EXPECT_TRUE(Has(h2, "<td class=\"sev-severe\">severe</td><td>2</td>"));
  EXPECT_TRUE(Has(h2, "6 messages read"));
}

TEST(ImportCliTest, TriageEscapesHostileText) {
  byteback::testing::TempDir dir;
  const std::string in = dir.File("hostile.jsonl"), html = dir.File("r.html");
  std::ofstream(in) << "{\"text\":\"<img src=x onerror=alert(1)> we know where you live, you will be hurt\","
                       "\"author\":\"<b>x</b>\",\"url\":\"javascript:alert(1)\"}\n";
  Proc r = Sh("triage " + in + " --out " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  std::string h = Read(html);
  EXPECT_FALSE(Has(h, "<img src=x"));
  EXPECT_TRUE(Has(h, "&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_TRUE(Has(h, "&lt;b&gt;x&lt;/b&gt;"));
  EXPECT_FALSE(Has(h, "href=\"javascript"));
}

}  // namespace
