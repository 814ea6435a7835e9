// import_common.cc: see import_common.h.
#include "cli/import_common.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace byteback::cli {

void ImportFlags::Register(CLI::App* cmd) {
  cmd->add_option("--map", map,
                  "CSV/JSONL field mapping FIELD=COLUMN (text, author, time, url, thread, platform); repeatable, "
                  "or comma-separated")
      ->allow_extra_args(false)
      ->delimiter(',');
  cmd->add_option("--date-order", date_order, "WhatsApp dates: auto, dmy or mdy")->capture_default_str();
  cmd->add_option("--utc-offset", utc_offset_minutes,
                  "WhatsApp: minutes the phone's clock was ahead of UTC (330 for India)")
      ->capture_default_str();
  cmd->add_option("--owner", owner,
                  "handle of the export's account: the author of X tweets.js and Facebook/Instagram own comments");
  cmd->add_flag("--strict", strict, "stop at the first bad record instead of skipping it");
  cmd->add_option("--max-message-bytes", max_message_bytes, "cut longer message texts")->capture_default_str();
  cmd->add_option("--threads", threads, "scoring threads")->capture_default_str();
}

Result<imports::ImportOptions> ImportFlags::ToOptions() const {
  imports::ImportOptions o;
  o.strict = strict;
  o.utc_offset_minutes = utc_offset_minutes;
  o.owner = owner;
  if (max_message_bytes == 0 || max_message_bytes > imports::kMaxMessageBytes)
    return Status::InvalidArgument("--max-message-bytes must be 1.." + std::to_string(imports::kMaxMessageBytes));
  o.max_message_bytes = max_message_bytes;
  if (date_order == "dmy") {
    o.date_order = imports::DateOrder::kDayFirst;
  } else if (date_order == "mdy") {
    o.date_order = imports::DateOrder::kMonthFirst;
  } else if (date_order != "auto") {
    return Status::InvalidArgument("--date-order must be auto, dmy or mdy");
  }
  for (const std::string& m : map) {
    size_t eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
      return Status::InvalidArgument("--map wants FIELD=COLUMN, got '" + m + "'");
    std::string field = m.substr(0, eq), col = m.substr(eq + 1);
    std::string* slot = field == "text"       ? &o.fields.text
                        : field == "author"   ? &o.fields.author
                        : field == "time"     ? &o.fields.time
                        : field == "url"      ? &o.fields.url
                        : field == "thread"   ? &o.fields.thread
                        : field == "platform" ? &o.fields.platform
                                              : nullptr;
    if (slot == nullptr)
      return Status::InvalidArgument("--map: unknown field '" + field +
                                     "' (text, author, time, url, thread, platform)");
    *slot = col;
  }
  return o;
}

Progress::Progress(const std::vector<std::string>& files)
    : tty_(::isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()), last_draw_(start_) {
  for (const auto& f : files) {
    struct stat st;
    if (f != "-" && ::stat(f.c_str(), &st) == 0 && S_ISREG(st.st_mode)) total_bytes_ += static_cast<uint64_t>(st.st_size);
  }
}

imports::ProgressFn Progress::ForFile() {
  if (!tty_) return nullptr;
  return [this](uint64_t bytes) { Draw(bytes); };
}

void Progress::Draw(uint64_t file_bytes) {
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double s = Seconds();
  std::fprintf(stderr, "\r%.1f / %.1f MB read, %llu messages, %.0f messages/s   ",
               static_cast<double>(done_bytes_ + file_bytes) / 1e6, static_cast<double>(total_bytes_) / 1e6,
               static_cast<unsigned long long>(messages_), s > 0 ? static_cast<double>(messages_) / s : 0.0);
  std::fflush(stderr);
}

void Progress::FileDone(const imports::ImportStats& stats) {
  done_bytes_ += stats.bytes;
  if (tty_) {
    last_draw_ = {};
    Draw(0);
    std::fputc('\n', stderr);
  }
}

void Progress::Finish() {}

double Progress::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

Status ImportOne(const std::string& path, imports::Format format, const imports::ImportOptions& options,
                 const imports::MessageSink& sink, imports::ImportStats* stats, Progress& progress) {
  if (path == "-") return imports::Import(std::cin, "stdin", format, options, sink, stats, progress.ForFile());
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Status::InvalidArgument("'" + path + "' is a folder; name the export files in it");
  return imports::ImportFile(path, format, options, sink, stats, progress.ForFile());
}

void PrintWarnings(const imports::ImportStats& stats) {
  for (const auto& w : stats.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const uint64_t shown = stats.warnings.size();
  const uint64_t all = stats.skipped + stats.truncated;
  if (all > shown)
    std::fprintf(stderr, "warning: ... %llu more bad or cut records not listed\n",
                 static_cast<unsigned long long>(all - shown));
}

}  // namespace byteback::cli
