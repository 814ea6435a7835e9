// imports_fuzz.cc: every importer, on any bytes, either delivers messages
// that keep the reader contract (valid UTF-8, texts within the limit, a
// source naming the input) or stops with an error naming the input; the
// import JSON line round-trips, and the triage report escapes what it shows.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "imports/imports.h"

namespace {

using byteback::Status;
using namespace byteback::imports;

constexpr Format kFormats[] = {Format::kAuto,     Format::kTwitter,  Format::kFacebook,    Format::kInstagram,
                               Format::kYouTubeCsv, Format::kYouTubeJson, Format::kWhatsApp, Format::kTelegram,
                               Format::kMbox,     Format::kEml,      Format::kCsv,         Format::kJsonl};

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  ImportOptions options;
  options.max_message_bytes = 256;  // exercise cutting
  options.max_line_bytes = 4096;
  TriageReport report;
  for (Format f : kFormats) {
    std::istringstream stream(in);
    ImportStats stats;
    uint64_t seen = 0;
    Status s = Import(stream, "fuzz", f, options, [&](Message&& m) {
      ++seen;
      Check(m.text.size() <= options.max_message_bytes);
      for (const std::string* field : {&m.platform, &m.author, &m.time, &m.url, &m.text, &m.thread, &m.source})
        Check(byteback::utf8::IsValid(*field));
      Check(m.source.rfind("fuzz:", 0) == 0);
      ScoredMessage sm;
      sm.message = m;
      sm.severity = Severity::kHigh;
      sm.category = "insult";
      sm.labels = {"abusive"};
      auto back = ParseJsonLine(ToJsonLine(sm));
      Check(back.ok() && back->message.text == m.text && back->message.author == m.author);
      report.Add(std::move(sm));
      return Status::Ok();
    }, &stats);
    Check(stats.messages == seen);
    Check(stats.bytes <= in.size());
    if (!s.ok()) Check(s.message().find("fuzz") != std::string::npos);
  }
  const std::string html = report.RenderHtml("fuzz");
  // Only the report's own script element: nothing from the input is markup.
  Check(html.find("<script") == html.rfind("<script"));
  Check(html.find("<img") == std::string::npos && html.find("<iframe") == std::string::npos);
  const std::string csv = report.RenderCsv();
  Check(csv.find("\r\n\"=") == std::string::npos && csv.find(",\"=") == std::string::npos);
  return 0;
}
