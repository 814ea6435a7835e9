// whatsapp.cc: WhatsApp "Export chat" text files. See docs/IMPORTS.md#whatsapp.
//
// A message starts with a header line; lines that do not start with a header
// continue the previous message (multi-line messages). Headers:
//   Android  31/12/2020, 22:15 - Name: text        12/31/20, 10:15 PM - Name: text
//   iPhone   [31/12/2020, 22:15:03] Name: text     [12/31/20, 10:15:03 PM] Name: text
// (iPhone lines may start with U+200E; newer phones put U+202F before AM/PM.)
// Header lines without "Name: " are system lines (encryption notice, joins)
// and are not messages. Dates are day-first or month-first by locale: with
// DateOrder::kAuto the reader holds the first messages back (at most
// kWhatsAppSniffMessages, 4 MiB) until a date settles it.
#include <deque>

#include "imports/imports_internal.h"

namespace byteback::imports::internal {
namespace {

constexpr size_t kMaxPendingBytes = 4 * 1024 * 1024;

struct Header {
  unsigned a = 0, b = 0, year = 0;  // date fields as written: a/b/year
  bool year_first = false;          // 2020/12/31 (then a = month, b = day)
  unsigned hour = 0, min = 0, sec = 0;
  bool twelve_hour = false;
  std::string_view rest;  // after "] " or " - "
};

struct Pending {
  Header h;
  std::string author, text;
  uint64_t line = 0;
};

bool Digits(std::string_view s, size_t* i, size_t max_len, unsigned* out) {
  size_t start = *i;
  unsigned v = 0;
  while (*i < s.size() && *i - start < max_len && s[*i] >= '0' && s[*i] <= '9') v = v * 10 + unsigned(s[(*i)++] - '0');
  *out = v;
  return *i > start;
}

bool Eat(std::string_view s, size_t* i, std::string_view lit) {
  if (s.substr(*i, lit.size()) != lit) return false;
  *i += lit.size();
  return true;
}

// Parses a header at the start of `line`. False when the line is not one.
bool ParseHeader(std::string_view line, Header* h) {
  size_t i = 0;
  Eat(line, &i, "\xE2\x80\x8E");  // U+200E
  const bool bracket = Eat(line, &i, "[");
  unsigned a, b, c;
  const size_t a_start = i;
  if (!Digits(line, &i, 4, &a)) return false;
  const size_t a_len = i - a_start;
  if (i >= line.size() || (line[i] != '/' && line[i] != '.' && line[i] != '-')) return false;
  const char sep = line[i++];
  if (!Digits(line, &i, 2, &b) || i >= line.size() || line[i] != sep) return false;
  ++i;
  if (!Digits(line, &i, 4, &c)) return false;
  Eat(line, &i, ".");  // "31.12.20." in some locales
  if (!Eat(line, &i, ",")) return false;
  Eat(line, &i, " ");
  if (!Digits(line, &i, 2, &h->hour) || !Eat(line, &i, ":") || !Digits(line, &i, 2, &h->min)) return false;
  h->sec = 0;
  if (Eat(line, &i, ":") && !Digits(line, &i, 2, &h->sec)) return false;
  // Optional AM/PM after a space, U+202F or U+00A0.
  size_t j = i;
  if (!Eat(line, &j, " ") && !Eat(line, &j, "\xE2\x80\xAF")) Eat(line, &j, "\xC2\xA0");
  h->twelve_hour = false;
  bool pm = false;
  for (auto [lit, is_pm] : {std::pair{"AM", false}, {"PM", true}, {"am", false}, {"pm", true},
                            {"a.m.", false}, {"p.m.", true}}) {
    size_t k = j;
    if (Eat(line, &k, lit)) {
      h->twelve_hour = true;
      pm = is_pm;
      i = k;
      break;
    }
  }
  if (bracket ? !Eat(line, &i, "] ") : !Eat(line, &i, " - ")) return false;
  if (h->twelve_hour) {
    if (h->hour < 1 || h->hour > 12) return false;
    h->hour = (h->hour % 12) + (pm ? 12 : 0);
  }
  if (h->hour > 23 || h->min > 59 || h->sec > 59) return false;
  h->year_first = a_len == 4;
  h->a = h->year_first ? b : a;
  h->b = h->year_first ? c : b;
  h->year = h->year_first ? a : (c < 100 ? 2000 + c : c);
  h->rest = line.substr(i);
  return h->a >= 1 && h->b >= 1 && h->a <= 31 && h->b <= 31;
}

// Removes direction marks WhatsApp puts around names and phone numbers.
std::string CleanName(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    bool mark = false;
    for (std::string_view m : {"\xE2\x80\x8E", "\xE2\x80\x8F", "\xE2\x80\xAA", "\xE2\x80\xAC", "\xE2\x81\xA8",
                               "\xE2\x81\xA9"})
      if (s.substr(i, m.size()) == m) {
        i += m.size();
        mark = true;
        break;
      }
    if (!mark) out.push_back(s[i++]);
  }
  return std::string(Trim(out));
}

class WhatsAppReader {
 public:
  explicit WhatsAppReader(Context& ctx) : ctx_(ctx), lines_(ctx), order_(ctx.options.date_order) {
    std::string_view base = BaseName(ctx.name);
    if (EndsWith(base, ".txt")) base.remove_suffix(4);
    thread_ = std::string(base);
  }

