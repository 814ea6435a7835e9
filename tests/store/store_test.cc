#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <thread>

#include "store/store_test_util.h"

namespace byteback::store {
namespace {

using testing::MemoryStore;
using testing::TempDir;

TEST(StoreTest, UnknownDsnIsInvalidArgument) {
  for (const char* dsn : {"", "mysql://x", "sqlite:", "/tmp/x.db"}) {
    StoreOptions o;
    o.dsn = dsn;
    EXPECT_EQ(Store::Open(o).status().code(), StatusCode::kInvalidArgument)
        << dsn;
  }
  StoreOptions o;
  o.dsn = "sqlite::memory:";
  o.pool_size = 0;
  EXPECT_EQ(Store::Open(o).status().code(), StatusCode::kInvalidArgument);
}

TEST(StoreTest, MemoryStoreSharesOneDatabase) {
  auto store = MemoryStore(false);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->backend(), "sqlite3");
  {
    Session s = store->Acquire();
    s.sql() << "CREATE TABLE t (x INTEGER)";
    s.sql() << "INSERT INTO t VALUES (1)";
  }
  EXPECT_EQ(testing::CountRows(*store, "t"), 1);
}

TEST(StoreTest, FileDatabaseIsPrivateWalWithForeignKeys) {
  TempDir dir;
  const std::string path = dir.File("bb.db");
  StoreOptions o;
  o.dsn = "sqlite:" + path;
  o.pool_size = 2;
  auto store = Store::Open(o);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Session a = (*store)->Acquire();
  Session b = (*store)->Acquire();  // a second, distinct connection
  for (Session* s : {&a, &b}) {
    std::string mode;
    int fk = 0, sync = -1, timeout = 0;
    s->sql() << "PRAGMA journal_mode", soci::into(mode);
    s->sql() << "PRAGMA foreign_keys", soci::into(fk);
    s->sql() << "PRAGMA synchronous", soci::into(sync);
    s->sql() << "PRAGMA busy_timeout", soci::into(timeout);
    EXPECT_EQ(mode, "wal");
    EXPECT_EQ(fk, 1);
    EXPECT_EQ(sync, 1);  // NORMAL
    EXPECT_EQ(timeout, 5000);
  }
  EXPECT_NE(&a.sql(), &b.sql());
}

TEST(StoreTest, PathsWithSpacesAndEqualsSignsWork) {
  TempDir dir;
  const std::string sub = dir.File("my data=1");
  ASSERT_TRUE(std::filesystem::create_directory(sub));
  StoreOptions o;
  o.dsn = "sqlite:" + sub + "/bb db.sqlite";
  auto store = Store::Open(o);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_TRUE(std::filesystem::exists(sub + "/bb db.sqlite"));
}

TEST(StoreTest, MissingDirectoryIsUnavailable) {
  TempDir dir;
  StoreOptions o;
  o.dsn = "sqlite:" + dir.File("no/such/dir/bb.db");
  EXPECT_EQ(Store::Open(o).status().code(), StatusCode::kUnavailable);
}

TEST(StoreTest, AcquireWaitsForAReleasedConnection) {
  auto store = MemoryStore(false);
  std::optional<Session> held(store->Acquire());
  bool got = false;
  std::thread waiter([&] {
    Session s = store->Acquire();  // blocks until `held` is released
    got = true;
  });
  held.reset();
  waiter.join();
  EXPECT_TRUE(got);
}

TEST(StoreTest, MovedSessionReleasesOnce) {
  auto store = MemoryStore(false);
  {
    Session a = store->Acquire();
    Session b = std::move(a);
    b.sql() << "CREATE TABLE t (x INTEGER)";
  }
  // The only connection is free again.
  Session c = store->Acquire();
  c.sql() << "INSERT INTO t VALUES (1)";
}

TEST(StoreTest, NowSecondsIsPlausible) { EXPECT_GT(NowSeconds(), 1700000000); }

}  // namespace
}  // namespace byteback::store
