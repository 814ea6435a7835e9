// migrations_internal.h: the schema files embedded at build time and the
// helpers that turn one into statements for a backend. Private to store.
#ifndef BYTEBACK_STORE_MIGRATIONS_INTERNAL_H_
#define BYTEBACK_STORE_MIGRATIONS_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace byteback::store::internal {

// One src/store/schema/NNNN_<name>.sql file, verbatim.
struct EmbeddedMigration {
  int version;       // NNNN, 1-based, contiguous
  const char* name;  // <name>
  const char* sql;   // file text
};

// Generated (build dir migrations.cc), ordered by version.
extern const EmbeddedMigration kMigrations[];
extern const int kMigrationCount;

// Renders a migration for `backend` ("sqlite3" or "postgresql"): keeps only
// the lines of "-- @backend <name>" sections that match (a section runs to
// the next "-- @backend" line; "-- @backend all" ends it), then replaces the
// placeholders {{ID}} and {{BLOB}}. InvalidArgument for an unknown
// placeholder or backend name. See docs/FORMATS-store.md#migrations.
Result<std::string> RenderMigration(std::string_view sql,
                                    std::string_view backend);

// Splits a SQL script into statements at top-level semicolons: ignores ';'
// inside quotes ('..', "..", $tag$..$tag$), comments (-- and /* */), and
// inside BEGIN ... END bodies of CREATE TRIGGER statements. Statements are
// trimmed; empty ones and comment-only ones are dropped.
std::vector<std::string> SplitSqlStatements(std::string_view script);

}  // namespace byteback::store::internal

#endif  // BYTEBACK_STORE_MIGRATIONS_INTERNAL_H_
