// errors.cc: mapping exceptions from SOCI (and the standard library) to
// Status codes. Messages come from soci_error::get_error_message(), without
// SOCI's context, which can quote bound values (hashes, sealed data).
#include <soci/soci.h>

#include <string>

#include "store/store_internal.h"

namespace byteback::store {
namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

Status Store::StatusFromException(const std::exception& e) {
  const auto* se = dynamic_cast<const soci::soci_error*>(&e);
  if (se == nullptr)
    return Status::Internal(std::string("database: ") + e.what());
  const std::string msg = se->get_error_message();
  // SQLite: "UNIQUE constraint failed: t.c"; PostgreSQL: SQLSTATE 23505
  // "duplicate key value violates unique constraint".
  if (Contains(msg, "UNIQUE constraint failed") ||
      Contains(msg, "PRIMARY KEY constraint failed") ||
      Contains(msg, "duplicate key value") || Contains(msg, "23505")) {
    return Status::AlreadyExists("database: " + msg);
  }
  if (se->get_error_category() == soci::soci_error::constraint_violation ||
      Contains(msg, "constraint failed") || Contains(msg, "violates") ||
      Contains(msg, "append-only")) {
    return Status::FailedPrecondition("database: " + msg);
  }
  if (se->get_error_category() == soci::soci_error::connection_error ||
      Contains(msg, "database is locked") ||
      Contains(msg, "database is busy")) {
    return Status::Unavailable("database: " + msg);
  }
  return Status::Internal("database: " + msg);
}

}  // namespace byteback::store
