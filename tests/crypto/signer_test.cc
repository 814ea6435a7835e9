#include <sys/stat.h>

#include <string>

#include "crypto/crypto.h"
#include "testing/temp_dir.h"
#include "gtest/gtest.h"

namespace byteback::crypto {
namespace {

using byteback::testing::TempDir;

TEST(SignerTest, SignaturesVerifyAndTamperingIsDetected) {
  TempDir dir;
  auto signer = Signer::LoadOrCreate(dir.File("sign.key"));
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  const std::string pk = (*signer)->public_key_hex();
  EXPECT_EQ(pk.size(), 64u);
  const std::string sig = (*signer)->Sign("evidence #1");
  EXPECT_EQ(sig.size(), 128u);
  EXPECT_TRUE(VerifySignature(pk, "evidence #1", sig));
  EXPECT_FALSE(VerifySignature(pk, "evidence #2", sig));
  std::string bad = sig;
  bad[0] = bad[0] == '0' ? '1' : '0';
  EXPECT_FALSE(VerifySignature(pk, "evidence #1", bad));
  EXPECT_FALSE(VerifySignature(pk, "evidence #1", sig.substr(2)));
  EXPECT_FALSE(VerifySignature("zz", "evidence #1", sig));
}

TEST(SignerTest, KeyFileIsPrivateAndStable) {
  TempDir dir;
  const std::string path = dir.File("sign.key");
  auto a = Signer::LoadOrCreate(path);
  ASSERT_TRUE(a.ok());
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto b = Signer::LoadOrCreate(path);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*a)->public_key_hex(), (*b)->public_key_hex());
  ::chmod(path.c_str(), 0644);
  EXPECT_EQ(Signer::LoadOrCreate(path).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace byteback::crypto
