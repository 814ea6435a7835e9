#include <string>

#include "crypto/crypto.h"
#include "gtest/gtest.h"

namespace byteback::crypto {
namespace {

TEST(PasswordsTest, HashIsArgon2idAndVerifies) {
  Result<std::string> h =
      HashPassword("correct horse battery", PasswordCost::kMinimum);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*h, ""));
}

TEST(PasswordsTest, SaltMakesEachHashDifferent) {
  auto a = HashPassword("same password!!", PasswordCost::kMinimum);
  auto b = HashPassword("same password!!", PasswordCost::kMinimum);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*b, "same password!!"));
}

TEST(PasswordsTest, MalformedHashesNeverVerify) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$garbage", "x"));
  EXPECT_FALSE(VerifyPassword(std::string("$argon2id\0$", 11), "x"));
  EXPECT_FALSE(VerifyPassword(std::string(1000, 'a'), "x"));
}

TEST(PasswordsTest, OverlongPasswordsAreRefused) {
  std::string big(kMaxPasswordBytes + 1, 'p');
  Result<std::string> h = HashPassword(big, PasswordCost::kMinimum);
  EXPECT_EQ(h.status().code(), StatusCode::kInvalidArgument);
  auto ok =
      HashPassword(std::string(kMaxPasswordBytes, 'p'), PasswordCost::kMinimum);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(VerifyPassword(*ok, big));
}

TEST(PasswordsTest, NeedsRehashWhenCostDiffers) {
  auto h = HashPassword("a long password", PasswordCost::kMinimum);
  ASSERT_TRUE(h.ok());
  EXPECT_FALSE(PasswordNeedsRehash(*h, PasswordCost::kMinimum));
  EXPECT_TRUE(PasswordNeedsRehash(*h, PasswordCost::kInteractive));
  EXPECT_TRUE(PasswordNeedsRehash("not a hash"));
}

}  // namespace
}  // namespace byteback::crypto
