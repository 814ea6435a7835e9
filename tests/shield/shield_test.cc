// The published detector: scans on several threads while reloads swap it,
// and a failed reload keeps the old one.
#include "shield/shield.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "testing/temp_dir.h"  // tests/testing

namespace byteback::shield {
namespace {

namespace fs = std::filesystem;

class ShieldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy_file(BB_SOURCE_DIR "/data/models/shield.bbm", dir_.File("m.bbm"));
    fs::copy(BB_SOURCE_DIR "/data/lexicons", dir_.File("lex"), fs::copy_options::recursive);
    options_.model_path = dir_.File("m.bbm");
    options_.lexicon_dir = dir_.File("lex");
  }
  testing::TempDir dir_;
  ShieldOptions options_;
};

TEST_F(ShieldTest, ScansWhileReloadsSwapTheDetector) {
  auto shield = Shield::Open(options_, nullptr, nullptr);
  ASSERT_TRUE(shield.ok()) << shield.status().ToString();
  Shield& sh = **shield;
  EXPECT_EQ(sh.info().generation, 1u);
  std::atomic<bool> stop{false};
  std::atomic<int64_t> scans{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      detect::Verdict v;
      while (!stop.load()) {
        sh.Scan("tu randi hai", &v);
        if (!v.has(detect::Label::kAbusive)) ++wrong;
        sh.Scan("thank you for the report", &v);
        if (v.has(detect::Label::kAbusive)) ++wrong;
        ++scans;
      }
    });
  }
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(sh.Reload("test").ok());
  // Let the threads scan with the last detector too.
  const int64_t at_last = scans.load();
  while (scans.load() < at_last + 100) std::this_thread::yield();
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(sh.info().generation, 9u);
}

TEST_F(ShieldTest, FailedReloadKeepsTheOldDetector) {
  auto shield = Shield::Open(options_, nullptr, nullptr);
  ASSERT_TRUE(shield.ok());
  Shield& sh = **shield;
  auto before = sh.detector();
  std::ofstream(options_.model_path, std::ios::trunc) << "BBSHIELD but not a model";
  auto r = sh.Reload("test");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(sh.detector(), before);
  EXPECT_EQ(sh.info().generation, 1u);
  detect::Verdict v;
  sh.Scan("tu randi hai", &v);
  EXPECT_TRUE(v.has(detect::Label::kAbusive));
  // Opening on a broken file fails with the error.
  EXPECT_FALSE(Shield::Open(options_, nullptr, nullptr).ok());
}

TEST_F(ShieldTest, CommunityNeedsADatabase) {
  auto shield = Shield::Open(options_, nullptr, nullptr);
  ASSERT_TRUE(shield.ok());
  accounts::Principal admin;
  admin.role = accounts::Role::kAdmin;
  const NewTerm t{.term = "x", .lang = "en", .categories = "", .severity = 2, .notes = "", .country = ""};
  EXPECT_EQ((*shield)->Propose(admin, t).status().code(), StatusCode::kFailedPrecondition);
  auto changed = (*shield)->RefreshIfChanged();
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(*changed);
}

}  // namespace
}  // namespace byteback::shield
