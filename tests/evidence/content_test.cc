// content_test.cc: content sniffing, declared-type checks, and streaming
// SHA-256 with a size limit (the "2 GB upload" must-show, without using 2 GB
// of disk or reading it).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "evidence_test_util.h"

namespace byteback::evidence {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
const std::string kJpeg = "\xff\xd8\xff\xe0\x00\x10JFIF";
const std::string kPdf = "%PDF-1.7\n1 0 obj\n";
const std::string kMp4 = std::string("\0\0\0\x18" "ftypmp42\0\0\0\0", 16);
const std::string kWebp = std::string("RIFF\x24\0\0\0WEBPVP8 ", 16);
const std::string kZip = std::string("PK\x03\x04\x14\0\0\0", 8);

TEST(ContentTest, SniffsMagicNumbers) {
  EXPECT_EQ(SniffMime(kPng), "image/png");
  EXPECT_EQ(SniffMime(kJpeg), "image/jpeg");
  EXPECT_EQ(SniffMime("GIF89a\x01\x00"), "image/gif");
  EXPECT_EQ(SniffMime(kWebp), "image/webp");
  EXPECT_EQ(SniffMime(kPdf), "application/pdf");
  EXPECT_EQ(SniffMime(kZip), "application/zip");
  EXPECT_EQ(SniffMime(kMp4), "video/mp4");
  EXPECT_EQ(SniffMime("  {\"text\": \"तुम\"}\n"), "application/json");
  EXPECT_EQ(SniffMime("[1,2"), "text/plain");  // not JSON: plain text
  EXPECT_EQ(SniffMime("\xef\xbb\xbfসাংবাদিক\r\n"), "text/plain");
  EXPECT_EQ(SniffMime(""), "text/plain");
  EXPECT_EQ(SniffMime(std::string("MZ\x90\0\x03", 5)), "application/octet-stream");
  EXPECT_EQ(SniffMime("text\xff"), "application/octet-stream");
  EXPECT_EQ(SniffMime("bell\a"), "application/octet-stream");
}

TEST(ContentTest, PdfClaimingToBePngIsRefusedWithAClearError) {
  auto r = CheckDeclaredType("image/png", "threat.png", kPdf);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "upload 'threat.png': declared image/png but the content is application/pdf");
  // The extension alone lies too.
  r = CheckDeclaredType("", "threat.png", kPdf);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("the extension says image/png"), std::string::npos);
  // Declared right, extension wrong.
  EXPECT_FALSE(CheckDeclaredType("application/pdf", "threat.png", kPdf).ok());
}

TEST(ContentTest, AcceptsAgreeingDeclarations) {
  EXPECT_EQ(*CheckDeclaredType("image/png", "a.PNG", kPng), "image/png");
  EXPECT_EQ(*CheckDeclaredType("image/jpg", "a.jpeg", kJpeg), "image/jpeg");
  EXPECT_EQ(*CheckDeclaredType("Application/Octet-Stream", "clip.mp4", kMp4), "video/mp4");
  EXPECT_EQ(*CheckDeclaredType("text/plain; charset=utf-8", "dm.txt", "धमकी"), "text/plain");
  EXPECT_EQ(*CheckDeclaredType("text/csv", "export.csv", "a,b\n1,2\n"), "text/plain");
  EXPECT_EQ(*CheckDeclaredType("", "tweets.jsonl", "{\"a\":1}\n{\"a\":2}\n"), "text/plain");
  EXPECT_EQ(*CheckDeclaredType("application/json", "x.json", "{\"a\":1}"), "application/json");
  EXPECT_EQ(*CheckDeclaredType("", "no-extension", kPng), "image/png");
}

TEST(ContentTest, RefusesUnrecognisedContent) {
  auto r = CheckDeclaredType("application/octet-stream", "tool.exe", std::string("MZ\x90\0", 4));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not recognised"), std::string::npos);
  EXPECT_FALSE(CheckDeclaredType("application/json", "x.json", "not json").ok());
}

TEST(ContentTest, CheckUploadGivesWhatTheItemNeeds) {
  auto u = CheckUpload("image/png", "shot.png", kPng);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->mime, "image/png");
  EXPECT_EQ(u->sha256, crypto::Sha256Hex(kPng));
  EXPECT_EQ(u->size, kPng.size());
  auto big = CheckUpload("image/png", "shot.png", kPng, 8);
  EXPECT_EQ(big.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(big.status().message(), "upload 'shot.png' is 16 bytes, over the limit of 8 bytes");
  EXPECT_EQ(CheckUpload("image/png", "shot.png", kPdf).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ContentTest, Sha256HasherMatchesKnownVectorAcrossChunks) {
  Sha256Hasher h;
  ASSERT_TRUE(h.Update("a").ok());
  ASSERT_TRUE(h.Update("").ok());
  ASSERT_TRUE(h.Update("bc").ok());
  EXPECT_EQ(h.bytes(), 3u);
  EXPECT_EQ(h.Finish(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ContentTest, Sha256HasherStopsAtTheLimitOfAGeneratedStream) {
  // A stream that would never end: chunks are generated, not stored.
  constexpr uint64_t kLimit = 1 << 20;
  Sha256Hasher h(kLimit);
  const std::string chunk(64 * 1024, 'x');
  int accepted = 0;
  Status s;
  while ((s = h.Update(chunk)).ok()) ++accepted;
  EXPECT_EQ(accepted, 16);  // exactly the limit
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("1048576"), std::string::npos);
  EXPECT_FALSE(h.Update("y").ok());  // stays failed
  EXPECT_EQ(h.bytes(), kLimit);
}

TEST(ContentTest, TwoGigabyteUploadIsRefusedWithoutReadingIt) {
  testing::TempDir dir;
  const std::string path = dir.File("huge.mp4");
  int fd = ::open(path.c_str(), O_CREAT | O_WRONLY, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, 2ll << 30), 0);  // sparse: no disk used
  ::close(fd);
  auto r = Sha256File(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find("huge.mp4' is 2147483648 bytes, over the limit of "),
            std::string::npos)
      << r.status().message();
}

TEST(ContentTest, EndlessDeviceIsCutAtTheLimit) {
  auto r = Sha256File("/dev/zero", 256 * 1024);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find("/dev/zero"), std::string::npos);
}

TEST(ContentTest, Sha256FileHashesASmallFile) {
  testing::TempDir dir;
  std::string data(200000, 'q');
  data += "तुम";
  testutil::WriteAll(dir.File("a.txt"), data);
  auto r = Sha256File(dir.File("a.txt"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->sha256, crypto::Sha256Hex(data));
  EXPECT_EQ(r->size, data.size());
  EXPECT_EQ(Sha256File(dir.File("missing")).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace byteback::evidence
