// store.h: the relational store (SOCI over SQLite or PostgreSQL).
//
// Flow: Store::Open() connects a small pool of SOCI sessions to the database
// named by a DSN, then Migrate() applies the embedded, versioned schema files
// (src/store/schema/NNNN_<name>.sql, read at configure time and compiled into
// the binary; see docs/FORMATS-store.md#migrations) and CheckReady() confirms
// that the database schema matches this binary. Domain modules then run their
// SQL inside Transaction() (commit on OK, rollback otherwise) or on a leased
// Session. SQL must stay portable between SQLite and PostgreSQL: BIGINT unix
// seconds for times, TEXT, INTEGER 0/1 for booleans, INSERT ... RETURNING id.
//
// The audit log (table audit_log) is append-only: this interface offers only
// AppendAudit() and ListAudit(), and on SQLite triggers abort any UPDATE or
// DELETE of its rows.
//
// Thread safety: a Store is shared by all threads. Acquire(), Transaction(),
// AppendAudit(), ListAudit(), SchemaVersion() and CheckReady() may be called
// concurrently; each leases one pooled connection for its duration and blocks
// while all are leased. A Session (and the soci::session it exposes) must be
// used by one thread at a time. Do NOT call Acquire() or another Store method
// while holding a Session or inside a Transaction() callback on a pool of one
// connection (sqlite::memory:): it would wait for itself. Use the
// soci::session passed to the callback instead; AppendAudit(sql, event) takes
// it explicitly for that reason.
#ifndef BYTEBACK_STORE_STORE_H_
#define BYTEBACK_STORE_STORE_H_

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace soci {
class session;
}  // namespace soci

namespace byteback::store {

// Current time in unix seconds (system clock).
int64_t NowSeconds();

struct StoreOptions {
  // "sqlite:/path/to/byteback.db", "sqlite::memory:" (tests; one shared
  // connection), "postgresql://user@host/db" or a SOCI connect string
  // "postgresql: dbname=... user=...". Required.
  std::string dsn;
  // Connections in the pool (>= 1). Forced to 1 for sqlite::memory:.
  int pool_size = 4;
  // SQLite: how long a writer waits for a lock before SQLITE_BUSY.
  int busy_timeout_ms = 5000;
};

// One audit log row. Times are unix seconds.
struct AuditEvent {
  int64_t id = 0;  // set by the store; ignored by AppendAudit
  int64_t at = 0;  // 0 means "now" in AppendAudit
  std::optional<int64_t> actor_user_id;
  std::string actor_kind;   // "session", "api_key", "system", "anonymous", ...
  std::string action;       // "login_ok", "user_created", ... (required)
  std::string target_kind;  // "user", "incident", ...
  int64_t target_id = 0;
  std::optional<int64_t> org_id;
  std::string ip;
  std::string detail_json;  // "" or a JSON object
};

// Filters for ListAudit; unset fields do not filter. Newest first.
struct AuditQuery {
  std::optional<int64_t> actor_user_id;
  std::optional<int64_t> org_id;
  std::string action;       // exact match when non-empty
  std::string target_kind;  // exact match when non-empty
  std::optional<int64_t> target_id;
  int64_t since = 0;      // at >= since
  int64_t before_id = 0;  // id < before_id when > 0 (paging)
  int limit = 100;        // clamped to [1, kMaxAuditLimit]
};
inline constexpr int kMaxAuditLimit = 1000;

class Store;

// A leased pooled connection; returns it to the pool on destruction.
// Movable, not copyable. Use from one thread at a time. Must not outlive the
// Store. Statements run in autocommit mode unless the caller begins a
// transaction (prefer Store::Transaction).
class Session {
 public:
  Session(Session&& other) noexcept;
  Session& operator=(Session&& other) noexcept;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  // The SOCI session. soci exceptions thrown by statements are the caller's
  // to catch (Transaction() does it for you).
  soci::session& sql();

 private:
  friend class Store;
  Session(Store* store, size_t index);
  Store* store_ = nullptr;
  size_t index_ = 0;
};

class Store {
 public:
  // Connects and configures the database. SQLite: WAL journal (file DBs),
  // foreign_keys=ON, busy_timeout, synchronous=NORMAL; a new file DB is
  // created with mode 0600 (its directory must exist). InvalidArgument for an
  // unknown DSN scheme; Unavailable when the database cannot be opened or
  // PostgreSQL support is not compiled in. Does not migrate.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  // "sqlite3" or "postgresql".
  std::string_view backend() const { return backend_; }

  // Highest migration version embedded in this binary.
  static int CodeSchemaVersion();
  // Highest version recorded in schema_migrations; 0 for an empty database.
  Result<int> SchemaVersion();
  // Applies every embedded migration newer than SchemaVersion(), each in its
  // own transaction with its schema_migrations row. No-op when current.
  // FailedPrecondition when the database is newer than this binary; the
  // failing migration's error (and nothing of it applied) otherwise.
  Status Migrate();
  // OK when the database schema equals CodeSchemaVersion(). Otherwise
  // FailedPrecondition: "database schema version N is newer than this
  // byteback (M); upgrade byteback" or "database schema version N is older
  // than this byteback (M); run byteback migrate".
  Status CheckReady();

  // Leases a connection, blocking while all are in use.
  Session Acquire();

  // Runs `fn` in a transaction on a leased connection: commits when it
  // returns OK, rolls back otherwise (and returns its Status). Exceptions
  // thrown by `fn` are caught and rolled back: a unique-constraint violation
  // becomes AlreadyExists, a foreign-key/check/not-null violation
  // FailedPrecondition, a lost connection Unavailable, anything else Internal.
  // Never throws.
  Status Transaction(const std::function<Status(soci::session&)>& fn);

  // Appends one audit row (own transaction). InvalidArgument when `action` is
  // empty. at == 0 is replaced by NowSeconds().
  Status AppendAudit(const AuditEvent& event);
  // The same inside a caller's transaction (`sql` from Transaction()), so the
  // audit row commits or rolls back with the change it records.
  Status AppendAudit(soci::session& sql, const AuditEvent& event);
  // Rows matching `query`, newest (highest id) first.
  Result<std::vector<AuditEvent>> ListAudit(const AuditQuery& query);

  // Turns an exception caught around SOCI calls into a Status (the mapping
  // described at Transaction()). For modules that catch themselves.
  static Status StatusFromException(const std::exception& e);

 private:
  friend class Session;
  struct Pool;
  explicit Store(std::string backend);
  soci::session& SessionAt(size_t index);
  void Release(size_t index);

  std::string backend_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace byteback::store

#endif  // BYTEBACK_STORE_STORE_H_
