// import_common.h: what `byteback import` and `byteback triage` share: the
// reader flags, opening one input (a path or - for stdin), progress on a
// terminal and warning output.
#ifndef BYTEBACK_CLI_IMPORT_COMMON_H_
#define BYTEBACK_CLI_IMPORT_COMMON_H_

#include <CLI/CLI.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "core/status.h"
#include "imports/imports.h"

namespace byteback::cli {

// Reader options as flags: --map FIELD=NAME (repeatable), --date-order,
// --utc-offset, --owner, --strict, --max-message-bytes, --threads.
struct ImportFlags {
  std::vector<std::string> map;
  std::string date_order = "auto";
  int utc_offset_minutes = 0;
  std::string owner;
  bool strict = false;
  size_t max_message_bytes = imports::kMaxMessageBytes;
  unsigned threads = 2;

  void Register(CLI::App* cmd);
  // InvalidArgument for an unknown field in --map or a bad --date-order.
  Result<imports::ImportOptions> ToOptions() const;
};

// Progress on stderr when it is a terminal: bytes read of the total size of
// the inputs, messages/s; redrawn at most 5 times a second. Silent otherwise.
class Progress {
 public:
  explicit Progress(const std::vector<std::string>& files);
  // The callback for imports::Import (bytes read of the current file).
  imports::ProgressFn ForFile();
  // Counts one message delivered (for the messages/s figure).
  void Message() { ++messages_; }
  void FileDone(const imports::ImportStats& stats);
  void Finish();
  double Seconds() const;

 private:
  void Draw(uint64_t file_bytes);
  bool tty_;
  uint64_t total_bytes_ = 0, done_bytes_ = 0, messages_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// Imports `path` ("-": standard input) with progress. NotFound / IOError /
// InvalidArgument naming the path for a missing file or a directory.
Status ImportOne(const std::string& path, imports::Format format, const imports::ImportOptions& options,
                 const imports::MessageSink& sink, imports::ImportStats* stats, Progress& progress);

// Prints the warnings of one file to stderr ("warning: file:line: ...").
void PrintWarnings(const imports::ImportStats& stats);

}  // namespace byteback::cli

#endif  // BYTEBACK_CLI_IMPORT_COMMON_H_
