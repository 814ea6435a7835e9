// runtime.cc: see runtime.h.
#include "cli/runtime.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace byteback::cli {
namespace {

// Creates `dir` (and parents) with mode 0700 when missing.
Status EnsurePrivateDir(const std::filesystem::path& dir) {
  if (dir.empty()) return Status::Ok();
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IOError("cannot create folder " + dir.string() + ": " + ec.message());
    if (::chmod(dir.c_str(), 0700) != 0)
      return Status::IOError("cannot chmod 700 " + dir.string() + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

accounts::Principal OperatorPrincipal() {
  accounts::Principal p;
  p.role = accounts::Role::kAdmin;
  p.via = accounts::Principal::Via::kInternal;
  return p;
}

Result<std::unique_ptr<Runtime>> OpenRuntime(const Config& config, MigratePolicy policy) {
  auto rt = std::make_unique<Runtime>();
  rt->config = config;
  BB_RETURN_IF_ERROR(EnsurePrivateDir(config.data_dir));
  BB_RETURN_IF_ERROR(crypto::Init());
  std::filesystem::path key_file = config.EffectiveKeyFile();
  BB_RETURN_IF_ERROR(EnsurePrivateDir(key_file.parent_path()));
  BB_ASSIGN_OR_RETURN(rt->keyring, crypto::Keyring::LoadOrCreate(key_file.string()));

  std::string dsn = config.EffectiveDsn();
  if (dsn.rfind("sqlite:", 0) == 0 && dsn != "sqlite::memory:") {
    BB_RETURN_IF_ERROR(EnsurePrivateDir(std::filesystem::path(dsn.substr(7)).parent_path()));
  }
  store::StoreOptions store_options;
  store_options.dsn = dsn;
  store_options.pool_size = std::max(2, config.threads);
  BB_ASSIGN_OR_RETURN(rt->store, store::Store::Open(store_options));
  if (policy == MigratePolicy::kApply) {
    BB_RETURN_IF_ERROR(rt->store->Migrate());
  }
  BB_RETURN_IF_ERROR(rt->store->CheckReady());

  accounts::AccountsOptions ao;
  ao.max_failed_logins = config.lockout_threshold;
  ao.lockout_seconds = int64_t{config.lockout_minutes} * 60;
  ao.session_idle_seconds = int64_t{config.session_idle_minutes} * 60;
  ao.session_absolute_seconds = int64_t{config.session_max_hours} * 3600;
  BB_ASSIGN_OR_RETURN(rt->accounts, accounts::Accounts::Create(rt->store.get(), rt->keyring.get(), ao));
  BB_ASSIGN_OR_RETURN(rt->incidents,
                      incidents::Incidents::Create(rt->store.get(), rt->keyring.get(), rt->accounts.get()));
  const std::string signing = config.EffectiveSigningKeyFile();
  auto signer = crypto::Signer::LoadOrCreate(signing);
  if (!signer.ok()) {
    return Status(signer.status().code(), "signing key " + signing + ": " + signer.status().message());
  }
  rt->signer = std::move(signer).value();
  return rt;
}

}  // namespace byteback::cli
