// archive_test.cc: SafeArchive against hostile ZIPs (bombs, traversal,
// absolute paths, symlinks, duplicates): a clear error naming the entry and
// nothing written outside (or, on failure, inside) the target directory.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "evidence_test_util.h"

namespace byteback::evidence {
namespace {

namespace fs = std::filesystem;
using internal::ZipMember;

// Every path under `root` with its size: a snapshot to compare.
std::map<std::string, uintmax_t> Snapshot(const fs::path& root) {
  std::map<std::string, uintmax_t> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    out[e.path().string()] = e.is_regular_file() ? e.file_size() : 0;
  return out;
}

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    target_ = dir_.File("store");
    fs::create_directories(target_);
    testutil::WriteAll(dir_.File("keep.txt"), "outside");
  }
  std::string Zip(const std::vector<ZipMember>& members) {
    const std::string path = dir_.File("upload-" + std::to_string(n_++) + ".zip");
    testutil::WriteMembers(path, members);
    return path;
  }
  // Opens and, if that succeeds, extracts; returns the first error. The
  // whole temp dir (the target's parent) must be unchanged but for the zip.
  Status OpenAndExtract(const std::string& zip, const ArchiveLimits& limits = {}) {
    const auto before = Snapshot(dir_.File(""));
    Status s;
    auto a = SafeArchive::Open(zip, limits);
    if (!a.ok()) {
      s = a.status();
    } else {
      s = a->ExtractAll(target_);
    }
    if (!s.ok()) {
      EXPECT_EQ(Snapshot(dir_.File("")), before) << "something was written";
      EXPECT_TRUE(fs::is_empty(target_));
    }
    EXPECT_FALSE(fs::exists("/etc/passwd.bbtest"));
    return s;
  }
  testing::TempDir dir_;
  std::string target_;
  int n_ = 0;
};

TEST_F(ArchiveTest, ExtractsANormalArchiveInsideTheTarget) {
  const std::string zip = Zip({{"files/", "", true, S_IFDIR | 0755},
                               {"files/1-a.txt", "धमकी", true, 0},
                               {"files/deep/2-b.png", "\x89PNG\r\n\x1a\n", false, 0},
                               {"manifest.json", "{}", true, 0}});
  auto a = SafeArchive::Open(zip);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->entries().size(), 4u);
  ASSERT_NE(a->Find("manifest.json"), nullptr);
  EXPECT_EQ(*a->Read(*a->Find("manifest.json"), 100), "{}");
  EXPECT_EQ(a->Read(*a->Find("files/1-a.txt"), 3).status().code(),
            StatusCode::kResourceExhausted);
  ASSERT_TRUE(a->ExtractAll(target_).ok());
  EXPECT_EQ(testutil::ReadAll(target_ + "/files/1-a.txt"), "धमकी");
  EXPECT_EQ(testutil::ReadAll(target_ + "/files/deep/2-b.png"), "\x89PNG\r\n\x1a\n");
  EXPECT_EQ(fs::status(target_ + "/files/1-a.txt").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(ArchiveTest, DotDotEtcPasswdIsRefused) {
  Status s = OpenAndExtract(Zip({{"ok.txt", "fine", true, 0},
                                 {"../../etc/passwd.bbtest", "root::0:0::/:/bin/sh\n", true, 0}}));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("entry '../../etc/passwd.bbtest': '..' component (path traversal)"),
            std::string::npos)
      << s.message();
  s = OpenAndExtract(Zip({{"files/../../x", "x", true, 0}}));
  EXPECT_NE(s.message().find("path traversal"), std::string::npos) << s.message();
}

TEST_F(ArchiveTest, AbsolutePathsBackslashesAndOddNamesAreRefused) {
  struct Case {
    std::string name, needle;
  } cases[] = {{"/etc/passwd.bbtest", "absolute path"},
               {"..\\..\\evil.txt", "backslash"},
               {"C:/Windows/evil.txt", "drive letter"},
               {"a//b.txt", "empty or '.' component"},
               {"./a.txt", "empty or '.' component"},
               {"a\nb.txt", "control character"}};
  for (const Case& c : cases) {
    Status s = OpenAndExtract(Zip({{c.name, "x", true, 0}}));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(s.message().find(c.needle), std::string::npos) << c.name << ": " << s.message();
  }
}

