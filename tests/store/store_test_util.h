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
#include "testing/temp_dir.h"

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

using ::byteback::testing::TempDir;

inline long long CountRows(Store& store, const std::string& table) {
  Session s = store.Acquire();
  long long n = -1;
  s.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
  return n;
}

}  // namespace byteback::store::testing

#endif  // BYTEBACK_TESTS_STORE_STORE_TEST_UTIL_H_
