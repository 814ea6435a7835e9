#include <string>

#include "gtest/gtest.h"
#include "store/migrations_internal.h"

namespace byteback::store::internal {
namespace {

TEST(SqlScriptTest, SplitsAtTopLevelSemicolonsOnly) {
  auto stmts = SplitSqlStatements(
      "-- leading comment; not a statement\n"
      "CREATE TABLE a (x TEXT DEFAULT ';');\n"
      "/* block; comment */ INSERT INTO a VALUES ('it''s; fine');\n"
      "INSERT INTO \"we;ird\" VALUES (1)  ;  ;\n"
      "-- trailing comment only\n");
  ASSERT_EQ(stmts.size(), 3u);
  EXPECT_EQ(stmts[0], "CREATE TABLE a (x TEXT DEFAULT ';')");
  EXPECT_EQ(stmts[1], "INSERT INTO a VALUES ('it''s; fine')");
  EXPECT_EQ(stmts[2], "INSERT INTO \"we;ird\" VALUES (1)");
}

TEST(SqlScriptTest, KeepsTriggerBodiesWhole) {
  auto stmts = SplitSqlStatements(
      "create temp trigger t before delete on a\nbegin\n  select raise(abort, "
      "'no');\n"
      "  select case when 1 then 2 end;\nend;\nSELECT 1;");
  ASSERT_EQ(stmts.size(), 2u);
  EXPECT_EQ(stmts[0].substr(0, 19), "create temp trigger");
  EXPECT_EQ(stmts[0].substr(stmts[0].size() - 3), "end");
  EXPECT_EQ(stmts[1], "SELECT 1");
  // A comment before the trigger does not hide it.
  stmts = SplitSqlStatements(
      "-- why\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; "
      "END;");
  ASSERT_EQ(stmts.size(), 1u);
  EXPECT_EQ(stmts[0].substr(0, 14), "CREATE TRIGGER");
  // BEGIN outside a trigger is an ordinary word.
  EXPECT_EQ(SplitSqlStatements("BEGIN; COMMIT;").size(), 2u);
}

TEST(SqlScriptTest, KeepsDollarQuotedBodiesWhole) {
  auto stmts = SplitSqlStatements(
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$\nBEGIN\n "
      " RAISE EXCEPTION 'x';\n"
      "END;\n$body$;\nSELECT 1;");
  ASSERT_EQ(stmts.size(), 2u);
  EXPECT_NE(stmts[0].find("END;\n$body$"), std::string::npos);
}

TEST(SqlScriptTest, RendersPlaceholdersPerBackend) {
  const char* sql = "CREATE TABLE t (id {{ID}}, data {{BLOB}});\n";
  EXPECT_EQ(
      *RenderMigration(sql, "sqlite3"),
      "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB);\n");
  EXPECT_EQ(*RenderMigration(sql, "postgresql"),
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, data BYTEA);\n");
  EXPECT_EQ(RenderMigration("{{SERIAL}}", "sqlite3").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RenderMigration("{{ID", "sqlite3").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RenderMigration("x", "mysql").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(SqlScriptTest, KeepsOnlyTheMatchingBackendSections) {
  const char* sql =
      "A;\n-- @backend sqlite3\nS;\n-- @backend postgresql\nP;\n-- @backend "
      "all\nB;\n";
  EXPECT_EQ(*RenderMigration(sql, "sqlite3"), "A;\nS;\nB;\n");
  EXPECT_EQ(*RenderMigration(sql, "postgresql"), "A;\nP;\nB;\n");
  EXPECT_FALSE(RenderMigration("-- @backend oracle\n", "sqlite3").ok());
}

TEST(SqlScriptTest, EveryEmbeddedMigrationRendersForBothBackends) {
  ASSERT_GE(kMigrationCount, 1);
  for (int i = 0; i < kMigrationCount; ++i) {
    EXPECT_EQ(kMigrations[i].version, i + 1);
    for (const char* backend : {"sqlite3", "postgresql"}) {
      Result<std::string> sql = RenderMigration(kMigrations[i].sql, backend);
      ASSERT_TRUE(sql.ok())
          << kMigrations[i].name << ": " << sql.status().ToString();
      EXPECT_EQ(sql->find("{{"), std::string::npos) << kMigrations[i].name;
      EXPECT_FALSE(SplitSqlStatements(*sql).empty()) << kMigrations[i].name;
    }
  }
  EXPECT_STREQ(kMigrations[0].name, "core");
}

}  // namespace
}  // namespace byteback::store::internal