TEST_F(ArchiveTest, SymlinkEntryIsRefused) {
  Status s = OpenAndExtract(Zip({{"files/", "", true, S_IFDIR | 0755},
                                 {"files/link", "/etc/passwd", false, S_IFLNK | 0777}}));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("entry 'files/link': symbolic link"), std::string::npos)
      << s.message();
  s = OpenAndExtract(Zip({{"fifo", "", false, S_IFIFO | 0644}}));
  EXPECT_NE(s.message().find("not a regular file"), std::string::npos) << s.message();
}

TEST_F(ArchiveTest, DuplicateNamesAreRefusedAlsoCaseInsensitively) {
  Status s = OpenAndExtract(Zip({{"Report.pdf", "a", true, 0}, {"report.PDF", "b", true, 0}}));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("duplicate name"), std::string::npos) << s.message();
  // An exact duplicate needs hand-made bytes: libzip will not write one.
  std::string bytes = *internal::ZipBytes({{"a.txt", "1", false, 0}, {"b.txt", "2", false, 0}});
  for (size_t pos = 0; (pos = bytes.find("b.txt", pos)) != std::string::npos;) bytes[pos] = 'a';
  const std::string path = dir_.File("dup.zip");
  testutil::WriteAll(path, bytes);
  s = OpenAndExtract(path);
  EXPECT_FALSE(s.ok());
}

TEST_F(ArchiveTest, ZipBombIsRefusedBeforeInflating) {
  // 10 MiB of zeros deflates to ~10 KiB: a ratio of ~1000:1.
  const std::string zip = Zip({{"small.txt", "hello", true, 0},
                               {"bomb.txt", std::string(10 << 20, '\0'), true, 0}});
  Status s = OpenAndExtract(zip);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("entry 'bomb.txt': compression ratio over 100:1 (zip bomb?)"),
            std::string::npos)
      << s.message();
  // With a ratio allowance, the size limit still holds.
  ArchiveLimits limits;
  limits.max_ratio = 1u << 20;
  limits.max_entry_bytes = 1 << 20;
  s = OpenAndExtract(zip, limits);
  EXPECT_NE(s.message().find("over the limit of 1048576"), std::string::npos) << s.message();
  limits.max_entry_bytes = 64 << 20;
  limits.max_total_bytes = 5 << 20;
  s = OpenAndExtract(zip, limits);
  EXPECT_NE(s.message().find("bytes uncompressed in total"), std::string::npos) << s.message();
}

// Rewrites the declared uncompressed size (local header and central
// directory) of the only entry: a bomb that lies about its size.
std::string LieAboutSize(std::string zip, uint32_t declared) {
  auto put32 = [&](size_t at) {
    for (int i = 0; i < 4; ++i) zip[at + i] = static_cast<char>((declared >> (8 * i)) & 0xff);
  };
  EXPECT_EQ(zip.compare(0, 4, "PK\x03\x04"), 0);
  put32(22);
  const size_t cd = zip.find("PK\x01\x02");
  EXPECT_NE(cd, std::string::npos);
  put32(cd + 24);
  return zip;
}

TEST_F(ArchiveTest, BombThatLiesAboutItsSizeStopsAtTheDeclaredSize) {
  std::string bytes = *internal::ZipBytes({{"liar.txt", std::string(4 << 20, 'A'), true, 0}});
  const std::string path = dir_.File("liar.zip");
  testutil::WriteAll(path, LieAboutSize(bytes, 1000));
  auto a = SafeArchive::Open(path);
  if (!a.ok()) {  // libzip's consistency check caught it first: also fine
    SUCCEED() << a.status().ToString();
    return;
  }
  ASSERT_EQ(a->entries()[0].size, 1000u);
  uint64_t seen = 0;
  Status s = a->Stream(a->entries()[0], [&](std::string_view c) {
    seen += c.size();
    return Status::Ok();
  });
  EXPECT_TRUE(s.code() == StatusCode::kResourceExhausted || s.code() == StatusCode::kCorruption)
      << s.ToString();
  EXPECT_NE(s.message().find("liar.txt"), std::string::npos);
  EXPECT_LE(seen, 1000u);
  EXPECT_FALSE(OpenAndExtract(path).ok());
}

