// store_test_util.h: helpers for the store tests.
#ifndef BYTEBACK_TESTS_STORE_STORE_TEST_UTIL_H_
#define BYTEBACK_TESTS_STORE_STORE_TEST_UTIL_H_

#include <soci/soci.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "store/store.h"

namespace byteback::store::testing {

// A migrated in-memory SQLite store.
inline std::unique_ptr<Store> MemoryStore(bool migrate = true) {
  StoreOptions o;
  o.dsn = "sqlite::memory:";
  auto s = Store::Open(o);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return nullptr;
  if (migrate) {
    EXPECT_TRUE((*s)->Migrate().ok());
  }
  return std::move(s).value();
}

// A private temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "bbstore-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline long long CountRows(Store& store, const std::string& table) {
  Session s = store.Acquire();
  long long n = -1;
  s.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
  return n;
}

}  // namespace byteback::store::testing

#endif  // BYTEBACK_TESTS_STORE_STORE_TEST_UTIL_H_
