// json_text.h: writing JSON text straight into a string, for the output that
// is written once per message (`byteback scan`, `byteback import`, the
// Shield's batch endpoint, an incident's stored scores), where building an
// nlohmann DOM and serialising it costs more than scoring the message.
// Everything else uses nlohmann::json.
// Thread safety: pure functions.
#ifndef BYTEBACK_CORE_JSON_TEXT_H_
#define BYTEBACK_CORE_JSON_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace byteback::json_text {

// Appends `s` as a JSON string literal, quotes included. Control characters
// and DEL are escaped; invalid UTF-8 becomes U+FFFD, so the output always
// parses.
void AppendString(std::string_view s, std::string* out);

// Appends `v` with exactly `decimals` digits after the point (0.5 ->
// "0.5000" for 4), or, with trim, without trailing zeros ("0.5", "1", "0").
// Correctly rounded (std::to_chars), much cheaper than printf's "%.4f".
void AppendFixed(double v, int decimals, bool trim, std::string* out);

void AppendInt(int64_t v, std::string* out);

}  // namespace byteback::json_text

#endif  // BYTEBACK_CORE_JSON_TEXT_H_
