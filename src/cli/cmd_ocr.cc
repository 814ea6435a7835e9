// cmd_ocr.cc: `byteback ocr IMAGE...` reads the text of screenshots with
// tesseract (ocr/ocr.h) and prints it with the Shield's verdict, as text or
// one JSON line per image (--json). The image files are only read, never
// changed. A file that fails (wrong type, too large, unreadable) is reported
// on stderr naming the file; the others are still processed, and the exit
// code is that of the first failure.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/shield_paths.h"
#include "detect/detect.h"
#include "ocr/ocr.h"

namespace byteback::cli {
namespace {

struct OcrArgs {
  std::vector<std::string> images;
  std::string lang = "eng+hin+urd";
  std::string tessdata, model, lexicons;
  bool json = false;
};

Result<std::string> ReadImage(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::NotFound(path + ": not a readable file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::IOError(path + ": " + ec.message());
  if (size > max_bytes) {
    return Status::ResourceExhausted(path + ": " + std::to_string(size) + " bytes is over the limit of " +
                                     std::to_string(max_bytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in) return Status::IOError(path + ": read failed");
  return buf.str();
}

nlohmann::json VerdictJson(const detect::Verdict& v) {
  nlohmann::json scores = nlohmann::json::object(), labels = nlohmann::json::array();
  for (size_t l = 0; l < detect::kLabelCount; ++l) {
    const auto label = static_cast<detect::Label>(l);
    scores[std::string(detect::LabelName(label))] = std::round(v.scores[l] * 10000.0) / 10000.0;
    if (v.has(label)) labels.push_back(std::string(detect::LabelName(label)));
  }
  return {{"lang", v.lang}, {"scores", scores}, {"labels", labels}};
}

void PrintText(const std::string& path, const ocr::OcrResult& r, const detect::Verdict& v) {
  std::cout << "== " << path << " (" << r.image.mime << " " << r.image.width << "x" << r.image.height
            << ", sha256 " << r.sha256 << ")\n";
  std::cout << (r.text.empty() ? "(no text found)" : r.text) << "\n";
  std::string labels;
  for (size_t l = 0; l < detect::kLabelCount; ++l) {
    const auto label = static_cast<detect::Label>(l);
    if (!v.has(label)) continue;
    char num[16];
    std::snprintf(num, sizeof num, "%.2f", static_cast<double>(v.scores[l]));
    labels += (labels.empty() ? "" : ", ") + std::string(detect::LabelName(label)) + " " + num;
  }
  std::cout << "-- shield: " << (labels.empty() ? "not flagged" : labels) << " (lang " << v.lang << ")\n";
}

Status RunOcr(const OcrArgs& a) {
  ocr::Options options;
  BB_ASSIGN_OR_RETURN(options.languages, ocr::ParseLanguages(a.lang));
  options.tessdata_dir = a.tessdata;
  options.max_engines = 1;
  BB_ASSIGN_OR_RETURN(auto recognizer, ocr::Recognizer::Create(options));
  BB_ASSIGN_OR_RETURN(auto detector, LoadShield(a.model, a.lexicons));
  detect::Scratch scratch(*detector);
  Status first_error;
  for (const auto& path : a.images) {
    Result<ocr::OcrResult> r = [&]() -> Result<ocr::OcrResult> {
      BB_ASSIGN_OR_RETURN(std::string bytes, ReadImage(path, options.max_image_bytes));
      return recognizer->Recognize(bytes);
    }();
    if (!r.ok()) {
      const Status st = r.status();  // a copy: status() returns by value
      const std::string& m = st.message();
      const std::string line = m.starts_with(path) ? m : path + ": " + m;
      std::fprintf(stderr, "byteback: %s\n", line.c_str());
      if (first_error.ok()) first_error = st;
      continue;
    }
    const detect::Verdict v = detector->Scan(r->text, scratch);
    if (!a.json) {
      PrintText(path, *r, v);
      continue;
    }
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& l : r->lines) {
      lines.push_back({{"text", l.text},
                       {"box", {l.box.x, l.box.y, l.box.width, l.box.height}},
                       {"confidence", std::round(l.confidence * 10.0) / 10.0}});
    }
    nlohmann::json out = {{"file", path},           {"mime", r->image.mime}, {"width", r->image.width},
                          {"height", r->image.height}, {"sha256", r->sha256},   {"text", r->text},
                          {"lines", lines},          {"mean_confidence", r->mean_confidence},
                          {"verdict", VerdictJson(v)}, {"model", detector->model().version}};
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  std::cout.flush();
  if (!first_error.ok()) throw CLI::RuntimeError(ExitCodeFor(first_error));
  return Status::Ok();
}

}  // namespace

void RegisterOcr(CLI::App& app) {
  auto a = std::make_shared<OcrArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ocr", "Read the text of screenshots (PNG, JPEG, WebP, BMP, TIFF) with tesseract and score it with the Shield");
  cmd->add_option("IMAGE", a->images, "image files (only read, never changed)")->required();
  cmd->add_option("--lang", a->lang, "tesseract languages joined by '+' (eng hin urd ben tam sin nep)")
      ->capture_default_str();
  cmd->add_flag("--json", a->json, "one JSON line per image: text, lines with boxes, verdict");
  cmd->add_option("--tessdata", a->tessdata, "tessdata folder (default: TESSDATA_PREFIX, then Debian's)");
  cmd->add_option("--model", a->model, "model file (default: BYTEBACK_MODEL, then data/models/shield.bbm)");
  cmd->add_option("--lexicons", a->lexicons, "lexicon folder (default: BYTEBACK_LEXICONS, then data/lexicons)");
  cmd->callback([a] {
    if (Status s = RunOcr(*a); !s.ok()) Fail(s);
  });
}

}  // namespace byteback::cli
