// score.cc: verdict -> ScoredMessage (severity and category rules), and the
// JSON line `byteback import` writes and `byteback triage` reads back.
// See docs/IMPORTS.md#severity and #output.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>

#include "core/json_text.h"
#include "core/utf8.h"
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
  // Written by hand: this runs once per imported message, and a DOM plus
  // nlohmann's serializer cost more than the Shield's scan.
  std::string j;
  j.reserve(256 + m.message.text.size() + m.message.url.size());
  auto field = [&j](const char* key, std::string_view value) {
    j.append(j.empty() ? "{\"" : ",\"").append(key).append("\":");
    json_text::AppendString(value, &j);
  };
  field("platform", m.message.platform);
  field("author", m.message.author);
  field("time", m.message.time);
  field("url", m.message.url);
  field("thread", m.message.thread);
  field("source", m.message.source);
  field("text", m.message.text);
  field("lang", m.lang);
  j.append(",\"scores\":{");
  for (size_t l = 0; l < detect::kLabelCount; ++l) {
    j.append(l ? ",\"" : "\"").append(detect::LabelName(static_cast<detect::Label>(l))).append("\":");
    json_text::AppendFixed(m.scores[l], 4, /*trim=*/true, &j);  // "0.5", not "0.5000"
  }
  j.append("},\"labels\":[");
  for (size_t i = 0; i < m.labels.size(); ++i) {
    if (i) j.push_back(',');
    json_text::AppendString(m.labels[i], &j);
  }
  j.append("],\"spans\":[");
  for (size_t i = 0; i < m.spans.size(); ++i) {
    const ScoredSpan& s = m.spans[i];
    j.append(i ? ",{\"begin\":" : "{\"begin\":");
    json_text::AppendInt(s.begin, &j);
    j.append(",\"end\":");
    json_text::AppendInt(s.end, &j);
    j.append(",\"label\":");
    json_text::AppendString(s.label, &j);
    j.append(",\"severity\":");
    json_text::AppendInt(s.severity, &j);
    j.push_back('}');
  }
  j.append("]");
  field("severity", SeverityName(m.severity));
  field("category", m.category);
  field("model", m.model);
  j.push_back('}');
  return j;
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
      if (!detect::ParseLabel(sp.label)) return Status::InvalidArgument("span with an unknown label");
      sp.severity = static_cast<int>(std::clamp<int64_t>(num("severity"), 1, 3));
      m.spans.push_back(std::move(sp));
    }
  // Severity and category are recomputed, so a hand-edited file cannot claim others.
  Classify(&m);
  return m;
}

}  // namespace byteback::imports
