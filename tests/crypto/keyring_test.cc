#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>

#include "crypto/crypto.h"
#include "testing/temp_dir.h"
#include "gtest/gtest.h"

namespace byteback::crypto {
namespace {

using byteback::testing::TempDir;

std::unique_ptr<Keyring> FixedRing(std::map<uint32_t, std::string> keys = {
                                       {1, std::string(32, 'k')}}) {
  auto r = Keyring::FromKeys(keys);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
}

TEST(KeyringTest, SealOpenRoundTrip) {
  auto ring = FixedRing();
  for (std::string plain : {std::string(), std::string("a@example.org"),
                            std::string(5000, '\xe0')}) {
    Result<std::string> sealed = ring->Seal(plain, "users.email.7");
    ASSERT_TRUE(sealed.ok());
    EXPECT_EQ(sealed->rfind("bb1.1.", 0), 0u);
    EXPECT_EQ(sealed->find(plain.empty() ? "\x01" : plain), std::string::npos);
    Result<std::string> back = ring->Open(*sealed, "users.email.7");
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, plain);
  }
}

TEST(KeyringTest, SealingTwiceGivesDifferentText) {
  auto ring = FixedRing();
  EXPECT_NE(*ring->Seal("x", "a"), *ring->Seal("x", "a"));
}

TEST(KeyringTest, EveryFlippedByteIsCorruption) {
  auto ring = FixedRing();
  std::string sealed = *ring->Seal("victim statement", "incidents.title.1");
  std::string box = *Base64UrlDecode(sealed.substr(6));
  for (size_t i = 0; i < box.size(); ++i) {
    std::string bad = box;
    bad[i] ^= 0x01;
    Result<std::string> r =
        ring->Open("bb1.1." + Base64UrlEncode(bad), "incidents.title.1");
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << "byte " << i;
  }
  // A flipped character of the printable text is also caught.
  std::string text = sealed;
  text[10] = text[10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(ring->Open(text, "incidents.title.1").status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(ring->Open(sealed.substr(0, sealed.size() - 1), "incidents.title.1")
                .status()
                .code(),
            StatusCode::kCorruption);
}

TEST(KeyringTest, WrongAadIsCorruption) {
  auto ring = FixedRing();
  std::string sealed = *ring->Seal("secret", "users.email.1");
  EXPECT_EQ(ring->Open(sealed, "users.email.2").status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(ring->Open(sealed, "").status().code(), StatusCode::kCorruption);
}

TEST(KeyringTest, MalformedAndUnknownKeyValues) {
  auto ring = FixedRing();
  for (const char* bad :
       {"", "bb1", "bb1.", "bb1.1", "bb1.1.", "bb2.1.AAAA", "bb1.01.AAAA",
        "bb1.-1.AAAA", "bb1.0.AAAA", "bb1.99999999999.AAAA", "bb1.1.@@@@"}) {
    EXPECT_EQ(ring->Open(bad, "").status().code(), StatusCode::kCorruption)
        << bad;
    EXPECT_FALSE(ring->IsPrimary(bad)) << bad;
  }
  std::string sealed = *ring->Seal("x", "");
  EXPECT_EQ(ring->Open("bb1.2." + sealed.substr(6), "").status().code(),
            StatusCode::kNotFound);
}

TEST(KeyringTest, KeyFileCreatedPrivateAndReloaded) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.File("keys");
  auto first = Keyring::LoadOrCreate(path);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ((*first)->primary_key_id(), 1u);
  std::string sealed = *(*first)->Seal("hello", "t.c.1");
  auto again = Keyring::LoadOrCreate(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->Open(sealed, "t.c.1"), "hello");
  EXPECT_EQ((*again)->BlindIndex("email:a@b.c"),
            (*first)->BlindIndex("email:a@b.c"));
}

TEST(KeyringTest, GroupOrWorldReadableKeyFileIsRefused) {
  TempDir dir;
  const std::string path = dir.File("keys");
  ASSERT_TRUE(Keyring::LoadOrCreate(path).ok());
  for (mode_t mode : {0644, 0640, 0604, 0660}) {
    ::chmod(path.c_str(), mode);
    auto r = Keyring::LoadOrCreate(path);
    EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << mode;
    EXPECT_NE(r.status().message().find("chmod 600"), std::string::npos)
        << r.status().message();
    EXPECT_EQ(Keyring::RotateFile(path).code(),
              StatusCode::kFailedPrecondition);
  }
  ::chmod(path.c_str(), 0400);
  EXPECT_TRUE(Keyring::LoadOrCreate(path).ok());
}

TEST(KeyringTest, MalformedKeyFileIsCorruption) {
  TempDir dir;
  const std::string good_key = Base64UrlEncode(std::string(32, 'x'));
  const std::string cases[] = {
      "",
      "bbkeyring v2\nkey 1 " + good_key + "\n",
      "key 1 " + good_key + "\n",
      "bbkeyring v1\n",
      "bbkeyring v1\nkey 1 AAAA\n",
      "bbkeyring v1\nkey 0 " + good_key + "\n",
      "bbkeyring v1\nkey 1 " + good_key + "\nkey 1 " + good_key + "\n",
      "bbkeyring v1\nkey 1  " + good_key + "\n",
      "bbkeyring v1\nkeys 1 " + good_key + "\n",
  };
  int i = 0;
  for (const std::string& text : cases) {
    const std::string path = dir.File("bad" + std::to_string(i++));
    WriteFile(path, text, 0600);
    EXPECT_EQ(Keyring::LoadOrCreate(path).status().code(),
              StatusCode::kCorruption)
        << text;
  }
  const std::string ok = dir.File("ok");
  WriteFile(ok, "# comment\n\nbbkeyring v1\nkey 3 " + good_key + "\n", 0600);
  auto r = Keyring::LoadOrCreate(ok);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->primary_key_id(), 3u);
}

TEST(KeyringTest, MissingDirectoryIsIOError) {
  TempDir dir;
  EXPECT_EQ(Keyring::LoadOrCreate(dir.File("no/such/keys")).status().code(),
            StatusCode::kIOError);
  EXPECT_EQ(Keyring::RotateFile(dir.File("absent")).code(),
            StatusCode::kNotFound);
}

TEST(KeyringTest, RotationKeepsOldValuesReadable) {
  TempDir dir;
  const std::string path = dir.File("keys");
  auto before = std::move(Keyring::LoadOrCreate(path)).value();
  const std::string old_sealed = *before->Seal("old secret", "a.b.1");
  const std::string old_index = before->BlindIndex("email:x@y.z");
  EXPECT_TRUE(before->IsPrimary(old_sealed));

  ASSERT_TRUE(Keyring::RotateFile(path).ok());
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto after = std::move(Keyring::LoadOrCreate(path)).value();
  EXPECT_EQ(after->primary_key_id(), 2u);
  EXPECT_EQ(after->key_count(), 2u);
  EXPECT_FALSE(after->IsPrimary(old_sealed));
  EXPECT_EQ(*after->Open(old_sealed, "a.b.1"), "old secret");
  const std::string resealed = *after->Seal("old secret", "a.b.1");
  EXPECT_TRUE(after->IsPrimary(resealed));
  EXPECT_EQ(resealed.rfind("bb1.2.", 0), 0u);
  EXPECT_EQ(before->Open(resealed, "a.b.1").status().code(),
            StatusCode::kNotFound);
  // Blind indexes survive rotation (they hang on the first key).
  EXPECT_EQ(after->BlindIndex("email:x@y.z"), old_index);
  // The file keeps the old key line verbatim.
  const std::string text = ReadAll(path);
  EXPECT_NE(text.find("key 1 "), std::string::npos);
  EXPECT_NE(text.find("key 2 "), std::string::npos);
}

TEST(KeyringTest, BlindIndexIsKeyedAndDeterministic) {
  auto a = FixedRing({{1, std::string(32, 'a')}});
  auto b = FixedRing({{1, std::string(32, 'b')}});
  EXPECT_EQ(a->BlindIndex("email:x"), a->BlindIndex("email:x"));
  EXPECT_NE(a->BlindIndex("email:x"), a->BlindIndex("email:y"));
  EXPECT_NE(a->BlindIndex("email:x"), b->BlindIndex("email:x"));
  EXPECT_EQ(a->BlindIndex("").size(), 64u);
  EXPECT_NE(a->BlindIndex("email:x"), Sha256Hex("email:x"));
}

TEST(KeyringTest, FromKeysValidates) {
  EXPECT_FALSE(Keyring::FromKeys({}).ok());
  EXPECT_FALSE(Keyring::FromKeys({{0, std::string(32, 'k')}}).ok());
  EXPECT_FALSE(Keyring::FromKeys({{1, std::string(31, 'k')}}).ok());
}

}  // namespace
}  // namespace byteback::crypto
