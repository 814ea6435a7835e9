// cmd_scan.cc: `byteback scan` scores messages, one JSON line out per line
// in, in order (the CLI contract other tools script against; see
// docs/ENGINE.md#scan-output). Lines are read in batches and scored by
// --threads workers, each with its own Scratch over one shared Detector.
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/commands.h"
#include "cli/shield_paths.h"
#include "core/json_text.h"
#include "detect/detect.h"

namespace byteback::cli {
namespace {

constexpr size_t kBatchLines = 8192;

struct ScanArgs {
  std::string model, lexicons, input = "-", output = "-", format = "jsonl";
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
};

void AppendError(size_t line_no, const Status& s, std::string* out) {
  out->append("{\"line\":");
  json_text::AppendInt(static_cast<int64_t>(line_no), out);
  out->append(",\"error\":{\"code\":\"").append(StatusCodeName(s.code())).append("\",\"message\":");
  json_text::AppendString(s.message(), out);
  out->append("}}\n");
}

// The verdict line of docs/ENGINE.md#scan-output: scores with four decimals.
void AppendVerdict(const std::string& id_json, const detect::Verdict& v, const std::string& model_json,
                   std::string* out) {
  out->append("{\"id\":").append(id_json).append(",\"lang\":\"").append(v.lang).append("\",\"scores\":{");
  for (size_t l = 0; l < detect::kLabelCount; ++l) {
    out->append(l ? ",\"" : "\"").append(detect::LabelName(static_cast<detect::Label>(l))).append("\":");
    json_text::AppendFixed(v.scores[l], 4, /*trim=*/false, out);
  }
  out->append("},\"labels\":[");
  bool first = true;
  for (size_t l = 0; l < detect::kLabelCount; ++l) {
    if (!(v.labels & (1u << l))) continue;
    out->append(first ? "\"" : ",\"").append(detect::LabelName(static_cast<detect::Label>(l))).append("\"");
    first = false;
  }
  out->append("],\"spans\":[");
  for (size_t i = 0; i < v.spans.size(); ++i) {
    const auto& s = v.spans[i];
    out->append(i ? ",{\"begin\":" : "{\"begin\":");
    json_text::AppendInt(s.begin, out);
    out->append(",\"end\":");
    json_text::AppendInt(s.end, out);
    out->append(",\"label\":\"").append(detect::LabelName(s.label)).append("\"}");
  }
  out->append("],\"model\":").append(model_json).append("}\n");
}

// Scores one input line into `out`.
void ScanLine(const detect::Detector& d, detect::Scratch& scratch, const std::string& line, size_t line_no,
              bool text_format, const std::string& model_json, detect::Verdict* v, std::string* out) {
  std::string id_json, text_storage;
  std::string_view text;
  if (text_format) {
    id_json = std::to_string(line_no);
    text = line;
  } else {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      AppendError(line_no, Status::InvalidArgument("line is not a JSON object"), out);
      return;
    }
    auto t = j.find("text");
    if (t == j.end() || !t->is_string()) {
      AppendError(line_no, Status::InvalidArgument("missing string field \"text\""), out);
      return;
    }
    auto id = j.find("id");
    id_json = id == j.end() ? "null" : id->dump();
    text_storage = t->get<std::string>();
    text = text_storage;
  }
  d.Scan(text, scratch, v);
  AppendVerdict(id_json, *v, model_json, out);
}

Status RunScan(const ScanArgs& a) {
  if (a.format != "jsonl" && a.format != "text") return Status::InvalidArgument("--format must be jsonl or text");
  BB_ASSIGN_OR_RETURN(auto detector, LoadShield(a.model, a.lexicons));
  std::ifstream file_in;
  std::istream* in = &std::cin;
  if (a.input != "-") {
    file_in.open(a.input, std::ios::binary);
    if (!file_in) return Status::NotFound("cannot read '" + a.input + "'");
    in = &file_in;
  }
  std::ofstream file_out;
  std::ostream* out = &std::cout;
  if (a.output != "-") {
    file_out.open(a.output, std::ios::binary | std::ios::trunc);
    if (!file_out) return Status::IOError("cannot write '" + a.output + "'");
    out = &file_out;
  }
  std::ios::sync_with_stdio(false);
  const bool text_format = a.format == "text";
  const std::string model_json = nlohmann::json(detector->model().version).dump();
  const unsigned threads = std::max(1u, a.threads);
  std::vector<std::unique_ptr<detect::Scratch>> scratches;
  for (unsigned t = 0; t < threads; ++t) scratches.push_back(std::make_unique<detect::Scratch>(*detector));
  std::vector<std::string> lines;
  std::vector<std::string> outs(threads);
  size_t line_no = 0;
  for (;;) {
    lines.clear();
    std::string line;
    while (lines.size() < kBatchLines && std::getline(*in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
    }
    if (lines.empty()) break;
    // Contiguous chunks per thread keep the output order trivial.
    const size_t chunk = (lines.size() + threads - 1) / threads;
    auto work = [&](unsigned t) {
      detect::Verdict v;
      outs[t].clear();
      for (size_t i = t * chunk; i < std::min(lines.size(), (t + 1) * chunk); ++i)
        ScanLine(*detector, *scratches[t], lines[i], line_no + i + 1, text_format, model_json, &v, &outs[t]);
    };
    if (threads == 1 || lines.size() < 64) {
      for (unsigned t = 0; t < threads; ++t) work(t);
    } else {
      std::vector<std::thread> pool;
      for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
      for (auto& th : pool) th.join();
    }
    for (const auto& o : outs) out->write(o.data(), static_cast<std::streamsize>(o.size()));
    line_no += lines.size();
  }
  out->flush();
  if (!*out) return Status::IOError("write failed");
  return Status::Ok();
}

}  // namespace

void RegisterScan(CLI::App& app) {
  auto a = std::make_shared<ScanArgs>();
  CLI::App* cmd = app.add_subcommand(
      "scan", "Score messages: JSONL {\"id\",\"text\"} (or plain lines) in, one JSON verdict line out per line");
  cmd->add_option("--model", a->model, "model file (default: BYTEBACK_MODEL, then data/models/shield.bbm)");
  cmd->add_option("--lexicons", a->lexicons, "lexicon folder (default: BYTEBACK_LEXICONS, then data/lexicons)");
  cmd->add_option("--input", a->input, "input file, - for standard input")->capture_default_str();
  cmd->add_option("--output", a->output, "output file, - for standard output")->capture_default_str();
  cmd->add_option("--format", a->format, "jsonl or text")->capture_default_str();
  cmd->add_option("--threads", a->threads, "worker threads")->capture_default_str();
  cmd->callback([a] {
    if (Status s = RunScan(*a); !s.ok()) Fail(s);
  });
}

}  // namespace byteback::cli
