// router.cc: the request pipeline of every route (see server_internal.h).
//
// cpp-httplib calls, in order: the pre-routing handler (before any body byte
// is read: framing and size checks), one catch-all handler per method that
// lands in Dispatch() (route match, credentials, CSRF, access, bounded body
// read, strict parsing, handler), the error handler (any >= 400 response
// without a body gets the one error shape: cpp-httplib's own 400/404/413),
// the post-routing handler (security headers) and the logger (metrics and
// the request log line). Per-request timing travels in a thread_local: each
// request is served start to end on one worker thread.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <charconv>
#include <string>

#include "core/utf8.h"
#include "server/http_internal.h"
#include "server/server_internal.h"

namespace byteback::server {
namespace {

using httplib::Request;
using httplib::Response;
using HandlerResponse = httplib::Server::HandlerResponse;

struct RequestState {
  bool active = false;
  std::chrono::steady_clock::time_point start;
  std::string route;  // template, or "unmatched"
};
thread_local RequestState t_request;

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool IsBodyMethod(const std::string& m) {
  return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
}

bool IsJsonContentType(const std::string& ct) {
  std::string base = ct.substr(0, ct.find(';'));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return base == "application/json";
}

bool IsLoopbackAddr(const std::string& a) {
  return a == "::1" || a.rfind("127.", 0) == 0 || a.rfind("::ffff:127.", 0) == 0;
}


// The API key presented in "Authorization: Bearer bbk_..." or X-API-Key.
std::string ApiKeyOf(const Request& req) {
  std::string auth = req.get_header_value("Authorization");
  const std::string bearer = "Bearer ";
  if (auth.size() > bearer.size() && auth.compare(0, bearer.size(), bearer) == 0) {
    return auth.substr(bearer.size());
  }
  return req.get_header_value("X-API-Key");
}

// Whether an authentication failure is about the credentials (401) rather
// than the service (database down: passed on as 5xx).
bool IsCredentialError(const Status& s) {
  return s.code() == StatusCode::kUnauthenticated ||
         s.code() == StatusCode::kPermissionDenied || s.code() == StatusCode::kNotFound ||
         s.code() == StatusCode::kInvalidArgument;
}

// Google APIs answer a missing key with 403 and a bad one with 400; clients
// written for them show these messages.
Status GoogleAuthError(const Status& s, const Request& req) {
  if (s.code() != StatusCode::kUnauthenticated) return s;
  if (ApiKeyOf(req).empty() && req.get_param_value("key").empty() &&
      CookieValue(req, kSessionCookie).empty()) {
    return Status::PermissionDenied("The request is missing a valid API key.");
  }
  return Status::InvalidArgument("API key not valid. Please pass a valid API key.");
}

}  // namespace

std::string CookieValue(const Request& req, const std::string& name) {
  std::string header = req.get_header_value("Cookie");
  size_t i = 0;
  while (i < header.size()) {
    size_t j = header.find(';', i);
    if (j == std::string::npos) j = header.size();
    std::string part = header.substr(i, j - i);
    size_t b = part.find_first_not_of(' ');
    if (b != std::string::npos) part = part.substr(b);
    if (part.size() > name.size() && part.compare(0, name.size(), name) == 0 &&
        part[name.size()] == '=') {
      return part.substr(name.size() + 1);
    }
    i = j + 1;
  }
  return "";
}

std::string_view AccessName(Access a) {
  switch (a) {
    case Access::kPublic: return "public";
    case Access::kSignedIn: return "signed_in";
    case Access::kManagers: return "admin, coordinator or focal_person";
    case Access::kStaff: return "admin or coordinator";
    case Access::kAdmin: return "admin";
    case Access::kLoopbackOrAdmin: return "admin";
  }
  return "?";
}

bool RoleAllows(Access a, const accounts::Principal& p) {
  using accounts::Role;
  switch (a) {
    case Access::kPublic:
    case Access::kSignedIn: return true;
    case Access::kManagers:
      return p.role == Role::kAdmin || p.role == Role::kCoordinator ||
             p.role == Role::kFocalPerson;
    case Access::kStaff: return p.role == Role::kAdmin || p.role == Role::kCoordinator;
    case Access::kAdmin:
    case Access::kLoopbackOrAdmin: return accounts::CanAdminister(p);
  }
  return false;
}

Result<int64_t> RouteContext::PathId(const std::string& name) const {
  auto it = params.find(name);
  const std::string v = it == params.end() ? "" : it->second;
  int64_t id = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || id <= 0) {
    return Status::NotFound("no such " + name + " '" + v.substr(0, 40) + "'");
  }
  return id;
}