  Status Run() {
    std::string line;
    while (lines_.Next(&line)) {
      Header h;
      if (ParseHeader(line, &h)) {
        BB_RETURN_IF_ERROR(Finish());
        BB_RETURN_IF_ERROR(Start(h, lines_.line_no()));
      } else if (has_current_) {
        if (current_.text.size() <= ctx_.options.max_message_bytes) current_.text.append("\n").append(line);
      } else if (!Trim(line).empty()) {
        BB_RETURN_IF_ERROR(ctx_.Skip(ctx_.At(lines_.line_no()), "not a WhatsApp message line: \"" +
                                                                     std::string(line.substr(0, 60)) + "\""));
      }
    }
    // At the end, or at an error, deliver what was read: nothing is lost.
    Status s = Finish();
    if (order_ == DateOrder::kAuto) Decide(true);
    if (s.ok()) s = Flush();
    return lines_.status().ok() ? s : lines_.status();
  }

 private:
  Status Start(const Header& h, uint64_t line_no) {
    std::string_view rest = h.rest;
    size_t colon = rest.find(": ");
    if (colon == std::string_view::npos ||
        (StartsWith(rest.substr(colon + 2), "\xE2\x80\x8E") && IsSystem(rest))) {
      has_current_ = false;  // a system line
      return Status::Ok();
    }
    has_current_ = true;
    std::string_view text = rest.substr(colon + 2);
    if (StartsWith(text, "\xE2\x80\x8E")) text.remove_prefix(3);  // iPhone marks media lines with U+200E
    current_ = Pending{h, CleanName(rest.substr(0, colon)), std::string(text), line_no};
    current_.h.rest = {};
    return Status::Ok();
  }

  // iPhone system lines: "Group: \u200eMessages and calls are end-to-end encrypted." and the like.
  static bool IsSystem(std::string_view rest) {
    for (std::string_view s : {"end-to-end encrypted", " created group", " added ", " left", " changed ",
                               " joined using", " removed ", "security code"})
      if (rest.find(s) != std::string_view::npos) return true;
    return false;
  }

  Status Finish() {
    if (!has_current_) return Status::Ok();
    has_current_ = false;
    if (order_ == DateOrder::kAuto) {
      if (current_.h.year_first) {
        order_ = DateOrder::kDayFirst;  // y/m/d is unambiguous; exports use one format throughout
      } else if (current_.h.a > 12) {
        order_ = DateOrder::kDayFirst;
      } else if (current_.h.b > 12) {
        order_ = DateOrder::kMonthFirst;
      }
      if (order_ == DateOrder::kAuto) {
        pending_bytes_ += current_.text.size() + current_.author.size();
        pending_.push_back(std::move(current_));
        if (pending_.size() >= kWhatsAppSniffMessages || pending_bytes_ >= kMaxPendingBytes) Decide(true);
        return order_ == DateOrder::kAuto ? Status::Ok() : Flush();
      }
      BB_RETURN_IF_ERROR(Flush());
    }
    return Deliver(current_);
  }

  // Settles the date order; `force` applies the clock heuristic.
  void Decide(bool force) {
    if (order_ != DateOrder::kAuto || !force) return;
    bool twelve = !pending_.empty() && pending_.front().h.twelve_hour;
    order_ = twelve ? DateOrder::kMonthFirst : DateOrder::kDayFirst;
    ctx_.Warn(ctx_.name + ": date order not evident from the first messages; assumed " +
              (twelve ? "month/day (12-hour clock)" : "day/month (24-hour clock)") + ", override with --date-order");
  }

  Status Flush() {
    while (!pending_.empty()) {
      BB_RETURN_IF_ERROR(Deliver(pending_.front()));
      pending_.pop_front();
    }
    pending_bytes_ = 0;
    return Status::Ok();
  }

  Status Deliver(Pending& p) {
    // Year-first dates are always y/m/d; otherwise the order in use decides.
    const bool month_first = p.h.year_first || order_ == DateOrder::kMonthFirst;
    const unsigned month = month_first ? p.h.a : p.h.b;
    const unsigned day = month_first ? p.h.b : p.h.a;
    Message m;
    if (month < 1 || month > 12 || day < 1 || day > 31) {
      return ctx_.Skip(ctx_.At(p.line), "impossible date " + std::to_string(p.h.a) + "/" + std::to_string(p.h.b) +
                                            " for the date order in use");
    }
    int64_t t = DaysFromCivil(p.h.year, month, day) * 86400 + p.h.hour * 3600 + p.h.min * 60 + p.h.sec -
                int64_t{ctx_.options.utc_offset_minutes} * 60;
    m.time = IsoFromUnix(t);
    m.author = std::move(p.author);
    m.text = std::move(p.text);
    m.thread = thread_;
    m.source = ctx_.At(p.line);
    return ctx_.Emit(std::move(m));
  }

  Context& ctx_;
  LineReader lines_;
  DateOrder order_;
  std::string thread_;
  Pending current_;
  bool has_current_ = false;
  std::deque<Pending> pending_;
  size_t pending_bytes_ = 0;
};

}  // namespace

Status ReadWhatsApp(Context& ctx) { return WhatsAppReader(ctx).Run(); }

}  // namespace byteback::imports::internal
