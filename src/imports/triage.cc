// triage.cc: the triage report (HTML and CSV). See docs/IMPORTS.md#triage.
//
// The HTML page is self-contained: a Content-Security-Policy forbids every
// external load, CSS and the one script are inline, and every piece of
// message data goes through Escape(). Abusive text is blurred with a CSS
// filter until the reader taps it, so a journalist can triage hundreds of
// messages without reading each one. Links are kept only for http(s) URLs.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "imports/imports.h"

namespace byteback::imports {
namespace {

void Escape(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      case '\'': out->append("&#39;"); break;
      default: out->push_back(c);
    }
  }
}

std::string Esc(std::string_view s) {
  std::string out;
  Escape(s, &out);
  return out;
}

bool SafeUrl(std::string_view u) {
  return (u.substr(0, 8) == "https://" || u.substr(0, 7) == "http://") &&
         u.find_first_of("\"'<> \t\r\n") == std::string_view::npos;
}

// "YYYY-MM-DD" from an ISO-8601 time, else "unknown".
std::string Day(std::string_view t) {
  if (t.size() >= 10 && t[4] == '-' && t[7] == '-') {
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
      if (t[i] < '0' || t[i] > '9') return "unknown";
    return std::string(t.substr(0, 10));
  }
  return "unknown";
}

