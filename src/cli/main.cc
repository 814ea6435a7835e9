// main.cc: the byteback binary. One sub-command per file (cmd_<verb>.cc);
// see commands.h. `byteback --help` lists them.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <unistd.h>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // Debian's tesseract runs OpenMP threads inside every OCR call; on a small
  // machine serving requests that makes each screenshot several times slower
  // (docs/REPORTS.md). OpenMP reads the limit when the library loads, before
  // main(), so the only way to set it for ourselves is to restart with it.
  if (std::getenv("OMP_THREAD_LIMIT") == nullptr) {
    ::setenv("OMP_THREAD_LIMIT", "1", 1);
    ::execv("/proc/self/exe", argv);
    // Without /proc the command still works, only OCR is slower.
  }
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
  byteback::cli::RegisterEvidence(app);
  byteback::cli::RegisterOcr(app);
  byteback::cli::RegisterImport(app);
  byteback::cli::RegisterTriage(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
