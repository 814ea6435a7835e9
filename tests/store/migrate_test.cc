#include <string>
#include <thread>

#include "store/store_test_util.h"

namespace byteback::store {
namespace {

using testing::CountRows;
using testing::MemoryStore;
using testing::TempDir;

TEST(MigrateTest, FreshDatabaseIsBehindUntilMigrated) {
  auto store = MemoryStore(false);
  EXPECT_EQ(*store->SchemaVersion(), 0);
  Status ready = store->CheckReady();
  EXPECT_EQ(ready.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(ready.message().find("run byteback migrate"), std::string::npos)
      << ready.message();
  ASSERT_TRUE(store->Migrate().ok());
  EXPECT_GE(Store::CodeSchemaVersion(), 1);
  EXPECT_EQ(*store->SchemaVersion(), Store::CodeSchemaVersion());
  EXPECT_TRUE(store->CheckReady().ok());
  EXPECT_EQ(CountRows(*store, "schema_migrations"), Store::CodeSchemaVersion());
}

TEST(MigrateTest, RerunningIsANoOp) {
  auto store = MemoryStore();
  long long applied_sum = 0;
  {
    Session s = store->Acquire();
    s.sql() << "SELECT SUM(applied_at) FROM schema_migrations",
        soci::into(applied_sum);
    s.sql() << "UPDATE schema_migrations SET applied_at = 1";
  }
  ASSERT_TRUE(store->Migrate().ok());
  ASSERT_TRUE(store->Migrate().ok());
  EXPECT_EQ(CountRows(*store, "schema_migrations"), Store::CodeSchemaVersion());
  Session s = store->Acquire();
  long long sum = 0;
  s.sql() << "SELECT SUM(applied_at) FROM schema_migrations", soci::into(sum);
  EXPECT_EQ(sum, Store::CodeSchemaVersion());  // untouched rows
  std::string name;
  s.sql() << "SELECT name FROM schema_migrations WHERE version = 1",
      soci::into(name);
  EXPECT_EQ(name, "core");
}

TEST(MigrateTest, NewerDatabaseIsRefusedWithAClearMessage) {
  auto store = MemoryStore();
  const int newer = Store::CodeSchemaVersion() + 1;
  {
    Session s = store->Acquire();
    s.sql() << "INSERT INTO schema_migrations (version, name, applied_at) "
               "VALUES (:v, 'future', 0)",
        soci::use(newer);
  }
  const std::string expected =
      "database schema version " + std::to_string(newer) +
      " is newer than this byteback (" +
      std::to_string(Store::CodeSchemaVersion()) + "); upgrade byteback";
  Status ready = store->CheckReady();
  EXPECT_EQ(ready.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(ready.message(), expected);
  Status migrate = store->Migrate();
  EXPECT_EQ(migrate.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(migrate.message(), expected);
}

TEST(MigrateTest, FileDatabaseKeepsItsVersionAcrossOpens) {
  TempDir dir;
  StoreOptions o;
  o.dsn = "sqlite:" + dir.File("bb.db");
  {
    auto store = Store::Open(o);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Migrate().ok());
  }
  auto again = Store::Open(o);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE((*again)->CheckReady().ok());
  EXPECT_TRUE((*again)->Migrate().ok());
  EXPECT_EQ(CountRows(**again, "schema_migrations"),
            Store::CodeSchemaVersion());
}

TEST(MigrateTest, TwoProcessesMigratingAtOnceApplyEachFileOnce) {
  TempDir dir;
  StoreOptions o;
  o.dsn = "sqlite:" + dir.File("bb.db");
  auto a = std::move(Store::Open(o)).value();
  auto b = std::move(Store::Open(o)).value();
  Status sa, sb;
  std::thread ta([&] { sa = a->Migrate(); });
  std::thread tb([&] { sb = b->Migrate(); });
  ta.join();
  tb.join();
  EXPECT_TRUE(sa.ok()) << sa.ToString();
  EXPECT_TRUE(sb.ok()) << sb.ToString();
  EXPECT_EQ(CountRows(*a, "schema_migrations"), Store::CodeSchemaVersion());
  EXPECT_TRUE(b->CheckReady().ok());
}

TEST(MigrateTest, CoreTablesExist) {
  auto store = MemoryStore();
  EXPECT_EQ(CountRows(*store, "audit_log"), 0);
}

}  // namespace
}  // namespace byteback::store
