// cli_ocr_test.cc: `byteback ocr` on a generated screenshot (text and JSON
// output with the Shield verdict) and on a file that is not the image it
// claims to be (error naming the file, exit code 2, other files still read).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "ocr/screenshot.h"
#include "testing/temp_dir.h"

namespace byteback::ocr {
namespace {

const std::string kBin = std::string(BB_BINARY_DIR) + "/byteback";

struct Proc {
  int code = -1;
  std::string out;
};

Proc RunBinary(const std::string& args) {
  Proc r;
  FILE* p = ::popen((kBin + " " + args + " 2>&1").c_str(), "r");
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int st = ::pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

class CliOcrTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    std::ofstream(dir_.File("shot.png"), std::ios::binary)
        << RenderScreenshot({{"shut up you stupid bitch", "Noto Sans 24"}}, 600);
    std::ofstream(dir_.File("fake.png"), std::ios::binary) << "%PDF-1.7\n";
  }
  testing::TempDir dir_;
};

TEST_F(CliOcrTest, PrintsTextAndVerdict) {
  Proc r = RunBinary("ocr --lang eng " + dir_.File("shot.png"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("stupid bitch"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-- shield: abusive"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("image/png 600x"), std::string::npos) << r.out;
}

TEST_F(CliOcrTest, JsonLinePerImage) {
  Proc r = RunBinary("ocr --lang eng --json " + dir_.File("shot.png"));
  ASSERT_EQ(r.code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["mime"], "image/png");
  EXPECT_EQ(j["sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(j["lines"].empty());
  EXPECT_NE(j["verdict"]["labels"].dump().find("gendered"), std::string::npos) << r.out;
}

TEST_F(CliOcrTest, WrongTypeIsNamedAndOthersStillRead) {
  Proc r = RunBinary("ocr --lang eng " + dir_.File("fake.png") + " " + dir_.File("shot.png"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find(dir_.File("fake.png") + ": not a supported image"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stupid bitch"), std::string::npos) << r.out;
  Proc missing = RunBinary("ocr --lang eng+xyz " + dir_.File("shot.png"));
  EXPECT_EQ(missing.code, 3) << missing.out;
  EXPECT_NE(missing.out.find("tesseract-ocr-xyz"), std::string::npos) << missing.out;
}

}  // namespace
}  // namespace byteback::ocr