TEST_F(ArchiveTest, TooManyEntriesAndNotAZip) {
  ArchiveLimits limits;
  limits.max_entries = 3;
  Status s = OpenAndExtract(
      Zip({{"1", "", true, 0}, {"2", "", true, 0}, {"3", "", true, 0}, {"4", "", true, 0}}), limits);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("more than 3 entries"), std::string::npos);
  testutil::WriteAll(dir_.File("not.zip"), "%PDF-1.4 not a zip at all");
  s = OpenAndExtract(dir_.File("not.zip"));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("not a readable ZIP"), std::string::npos) << s.message();
  EXPECT_EQ(SafeArchive::Open(dir_.File("absent.zip")).status().code(), StatusCode::kNotFound);
}

TEST_F(ArchiveTest, FailedExtractionRemovesWhatItCreated) {
  // The second entry collides with an existing file: nothing new remains.
  fs::create_directories(target_ + "/old");
  testutil::WriteAll(target_ + "/old/x.txt", "existing");
  const auto before = Snapshot(target_);
  auto a = SafeArchive::Open(Zip({{"new/a.txt", "a", true, 0}, {"old/x.txt", "b", true, 0}}));
  ASSERT_TRUE(a.ok());
  Status s = a->ExtractAll(target_);
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_NE(s.message().find("old/x.txt"), std::string::npos);
  EXPECT_EQ(Snapshot(target_), before);
  EXPECT_EQ(testutil::ReadAll(target_ + "/old/x.txt"), "existing");
}

TEST_F(ArchiveTest, ExtractionDoesNotFollowASymlinkedDirectory) {
  // A directory in the target replaced by a symlink to outside.
  fs::create_directories(dir_.File("outside"));
  fs::create_directory_symlink(dir_.File("outside"), target_ + "/files");
  auto a = SafeArchive::Open(Zip({{"files/a.txt", "a", true, 0}}));
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->ExtractAll(target_).ok());
  EXPECT_TRUE(fs::is_empty(dir_.File("outside")));
}

TEST(ArchiveMemoryTest, UploadBodyInMemoryGetsTheSameChecks) {
  auto good = SafeArchive::OpenMemory(*internal::ZipBytes({{"a/b.txt", "धमकी", true, 0}}),
                                      "upload.zip");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  SafeArchive moved = std::move(good).value();  // the bytes move with it
  EXPECT_EQ(*moved.Read(*moved.Find("a/b.txt"), 100), "धमकी");
  auto bad = SafeArchive::OpenMemory(
      *internal::ZipBytes({{"../../etc/passwd", "x", true, 0}}), "upload.zip");
  EXPECT_EQ(bad.status().message(),
            "'upload.zip': entry '../../etc/passwd': '..' component (path traversal)");
  auto junk = SafeArchive::OpenMemory("PK\x03\x04 truncated", "upload.zip");
  EXPECT_EQ(junk.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(junk.status().message().find("'upload.zip' is not a readable ZIP"), std::string::npos);
}

TEST(ArchiveNameTest, CheckEntryName) {
  EXPECT_TRUE(CheckEntryName("files/1-a.png").ok());
  EXPECT_TRUE(CheckEntryName("files/").ok());
  EXPECT_TRUE(CheckEntryName("फ़ाइल/धमकी.txt").ok());
  EXPECT_FALSE(CheckEntryName("").ok());
  EXPECT_FALSE(CheckEntryName("..").ok());
  EXPECT_FALSE(CheckEntryName("a/..").ok());
  EXPECT_FALSE(CheckEntryName("\xc0\xaf").ok());
  EXPECT_FALSE(CheckEntryName(std::string(600, 'a')).ok());
  std::string deep;
  for (int i = 0; i < 20; ++i) deep += "d/";
  EXPECT_FALSE(CheckEntryName(deep + "f").ok());
}

}  // namespace
}  // namespace byteback::evidence
