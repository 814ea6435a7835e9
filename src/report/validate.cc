// validate.cc: limits and UTF-8 checks on a ReportInput, and the redacted
// (case study) copy. Checks run before any drawing, so a bad input never
// yields half a PDF.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "core/utf8.h"
#include "report/report_internal.h"

namespace byteback::report::internal {
namespace {

Status CheckString(const std::string& s, const std::string& name) {
  if (s.size() > kMaxStringBytes) {
    return Status::InvalidArgument(name + ": " + std::to_string(s.size()) + " bytes is over the limit of " +
                                   std::to_string(kMaxStringBytes));
  }
  if (const size_t bad = utf8::FirstInvalid(s); bad != s.size()) {
    return Status::InvalidArgument(name + ": invalid UTF-8 at byte " + std::to_string(bad));
  }
  return Status::Ok();
}

Status CheckCount(size_t n, size_t max, const char* name) {
  if (n <= max) return Status::Ok();
  return Status::ResourceExhausted(std::string(name) + ": " + std::to_string(n) + " entries is over the limit of " +
                                   std::to_string(max));
}

std::string Idx(const char* list, size_t i, const char* field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + field;
}

std::string AsciiLower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Replaces every occurrence of each name (ASCII case-insensitive; other
// scripts byte for byte) with "[name]".
std::string RemoveNames(const std::string& text, const std::vector<std::string>& names) {
  std::string out = text;
  for (const auto& raw : names) {
    if (raw.empty()) continue;
    const std::string name = AsciiLower(raw);
    std::string lower = AsciiLower(out);
    std::string next;
    size_t pos = 0;
    for (size_t hit; (hit = lower.find(name, pos)) != std::string::npos; pos = hit + name.size()) {
      next.append(out, pos, hit - pos).append("[name]");
    }
    next.append(out, pos, std::string::npos);
    out = std::move(next);
  }
  return out;
}

}  // namespace

bool ParseDay(const std::string& s, long* day) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return false;
  *day = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return true;
}

std::string FormatDay(long day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

Status Validate(const ReportInput& in) {
  BB_RETURN_IF_ERROR(CheckCount(in.messages.size(), kMaxMessages, "messages"));
  BB_RETURN_IF_ERROR(CheckCount(in.timeline.size(), kMaxTimelineEntries, "timeline"));
  BB_RETURN_IF_ERROR(CheckCount(in.fields.size(), kMaxFields, "fields"));
  BB_RETURN_IF_ERROR(CheckCount(in.handles.size(), kMaxHandles, "handles"));
  BB_RETURN_IF_ERROR(CheckCount(in.per_day.size(), kMaxDays, "per_day"));
  BB_RETURN_IF_ERROR(CheckCount(in.rules_broken.size(), kMaxFields, "rules_broken"));
  BB_RETURN_IF_ERROR(CheckCount(in.redact_names.size(), kMaxFields, "redact_names"));
  for (const auto& [s, name] : std::initializer_list<std::pair<const std::string&, const char*>>{
           {in.title, "title"}, {in.destination, "destination"}, {in.summary, "summary"},
           {in.chain_head, "chain_head"}, {in.signature, "signature"}, {in.public_key, "public_key"},
           {in.generated_at, "generated_at"}}) {
    BB_RETURN_IF_ERROR(CheckString(s, name));
  }
  for (size_t i = 0; i < in.fields.size(); ++i) {
    BB_RETURN_IF_ERROR(CheckString(in.fields[i].first, Idx("fields", i, "label")));
    BB_RETURN_IF_ERROR(CheckString(in.fields[i].second, Idx("fields", i, "value")));
  }
  for (size_t i = 0; i < in.rules_broken.size(); ++i) {
    const auto& r = in.rules_broken[i];
    BB_RETURN_IF_ERROR(CheckString(r.category, Idx("rules_broken", i, "category")));
    BB_RETURN_IF_ERROR(CheckString(r.policy, Idx("rules_broken", i, "policy")));
    BB_RETURN_IF_ERROR(CheckString(r.url, Idx("rules_broken", i, "url")));
  }
  for (size_t i = 0; i < in.timeline.size(); ++i) {
    BB_RETURN_IF_ERROR(CheckString(in.timeline[i].time, Idx("timeline", i, "time")));
    BB_RETURN_IF_ERROR(CheckString(in.timeline[i].text, Idx("timeline", i, "text")));
  }
  for (size_t i = 0; i < in.messages.size(); ++i) {
    const auto& m = in.messages[i];
    for (const auto& [s, name] : std::initializer_list<std::pair<const std::string&, const char*>>{
             {m.time, "time"}, {m.platform, "platform"}, {m.author, "author"}, {m.url, "url"},
             {m.text, "text"}, {m.lang, "lang"}, {m.sha256, "sha256"}}) {
      BB_RETURN_IF_ERROR(CheckString(s, Idx("messages", i, name)));
    }
    if (m.scores.size() > 16 || m.labels.size() > 16) {
      return Status::InvalidArgument(Idx("messages", i, "scores") + ": more than 16 labels");
    }
    for (const auto& [label, score] : m.scores) BB_RETURN_IF_ERROR(CheckString(label, Idx("messages", i, "scores")));
    for (const auto& label : m.labels) BB_RETURN_IF_ERROR(CheckString(label, Idx("messages", i, "labels")));
  }
  for (size_t i = 0; i < in.handles.size(); ++i) {
    BB_RETURN_IF_ERROR(CheckString(in.handles[i].handle, Idx("handles", i, "handle")));
    BB_RETURN_IF_ERROR(CheckString(in.handles[i].platform, Idx("handles", i, "platform")));
    if (in.handles[i].count < 0) return Status::InvalidArgument(Idx("handles", i, "count") + ": negative");
  }
  for (const auto& n : in.redact_names) BB_RETURN_IF_ERROR(CheckString(n, "redact_names"));
  // Days: valid dates, strictly increasing, spanning at most kMaxDays.
  long first = 0, prev = 0;
  for (size_t i = 0; i < in.per_day.size(); ++i) {
    long day = 0;
    if (!ParseDay(in.per_day[i].day, &day)) {
      return Status::InvalidArgument(Idx("per_day", i, "day") + ": '" + in.per_day[i].day.substr(0, 32) +
                                     "' is not a date YYYY-MM-DD");
    }
    if (in.per_day[i].count < 0) return Status::InvalidArgument(Idx("per_day", i, "count") + ": negative");
    if (i == 0) first = day;
    if (i > 0 && day <= prev) return Status::InvalidArgument(Idx("per_day", i, "day") + ": not after the day before");
    if (day - first >= static_cast<long>(kMaxDays)) {
      return Status::ResourceExhausted(Idx("per_day", i, "day") + ": the chart spans more than " +
                                       std::to_string(kMaxDays) + " days");
    }
    prev = day;
  }
  return Status::Ok();
}

ReportInput Redacted(const ReportInput& in) {
  if (!in.redact) return in;
  ReportInput out = in;
  const auto& names = in.redact_names;
  out.title = RemoveNames(in.title, names);
  out.summary = RemoveNames(in.summary, names);
  for (auto& [label, value] : out.fields) value = "[removed]";
  for (auto& t : out.timeline) t.text = RemoveNames(t.text, names);
  // One pseudonym per distinct handle, numbered in order of first appearance.
  std::map<std::string, std::string> alias;
  auto pseudonym = [&alias](const std::string& handle) {
    auto [it, added] = alias.emplace(handle, "");
    if (added) it->second = "account " + std::to_string(alias.size());
    return it->second;
  };
  for (auto& m : out.messages) {
    m.author = pseudonym(m.author);
    m.url.clear();
    m.sha256.clear();  // a published case study has no use for item hashes
    m.text = RemoveNames(m.text, names);
  }
  for (auto& h : out.handles) h.handle = pseudonym(h.handle);
  return out;
}

}  // namespace byteback::report::internal