Result<std::optional<int64_t>> RouteContext::QueryInt(const std::string& name,
                                                      int64_t min,
                                                      int64_t max) const {
  if (!req.has_param(name.c_str())) return std::optional<int64_t>();
  std::string v = req.get_param_value(name.c_str());
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size()) {
    return Status::InvalidArgument("query parameter '" + name +
                                   "': expected an integer");
  }
  if (n < min || n > max) {
    return Status::InvalidArgument("query parameter '" + name + "': must be between " +
                                   std::to_string(min) + " and " + std::to_string(max));
  }
  return std::optional<int64_t>(n);
}

std::optional<std::string> RouteContext::QueryString(const std::string& name) const {
  if (!req.has_param(name.c_str())) return std::nullopt;
  return req.get_param_value(name.c_str());
}

ServerImpl::ServerImpl(const ServerOptions& options, const Services& services,
                       bool cookie_secure)
    : options(options), services(services), cookie_secure(cookie_secure),
      metrics(options.version) {}

void ServerImpl::AddRoute(Route route) {
  route.segments = SplitPath(route.pattern);
  routes_.push_back(std::move(route));
}

std::string UploadFileName(const RouteContext& ctx) {
  std::string name = ctx.QueryString("name").value_or("");
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  name = std::string(utf8::TruncateToBoundary(name, 255));
  return name.empty() ? "upload" : name;
}

std::vector<RouteSummary> ServerImpl::RouteTable() const {
  std::vector<RouteSummary> out;
  for (const Route& r : routes_) {
    out.push_back({r.method, r.pattern, r.access, r.fields, r.query, r.raw_body, r.google_errors,
                   r.summary});
  }
  return out;
}

void ServerImpl::SetSessionCookie(Response& res, const std::string& token,
                                  int64_t max_age_seconds) const {
  std::string cookie = std::string(kSessionCookie) + "=" + token +
                       "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                       std::to_string(token.empty() ? 0 : max_age_seconds);
  if (cookie_secure) cookie += "; Secure";
  res.set_header("Set-Cookie", cookie);
}

const Route* ServerImpl::Match(const std::string& method, const std::string& path,
                               std::map<std::string, std::string>* params,
                               std::string* allowed_methods) const {
  std::vector<std::string> segs = SplitPath(path);
  const std::string m = method == "HEAD" ? "GET" : method;
  const Route* found = nullptr;
  for (const Route& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::map<std::string, std::string> p;
    bool ok = true;
    for (size_t i = 0; ok && i < segs.size(); ++i) {
      const std::string& s = r.segments[i];
      if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
        p[s.substr(1, s.size() - 2)] = segs[i];
      } else {
        ok = s == segs[i];
      }
    }
    if (!ok) continue;
    if (r.method == m) {
      if (!found) {
        found = &r;
        *params = std::move(p);
      }
    } else {
      *allowed_methods += (allowed_methods->empty() ? "" : ", ") + r.method;
    }
  }
  return found;
}

