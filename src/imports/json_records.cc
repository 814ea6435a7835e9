// json_records.cc: the streaming record extractor (see json_records.h).
//
// nlohmann::json::sax_parse drives RecordSax with one event per token. Outside
// a record the handler keeps only a stack of frames (array or object, the
// current key, a captured "name"/"title"). Inside a record it builds the DOM
// through a stack of pointers into the record under construction.
#include "imports/json_records.h"

#include <cctype>

namespace byteback::imports::internal {
namespace {

using nlohmann::json;

class RecordSax {
 public:
  RecordSax(Context& ctx, const PathMatcher& match, const RecordFn& on_record, uint64_t base)
      : ctx_(ctx), match_(match), on_record_(on_record), base_(base) {}

  const Status& status() const { return status_; }

  bool null() { return Value(json(nullptr), 4); }
  bool boolean(bool v) { return Value(json(v), 5); }
  bool number_integer(json::number_integer_t v) { return Value(json(v), 8); }
  bool number_unsigned(json::number_unsigned_t v) { return Value(json(v), 8); }
  bool number_float(json::number_float_t v, const std::string&) { return Value(json(v), 8); }
  bool binary(json::binary_t&) { return Fail("binary values are not JSON"); }
  bool string(std::string& v) {
    if (stack_.empty() && !frames_.empty() && !frames_.back().array &&
        (frames_.back().key == "name" || frames_.back().key == "title"))
      frames_.back().name = v;
    const size_t n = v.size();
    return Value(json(std::move(v)), n + 8);
  }
  bool key(std::string& k) {
    record_bytes_ += k.size();
    if (stack_.empty()) {
      if (!frames_.empty()) frames_.back().key = k;
    } else {
      pending_key_ = std::move(k);
    }
    return true;
  }
  bool start_object(std::size_t) { return Start(json::object()); }
  bool start_array(std::size_t) { return Start(json::array()); }
  bool end_object() { return End(); }
  bool end_array() { return End(); }
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& ex) {
    if (!status_.ok()) return false;  // the callback or a limit stopped us
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." -> the reason.
    size_t colon = what.find(": ");
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    const bool eof = what.find("end of input") != std::string::npos;
    status_ = Status::InvalidArgument(ctx_.AtByte(base_ + (position > 0 ? position - 1 : 0)) + ": " +
                                      (eof ? "truncated JSON (unexpected end of file): " : "JSON does not parse: ") +
                                      reason.substr(0, 300));
    return false;
  }

 private:
  struct Frame {
    bool array = false;
    std::string key;
    std::string name;
  };

  bool Fail(std::string why) {
    status_ = Status::InvalidArgument(ctx_.AtByte(ctx_.src.consumed()) + ": " + why);
    return false;
  }

  bool Depth() {
    if (frames_.size() + stack_.size() >= static_cast<size_t>(kMaxDepth))
      return Fail("JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
    return true;
  }

  // Adds `v` to the record being built (or ignores it outside records).
  bool Value(json&& v, size_t bytes) {
    if (stack_.empty()) return true;
    record_bytes_ += bytes;
    if (record_bytes_ > kMaxRecordBytes)
      return Fail("one record is larger than " + std::to_string(kMaxRecordBytes) + " bytes");
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
    } else {
      top[pending_key_] = std::move(v);
    }
    return true;
  }

  bool Start(json&& container) {
    if (!Depth()) return false;
    if (!stack_.empty()) {
      json& top = *stack_.back();
      record_bytes_ += 8;
      if (top.is_array()) {
        top.push_back(std::move(container));
        stack_.push_back(&top.back());
      } else {
        json& slot = top[pending_key_];
        slot = std::move(container);
        stack_.push_back(&slot);
      }
      return true;
    }
    path_.clear();
    for (const Frame& f : frames_) path_.push_back(f.array ? "[]" : f.key);
    if (container.is_object() && frames_.size() <= 6 && match_(path_)) {
      record_ = std::move(container);
      record_bytes_ = 0;
      // The parser has just consumed the '{'.
      record_start_ = ctx_.src.consumed() - 1;
      stack_.push_back(&record_);
      return true;
    }
    frames_.push_back(Frame{container.is_array(), {}, {}});
    return true;
  }

  bool End() {
    if (stack_.empty()) {
      if (!frames_.empty()) frames_.pop_back();
      return true;
    }
    stack_.pop_back();
    if (!stack_.empty()) return true;
    JsonRecord r;
    r.value = std::move(record_);
    record_ = json();
    for (auto it = frames_.rbegin(); it != frames_.rend(); ++it)
      if (!it->name.empty()) {
        r.context_name = it->name;
        break;
      }
    r.path = path_;
    r.offset = record_start_;
    status_ = on_record_(std::move(r));
    return status_.ok();
  }

  Context& ctx_;
  const PathMatcher& match_;
  const RecordFn& on_record_;
  uint64_t base_;
  Status status_;
  std::vector<Frame> frames_;
  std::vector<std::string> path_;
  json record_;
  std::vector<json*> stack_;
  std::string pending_key_;
  size_t record_bytes_ = 0;
  uint64_t record_start_ = 0;
};

}  // namespace

Status ReadJsonRecords(Context& ctx, const PathMatcher& match, const RecordFn& on_record, bool allow_trailing) {
  const uint64_t base = ctx.src.consumed();
  // Reject UTF-16 early with a clearer message than the parser's.
  int c0 = ctx.in.peek();
  if (c0 == 0xFF || c0 == 0xFE || c0 == 0)
    return Status::InvalidArgument(ctx.AtByte(base) + ": the file is UTF-16 or binary; JSON exports must be UTF-8");
  if (c0 == 0xEF) {  // UTF-8 BOM
    char bom[3];
    ctx.in.read(bom, 3);
  }
  // The parser's positions are relative to where it starts.
  RecordSax sax(ctx, match, on_record, ctx.src.consumed());
  try {
    bool ok = json::sax_parse(ctx.in, &sax, json::input_format_t::json, !allow_trailing);
    if (!sax.status().ok()) return sax.status();
    if (!ok) return Status::InvalidArgument(ctx.AtByte(ctx.src.consumed()) + ": JSON does not parse");
  } catch (const json::exception& e) {
    if (!sax.status().ok()) return sax.status();
    return Status::InvalidArgument(ctx.AtByte(ctx.src.consumed()) + ": JSON does not parse: " + e.what());
  }
  if (allow_trailing) {
    // Only whitespace and ';' may follow (tweets.js).
    int c;
    while ((c = ctx.in.get()) != std::char_traits<char>::eof()) {
      if (c != ';' && !std::isspace(c))
        return Status::InvalidArgument(ctx.AtByte(ctx.src.consumed() - 1) + ": unexpected bytes after the JSON value");
    }
  }
  return Status::Ok();
}

std::string JStr(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

const json* JPath(const json& j, std::initializer_list<const char*> keys) {
  const json* cur = &j;
  for (const char* k : keys) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(k);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

}  // namespace byteback::imports::internal
