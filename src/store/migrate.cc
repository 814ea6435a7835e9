// migrate.cc: forward-only schema migrations from the embedded schema files.
//
// Each pending migration runs in its own transaction together with its
// schema_migrations row, after re-reading the version inside that
// transaction (SQLite: BEGIN IMMEDIATE holds the write lock; PostgreSQL: a
// transaction-scoped advisory lock), so two processes migrating at once
// apply each file exactly once.
#include <soci/soci.h>

#include <cstdio>

#include "store/migrations_internal.h"
#include "store/store_internal.h"

namespace byteback::store {
namespace {

constexpr long long kMigrationLockId = 0x6279746562616b;  // "byteback"

std::string Label(const internal::EmbeddedMigration& m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d_", m.version);
  return buf + std::string(m.name);
}

}  // namespace

namespace internal {

int ReadSchemaVersion(soci::session& sql, std::string_view backend) {
  int tables = 0;
  if (backend == "postgresql") {
    sql << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema "
           "= current_schema()"
           " AND table_name = 'schema_migrations'",
        soci::into(tables);
  } else {
    sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
           "'schema_migrations'",
        soci::into(tables);
  }
  if (tables == 0) return 0;
  int version = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

}  // namespace internal

int Store::CodeSchemaVersion() { return internal::kMigrationCount; }

Result<int> Store::SchemaVersion() {
  Session lease = Acquire();
  try {
    return internal::ReadSchemaVersion(lease.sql(), backend_);
  } catch (const std::exception& e) {
    return StatusFromException(e);
  }
}

Status Store::CheckReady() {
  BB_ASSIGN_OR_RETURN(int db, SchemaVersion());
  const int code = CodeSchemaVersion();
  if (db > code) {
    return Status::FailedPrecondition(
        "database schema version " + std::to_string(db) +
        " is newer than this byteback (" + std::to_string(code) +
        "); upgrade byteback");
  }
  if (db < code) {
    return Status::FailedPrecondition(
        "database schema version " + std::to_string(db) +
        " is older than this byteback (" + std::to_string(code) +
        "); run byteback migrate");
  }
  return Status::Ok();
}

Status Store::Migrate() {
  BB_ASSIGN_OR_RETURN(int current, SchemaVersion());
  if (current > CodeSchemaVersion())
    return CheckReady();  // the "newer" message
  for (int i = 0; i < internal::kMigrationCount; ++i) {
    const internal::EmbeddedMigration& m = internal::kMigrations[i];
    if (m.version <= current) continue;
    Result<std::string> script = internal::RenderMigration(m.sql, backend_);
    if (!script.ok())
      return Status::Internal("migration " + Label(m) + ": " +
                              script.status().message());
    const std::vector<std::string> statements =
        internal::SplitSqlStatements(*script);
    Status s = Transaction([&](soci::session& sql) -> Status {
      if (backend_ == "postgresql")
        sql << "SELECT pg_advisory_xact_lock(" << kMigrationLockId << ")";
      if (internal::ReadSchemaVersion(sql, backend_) >= m.version)
        return Status::Ok();
      for (const std::string& stmt : statements) sql << stmt;
      int version = m.version;
      std::string name = m.name;
      long long now = NowSeconds();
      sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES "
             "(:v, :n, :t)",
          soci::use(version), soci::use(name), soci::use(now);
      return Status::Ok();
    });
    if (!s.ok())
      return Status(s.code(),
                    "migration " + Label(m) + " failed: " + s.message());
    current = m.version;
  }
  return Status::Ok();
}

}  // namespace byteback::store
