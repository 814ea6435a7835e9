// commands.h: the sub-commands of the byteback binary (fastText main.cc
// style: one file per verb, cmd_<verb>.cc). Each Register* function adds its
// sub-command to `app` with its own flags and --help, and sets the callback
// that runs it. A command reports failure by throwing CLI::RuntimeError with
// the exit code (see ExitCodeFor), after printing a clear message to stderr.
#ifndef BYTEBACK_CLI_COMMANDS_H_
#define BYTEBACK_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <string>

#include "core/status.h"

namespace byteback::cli {

void RegisterServe(CLI::App& app);    // cmd_serve.cc
void RegisterAdmin(CLI::App& app);    // cmd_admin.cc
void RegisterMigrate(CLI::App& app);  // cmd_migrate.cc
void RegisterVersion(CLI::App& app);  // cmd_version.cc
void RegisterConfig(CLI::App& app);   // cmd_config.cc
void RegisterScan(CLI::App& app);     // cmd_scan.cc
void RegisterTrain(CLI::App& app);    // cmd_train.cc
void RegisterEval(CLI::App& app);     // cmd_eval.cc
void RegisterEvidence(CLI::App& app); // cmd_evidence.cc
void RegisterOcr(CLI::App& app);      // cmd_ocr.cc
void RegisterImport(CLI::App& app);   // cmd_import.cc
void RegisterTriage(CLI::App& app);   // cmd_triage.cc

// The one mapping from Status to process exit code: 0 ok, 2 invalid input,
// 3 not found, 4 failed precondition, 5 I/O, 1 anything else.
int ExitCodeFor(const Status& s);

// Prints "byteback: <message>" to stderr and throws CLI::RuntimeError with
// ExitCodeFor(s). Use in command callbacks for a non-OK Status.
[[noreturn]] void Fail(const Status& s);

// "byteback 0.1.0 (schema N, model format M)": what `version` prints.
std::string VersionString();

}  // namespace byteback::cli

#endif  // BYTEBACK_CLI_COMMANDS_H_
