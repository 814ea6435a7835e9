#include <string>

#include "crypto/crypto.h"
#include "gtest/gtest.h"

namespace byteback::crypto {
namespace {

// RFC 6238 appendix B, SHA1 rows; the secret is ASCII "12345678901234567890".
const std::string kRfcSecret = Base32Encode("12345678901234567890");

TEST(TotpTest, MatchesRfc6238Sha1Vectors) {
  EXPECT_EQ(kRfcSecret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(TotpCodeDigits(kRfcSecret, 59, 8), "94287082");
  EXPECT_EQ(TotpCodeDigits(kRfcSecret, 1111111109, 8), "07081804");
  EXPECT_EQ(TotpCodeDigits(kRfcSecret, 1111111111, 8), "14050471");
  EXPECT_EQ(TotpCodeDigits(kRfcSecret, 1234567890, 8), "89005924");
  EXPECT_EQ(TotpCodeDigits(kRfcSecret, 2000000000, 8), "69279037");
  EXPECT_EQ(TotpCodeDigits(kRfcSecret, 20000000000, 8), "65353130");
  EXPECT_EQ(TotpCode(kRfcSecret, 59), "287082");
  EXPECT_EQ(TotpCode(kRfcSecret, 1111111109), "081804");
}

TEST(TotpTest, SecretsAreBase32AndAcceptedInAnyCase) {
  std::string s = NewTotpSecret();
  EXPECT_EQ(s.size(), 32u);
  EXPECT_EQ(Base32Decode(s)->size(), 20u);
  EXPECT_NE(s, NewTotpSecret());
  std::string lower = "gezdgnbvgy3tqojq gezdgnbvgy3tqojq";
  EXPECT_EQ(TotpCode(lower, 59), "287082");
  EXPECT_EQ(TotpCode("not base32!", 59), "");
  EXPECT_EQ(TotpCode("", 59), "");
}

TEST(TotpTest, VerifyAcceptsTheWindowOnly) {
  const int64_t now = 1111111111;
  EXPECT_TRUE(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now), now));
  EXPECT_TRUE(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 30), now));
  EXPECT_TRUE(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now + 30), now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 90), now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 30), now, 0));
  EXPECT_TRUE(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 90), now, 3));
}

TEST(TotpTest, VerifyRejectsMalformedCodes) {
  const int64_t now = 59;
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "", now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "28708", now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "2870820", now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "28708a", now));
  EXPECT_FALSE(VerifyTotp("!!", "287082", now));
  EXPECT_TRUE(VerifyTotp(kRfcSecret, "287082", now));
}

TEST(TotpTest, UriIsPercentEncoded) {
  EXPECT_EQ(TotpUri("Byte Back", "a+b@example.org", "GEZD GNBV"),
            "otpauth://totp/"
            "Byte%20Back:a%2Bb%40example.org?secret=GEZDGNBV&issuer=Byte%20Back"
            "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace byteback::crypto