constexpr const char* kCss = R"(
*{box-sizing:border-box}body{font:16px/1.45 system-ui,-apple-system,"Noto Sans",sans-serif;margin:0;
padding:12px;max-width:960px;margin:auto;color:#1b1b1b;background:#fafafa}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:1.6em}h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
.sev-severe{color:#8b0000}.sev-high{color:#b34700}.sev-medium{color:#7a6000}.sev-low{color:#555}
.msg{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px;margin:8px 0;overflow-wrap:anywhere}
.meta{font-size:.85em;color:#555}
.blur{filter:blur(6px);cursor:pointer;user-select:none;transition:filter .1s;display:block;white-space:pre-wrap}
.blur.shown{filter:none;user-select:text}
.plain{display:block;white-space:pre-wrap}
textarea{width:100%;min-height:5em;font-size:.85em}
button{font-size:1em;padding:6px 10px;margin:4px 0}
svg{max-width:100%;height:auto;background:#fff;border:1px solid #ddd}
.note{background:#fff3cd;padding:8px;border-radius:6px}
)";

constexpr const char* kScript = R"(
document.addEventListener('click',function(e){var t=e.target.closest('.blur');if(t){t.classList.toggle('shown');}});
document.addEventListener('keydown',function(e){var t=e.target;if(t.classList&&t.classList.contains('blur')&&(e.key==='Enter'||e.key===' ')){e.preventDefault();t.classList.toggle('shown');}});
function bbAll(show){document.querySelectorAll('.blur').forEach(function(x){x.classList.toggle('shown',show);});}
)";

void RenderDays(const std::map<std::string, uint64_t>& by_day, std::string* h) {
  std::vector<std::pair<std::string, uint64_t>> days;
  for (const auto& [d, n] : by_day)
    if (d != "unknown") days.emplace_back(d, n);
  if (days.size() > 366) days.erase(days.begin(), days.end() - 366);  // the last year of activity
  if (days.empty()) {
    h->append("<p>No dates in these messages.</p>");
    return;
  }
  uint64_t max = 1;
  for (const auto& [d, n] : days) max = std::max(max, n);
  const int bar = days.size() > 60 ? 4 : 14, gap = 2, height = 120;
  const int width = std::max(240, static_cast<int>(days.size()) * (bar + gap) + 40);
  h->append("<svg role=\"img\" aria-label=\"flagged messages per day\" viewBox=\"0 0 " + std::to_string(width) +
            " " + std::to_string(height + 30) + "\" width=\"" + std::to_string(width) + "\">");
  int x = 30;
  for (const auto& [d, n] : days) {
    int bh = static_cast<int>(static_cast<double>(n) / static_cast<double>(max) * height);
    if (bh < 1) bh = 1;
    h->append("<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(height - bh + 5) + "\" width=\"" +
              std::to_string(bar) + "\" height=\"" + std::to_string(bh) + "\" fill=\"#b34700\"><title>" + Esc(d) +
              ": " + std::to_string(n) + "</title></rect>");
    x += bar + gap;
  }
  h->append("<text x=\"2\" y=\"15\" font-size=\"11\">" + std::to_string(max) + "</text>");
  // First and last day under the axis (the last right-aligned so they never overlap).
  const std::string y = std::to_string(height + 22);
  h->append("<text x=\"30\" y=\"" + y + "\" font-size=\"11\">" + Esc(days.front().first) + "</text>");
  if (days.size() > 1)
    h->append("<text x=\"" + std::to_string(width - 2) + "\" y=\"" + y + "\" font-size=\"11\" text-anchor=\"end\">" +
              Esc(days.back().first) + "</text>");
  h->append("</svg>");
}

void RenderMessage(const ScoredMessage& m, std::string* h) {
  h->append("<div class=\"msg\"><div class=\"meta\">");
  Escape(m.message.platform, h);
  h->append(" · <b>");
  Escape(m.message.author.empty() ? "(unknown author)" : m.message.author, h);
  h->append("</b> · ");
  Escape(m.message.time.empty() ? "(no time)" : m.message.time, h);
  if (!m.labels.empty()) {
    h->append(" · ");
    for (size_t i = 0; i < m.labels.size(); ++i) Escape((i ? ", " : "") + m.labels[i], h);
  }
  h->append("</div><span class=\"");
  h->append(m.severity >= Severity::kMedium ? "blur\" tabindex=\"0\" title=\"tap to show\"" : "plain\"");
  h->append(">");
  Escape(m.message.text, h);
  h->append("</span><div class=\"meta\">");
  if (SafeUrl(m.message.url)) {
    h->append("<a href=\"");
    Escape(m.message.url, h);
    h->append("\" rel=\"noopener noreferrer\" target=\"_blank\">open on the platform</a> · ");
  } else if (!m.message.url.empty()) {
    Escape(m.message.url, h);
    h->append(" · ");
  }
  h->append("source ");
  Escape(m.message.source, h);
  h->append("</div></div>\n");
}

void RenderCsvCell(std::string_view v, std::string* out) {
  out->push_back('"');
  // Formula injection: spreadsheet apps run cells starting with these.
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    out->push_back('\'');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

void TriageReport::Add(ScoredMessage m) {
  ++total_;
  if (m.severity == Severity::kNone) return;
  ++by_severity_[static_cast<size_t>(m.severity)];
  if (m.severity >= Severity::kMedium) {
    ++flagged_;
    ++by_category_[m.category];
    std::string author = m.message.author.empty() ? "(unknown author)" : m.message.author;
    if (by_author_.size() >= kMaxAuthors && by_author_.find(author) == by_author_.end()) author = "(other authors)";
    ++by_author_[author];
    ++by_day_[Day(m.message.time)];
  }
  if (rows_.size() < kMaxReportRows) {
    rows_.push_back(std::move(m));
  } else {
    ++dropped_rows_;
  }
}

std::string TriageReport::RenderHtml(std::string_view title) const {
  std::string h;
  h.reserve(4096 + rows_.size() * 600);
  h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "script-src 'unsafe-inline'; img-src data:\"><meta name=\"referrer\" content=\"no-referrer\"><title>");
  Escape(title, &h);
  h.append("</title><style>").append(kCss).append("</style></head><body>\n<h1>");
  Escape(title, &h);
  h.append("</h1>\n<p>").append(std::to_string(total_)).append(" messages read, <b>");
  h.append(std::to_string(flagged_)).append("</b> flagged (medium or worse). Flagged text is blurred: tap it to read. "
                                            "<button type=\"button\" onclick=\"bbAll(true)\">Show all</button> "
                                            "<button type=\"button\" onclick=\"bbAll(false)\">Blur all</button></p>\n");
  if (dropped_rows_ > 0)
    h.append("<p class=\"note\">This report lists the first " + std::to_string(kMaxReportRows) + " messages; " +
             std::to_string(dropped_rows_) + " more are counted but not listed.</p>\n");
  h.append("<h2>By severity</h2><table><tr><th>severity</th><th>messages</th></tr>");
  for (int s = 4; s >= 1; --s)
    h.append("<tr><td class=\"sev-" + std::string(SeverityName(Severity(s))) + "\">" +
             std::string(SeverityName(Severity(s))) + "</td><td>" + std::to_string(by_severity_[s]) + "</td></tr>");
  h.append("</table>\n<h2>By category</h2><table><tr><th>category</th><th>flagged</th></tr>");
  for (const auto& [c, n] : by_category_) h.append("<tr><td>" + Esc(c) + "</td><td>" + std::to_string(n) + "</td></tr>");
  h.append("</table>\n<h2>Top handles</h2><table><tr><th>author</th><th>flagged</th></tr>");
  std::vector<std::pair<std::string, uint64_t>> authors(by_author_.begin(), by_author_.end());
  std::stable_sort(authors.begin(), authors.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (size_t i = 0; i < authors.size() && i < 25; ++i)
    h.append("<tr><td>" + Esc(authors[i].first) + "</td><td>" + std::to_string(authors[i].second) + "</td></tr>");
  h.append("</table>\n<h2>Flagged per day</h2>\n");
  RenderDays(by_day_, &h);
  h.append("\n<h2>Messages</h2>\n");
  // Group: severity (worst first), then category; file order within a group.
  for (int s = 4; s >= 1; --s) {
    std::map<std::string, std::vector<const ScoredMessage*>> groups;
    for (const auto& m : rows_)
      if (static_cast<int>(m.severity) == s) groups[m.category].push_back(&m);
    for (const auto& [cat, msgs] : groups) {
      const std::string sev(SeverityName(Severity(s)));
      h.append("<details" + std::string(s >= 3 ? " open" : "") + "><summary><h3 style=\"display:inline\" class=\"sev-" +
               sev + "\">" + sev + " · " + Esc(cat) + " (" + std::to_string(msgs.size()) + ")</h3></summary>\n");
      std::string urls;
      for (const ScoredMessage* m : msgs)
        if (SafeUrl(m->message.url)) urls += m->message.url + "\n";
      if (!urls.empty()) {
        h.append("<p>Links for bulk reporting:</p><textarea readonly>");
        Escape(urls, &h);
        h.append("</textarea>\n");
      }
      for (const ScoredMessage* m : msgs) RenderMessage(*m, &h);
      h.append("</details>\n");
    }
  }
  h.append("<script>").append(kScript).append("</script></body></html>\n");
  return h;
}

std::string TriageReport::RenderCsv() const {
  std::string out = "severity,category,platform,author,time,url,thread,text,labels,abusive_score,source\r\n";
  std::vector<const ScoredMessage*> sorted;
  for (const auto& m : rows_) sorted.push_back(&m);
  std::stable_sort(sorted.begin(), sorted.end(), [](const ScoredMessage* a, const ScoredMessage* b) {
    return a->severity != b->severity ? a->severity > b->severity : a->category < b->category;
  });
  for (const ScoredMessage* m : sorted) {
    std::string labels;
    for (const auto& l : m->labels) labels += (labels.empty() ? "" : " ") + l;
    char score[32];
    std::snprintf(score, sizeof score, "%.4f", static_cast<double>(m->scores[0]));
    const std::string_view cells[] = {SeverityName(m->severity), m->category, m->message.platform,
                                      m->message.author, m->message.time, m->message.url, m->message.thread,
                                      m->message.text, labels, score, m->message.source};
    for (size_t i = 0; i < std::size(cells); ++i) {
      if (i) out.push_back(',');
      RenderCsvCell(cells[i], &out);
    }
    out.append("\r\n");
  }
  return out;
}

}  // namespace byteback::imports
