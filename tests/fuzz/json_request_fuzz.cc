// json_request_fuzz.cc: strict JSON request validation never crashes, says
// why it rejects a body, and never accepts one that breaks its own rules
// (unknown fields, wrong types, invalid UTF-8, over-long strings).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "server/json_request_internal.h"

namespace {

using byteback::server::FieldSpec;
using byteback::server::JsonType;

constexpr FieldSpec kMessage[] = {
    {.name = "text", .type = JsonType::kString, .required = true, .max_length = 64},
    {.name = "sent_at", .type = JsonType::kInteger, .min_value = 0},
};
constexpr FieldSpec kFields[] = {
    {.name = "email", .type = JsonType::kString, .max_length = 64},
    {.name = "password", .type = JsonType::kString, .max_length = 64},
    {.name = "text", .type = JsonType::kString},
    {.name = "lang", .type = JsonType::kString, .max_length = 8},
    {.name = "totp", .type = JsonType::kString, .max_length = 16},
    {.name = "admin", .type = JsonType::kBoolean},
    {.name = "limit", .type = JsonType::kInteger, .min_value = 1, .max_value = 500},
    {.name = "tags", .type = JsonType::kStringArray, .max_length = 4},
    {.name = "messages", .type = JsonType::kObjectArray, .max_length = 4, .items = kMessage},
};

bool Known(std::string_view key) {
  for (const FieldSpec& f : kFields) {
    if (f.name == key) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = byteback::server::ParseJsonRequest(body, kFields);
  if (!parsed.ok()) {
    if (parsed.status().message().empty()) std::abort();  // every rejection says why
    if (parsed.status().code() != byteback::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (!byteback::utf8::IsValid(body)) std::abort();  // accepted invalid UTF-8
  const nlohmann::json& obj = parsed.value();
  if (!obj.is_object()) std::abort();
  for (const auto& [key, value] : obj.items()) {
    if (!Known(key)) std::abort();
    if (key == "limit" && (!value.is_number_integer() || value.get<int64_t>() < 1 ||
                           value.get<int64_t>() > 500)) {
      std::abort();
    }
    if ((key == "email" || key == "password") &&
        (!value.is_string() || value.get<std::string>().size() > 64)) {
      std::abort();
    }
    if (key == "messages") {
      if (!value.is_array() || value.size() > 4) std::abort();
      for (const auto& m : value) {
        if (!m.contains("text") || !m["text"].is_string()) std::abort();
      }
    }
  }
  return 0;
}
