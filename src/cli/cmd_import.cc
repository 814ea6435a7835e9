// cmd_import.cc: `byteback import FILE...` reads platform exports (see
// docs/IMPORTS.md), scores every message with the Shield on the way in and
// writes one JSON line per message (docs/IMPORTS.md#output). Files stream:
// memory stays flat whatever their size. On a terminal, progress goes to
// stderr; a summary always does. A file that fails keeps every message read
// before the error (they are written), the error names the place, and the
// remaining files are still imported; the exit code is then non-zero.
#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/import_common.h"
#include "cli/shield_paths.h"
#include "imports/imports.h"

namespace byteback::cli {
namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::string format = "auto", out = "-", model, lexicons;
  ImportFlags flags;
};

Status RunImport(const ImportArgs& a) {
  BB_ASSIGN_OR_RETURN(imports::Format format, imports::ParseFormat(a.format));
  BB_ASSIGN_OR_RETURN(imports::ImportOptions options, a.flags.ToOptions());
  if (a.files.empty()) return Status::InvalidArgument("no input file");
  if (a.files.size() > imports::kMaxFiles)
    return Status::InvalidArgument("more than " + std::to_string(imports::kMaxFiles) + " files in one import");
  BB_ASSIGN_OR_RETURN(auto detector, LoadShield(a.model, a.lexicons));

  std::ofstream file_out;
  std::ostream* out = &std::cout;
  if (a.out != "-") {
    file_out.open(a.out, std::ios::binary | std::ios::trunc);
    if (!file_out) return Status::IOError("cannot write '" + a.out + "'");
    out = &file_out;
  }
  std::ios::sync_with_stdio(false);
  std::array<uint64_t, 5> by_severity{};
  std::string line;
  imports::BatchScorer scorer(detector, std::max(1u, a.flags.threads), [&](imports::ScoredMessage&& m) {
    ++by_severity[static_cast<size_t>(m.severity)];
    line = imports::ToJsonLine(m);
    line.push_back('\n');
    out->write(line.data(), static_cast<std::streamsize>(line.size()));
    return *out ? Status::Ok() : Status::IOError("write failed");
  });

  Progress progress(a.files);
  Status first_error;
  uint64_t messages = 0, skipped = 0;
  for (const std::string& path : a.files) {
    imports::ImportStats stats;
    Status s = ImportOne(path, format, options, [&](imports::Message&& m) {
          progress.Message();
          return scorer.Add(std::move(m));
        },
                         &stats, progress);
    Status f = scorer.Flush();  // whatever was read before an error is written
    if (s.ok()) s = f;
    progress.FileDone(stats);
    messages += stats.messages;
    skipped += stats.skipped;
    PrintWarnings(stats);
    if (!s.ok()) {
      std::fprintf(stderr, "byteback: %s (%llu messages from it were kept)\n", s.message().c_str(),
                   static_cast<unsigned long long>(stats.messages));
      if (first_error.ok()) first_error = s;
    }
  }
  out->flush();
  progress.Finish();
  std::fprintf(stderr,
               "imported %llu messages from %zu file(s) in %.1f s (%.0f messages/s), %llu bad records skipped; "
               "severe %llu, high %llu, medium %llu, low %llu\n",
               static_cast<unsigned long long>(messages), a.files.size(), progress.Seconds(),
               progress.Seconds() > 0 ? static_cast<double>(messages) / progress.Seconds() : 0.0,
               static_cast<unsigned long long>(skipped), static_cast<unsigned long long>(by_severity[4]),
               static_cast<unsigned long long>(by_severity[3]), static_cast<unsigned long long>(by_severity[2]),
               static_cast<unsigned long long>(by_severity[1]));
  if (!*out) return Status::IOError("write failed");
  if (!first_error.ok()) return Status(first_error.code(), "import incomplete: " + first_error.message());
  return Status::Ok();
}

}  // namespace

void RegisterImport(CLI::App& app) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Import platform exports (X, Facebook, Instagram, YouTube, WhatsApp, Telegram, mbox/eml, CSV, "
                "JSONL), score each message and write JSONL");
  cmd->add_option("files", a->files, "export files (- for standard input)")->required();
  cmd->add_option("--format", a->format,
                  "auto, twitter, facebook, instagram, youtube-csv, youtube-json, whatsapp, telegram, mbox, eml, "
                  "csv, jsonl")
      ->capture_default_str();
  cmd->add_option("--out", a->out, "output JSONL file, - for standard output")->capture_default_str();
  cmd->add_option("--model", a->model, "model file (default: BYTEBACK_MODEL, then data/models/shield.bbm)");
  cmd->add_option("--lexicons", a->lexicons, "lexicon folder (default: BYTEBACK_LEXICONS, then data/lexicons)");
  a->flags.Register(cmd);
  cmd->callback([a] {
    if (Status s = RunImport(*a); !s.ok()) Fail(s);
  });
}

}  // namespace byteback::cli
