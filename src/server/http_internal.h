// http_internal.h: the HTTP vocabulary shared by the files of src/server/:
// the one Status -> HTTP mapping (http_status.cc), the one error shape, and
// the headers every response carries.
// Thread safety: pure functions.
#ifndef BYTEBACK_SERVER_HTTP_INTERNAL_H_
#define BYTEBACK_SERVER_HTTP_INTERNAL_H_

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"

namespace byteback::server {

// HTTP status for a Status code: invalid_argument 400, unauthenticated 401,
// permission_denied 403, not_found 404, already_exists and
// failed_precondition 409, resource_exhausted 429, unavailable 503, the rest
// (corruption, io_error, internal) 500. OK is 200.
int HttpStatusFor(StatusCode code);

// The error code name used in the body for a bare HTTP status that has no
// Status behind it (unknown route 404, 405, 413, 415, cpp-httplib's own 400).
std::string_view ErrorCodeForHttp(int http_status);

// {"error":{"code":code,"message":message}} serialised.
std::string ErrorBody(std::string_view code, std::string_view message);

// Writes `s` (not OK) as the response: its HTTP status and the one error
// shape. Messages of 5xx errors are replaced by a generic text (internals
// never reach the client); the caller logs the original.
void WriteError(httplib::Response& res, const Status& s);
// Writes an error for a bare HTTP status with an explicit message.
void WriteHttpError(httplib::Response& res, int http_status,
                    std::string_view message);
// Google's error shape, used by the Perspective-compatible API:
// {"error":{"code":400,"message":"...","status":"INVALID_ARGUMENT",
//  "details":[{"@type":"type.googleapis.com/google.commentanalyzer.v1alpha1.Error",
//              "errorType":"COMMENT_EMPTY"}]}} (details only when error_type is
// given). 5xx messages are replaced by a generic text, as in WriteError.
void WriteGoogleError(httplib::Response& res, const Status& s, std::string_view error_type = "");
void WriteGoogleHttpError(httplib::Response& res, int http_status, std::string_view message,
                          std::string_view error_type = "");
// Turns an error already written in our shape (a 413 from the body reader)
// into Google's shape, keeping status and message.
void RewriteAsGoogleError(httplib::Response& res);

// Writes `body` as application/json with `http_status`.
void WriteJson(httplib::Response& res, const nlohmann::json& body,
               int http_status = 200);

// The value of cookie `name` in the request's Cookie header, or "" (router.cc).
std::string CookieValue(const httplib::Request& req, const std::string& name);

// Adds the security headers (CSP, nosniff, no-referrer, frame denial,
// Cache-Control no-store) unless already present.
void AddSecurityHeaders(httplib::Response& res);

}  // namespace byteback::server

#endif  // BYTEBACK_SERVER_HTTP_INTERNAL_H_
