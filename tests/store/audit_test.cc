#include <string>

#include "store/store_test_util.h"

namespace byteback::store {
namespace {

using testing::CountRows;
using testing::MemoryStore;

AuditEvent Event(std::string action, std::optional<int64_t> actor,
                 std::optional<int64_t> org) {
  AuditEvent e;
  e.at = 1000;
  e.actor_user_id = actor;
  e.actor_kind = actor ? "session" : "anonymous";
  e.action = std::move(action);
  e.target_kind = "user";
  e.target_id = 7;
  e.org_id = org;
  e.ip = "192.0.2.1";
  e.detail_json = "{\"k\":1}";
  return e;
}

TEST(AuditTest, AppendThenListNewestFirst) {
  auto store = MemoryStore();
  ASSERT_TRUE(store->AppendAudit(Event("login_ok", 1, 10)).ok());
  ASSERT_TRUE(
      store->AppendAudit(Event("login_failed", std::nullopt, std::nullopt))
          .ok());
  auto rows = store->ListAudit({});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  const AuditEvent& newest = (*rows)[0];
  EXPECT_EQ(newest.action, "login_failed");
  EXPECT_FALSE(newest.actor_user_id.has_value());
  EXPECT_FALSE(newest.org_id.has_value());
  const AuditEvent& first = (*rows)[1];
  EXPECT_GT(newest.id, first.id);
  EXPECT_EQ(first.at, 1000);
  EXPECT_EQ(first.actor_user_id, 1);
  EXPECT_EQ(first.actor_kind, "session");
  EXPECT_EQ(first.target_kind, "user");
  EXPECT_EQ(first.target_id, 7);
  EXPECT_EQ(first.org_id, 10);
  EXPECT_EQ(first.ip, "192.0.2.1");
  EXPECT_EQ(first.detail_json, "{\"k\":1}");
}

TEST(AuditTest, FiltersAndPaging) {
  auto store = MemoryStore();
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(store->AppendAudit(Event("a", 1, 10)).ok());
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(store->AppendAudit(Event("b", 2, 20)).ok());
  AuditQuery q;
  q.actor_user_id = 2;
  EXPECT_EQ(store->ListAudit(q)->size(), 3u);
  q = {};
  q.org_id = 10;
  q.action = "a";
  EXPECT_EQ(store->ListAudit(q)->size(), 5u);
  q.action = "b";
  EXPECT_EQ(store->ListAudit(q)->size(), 0u);
  q = {};
  q.target_kind = "user";
  q.target_id = 7;
  q.limit = 4;
  auto page1 = *store->ListAudit(q);
  ASSERT_EQ(page1.size(), 4u);
  q.before_id = page1.back().id;
  auto page2 = *store->ListAudit(q);
  ASSERT_EQ(page2.size(), 4u);
  EXPECT_LT(page2.front().id, page1.back().id);
  q.before_id = page2.back().id;
  EXPECT_EQ(store->ListAudit(q)->size(), 0u);
  q = {};
  q.since = 1001;
  EXPECT_EQ(store->ListAudit(q)->size(), 0u);
  q.limit = -5;  // clamped to 1
  q.since = 0;
  EXPECT_EQ(store->ListAudit(q)->size(), 1u);
}

TEST(AuditTest, ZeroTimeMeansNowAndActionIsRequired) {
  auto store = MemoryStore();
  AuditEvent e = Event("x", 1, 1);
  e.at = 0;
  ASSERT_TRUE(store->AppendAudit(e).ok());
  EXPECT_GE((*store->ListAudit({}))[0].at, NowSeconds() - 60);
  e.action.clear();
  EXPECT_EQ(store->AppendAudit(e).code(), StatusCode::kInvalidArgument);
}

TEST(AuditTest, RowsCannotBeUpdatedOrDeletedOnSqlite) {
  auto store = MemoryStore();
  ASSERT_TRUE(store->AppendAudit(Event("login_ok", 1, 10)).ok());
  Status upd = store->Transaction([](soci::session& sql) {
    sql << "UPDATE audit_log SET action = 'nothing'";
    return Status::Ok();
  });
  EXPECT_EQ(upd.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(upd.message().find("append-only"), std::string::npos)
      << upd.message();
  Status del = store->Transaction([](soci::session& sql) {
    sql << "DELETE FROM audit_log";
    return Status::Ok();
  });
  EXPECT_EQ(del.code(), StatusCode::kFailedPrecondition);
  {
    Session s = store->Acquire();  // outside a transaction too
    EXPECT_THROW(s.sql() << "DELETE FROM audit_log", soci::soci_error);
  }
  EXPECT_EQ(CountRows(*store, "audit_log"), 1);
  EXPECT_EQ((*store->ListAudit({}))[0].action, "login_ok");
}

TEST(AuditTest, AppendInsideATransactionRollsBackWithIt) {
  auto store = MemoryStore();
  Status s = store->Transaction([&](soci::session& sql) {
    BB_RETURN_IF_ERROR(store->AppendAudit(sql, Event("doomed", 1, 1)));
    return Status::Internal("later step failed");
  });
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(CountRows(*store, "audit_log"), 0);
  ASSERT_TRUE(store
                  ->Transaction([&](soci::session& sql) {
                    return store->AppendAudit(sql, Event("kept", 1, 1));
                  })
                  .ok());
  EXPECT_EQ(CountRows(*store, "audit_log"), 1);
}

}  // namespace
}  // namespace byteback::store
