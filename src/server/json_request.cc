// json_request.cc: strict JSON request parsing (see json_request_internal.h).
//
// nlohmann::json silently keeps the last of duplicate keys and has no depth
// limit of its own, so a parser callback tracks the keys of every open object
// and the depth, and aborts the parse on either. Numbers out of range throw
// out_of_range rather than parse_error: every json::exception is caught.
#include <set>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "server/json_request_internal.h"

namespace byteback::server {
namespace {

using nlohmann::json;

const char* TypeName(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

const char* ExpectedName(JsonType t) {
  switch (t) {
    case JsonType::kString: return "a string";
    case JsonType::kInteger: return "an integer";
    case JsonType::kBoolean: return "a boolean";
    case JsonType::kStringArray: return "an array of strings";
    case JsonType::kObjectArray: return "an array of objects";
  }
  return "a value";
}

Status FieldError(const std::string& path, const std::string& what) {
  return Status::InvalidArgument("field '" + path + "': " + what);
}

Status CheckString(const json& v, const std::string& path, size_t max_len) {
  if (!v.is_string()) {
    return FieldError(path, std::string("expected a string, got ") + TypeName(v));
  }
  const std::string& s = v.get_ref<const std::string&>();
  if (max_len == 0) max_len = kDefaultMaxStringBytes;
  if (s.size() > max_len) {
    return FieldError(path, "longer than " + std::to_string(max_len) + " bytes");
  }
  if (s.find('\0') != std::string::npos) {
    return FieldError(path, "contains a NUL character");
  }
  if (!utf8::IsValid(s)) return FieldError(path, "is not valid UTF-8");
  return Status::Ok();
}

Status CheckObject(const json& obj, std::span<const FieldSpec> fields,
                   const std::string& prefix, json* out);

Status CheckValue(const json& v, const FieldSpec& f, const std::string& path,
                  json* out) {
  switch (f.type) {
    case JsonType::kString:
      BB_RETURN_IF_ERROR(CheckString(v, path, f.max_length));
      break;
    case JsonType::kBoolean:
      if (!v.is_boolean()) {
        return FieldError(path, std::string("expected a boolean, got ") + TypeName(v));
      }
      break;
    case JsonType::kInteger: {
      if (v.is_number_unsigned() &&
          v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        return FieldError(path, "integer out of range");
      }
      if (!v.is_number_integer()) {
        return FieldError(path, std::string("expected an integer, got ") + TypeName(v));
      }
      int64_t n = v.get<int64_t>();
      if (n < f.min_value || n > f.max_value) {
        return FieldError(path, "must be between " + std::to_string(f.min_value) +
                                    " and " + std::to_string(f.max_value));
      }
      break;
    }
    case JsonType::kStringArray:
    case JsonType::kObjectArray: {
      if (!v.is_array()) {
        return FieldError(path, std::string("expected ") + ExpectedName(f.type) +
                                    ", got " + TypeName(v));
      }
      size_t max_items = f.max_length ? f.max_length : kDefaultMaxArrayItems;
      if (v.size() > max_items) {
        return FieldError(path, "more than " + std::to_string(max_items) + " items");
      }
      json cleaned = json::array();
      for (size_t i = 0; i < v.size(); ++i) {
        std::string item_path = path + "[" + std::to_string(i) + "]";
        if (f.type == JsonType::kStringArray) {
          BB_RETURN_IF_ERROR(CheckString(v[i], item_path, 0));
          cleaned.push_back(v[i]);
        } else {
          if (!v[i].is_object()) {
            return FieldError(item_path, std::string("expected an object, got ") +
                                             TypeName(v[i]));
          }
          json item;
          BB_RETURN_IF_ERROR(CheckObject(v[i], f.items, item_path + ".", &item));
          cleaned.push_back(std::move(item));
        }
      }
      (*out)[std::string(f.name)] = std::move(cleaned);
      return Status::Ok();
    }
  }
  (*out)[std::string(f.name)] = v;
  return Status::Ok();
}

Status CheckObject(const json& obj, std::span<const FieldSpec> fields,
                   const std::string& prefix, json* out) {
  *out = json::object();
  for (const auto& [key, value] : obj.items()) {
    bool known = false;
    for (const FieldSpec& f : fields) known = known || f.name == key;
    if (!known) {
      std::string allowed;
      for (const FieldSpec& f : fields) {
        allowed += (allowed.empty() ? "" : ", ") + std::string(f.name);
      }
      return FieldError(prefix + key, "unknown field (allowed: " +
                                          (allowed.empty() ? "none" : allowed) + ")");
    }
  }
  for (const FieldSpec& f : fields) {
    std::string path = prefix + std::string(f.name);
    auto it = obj.find(std::string(f.name));
    if (it == obj.end() || it->is_null()) {
      if (f.required) {
        return FieldError(path, it == obj.end() ? "is required" : "must not be null");
      }
      continue;
    }
    BB_RETURN_IF_ERROR(CheckValue(*it, f, path, out));
  }
  return Status::Ok();
}

}  // namespace

Result<json> ParseJsonObject(std::string_view body) {
  if (size_t bad = utf8::FirstInvalid(body); bad != body.size()) {
    return Status::InvalidArgument("request body is not valid UTF-8 (byte " +
                                   std::to_string(bad) + ")");
  }
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return Status::InvalidArgument("request body is empty; expected a JSON object");
  }
  if (body[first] != '{') {
    return Status::InvalidArgument("request body must be a JSON object");
  }
  // Per open object, the keys seen so far; a duplicate or too deep a nesting
  // aborts the parse with a message for the client.
  std::vector<std::set<std::string>> open_keys;
  std::string problem;
  auto callback = [&](int depth, json::parse_event_t event, json& parsed) {
    if (!problem.empty()) return false;
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (depth >= kMaxJsonDepth) {
          problem = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
          throw std::invalid_argument("depth");
        }
        if (event == json::parse_event_t::object_start) open_keys.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!open_keys.empty()) open_keys.pop_back();
        break;
      case json::parse_event_t::key:
        if (!open_keys.empty() &&
            !open_keys.back().insert(parsed.get<std::string>()).second) {
          problem = "duplicate field '" + parsed.get<std::string>() + "'";
          throw std::invalid_argument("duplicate");
        }
        break;
      default:
        break;
    }
    return true;
  };
  json parsed;
  try {
    parsed = json::parse(body.begin(), body.end(), callback,
                         /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const json::exception& e) {
    // nlohmann's messages name the byte position and the token, never
    // anything but the client's own input: safe and useful to return.
    std::string what = e.what();
    if (size_t p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    return Status::InvalidArgument("malformed JSON: " + what);
  } catch (const std::invalid_argument&) {
    return Status::InvalidArgument(problem);
  }
  if (!problem.empty()) return Status::InvalidArgument(problem);
  if (!parsed.is_object()) {
    return Status::InvalidArgument("request body must be a JSON object");
  }
  return parsed;
}

Result<json> ParseJsonRequest(std::string_view body,
                              std::span<const FieldSpec> fields) {
  BB_ASSIGN_OR_RETURN(json parsed, ParseJsonObject(body));
  json out;
  BB_RETURN_IF_ERROR(CheckObject(parsed, fields, "", &out));
  return out;
}

std::string GetString(const nlohmann::json& obj, std::string_view name,
                      std::string_view fallback) {
  auto it = obj.find(std::string(name));
  if (it == obj.end() || !it->is_string()) return std::string(fallback);
  return it->get<std::string>();
}

int64_t GetInt(const nlohmann::json& obj, std::string_view name,
               int64_t fallback) {
  auto it = obj.find(std::string(name));
  if (it == obj.end() || !it->is_number_integer()) return fallback;
  return it->get<int64_t>();
}

bool GetBool(const nlohmann::json& obj, std::string_view name, bool fallback) {
  auto it = obj.find(std::string(name));
  if (it == obj.end() || !it->is_boolean()) return fallback;
  return it->get<bool>();
}

bool Has(const nlohmann::json& obj, std::string_view name) {
  return obj.contains(std::string(name));
}

}  // namespace byteback::server
