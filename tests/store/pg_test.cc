// PostgreSQL tests: skipped unless BB_TEST_PG_DSN names a scratch database
// (e.g. "postgresql://bb@localhost/bb_test"); they create and drop tables in
// it.
#include <cstdlib>

#include "store/store_test_util.h"

namespace byteback::store {
namespace {

class PgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dsn = std::getenv("BB_TEST_PG_DSN");
    if (dsn == nullptr || *dsn == '\0')
      GTEST_SKIP() << "BB_TEST_PG_DSN not set";
    StoreOptions o;
    o.dsn = dsn;
    o.pool_size = 2;
    auto s = Store::Open(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    // Start from an empty schema so migrations run from 0001.
    Session lease = store_->Acquire();
    lease.sql()
        << "DROP SCHEMA public CASCADE";  // NOTICEs are silenced by Store::Open
    lease.sql() << "CREATE SCHEMA public";
  }
  std::unique_ptr<Store> store_;
};

TEST_F(PgTest, MigratesOnceAndIsReady) {
  EXPECT_EQ(store_->backend(), "postgresql");
  ASSERT_TRUE(store_->Migrate().ok());
  ASSERT_TRUE(store_->Migrate().ok());
  EXPECT_EQ(*store_->SchemaVersion(), Store::CodeSchemaVersion());
  EXPECT_TRUE(store_->CheckReady().ok());
}

TEST_F(PgTest, AuditLogIsAppendOnly) {
  ASSERT_TRUE(store_->Migrate().ok());
  AuditEvent e;
  e.action = "login_ok";
  e.actor_user_id = 3;
  ASSERT_TRUE(store_->AppendAudit(e).ok());
  auto rows = store_->ListAudit({});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].actor_user_id, 3);
  Status s = store_->Transaction([](soci::session& sql) {
    sql << "DELETE FROM audit_log";
    return Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  s = store_->Transaction([](soci::session& sql) {
    sql << "UPDATE audit_log SET action = 'x'";
    return Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_EQ(testing::CountRows(*store_, "audit_log"), 1);
}

TEST_F(PgTest, AuditFiltersAndPaging) {
  ASSERT_TRUE(store_->Migrate().ok());
  for (int i = 0; i < 4; ++i) {
    AuditEvent e;
    e.action = std::string(1, i < 3 ? 'a' : 'b');
    e.org_id = 10 + i % 2;
    e.target_kind = "user";
    e.target_id = i;
    ASSERT_TRUE(store_->AppendAudit(e).ok());
  }
  AuditQuery q;
  q.action = "a";
  EXPECT_EQ(store_->ListAudit(q)->size(), 3u);
  q = {};
  q.org_id = 11;
  EXPECT_EQ(store_->ListAudit(q)->size(), 2u);
  q = {};
  q.limit = 2;
  auto page = *store_->ListAudit(q);
  ASSERT_EQ(page.size(), 2u);
  q.before_id = page.back().id;
  EXPECT_EQ(store_->ListAudit(q)->size(), 2u);
  EXPECT_FALSE((*store_->ListAudit(q))[0].actor_user_id.has_value());
}

TEST_F(PgTest, RollbackAndForeignKeyMapping) {
  {
    Session lease = store_->Acquire();
    lease.sql() << "CREATE TABLE p (id BIGSERIAL PRIMARY KEY)";
    lease.sql() << "CREATE TABLE c (id BIGSERIAL PRIMARY KEY, p_id BIGINT NOT "
                   "NULL REFERENCES p(id))";
  }
  Status s = store_->Transaction([](soci::session& sql) {
    sql << "INSERT INTO p DEFAULT VALUES";
    return Status::InvalidArgument("no");
  });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(testing::CountRows(*store_, "p"), 0);
  s = store_->Transaction([](soci::session& sql) {
    sql << "INSERT INTO c (p_id) VALUES (5)";
    return Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
}

TEST_F(PgTest, UniqueViolationIsAlreadyExists) {
  {
    Session lease = store_->Acquire();
    lease.sql()
        << "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, name TEXT UNIQUE)";
  }
  auto insert = [](soci::session& sql) {
    sql << "INSERT INTO t (name) VALUES ('a')";
    return Status::Ok();
  };
  ASSERT_TRUE(store_->Transaction(insert).ok());
  EXPECT_EQ(store_->Transaction(insert).code(), StatusCode::kAlreadyExists);
  // The pooled connection is still usable after the failed transaction.
  EXPECT_EQ(store_->Transaction(insert).code(), StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace byteback::store
