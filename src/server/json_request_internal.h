// json_request_internal.h: strict validation of JSON request bodies.
//
// Every route that takes a body declares its fields in a table of FieldSpec
// and calls ParseJsonRequest() before touching any service, so a bad body
// never changes the database. The rules (docs/API.md#request-bodies):
//   - the body is valid UTF-8 (the first bad byte offset is reported);
//   - it is one JSON object, nested at most kMaxJsonDepth deep, without
//     duplicate keys, with no trailing data;
//   - every key is declared (an unknown field is named in the error);
//   - every declared field has its type; required fields are present; null
//     is accepted only for optional fields and means "absent";
//   - strings hold no NUL character and at most max_length bytes; integers
//     lie in [min_value, max_value]; arrays hold at most max_length items.
// Errors are InvalidArgument with a message naming the field, e.g.
// "field 'messages[1].text': expected a string, got a number".
// Thread safety: pure functions; FieldSpec tables are immutable constants.
#ifndef BYTEBACK_SERVER_JSON_REQUEST_INTERNAL_H_
#define BYTEBACK_SERVER_JSON_REQUEST_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "core/status.h"

namespace byteback::server {

inline constexpr int kMaxJsonDepth = 8;
// Default limit for a string field when its spec leaves max_length at 0.
inline constexpr size_t kDefaultMaxStringBytes = 4096;
// Default limit for an array when its spec leaves max_length at 0.
inline constexpr size_t kDefaultMaxArrayItems = 1000;

enum class JsonType {
  kString,
  kInteger,
  kBoolean,
  kStringArray,
  kObjectArray,  // array of objects, each validated against `items`
};

struct FieldSpec {
  std::string_view name;
  JsonType type = JsonType::kString;
  bool required = false;
  // Strings: max bytes; arrays: max items. 0 selects the default above.
  size_t max_length = 0;
  int64_t min_value = std::numeric_limits<int64_t>::min();
  int64_t max_value = std::numeric_limits<int64_t>::max();
  // kObjectArray only: the fields of each element.
  std::span<const FieldSpec> items = {};
};

// The first half of ParseJsonRequest: valid UTF-8, one JSON object, depth
// at most kMaxJsonDepth, no duplicate keys, no trailing data; any fields.
// For bodies a FieldSpec table cannot describe (the Perspective API).
Result<nlohmann::json> ParseJsonObject(std::string_view body);

// Parses and validates `body` against `fields`. Returns the parsed object
// (null-valued optional fields removed) or InvalidArgument naming the
// problem. Never throws.
Result<nlohmann::json> ParseJsonRequest(std::string_view body,
                                        std::span<const FieldSpec> fields);

// Accessors for an object returned by ParseJsonRequest: the caller's spec
// guarantees the type, so these only handle presence.
std::string GetString(const nlohmann::json& obj, std::string_view name,
                      std::string_view fallback = "");
int64_t GetInt(const nlohmann::json& obj, std::string_view name,
               int64_t fallback = 0);
bool GetBool(const nlohmann::json& obj, std::string_view name,
             bool fallback = false);
bool Has(const nlohmann::json& obj, std::string_view name);

}  // namespace byteback::server

#endif  // BYTEBACK_SERVER_JSON_REQUEST_INTERNAL_H_
