// tabular.cc: generic CSV (RFC 4180, header row), YouTube Takeout
// comments.csv and JSON Lines. See docs/IMPORTS.md#csv and #jsonl.
//
// Records are independent: a bad one (wrong column count, a JSONL line that
// does not parse or has no text) is skipped with a warning naming file:line.
// A quoted CSV field still open at the end of the file, or a last JSONL line
// cut short, is a truncated file and stops the import.
#include <nlohmann/json.hpp>

#include <array>

#include "imports/imports_internal.h"

namespace byteback::imports::internal {
namespace {

using nlohmann::json;

// The default column names / JSON paths per field, tried in order.
const std::array<std::vector<std::string>, 6> kDefaults = {{
    {"text", "full_text", "message", "comment", "content", "body", "comment text", "tweet"},
    {"author", "handle", "username", "user.screen_name", "screen_name", "user", "from", "sender", "author_name",
     "name"},
    {"time", "created_at", "timestamp", "date", "datetime", "created"},
    {"url", "link", "permalink"},
    {"thread", "conversation_id", "conversation", "thread_id", "post", "subject", "chat"},
    {"platform"},
}};

std::array<std::string, 6> Requested(const FieldMap& f) {
  return {f.text, f.author, f.time, f.url, f.thread, f.platform};
}

void Assign(Message* m, size_t field, std::string v) {
  switch (field) {
    case 0: m->text = std::move(v); break;
    case 1: m->author = std::move(v); break;
    case 2: m->time = NormalizeTime(std::move(v)); break;
    case 3: m->url = std::move(v); break;
    case 4: m->thread = std::move(v); break;
    case 5: m->platform = std::move(v); break;
  }
}

// ---- CSV ---------------------------------------------------------------------------
// Reads RFC 4180 records; a quoted field may span lines.
class CsvReader {
 public:
  explicit CsvReader(Context& ctx) : ctx_(ctx), lines_(ctx) {}

  // Next record into *fields. False at end (status() OK) or on an error.
  bool Next(std::vector<std::string>* fields) {
    fields->clear();
    std::string line;
    if (!lines_.Next(&line)) {
      status_ = lines_.status();
      return false;
    }
    start_line_ = lines_.line_no();
    std::string field;
    bool quoted = false, was_quoted = false;
    size_t bytes = 0;
    for (;;) {
      for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted) {
          if (c == '"') {
            if (i + 1 < line.size() && line[i + 1] == '"') {
              field.push_back('"');
              ++i;
            } else {
              quoted = false;
            }
          } else {
            field.push_back(c);
          }
        } else if (c == '"' && field.empty() && !was_quoted) {
          quoted = was_quoted = true;
        } else if (c == ',') {
          fields->push_back(std::move(field));
          field.clear();
          was_quoted = false;
        } else {
          field.push_back(c);
        }
      }
      if (!quoted) break;
      bytes += line.size();
      if (bytes > ctx_.options.max_line_bytes) {
        status_ = Status::InvalidArgument(ctx_.At(start_line_) + ": CSV record longer than " +
                                          std::to_string(ctx_.options.max_line_bytes) + " bytes");
        return false;
      }
      if (!lines_.Next(&line)) {
        status_ = lines_.status().ok() ? Status::InvalidArgument(ctx_.At(start_line_) +
                                                                 ": truncated CSV: a quoted field opened here is "
                                                                 "never closed")
                                       : lines_.status();
        return false;
      }
      field.push_back('\n');
    }
    fields->push_back(std::move(field));
    return true;
  }
  uint64_t start_line() const { return start_line_; }
  const Status& status() const { return status_; }

 private:
  Context& ctx_;
  LineReader lines_;
  uint64_t start_line_ = 0;
  Status status_;
};

// Column index per field (-1: absent), from options or the defaults.
Result<std::array<int, 6>> MapColumns(Context& ctx, const std::vector<std::string>& header) {
  std::array<int, 6> cols;
  cols.fill(-1);
  const auto req = Requested(ctx.options.fields);
  auto find = [&](const std::string& name) {
    for (size_t i = 0; i < header.size(); ++i)
      if (Lower(Trim(header[i])) == Lower(name)) return static_cast<int>(i);
    return -1;
  };
  for (size_t f = 0; f < cols.size(); ++f) {
    if (!req[f].empty()) {
      cols[f] = find(req[f]);
      if (cols[f] < 0)
        return Status::InvalidArgument(ctx.At(1) + ": no column named '" + req[f] + "' in the header");
      continue;
    }
    for (const std::string& d : kDefaults[f])
      if ((cols[f] = find(d)) >= 0) break;
  }
  if (cols[0] < 0) {
    std::string have;
    for (const auto& h : header) have += (have.empty() ? "" : ", ") + h;
    return Status::InvalidArgument(ctx.At(1) + ": no text column (header: " + have.substr(0, 200) +
                                   "); name it with --map text=COLUMN");
  }
  return cols;
}

// Takeout writes "Comment Text" as JSON segments: {"text":"a"},{"text":"b"}.
std::string YouTubeCommentText(const std::string& v) {
  std::string_view t = Trim(v);
  if (!StartsWith(t, "{")) return v;
  json j = json::parse("[" + std::string(t) + "]", nullptr, false);
  if (j.is_discarded()) return v;
  std::string out;
  for (const json& seg : j) {
    if (const json* segs = seg.is_object() && seg.contains("takeoutSegments") ? &seg["takeoutSegments"] : nullptr;
        segs && segs->is_array()) {
      for (const json& s : *segs) out += s.is_object() && s.contains("text") && s["text"].is_string()
                                             ? s["text"].get<std::string>()
                                             : "";
    } else if (seg.is_object() && seg.contains("text") && seg["text"].is_string()) {
      out += seg["text"].get<std::string>();
    }
  }
  return out;
}