HandlerResponse ServerImpl::PreRouting(const Request& req, Response& res) {
  if (t_request.active) metrics.RequestFinished();  // logger missed: keep the gauge right
  t_request = {true, std::chrono::steady_clock::now(), "unmatched"};
  metrics.RequestStarted();

  const std::string& m = req.method;
  if (m != "GET" && m != "HEAD" && !IsBodyMethod(m)) {
    WriteHttpError(res, 405, "method " + m.substr(0, 16) + " is not supported");
    return HandlerResponse::Handled;
  }
  // Every route is short; a long path would only feed cpp-httplib's
  // std::regex dispatch (~5 us per byte) before getting its 404.
  if (req.path.size() > kMaxPathBytes) {
    WriteHttpError(res, 414, "request path longer than " + std::to_string(kMaxPathBytes) +
                                 " bytes");
    return HandlerResponse::Handled;
  }
  const bool has_cl = req.has_header("Content-Length");
  const bool has_te = req.has_header("Transfer-Encoding");
  if (req.get_header_value_count("Content-Length") > 1 ||
      req.get_header_value_count("Transfer-Encoding") > 1) {
    WriteHttpError(res, 400, "repeated Content-Length or Transfer-Encoding header");
    return HandlerResponse::Handled;
  }
  if (has_cl && has_te) {
    WriteHttpError(res, 400, "Content-Length and Transfer-Encoding must not both be present");
    return HandlerResponse::Handled;
  }
  if (has_te && req.get_header_value("Transfer-Encoding") != "chunked") {
    WriteHttpError(res, 400, "only Transfer-Encoding: chunked is supported");
    return HandlerResponse::Handled;
  }
  // Uploads (evidence files) have their own limit and any Content-Type.
  std::map<std::string, std::string> ignored_params;
  std::string ignored_allowed;
  const Route* route = Match(m, req.path, &ignored_params, &ignored_allowed);
  const bool upload = route != nullptr && route->upload;
  const int64_t limit = upload ? options.max_upload_bytes : options.max_body_bytes;
  uint64_t length = 0;
  if (has_cl) {
    const std::string v = req.get_header_value("Content-Length");
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), length);
    if (v.empty() || ec != std::errc() || end != v.data() + v.size()) {
      WriteHttpError(res, 400, "malformed Content-Length");
      return HandlerResponse::Handled;
    }
    if (length > static_cast<uint64_t>(limit)) {
      WriteHttpError(res, 413, "request body larger than " + std::to_string(limit) + " bytes");
      return HandlerResponse::Handled;
    }
  }
  const bool has_body = has_te || length > 0;
  if (has_body && !IsBodyMethod(m)) {
    WriteHttpError(res, 400, m + " requests must not carry a body");
    return HandlerResponse::Handled;
  }
  // Only JSON bodies are accepted: this also keeps multipart bodies (and
  // HTML form posts, a CSRF vector) away from cpp-httplib's readers.
  if (has_body && upload) {
    // The file itself is the body; cpp-httplib would hand multipart and
    // form bodies to its own parsers.
    std::string ct = req.get_header_value("Content-Type");
    for (char& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ct.rfind("multipart/", 0) == 0 || ct.rfind("application/x-www-form-urlencoded", 0) == 0) {
      WriteHttpError(res, 415, "send the file itself as the body, with its own Content-Type (not a form)");
      return HandlerResponse::Handled;
    }
  }
  if (has_body && !upload && !IsJsonContentType(req.get_header_value("Content-Type"))) {
    WriteHttpError(res, 415, "request bodies must be Content-Type: application/json");
    return HandlerResponse::Handled;
  }
  return HandlerResponse::Unhandled;
}

bool ServerImpl::ReadBody(const Request& req, Response& res,
                          const httplib::ContentReader* reader, bool upload,
                          std::string* body) const {
  if (reader == nullptr) return true;
  // RFC 9112 6.3: a request without Content-Length or Transfer-Encoding has
  // no body (cpp-httplib would otherwise read until the peer closes).
  const std::string length = req.get_header_value("Content-Length");
  if (!req.has_header("Transfer-Encoding") && (length.empty() || length == "0")) {
    return true;
  }
  const size_t limit = static_cast<size_t>(upload ? options.max_upload_bytes : options.max_body_bytes);
  bool too_large = false;
  bool ok = (*reader)([&](const char* data, size_t n) {
    if (body->size() + n > limit) {
      too_large = true;
      return false;  // stops reading a chunked body as soon as it passes the limit
    }
    body->append(data, n);
    return true;
  });
  if (too_large) {
    WriteHttpError(res, 413, "request body larger than " + std::to_string(limit) + " bytes");
    return false;
  }
  if (!ok) {
    WriteHttpError(res, 400, "could not read the request body");
    return false;
  }
  return true;
}

