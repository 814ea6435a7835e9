#include <stdexcept>
#include <thread>
#include <vector>

#include "store/store_test_util.h"

namespace byteback::store {
namespace {

using testing::CountRows;
using testing::MemoryStore;
using testing::TempDir;

void CreateTables(Store& store) {
  Session s = store.Acquire();
  s.sql() << "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL "
             "UNIQUE)";
  s.sql()
      << "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id BIGINT NOT NULL"
         " REFERENCES parent(id))";
}

Status InsertParent(soci::session& sql, const std::string& name) {
  sql << "INSERT INTO parent (name) VALUES (:n)", soci::use(name);
  return Status::Ok();
}

TEST(TransactionTest, CommitsOnOk) {
  auto store = MemoryStore(false);
  CreateTables(*store);
  ASSERT_TRUE(store
                  ->Transaction(
                      [](soci::session& sql) { return InsertParent(sql, "a"); })
                  .ok());
  EXPECT_EQ(CountRows(*store, "parent"), 1);
}

TEST(TransactionTest, RollsBackOnNonOkStatus) {
  auto store = MemoryStore(false);
  CreateTables(*store);
  Status s = store->Transaction([](soci::session& sql) {
    BB_RETURN_IF_ERROR(InsertParent(sql, "a"));
    return Status::PermissionDenied("changed my mind");
  });
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "changed my mind");
  EXPECT_EQ(CountRows(*store, "parent"), 0);
}

TEST(TransactionTest, RollsBackAndReportsOnException) {
  auto store = MemoryStore(false);
  CreateTables(*store);
  Status s = store->Transaction([](soci::session& sql) -> Status {
    BB_RETURN_IF_ERROR(InsertParent(sql, "a"));
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("boom"), std::string::npos);
  EXPECT_EQ(CountRows(*store, "parent"), 0);
  // The connection is usable afterwards.
  EXPECT_TRUE(store
                  ->Transaction(
                      [](soci::session& sql) { return InsertParent(sql, "b"); })
                  .ok());
}

TEST(TransactionTest, UniqueViolationIsAlreadyExists) {
  auto store = MemoryStore(false);
  CreateTables(*store);
  ASSERT_TRUE(store
                  ->Transaction(
                      [](soci::session& sql) { return InsertParent(sql, "a"); })
                  .ok());
  Status s = store->Transaction([](soci::session& sql) {
    BB_RETURN_IF_ERROR(InsertParent(sql, "b"));
    return InsertParent(sql, "a");
  });
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
  EXPECT_EQ(CountRows(*store, "parent"), 1);  // "b" rolled back too
}

TEST(TransactionTest, ForeignKeyViolationIsFailedPrecondition) {
  auto store = MemoryStore(false);
  CreateTables(*store);
  Status s = store->Transaction([](soci::session& sql) {
    sql << "INSERT INTO child (parent_id) VALUES (42)";
    return Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
}

TEST(TransactionTest, BadSqlIsInternal) {
  auto store = MemoryStore(false);
  Status s = store->Transaction([](soci::session& sql) {
    sql << "SELEC nonsense";
    return Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kInternal);
}

TEST(TransactionTest, ConcurrentWritersOnAFileDatabaseAllCommit) {
  TempDir dir;
  StoreOptions o;
  o.dsn = "sqlite:" + dir.File("bb.db");
  o.pool_size = 4;
  auto store = std::move(Store::Open(o)).value();
  CreateTables(*store);
  std::vector<std::thread> threads;
  std::vector<Status> results(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25 && results[t].ok(); ++i) {
        results[t] = store->Transaction([&](soci::session& sql) {
          long long n = 0;
          sql << "SELECT COUNT(*) FROM parent",
              soci::into(n);  // read, then write
          return InsertParent(sql, std::to_string(t) + "-" + std::to_string(i));
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(CountRows(*store, "parent"), 100);
}

}  // namespace
}  // namespace byteback::store
