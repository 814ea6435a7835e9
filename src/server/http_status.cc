// http_status.cc: the one place where a Status becomes an HTTP status, and
// where error bodies and security headers are written.
#include <string>

#include "server/http_internal.h"

namespace byteback::server {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kCorruption:
    case StatusCode::kIOError:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

std::string_view ErrorCodeForHttp(int http_status) {
  switch (http_status) {
    case 400: return StatusCodeName(StatusCode::kInvalidArgument);
    case 401: return StatusCodeName(StatusCode::kUnauthenticated);
    case 403: return StatusCodeName(StatusCode::kPermissionDenied);
    case 404: return StatusCodeName(StatusCode::kNotFound);
    case 405: return "method_not_allowed";
    case 409: return StatusCodeName(StatusCode::kFailedPrecondition);
    case 411: return "length_required";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 423: return "locked";
    case 429: return StatusCodeName(StatusCode::kResourceExhausted);
    case 503: return StatusCodeName(StatusCode::kUnavailable);
    default: break;
  }
  if (http_status >= 500) return StatusCodeName(StatusCode::kInternal);
  return StatusCodeName(StatusCode::kInvalidArgument);
}

std::string ErrorBody(std::string_view code, std::string_view message) {
  nlohmann::json body = {
      {"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
  // `replace` keeps a response valid JSON even if a message ever carried
  // bytes that are not UTF-8.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void WriteError(httplib::Response& res, const Status& s) {
  int http = HttpStatusFor(s.code());
  std::string message =
      http >= 500 && s.code() != StatusCode::kUnavailable
          ? "internal error; the server log has the details"
          : s.message();
  if (s.code() == StatusCode::kUnavailable && message.empty()) {
    message = "service unavailable";
  }
  res.status = http;
  res.set_content(ErrorBody(StatusCodeName(s.code()), message),
                  "application/json");
}

void WriteHttpError(httplib::Response& res, int http_status,
                    std::string_view message) {
  res.status = http_status;
  res.set_content(ErrorBody(ErrorCodeForHttp(http_status), message),
                  "application/json");
}

namespace {

std::string_view GoogleStatusName(int http) {
  switch (http) {
    case 400: return "INVALID_ARGUMENT";
    case 401: return "UNAUTHENTICATED";
    case 403: return "PERMISSION_DENIED";
    case 404: return "NOT_FOUND";
    case 409: return "ABORTED";
    case 413: return "INVALID_ARGUMENT";
    case 429: return "RESOURCE_EXHAUSTED";
    case 503: return "UNAVAILABLE";
    default: return http >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
  }
}

}  // namespace

void WriteGoogleHttpError(httplib::Response& res, int http_status, std::string_view message,
                          std::string_view error_type) {
  nlohmann::json err = {{"code", http_status},
                        {"message", std::string(message)},
                        {"status", std::string(GoogleStatusName(http_status))}};
  if (!error_type.empty()) {
    err["details"] = nlohmann::json::array(
        {{{"@type", "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"},
          {"errorType", std::string(error_type)}}});
  }
  WriteJson(res, {{"error", std::move(err)}}, http_status);
}

void WriteGoogleError(httplib::Response& res, const Status& s, std::string_view error_type) {
  int http = HttpStatusFor(s.code());
  std::string message =
      http >= 500 && s.code() != StatusCode::kUnavailable
          ? "internal error; the server log has the details"
          : s.message();
  WriteGoogleHttpError(res, http, message, error_type);
}

void RewriteAsGoogleError(httplib::Response& res) {
  std::string message = "request failed";
  auto j = nlohmann::json::parse(res.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object() &&
      j["error"].contains("message") && j["error"]["message"].is_string()) {
    message = j["error"]["message"].get<std::string>();
  }
  WriteGoogleHttpError(res, res.status, message);
}

void WriteJson(httplib::Response& res, const nlohmann::json& body,
               int http_status) {
  res.status = http_status;
  res.set_content(
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
      "application/json");
}

void AddSecurityHeaders(httplib::Response& res) {
  auto add = [&res](const char* name, const char* value) {
    if (!res.has_header(name)) res.set_header(name, value);
  };
  add("Content-Security-Policy",
      "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
      "form-action 'self'; object-src 'none'; "
      // Evidence previews: images the app fetched itself, shown from blob: URLs.
      "img-src 'self' blob:");
  add("X-Content-Type-Options", "nosniff");
  add("Referrer-Policy", "no-referrer");
  add("X-Frame-Options", "DENY");
  add("Cache-Control", "no-store");
  add("Cross-Origin-Opener-Policy", "same-origin");
  add("Cross-Origin-Resource-Policy", "same-origin");
}

}  // namespace byteback::server