Status ServerImpl::Authorize(const Route& route, RouteContext& ctx) {
  if (route.access == Access::kPublic) return Status::Ok();
  if (route.access == Access::kLoopbackOrAdmin &&
      options.metrics_access == MetricsAccess::kLoopbackOrAdmin &&
      IsLoopbackAddr(ctx.req.remote_addr)) {
    return Status::Ok();
  }
  accounts::Accounts& acc = *services.accounts;
  std::string key = ApiKeyOf(ctx.req);
  if (key.empty() && route.key_in_query) key = ctx.req.get_param_value("key");
  const std::string cookie = CookieValue(ctx.req, kSessionCookie);
  if (!key.empty()) {
    auto p = acc.AuthenticateApiKey(key);
    if (!p.ok()) {
      if (!IsCredentialError(p.status())) return p.status();
      return Status::Unauthenticated("invalid or revoked API key");
    }
    ctx.principal = std::move(p).value();
  } else if (!cookie.empty()) {
    auto auth = acc.Authenticate(cookie);
    if (!auth.ok()) {
      if (!IsCredentialError(auth.status())) return auth.status();
      SetSessionCookie(ctx.res, "", 0);
      return Status::Unauthenticated("your session has ended; sign in again");
    }
    ctx.principal = auth->principal;
    ctx.session = std::move(auth).value();
    ctx.session_token = cookie;
    const std::string& m = ctx.req.method;
    if (IsBodyMethod(m)) {
      Status csrf = acc.CheckCsrf(*ctx.session, ctx.req.get_header_value(kCsrfHeader));
      if (!csrf.ok()) {
        (void)acc.AuditDenied(*ctx.principal, "csrf " + m + " " + route.pattern, ctx.ip);
        return Status::PermissionDenied(
            "missing or wrong X-CSRF-Token header (GET /api/v1/auth/me returns it)");
      }
    }
  } else {
    return Status::Unauthenticated("sign in first");
  }
  if (!RoleAllows(route.access, *ctx.principal)) {
    (void)acc.AuditDenied(*ctx.principal, route.method + " " + route.pattern, ctx.ip);
    return Status::PermissionDenied("this needs the role " +
                                    std::string(AccessName(route.access)));
  }
  return Status::Ok();
}

void ServerImpl::Dispatch(const Request& req, Response& res,
                          const httplib::ContentReader* reader) {
  std::map<std::string, std::string> params;
  std::string allowed;
  const Route* route = Match(req.method, req.path, &params, &allowed);
  if (route == nullptr) {
    if (!allowed.empty()) {
      res.set_header("Allow", allowed);
      WriteHttpError(res, 405, "method " + req.method + " not allowed here (allowed: " +
                                   allowed + ")");
    } else {
      WriteHttpError(res, 404, "no such route");
    }
    return;
  }
  t_request.route = route->pattern;
  RouteContext ctx{req, res, *this, req.remote_addr, std::move(params)};
  auto fail = [&](const Status& s) {
    if (route->google_errors) {
      WriteGoogleError(res, GoogleAuthError(s, req));
    } else {
      WriteError(res, s);
    }
  };
  for (const auto& [name, value] : req.params) {
    bool known = false;
    for (const std::string& q : route->query) known = known || q == name;
    if (!known) {
      return fail(Status::InvalidArgument("unknown query parameter '" + name.substr(0, 64) + "'"));
    }
  }
  if (Status s = Authorize(*route, ctx); !s.ok()) return fail(s);
  std::string body;
  if (!ReadBody(req, res, reader, route->upload, &body)) {
    if (route->google_errors) RewriteAsGoogleError(res);
    return;
  }
  if (route->raw_body || route->upload) {
    ctx.raw_body = std::move(body);
  } else if (IsBodyMethod(req.method)) {
    bool blank = body.find_first_not_of(" \t\r\n") == std::string::npos;
    auto parsed = ParseJsonRequest(blank ? "{}" : body, route->fields);
    if (!parsed.ok()) return fail(parsed.status());
    ctx.body = std::move(parsed).value();
  }
  Status s = route->handler(ctx);
  if (s.ok()) return;
  if (s.code() == StatusCode::kPermissionDenied && ctx.principal &&
      !route->module_audits_denials) {
    (void)services.accounts->AuditDenied(*ctx.principal,
                                         route->method + " " + route->pattern, ctx.ip);
  }
  if (HttpStatusFor(s.code()) >= 500) {
    spdlog::error("http {} {}: {}", req.method, route->pattern, s.ToString());
  }
  res.headers.erase("Set-Cookie");
  fail(s);
}

