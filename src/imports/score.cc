// score.cc: verdict -> ScoredMessage (severity and category rules), and the
// JSON line `byteback import` writes and `byteback triage` reads back.
// See docs/IMPORTS.md#severity and #output.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "imports/imports.h"

namespace byteback::imports {
namespace {

using nlohmann::json;

// Most specific first: the category a reviewer reports under.
constexpr detect::Label kCategoryOrder[] = {detect::Label::kThreat, detect::Label::kGendered,
                                            detect::Label::kIdentity, detect::Label::kInsult,
                                            detect::Label::kAbusive};

bool Has(const std::vector<std::string>& v, std::string_view s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

void Classify(ScoredMessage* m) {
  int max_span = 0;
  for (const auto& s : m->spans) max_span = std::max(max_span, s.severity);
  const float abusive = m->scores[static_cast<size_t>(detect::Label::kAbusive)];
  const bool flagged = !m->labels.empty();
  if (flagged && (Has(m->labels, "threat") || max_span >= 3)) {
    m->severity = Severity::kSevere;
  } else if (flagged && (abusive >= 0.85f || max_span >= 2 || (Has(m->labels, "gendered") && m->labels.size() > 1))) {
    m->severity = Severity::kHigh;
  } else if (flagged) {
    m->severity = Severity::kMedium;
  } else if (!m->spans.empty() || abusive >= 0.3f) {
    m->severity = Severity::kLow;
  } else {
    m->severity = Severity::kNone;
  }
  m->category = "none";
  for (detect::Label l : kCategoryOrder)
    if (Has(m->labels, detect::LabelName(l))) {
      m->category = std::string(detect::LabelName(l));
      return;
    }
  if (!m->spans.empty()) m->category = m->spans.front().label;
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kNone: return "none";
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kSevere: return "severe";
  }
  return "none";
}

ScoredMessage Score(Message message, const detect::Verdict& v, std::string_view model_version) {
  ScoredMessage m;
  m.message = std::move(message);
  m.lang = v.lang;
  m.scores = v.scores;
  for (size_t l = 0; l < detect::kLabelCount; ++l)
    if (v.labels & (1u << l)) m.labels.emplace_back(detect::LabelName(static_cast<detect::Label>(l)));
  for (const auto& s : v.spans)
    m.spans.push_back(ScoredSpan{s.begin, s.end, std::string(detect::LabelName(s.label)), s.severity});
  m.model = std::string(model_version);
  Classify(&m);
  return m;
}

std::string ToJsonLine(const ScoredMessage& m) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["platform"] = m.message.platform;
  j["author"] = m.message.author;
  j["time"] = m.message.time;
  j["url"] = m.message.url;
  j["thread"] = m.message.thread;
  j["source"] = m.message.source;
  j["text"] = m.message.text;
  j["lang"] = m.lang;
  nlohmann::ordered_json scores = nlohmann::ordered_json::object();
  for (size_t l = 0; l < detect::kLabelCount; ++l) {
    // Four decimals, as `byteback scan` prints them.
    char num[32];
    std::snprintf(num, sizeof num, "%.4f", static_cast<double>(m.scores[l]));
    scores[std::string(detect::LabelName(static_cast<detect::Label>(l)))] = std::strtod(num, nullptr);
  }
  j["scores"] = std::move(scores);
  j["labels"] = m.labels;
  nlohmann::ordered_json spans = nlohmann::ordered_json::array();
  for (const auto& s : m.spans)
    spans.push_back({{"begin", s.begin}, {"end", s.end}, {"label", s.label}, {"severity", s.severity}});
  j["spans"] = std::move(spans);
  j["severity"] = std::string(SeverityName(m.severity));
  j["category"] = m.category;
  j["model"] = m.model;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool IsScoredJsonLine(std::string_view line) {
  json j = json::parse(line, nullptr, false);
  return j.is_object() && j.contains("scores") && j["scores"].is_object() && j.contains("text") &&
         j.contains("model");
}

Result<ScoredMessage> ParseJsonLine(std::string_view line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("line is not a JSON object");
  auto text = j.find("text");
  auto scores = j.find("scores");
  if (text == j.end() || !text->is_string()) return Status::InvalidArgument("missing string field \"text\"");
  if (scores == j.end() || !scores->is_object())
    return Status::InvalidArgument("missing object \"scores\" (not a `byteback import` line)");
  ScoredMessage m;
  m.message.platform = Str(j, "platform");
  m.message.author = Str(j, "author");
  m.message.time = Str(j, "time");
  m.message.url = Str(j, "url");
  m.message.thread = Str(j, "thread");
  m.message.source = Str(j, "source");
  m.message.text = text->get<std::string>();
  m.lang = Str(j, "lang");
  m.model = Str(j, "model");
  for (size_t l = 0; l < detect::kLabelCount; ++l) {
    auto it = scores->find(std::string(detect::LabelName(static_cast<detect::Label>(l))));
    if (it != scores->end() && it->is_number()) m.scores[l] = it->get<float>();
  }
  if (auto it = j.find("labels"); it != j.end() && it->is_array())
    for (const json& l : *it)
      if (l.is_string() && detect::ParseLabel(l.get<std::string>())) m.labels.push_back(l.get<std::string>());
  if (auto it = j.find("spans"); it != j.end() && it->is_array())
    for (const json& s : *it) {
      if (!s.is_object()) continue;
      ScoredSpan sp;
      auto num = [&s](const char* k) -> int64_t {
        auto f = s.find(k);
        return f != s.end() && f->is_number_integer() ? f->get<int64_t>() : -1;
      };
      if (num("begin") < 0 || num("end") < num("begin") ||
          static_cast<uint64_t>(num("end")) > m.message.text.size())
        return Status::InvalidArgument("span outside the text");
      sp.begin = static_cast<uint32_t>(num("begin"));
      sp.end = static_cast<uint32_t>(num("end"));
      sp.label = Str(s, "label");
      sp.severity = static_cast<int>(std::clamp<int64_t>(num("severity"), 1, 3));
      m.spans.push_back(std::move(sp));
    }
  // Severity and category are recomputed, so a hand-edited file cannot claim others.
  Classify(&m);
  return m;
}

}  // namespace byteback::imports
