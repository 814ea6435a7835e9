// main.cc: the byteback binary. One sub-command per file (cmd_<verb>.cc);
// see commands.h. `byteback --help` lists them.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Byte Back: abuse detection, evidence and solidarity for journalists under attack.\n"
      "Run `byteback <command> --help` for the options of a command."};
  app.name("byteback");
  app.require_subcommand(1);
  app.set_version_flag("--version", byteback::cli::VersionString());
  byteback::cli::RegisterServe(app);
  byteback::cli::RegisterAdmin(app);
  byteback::cli::RegisterMigrate(app);
  byteback::cli::RegisterConfig(app);
  byteback::cli::RegisterVersion(app);
  byteback::cli::RegisterScan(app);
  byteback::cli::RegisterTrain(app);
  byteback::cli::RegisterEval(app);
  byteback::cli::RegisterImport(app);
  byteback::cli::RegisterTriage(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
