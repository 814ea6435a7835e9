// store.cc: opening the database (DSN parsing, per-connection settings) and
// transactions.
//
// SQLite: every pooled connection gets foreign_keys=ON, busy_timeout and
// synchronous=NORMAL; the file database is switched to WAL (persistent in the
// file) so readers do not block the writer. Transactions start with BEGIN
// IMMEDIATE: SQLite has one writer at a time anyway, and taking the write
// lock up front avoids SQLITE_BUSY when a read transaction later tries to
// write (busy_timeout cannot wait that case out).
#include <fcntl.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>
#ifdef BB_HAVE_SOCI_PG
#include <soci/postgresql/soci-postgresql.h>
#endif

#include <cerrno>
#include <chrono>
#include <cstring>

#include "store/store_internal.h"

namespace byteback::store {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::string_view kMemory = ":memory:";

// Creates the database file with mode 0600 when it does not exist yet, so
// SQLite (which copies the main file's mode to -wal and -shm) never makes a
// world-readable database.
Status CreatePrivateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return Status::Ok();
  }
  if (errno == EEXIST) return Status::Ok();
  return Status::Unavailable("cannot create database " + path + ": " +
                             std::strerror(errno));
}

Status ConfigureSqlite(soci::session& sql, const StoreOptions& options,
                       bool file) {
  sql << "PRAGMA foreign_keys = ON";
  sql << "PRAGMA busy_timeout = " +
             std::to_string(std::max(0, options.busy_timeout_ms));
  sql << "PRAGMA synchronous = NORMAL";
  if (file) {
    std::string mode;
    sql << "PRAGMA journal_mode = WAL", soci::into(mode);
    if (mode != "wal")
      return Status::Unavailable("SQLite refused WAL mode (got " + mode + ")");
  }
  return Status::Ok();
}

}  // namespace

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Store::Store(std::string backend)
    : backend_(std::move(backend)), pool_(std::make_unique<Pool>()) {}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  const std::string& dsn = options.dsn;
  if (options.pool_size < 1)
    return Status::InvalidArgument("store pool_size must be >= 1");
  bool sqlite = dsn.rfind(kSqlitePrefix, 0) == 0;
  bool pg = dsn.rfind("postgresql://", 0) == 0 ||
            dsn.rfind("postgres://", 0) == 0 ||
            dsn.rfind("postgresql:", 0) == 0;
  if (!sqlite && !pg) {
    return Status::InvalidArgument(
        "unknown database DSN \"" + dsn +
        "\": use sqlite:/path/to/byteback.db or postgresql://user@host/db");
  }
  std::unique_ptr<Store> store(new Store(sqlite ? "sqlite3" : "postgresql"));
  int pool_size = options.pool_size;
  std::string connect;
  bool memory = false;
  if (sqlite) {
    std::string path = dsn.substr(kSqlitePrefix.size());
    memory = path == kMemory;
    if (path.empty())
      return Status::InvalidArgument(
          "sqlite DSN needs a path: sqlite:/path/to/byteback.db");
    if (path.find('"') != std::string::npos)
      return Status::InvalidArgument("sqlite path must not contain '\"'");
    if (memory) {
      pool_size = 1;  // every :memory: connection would be a separate database
    } else {
      BB_RETURN_IF_ERROR(CreatePrivateFile(path));
    }
    connect = "db=\"" + path + "\"";
  } else {
#ifndef BB_HAVE_SOCI_PG
    return Status::Unavailable(
        "this byteback was built without PostgreSQL support");
#else
    // libpq accepts both URIs and "key=value" strings; strip our "postgresql:"
    // tag from the latter form.
    connect =
        dsn.rfind("postgresql://", 0) == 0 || dsn.rfind("postgres://", 0) == 0
            ? dsn
            : dsn.substr(std::string_view("postgresql:").size());
#endif
  }
  try {
    for (int i = 0; i < pool_size; ++i) {
      std::unique_ptr<soci::session> s;
      if (sqlite) {
        s = std::make_unique<soci::session>(*soci::factory_sqlite3(), connect);
        BB_RETURN_IF_ERROR(ConfigureSqlite(*s, options, !memory));
      } else {
#ifdef BB_HAVE_SOCI_PG
        s = std::make_unique<soci::session>(*soci::factory_postgresql(),
                                            connect);
        // Keep NOTICEs ("drop cascades to ...") off the server's stderr.
        *s << "SET client_min_messages TO WARNING";
#endif
      }
      store->pool_->sessions.push_back(std::move(s));
      store->pool_->leased.push_back(false);
    }
  } catch (const std::exception& e) {
    Status s = StatusFromException(e);
    return Status::Unavailable("cannot open database (" + store->backend_ +
                               "): " + s.message());
  }
  return store;
}

Status Store::Transaction(const std::function<Status(soci::session&)>& fn) {
  Session lease = Acquire();
  soci::session& sql = lease.sql();
  const bool sqlite = backend_ == "sqlite3";
  try {
    if (sqlite)
      sql << "BEGIN IMMEDIATE";
    else
      sql.begin();
    Status s = fn(sql);
    if (s.ok()) {
      if (sqlite)
        sql << "COMMIT";
      else
        sql.commit();
      return s;
    }
    if (sqlite)
      sql << "ROLLBACK";
    else
      sql.rollback();
    return s;
  } catch (const std::exception& e) {
    Status s = StatusFromException(e);
    try {
      // Also after a failed COMMIT, which can leave the transaction open.
      // Throws (ignored) when there is no transaction to roll back.
      if (sqlite)
        sql << "ROLLBACK";
      else
        sql.rollback();
    } catch (...) {
      // Nothing open, or the connection is gone (the server rolls back).
    }
    if (!sqlite && s.code() == StatusCode::kUnavailable) {
      try {
        sql.reconnect();  // keep the pooled connection usable
      } catch (...) {
      }
    }
    return s;
  }
}

}  // namespace byteback::store
