// store_internal.h: the connection pool behind Store, and helpers shared by
// the store's .cc files. Private to the store module.
#ifndef BYTEBACK_STORE_STORE_INTERNAL_H_
#define BYTEBACK_STORE_STORE_INTERNAL_H_

#include <soci/soci.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace byteback::store {

// Fixed-size pool of connections, all opened by Store::Open.
struct Store::Pool {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::unique_ptr<soci::session>> sessions;  // immutable after Open
  std::vector<bool> leased;                              // guarded by mu
};

namespace internal {

// Highest applied migration version on `sql`, 0 when schema_migrations does
// not exist yet. Throws soci_error like any SOCI call.
int ReadSchemaVersion(soci::session& sql, std::string_view backend);

}  // namespace internal
}  // namespace byteback::store

#endif  // BYTEBACK_STORE_STORE_INTERNAL_H_
