// cmd_config.cc: `byteback config` prints the effective configuration.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "cli/commands.h"
#include "cli/config.h"

namespace byteback::cli {

void RegisterConfig(CLI::App& app) {
  auto flags = std::make_shared<ConfigFlags>();
  CLI::App* cmd = app.add_subcommand(
      "config", "Print the effective configuration (defaults < file < environment < flags) as TOML");
  AddConfigFlags(cmd, flags.get());
  cmd->callback([flags] {
    Result<Config> config = LoadConfig(*flags, [](const char* n) { return std::getenv(n); });
    if (!config.ok()) Fail(config.status());
    std::fputs(config->ToToml().c_str(), stdout);
  });
}

}  // namespace byteback::cli
