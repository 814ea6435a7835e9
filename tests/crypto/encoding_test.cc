#include <set>
#include <string>

#include "crypto/crypto.h"
#include "gtest/gtest.h"

namespace byteback::crypto {
namespace {

TEST(EncodingTest, Base64UrlRoundTripsEveryLength) {
  std::string data;
  for (int i = 0; i < 40; ++i) {
    Result<std::string> back = Base64UrlDecode(Base64UrlEncode(data));
    ASSERT_TRUE(back.ok()) << i;
    EXPECT_EQ(*back, data);
    data.push_back(static_cast<char>(0xf0 + i));
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(EncodingTest, Base64UrlRejectsPaddingForeignAndNonCanonicalText) {
  EXPECT_FALSE(Base64UrlDecode("Zm9v=").ok());
  EXPECT_FALSE(Base64UrlDecode("Zm+v").ok());
  EXPECT_FALSE(Base64UrlDecode("Zm9v Zm9v").ok());
  EXPECT_FALSE(Base64UrlDecode("Z").ok());
  // "Zg" decodes to "f"; "Zh" has non-zero unused bits.
  EXPECT_TRUE(Base64UrlDecode("Zg").ok());
  EXPECT_FALSE(Base64UrlDecode("Zh").ok());
  // Regression (fuzz): bytes >= 0x80 were decoded as alphabet characters.
  EXPECT_FALSE(Base64UrlDecode("bAAEAAAAAA\xed\xa0\x80"
                               "AAA")
                   .ok());
}

TEST(EncodingTest, RandomTokensAreUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = RandomToken();
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(
        t.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
}

TEST(EncodingTest, Sha256HexMatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(EncodingTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
}

TEST(EncodingTest, Base32MatchesRfc4648Vectors) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode("f"), "MY");
  EXPECT_EQ(*Base32Decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(*Base32Decode("mzxw 6ytb oi"), "foobar");
  EXPECT_FALSE(Base32Decode("MZXW1").ok());
  EXPECT_FALSE(Base32Decode("MY==MY").ok());
}

TEST(EncodingTest, HexEncodeIsLowerCase) {
  EXPECT_EQ(HexEncode("\x01\xab"), "01ab");
}

}  // namespace
}  // namespace byteback::crypto
