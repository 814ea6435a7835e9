// cmd_migrate.cc: `byteback migrate` applies pending database migrations
// (forward only) and prints the schema version; `--check` only reports.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/config.h"
#include "store/store.h"

namespace byteback::cli {
namespace {

Status RunMigrate(const ConfigFlags& flags, bool check_only) {
  BB_ASSIGN_OR_RETURN(Config config, LoadConfig(flags, [](const char* n) { return std::getenv(n); }));
  store::StoreOptions options;
  options.dsn = config.EffectiveDsn();
  if (options.dsn.rfind("sqlite:", 0) == 0 && options.dsn != "sqlite::memory:") {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(options.dsn.substr(7)).parent_path(), ec);
  }
  BB_ASSIGN_OR_RETURN(auto store, store::Store::Open(options));
  BB_ASSIGN_OR_RETURN(int before, store->SchemaVersion());
  const int code = store::Store::CodeSchemaVersion();
  if (check_only) {
    std::printf("database schema %d, this byteback %d\n", before, code);
    return store->CheckReady();
  }
  BB_RETURN_IF_ERROR(store->Migrate());
  BB_ASSIGN_OR_RETURN(int after, store->SchemaVersion());
  if (after == before)
    std::printf("database schema %d is current\n", after);
  else
    std::printf("migrated database schema %d -> %d\n", before, after);
  return Status::Ok();
}

}  // namespace

void RegisterMigrate(CLI::App& app) {
  auto flags = std::make_shared<ConfigFlags>();
  auto check = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("migrate", "Apply pending database migrations (forward only)");
  AddConfigFlags(cmd, flags.get());
  cmd->add_flag("--check", *check, "only report the versions; exit 4 when a migration is pending or the database is newer");
  cmd->callback([flags, check] {
    if (Status s = RunMigrate(*flags, *check); !s.ok()) Fail(s);
  });
}

}  // namespace byteback::cli
