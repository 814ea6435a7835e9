// cmd_version.cc: `byteback version` prints the program, schema and model format versions.
#include <cstdio>

#include "cli/commands.h"
#include "detect/detect.h"
#include "store/store.h"

namespace byteback::cli {

void RegisterVersion(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("version", "Print the versions of byteback, its database schema and model format");
  cmd->callback([] {
    std::printf("%s\n", VersionString().c_str());
    std::printf("database schema: %d\n", store::Store::CodeSchemaVersion());
  });
}

}  // namespace byteback::cli