void ServerImpl::LogRequest(const Request& req, const Response& res) {
  double seconds = 0;
  std::string route = "unmatched";
  if (t_request.active) {
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                            t_request.start).count();
    route = t_request.route;
    t_request.active = false;
    metrics.RequestFinished();
  }
  // A fixed set of label values: a client must not be able to create series.
  const std::string method =
      req.method == "GET" || req.method == "HEAD" || IsBodyMethod(req.method) ? req.method
                                                                             : "OTHER";
  metrics.Observe(method, route, res.status, seconds);
  // Method, route template, status, latency, peer: never the raw path
  // (invitation tokens), the query, headers or bodies.
  spdlog::info("http {} {} {} {:.1f}ms {}", method, route, res.status,
               seconds * 1000.0, req.remote_addr);
}

void ServerImpl::Install() {
  http.set_tcp_nodelay(true);
  const size_t threads = static_cast<size_t>(options.worker_threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_read_timeout(options.read_timeout_seconds, 0);
  http.set_write_timeout(options.write_timeout_seconds, 0);
  http.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  // cpp-httplib's own ceiling must admit uploads; PreRouting and ReadBody
  // apply the right limit per route.
  http.set_payload_max_length(
      static_cast<size_t>(std::max(options.max_body_bytes, options.max_upload_bytes)));
  http.set_pre_routing_handler(
      [this](const Request& req, Response& res) { return PreRouting(req, res); });
  // Every method goes through Dispatch(); bodies through a ContentReader, so
  // their size is bounded by ReadBody() even when chunked.
  const std::string all = "/.*";
  http.Get(all, [this](const Request& req, Response& res) { Dispatch(req, res, nullptr); });
  auto with_body = [this](const Request& req, Response& res,
                          const httplib::ContentReader& reader) {
    Dispatch(req, res, &reader);
  };
  http.Post(all, with_body);
  http.Put(all, with_body);
  http.Patch(all, with_body);
  http.Delete(all, with_body);
  httplib::Server::HandlerWithResponse on_error = [](const Request&, Response& res) {
    if (!res.body.empty()) return HandlerResponse::Unhandled;
    WriteHttpError(res, res.status, res.status == 404 ? "no such route"
                                    : res.status == 413 ? "request body too large"
                                                        : "bad request");
    return HandlerResponse::Handled;
  };
  http.set_error_handler(on_error);
  http.set_exception_handler([](const Request& req, Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("http {} {}: unhandled exception: {}", req.method,
                  t_request.route, what);
    res.headers.erase("Set-Cookie");
    WriteError(res, Status::Internal(what));  // WriteError hides the text
  });
  http.set_post_routing_handler([](const Request&, Response& res) {
    AddSecurityHeaders(res);
  });
  http.set_logger([this](const Request& req, const Response& res) { LogRequest(req, res); });
}

}  // namespace byteback::server
