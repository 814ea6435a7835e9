// json_records.h: streams the "records" of a large JSON document (private to
// src/imports). A SAX handler over nlohmann::json tracks the key path of the
// value being parsed; when an object starts at a path the caller's matcher
// accepts (e.g. {"messages", "[]"}), that object alone is built as a DOM,
// handed to the callback, and freed. Memory is one record plus the path.
#ifndef BYTEBACK_IMPORTS_JSON_RECORDS_H_
#define BYTEBACK_IMPORTS_JSON_RECORDS_H_

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "imports/imports_internal.h"

namespace byteback::imports::internal {

struct JsonRecord {
  nlohmann::json value;
  // The nearest enclosing "name" or "title" string seen before the record
  // (Telegram chat name), or empty.
  std::string context_name;
  // The key path of the record, e.g. {"messages", "[]"}.
  std::vector<std::string> path;
  uint64_t offset = 0;  // byte offset of the record's '{' in the input
};

using PathMatcher = std::function<bool(const std::vector<std::string>& path)>;
using RecordFn = std::function<Status(JsonRecord&& record)>;

// Parses the rest of ctx.in as one JSON value (`base_offset` = bytes already
// consumed before it, for error offsets) and calls `on_record` for each
// record. A syntax error, truncation, invalid UTF-8, nesting deeper than
// kMaxDepth or a record larger than kMaxRecordBytes stops with an error
// naming name:@offset. `allow_trailing` accepts bytes after the value
// (tweets.js may end in ';').
Status ReadJsonRecords(Context& ctx, const PathMatcher& match, const RecordFn& on_record,
                       bool allow_trailing = false);

// A string member of `j` (numbers are printed), or "".
std::string JStr(const nlohmann::json& j, const char* key);
// j[a][b]..., or nullptr when a step is missing.
const nlohmann::json* JPath(const nlohmann::json& j, std::initializer_list<const char*> keys);

}  // namespace byteback::imports::internal

#endif  // BYTEBACK_IMPORTS_JSON_RECORDS_H_
