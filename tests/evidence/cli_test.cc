// cli_test.cc: the real byteback binary builds a pack from a folder
// (`evidence pack`) and checks it (`evidence verify`), as a lawyer or a
// platform's trust-and-safety analyst would: exit 0 when it verifies,
// non-zero with the named item when it does not.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "evidence_test_util.h"

namespace byteback::evidence {
namespace {

namespace fs = std::filesystem;
const std::string kBin = std::string(BB_BINARY_DIR) + "/byteback";

struct Proc {
  int code = -1;
  std::string out;
};

Proc Byteback(const std::string& args) {
  const std::string cmd = kBin + " " + args + " </dev/null 2>&1";
  Proc r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int st = ::pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

class EvidenceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    const std::string in = dir_.File("in");
    fs::create_directories(in);
    testutil::WriteAll(in + "/01-dm.txt", "तुम्हें सबक सिखाएंगे\n");
    testutil::WriteAll(in + "/02-screenshot.png",
                       std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\x01'));
    testutil::WriteAll(in + "/03-reply.pdf", "%PDF-1.4\n%%EOF\n");
    testutil::WriteAll(in + "/.hidden", "skipped");
    pack_ = dir_.File("pack.zip");
    key_ = dir_.File("signing.key");
    Proc r = Byteback("evidence pack --dir " + in + " --incident inc-cli --key " + key_ + " --out " +
                 pack_ + " --captured-by focal-person-3");
    ASSERT_EQ(r.code, 0) << r.out;
    ASSERT_NE(r.out.find("3 items"), std::string::npos) << r.out;
  }
  std::string PublicKey() { return testutil::MakeSigner(key_)->public_key_hex(); }

  testing::TempDir dir_;
  std::string pack_, key_;
};

TEST_F(EvidenceCliTest, VerifiesAnUntouchedPack) {
  Proc r = Byteback("evidence verify " + pack_ + " --public-key " + PublicKey());
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("OK: every item"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("matches the trusted key"), std::string::npos) << r.out;
  // The key may also come from a file.
  testutil::WriteAll(dir_.File("server.pub"), PublicKey() + "\n");
  r = Byteback("evidence verify --json " + pack_ + " --public-key " + dir_.File("server.pub"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"ok\":true"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"files_checked\":3"), std::string::npos) << r.out;
}

TEST_F(EvidenceCliTest, NamesTheTamperedItem) {
  std::vector<internal::ZipMember> ms = testutil::ReadMembers(pack_);
  internal::ZipMember* m = testutil::FindMember(ms, "files/2-02-screenshot.png");
  ASSERT_NE(m, nullptr);
  m->data[20] ^= 0x10;
  testutil::WriteMembers(pack_, ms);
  Proc r = Byteback("evidence verify " + pack_);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("FAILED: item 2 (files/2-02-screenshot.png): sha256 mismatch"),
            std::string::npos)
      << r.out;
  r = Byteback("evidence verify --json " + pack_);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("\"first_bad_seq\":2"), std::string::npos) << r.out;
}

TEST_F(EvidenceCliTest, RefusesTheWrongKeyAndUnusableInput) {
  testing::TempDir other;
  const std::string other_key = testutil::MakeSigner(other.File("k"))->public_key_hex();
  Proc r = Byteback("evidence verify " + pack_ + " --public-key " + other_key);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("not by the trusted key"), std::string::npos) << r.out;
  EXPECT_EQ(Byteback("evidence verify " + pack_ + " --public-key nonsense").code, 2);
  testutil::WriteAll(dir_.File("junk.zip"), "junk");
  r = Byteback("evidence verify " + dir_.File("junk.zip"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("not a readable ZIP"), std::string::npos) << r.out;
  EXPECT_NE(Byteback("evidence verify " + dir_.File("absent.zip")).code, 0);
  EXPECT_NE(Byteback("evidence").code, 0);
}

TEST_F(EvidenceCliTest, VerifyRefusesAZipBomb) {
  testutil::WriteMembers(dir_.File("bomb.zip"),
                         {{"manifest.json", "{}", true, 0},
                          {"files/1-a.txt", std::string(8 << 20, '\0'), true, 0}});
  Proc r = Byteback("evidence verify " + dir_.File("bomb.zip"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("entry 'files/1-a.txt': compression ratio over 100:1 (zip bomb?)"),
            std::string::npos)
      << r.out;
}

TEST_F(EvidenceCliTest, PackRefusesATwoGigabyteFile) {
  const std::string in = dir_.File("big");
  fs::create_directories(in);
  const std::string big = in + "/video.mp4";
  testutil::WriteAll(big, "");
  fs::resize_file(big, 2ull << 30);  // sparse: no disk used, nothing read
  Proc r = Byteback("evidence pack --dir " + in + " --incident x --key " + key_ + " --out " +
                    dir_.File("big.zip"));
  EXPECT_NE(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("video.mp4' is 2147483648 bytes, over the limit of 268435456 bytes"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir_.File("big.zip")));
}

TEST_F(EvidenceCliTest, PackRefusesAFileThatLiesAboutItsType) {
  const std::string in = dir_.File("lying");
  fs::create_directories(in);
  testutil::WriteAll(in + "/photo.png", "%PDF-1.4\n%%EOF\n");
  Proc r = Byteback("evidence pack --dir " + in + " --incident x --key " + key_ + " --out " +
               dir_.File("lying.zip"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("the extension says image/png but the content is application/pdf"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir_.File("lying.zip")));
}

}  // namespace
}  // namespace byteback::evidence
