// runtime.h: opens the services a server-side command needs, in order:
// data folder (0700) -> keyring (key file 0600) -> store (+ migrations) ->
// accounts -> incidents. Shared by serve, admin and migrate so they open the
// same files the same way.
// Thread safety: a Runtime is built and destroyed by one thread; the
// services it holds are thread-safe per their headers.
#ifndef BYTEBACK_CLI_RUNTIME_H_
#define BYTEBACK_CLI_RUNTIME_H_

#include <memory>

#include "accounts/accounts.h"
#include "cli/config.h"
#include "core/status.h"
#include "crypto/crypto.h"
#include "incidents/incidents.h"
#include "store/store.h"

namespace byteback::cli {

enum class MigratePolicy {
  kApply,       // apply pending migrations (serve, migrate)
  kRequireCurrent,  // refuse a database that is not at the code's version
};

struct Runtime {
  Config config;
  std::unique_ptr<crypto::Keyring> keyring;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<accounts::Accounts> accounts;
  std::unique_ptr<incidents::Incidents> incidents;
  std::unique_ptr<crypto::Signer> signer;  // evidence signing key (config.signing_key_file)
};

// Opens everything for `config`. Errors name the file or DSN involved; a
// database newer than this binary is FailedPrecondition whatever the policy.
Result<std::unique_ptr<Runtime>> OpenRuntime(const Config& config, MigratePolicy policy);

// An admin principal for commands run by the server's operator on its own
// machine (the CLI is as privileged as the key file it can read).
accounts::Principal OperatorPrincipal();

}  // namespace byteback::cli

#endif  // BYTEBACK_CLI_RUNTIME_H_