Status ReadCsvRecords(Context& ctx, bool youtube) {
  CsvReader csv(ctx);
  std::vector<std::string> header, row;
  if (!csv.Next(&header)) {
    BB_RETURN_IF_ERROR(csv.status());
    return Status::InvalidArgument(ctx.At(1) + ": empty CSV (no header row)");
  }
  std::array<int, 6> cols{};
  int yt_comment = -1, yt_channel = -1, yt_time = -1, yt_video = -1, yt_post = -1, yt_text = -1;
  if (youtube) {
    auto find = [&](std::string_view name) {
      for (size_t i = 0; i < header.size(); ++i)
        if (Lower(Trim(header[i])) == name) return static_cast<int>(i);
      return -1;
    };
    yt_comment = find("comment id");
    yt_channel = find("channel id");
    yt_time = find("comment create timestamp");
    yt_video = find("video id");
    yt_post = find("post id");
    yt_text = find("comment text");
    if (yt_text < 0) return Status::InvalidArgument(ctx.At(1) + ": no 'Comment Text' column: not a YouTube comments.csv");
  } else {
    BB_ASSIGN_OR_RETURN(cols, MapColumns(ctx, header));
  }
  auto cell = [&row](int i) { return i >= 0 && static_cast<size_t>(i) < row.size() ? row[i] : std::string(); };
  while (csv.Next(&row)) {
    if (row.size() == 1 && Trim(row[0]).empty()) continue;  // blank line
    if (row.size() != header.size()) {
      BB_RETURN_IF_ERROR(ctx.Skip(ctx.At(csv.start_line()), "record has " + std::to_string(row.size()) +
                                                                 " fields, the header " +
                                                                 std::to_string(header.size())));
      continue;
    }
    Message m;
    if (youtube) {
      m.text = YouTubeCommentText(cell(yt_text));
      m.author = cell(yt_channel);
      m.time = NormalizeTime(cell(yt_time));
      m.thread = cell(yt_video).empty() ? cell(yt_post) : cell(yt_video);
      if (!cell(yt_video).empty())
        m.url = "https://www.youtube.com/watch?v=" + cell(yt_video) +
                (cell(yt_comment).empty() ? "" : "&lc=" + cell(yt_comment));
    } else {
      for (size_t f = 0; f < cols.size(); ++f)
        if (cols[f] >= 0) Assign(&m, f, cell(cols[f]));
      if (m.platform.empty()) m.platform = "csv";
    }
    m.source = ctx.At(csv.start_line());
    BB_RETURN_IF_ERROR(ctx.Emit(std::move(m)));
  }
  return csv.status();
}

// ---- JSONL ---------------------------------------------------------------------------
const json* Lookup(const json& obj, const std::string& dotted) {
  if (const auto it = obj.find(dotted); it != obj.end()) return &*it;
  const json* cur = &obj;
  size_t pos = 0;
  while (pos <= dotted.size()) {
    size_t dot = dotted.find('.', pos);
    std::string key = dotted.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string::npos) return cur;
    pos = dot + 1;
  }
  return nullptr;
}

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." -> "syntax error ...".
std::string JsonReason(const std::string& what) {
  size_t colon = what.find(": ");
  return (colon == std::string::npos ? what : what.substr(colon + 2)).substr(0, 200);
}

std::string Scalar(const json* v) {
  if (v == nullptr) return {};
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number()) return v->dump();
  return {};
}

}  // namespace

Status ReadCsv(Context& ctx) { return ReadCsvRecords(ctx, false); }
Status ReadYouTubeCsv(Context& ctx) { return ReadCsvRecords(ctx, true); }

Status ReadJsonl(Context& ctx) {
  LineReader lines(ctx);
  std::string line;
  const auto req = Requested(ctx.options.fields);
  while (lines.Next(&line)) {
    if (Trim(line).empty()) continue;
    const std::string where = ctx.At(lines.line_no());
    json j;
    try {
      j = json::parse(line);
    } catch (const json::exception& e) {
      if (lines.last_unterminated())
        return Status::InvalidArgument(where + ": truncated file: the last line is cut short (" +
                                       JsonReason(e.what()) + ")");
      BB_RETURN_IF_ERROR(ctx.Skip(where, "JSON does not parse: " + JsonReason(e.what())));
      continue;
    }
    if (!j.is_object()) {
      BB_RETURN_IF_ERROR(ctx.Skip(where, "line is not a JSON object"));
      continue;
    }
    Message m;
    bool have_text = false;
    for (size_t f = 0; f < req.size(); ++f) {
      const json* v = nullptr;
      if (!req[f].empty()) {
        v = Lookup(j, req[f]);
      } else {
        for (const std::string& d : kDefaults[f])
          if ((v = Lookup(j, d)) != nullptr && (v->is_string() || v->is_number())) break;
      }
      if (f == 0) have_text = v != nullptr && v->is_string();
      Assign(&m, f, Scalar(v));
    }
    if (!have_text) {
      BB_RETURN_IF_ERROR(ctx.Skip(where, "no string field \"" + (req[0].empty() ? std::string("text") : req[0]) +
                                             "\" (name it with --map text=FIELD)"));
      continue;
    }
    if (m.platform.empty()) m.platform = "jsonl";
    m.source = where;
    BB_RETURN_IF_ERROR(ctx.Emit(std::move(m)));
  }
  return lines.status();
}

}  // namespace byteback::imports::internal
