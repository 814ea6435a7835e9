// server_internal.h: the route table and request context shared by the
// files of src/server/ (router.cc dispatches; routes_<area>.cc fill the
// table).
//
// A Route names its method, a path pattern ("/api/v1/incidents/{id}"), the
// Access needed, the JSON fields its body may carry and the query parameters
// it accepts. The dispatcher (router.cc) authenticates, checks CSRF and the
// Access level, parses the body and the query strictly, and only then calls
// the handler, so no handler can forget a check. A handler returns OK after
// writing its response, or a Status that the dispatcher turns into the one
// error shape.
// Thread safety: the table is built once in Server::Create and read-only
// afterwards; a RouteContext belongs to one request.
#ifndef BYTEBACK_SERVER_SERVER_INTERNAL_H_
#define BYTEBACK_SERVER_SERVER_INTERNAL_H_

#include <httplib.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/status.h"
#include "server/json_request_internal.h"
#include "server/metrics_internal.h"
#include "server/server.h"

namespace byteback::detect {
struct Verdict;
}  // namespace byteback::detect
namespace byteback::incidents {
struct MessageScore;
}  // namespace byteback::incidents

namespace byteback::server {

inline constexpr char kSessionCookie[] = "bb_session";
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";
// Longer request paths get 414 before routing.
inline constexpr size_t kMaxPathBytes = 512;

// Who may call a route. Checked by the dispatcher before the handler runs.
enum class Access {
  kPublic,          // anyone; no credentials are looked at
  kSignedIn,        // any signed-in user (session or API key)
  kManagers,        // admin, coordinator, focal_person
  kStaff,           // admin, coordinator
  kAdmin,           // admin only
  kLoopbackOrAdmin, // /metrics: see MetricsAccess
};
std::string_view AccessName(Access a);
// Whether an authenticated `p` satisfies `a` (kPublic: always).
bool RoleAllows(Access a, const accounts::Principal& p);

class ServerImpl;

// The route table, for the OpenAPI document and its test.
struct RouteSummary {
  std::string method;
  std::string pattern;
  Access access;
  std::span<const FieldSpec> fields;
  std::vector<std::string> query;
  bool raw_body;
  bool google_errors;
  std::string summary;
};

struct RouteContext {
  const httplib::Request& req;
  httplib::Response& res;
  ServerImpl& server;
  std::string ip;
  std::map<std::string, std::string> params;  // {name} segments of the path
  nlohmann::json body = nlohmann::json::object();  // validated body
  std::optional<accounts::Principal> principal = {};  // set unless kPublic
  std::optional<accounts::SessionAuth> session = {};  // when via the cookie
  std::string session_token = {};                     // the cookie's value then
  std::string raw_body = {};                          // Route::raw_body routes only

  // The path parameter `name` as a positive integer; NotFound otherwise (an
  // id that cannot exist names no resource).
  Result<int64_t> PathId(const std::string& name) const;
  // Query parameter as an integer in [min, max]; nullopt when absent;
  // InvalidArgument naming the parameter when malformed.
  Result<std::optional<int64_t>> QueryInt(const std::string& name, int64_t min,
                                          int64_t max) const;
  std::optional<std::string> QueryString(const std::string& name) const;
};

using RouteHandler = std::function<Status(RouteContext&)>;

struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // path segments; "{name}" matches one segment
  Access access = Access::kSignedIn;
  RouteHandler handler;
  // Fields accepted in the JSON body (POST/PUT/PATCH/DELETE). An empty body
  // is read as {} so routes without required fields may omit it.
  std::span<const FieldSpec> fields = {};
  // Query parameters accepted; any other is InvalidArgument.
  std::vector<std::string> query = {};
  // The handler's module audits its own access denials (incidents).
  bool module_audits_denials = false;
  // The dispatcher bounds the body but does not parse it: the handler gets
  // it in RouteContext::raw_body (the Perspective API has map-valued fields
  // that a FieldSpec table cannot describe) and must validate it itself.
  bool raw_body = false;
  // Errors in Google's shape {"error":{"code":400,"message":...,"status":
  // "INVALID_ARGUMENT"}} instead of ours (the Perspective-compatible API).
  bool google_errors = false;
  // The API key may also come as the query parameter `key`, as Google APIs
  // take it (list "key" in `query` too).
  bool key_in_query = false;
  // One line for the OpenAPI document.
  std::string summary = {};
  // The body is an uploaded file of any Content-Type (not JSON), up to
  // ServerOptions::max_upload_bytes; implies raw_body.
  bool upload = false;
  std::vector<std::string> segments = {};  // pattern split on '/', by AddRoute
};

// State of one server: options, services, the route table, metrics and the
// cpp-httplib server. See server.h for the lifecycle.
class ServerImpl {
 public:
  ServerImpl(const ServerOptions& options, const Services& services,
             bool cookie_secure);

  void AddRoute(Route route);
  // Method, pattern and access of every route, in registration order.
  std::vector<RouteSummary> RouteTable() const;
  // Installs the pre-routing, dispatch, error, exception, post-routing and
  // logging hooks on `http`. Call once, after every AddRoute.
  void Install();

  // Sets the session cookie (value, Max-Age) or clears it (empty value).
  void SetSessionCookie(httplib::Response& res, const std::string& token,
                        int64_t max_age_seconds) const;

  const ServerOptions options;
  const Services services;
  const bool cookie_secure;
  Metrics metrics;
  httplib::Server http;
  std::atomic<bool> stop_requested{false};  // see Server::Serve()
  std::atomic<bool> listening{false};

 private:
  // Finds the route for method+path; sets *path_matched when some route has
  // the path with another method (405 rather than 404).
  const Route* Match(const std::string& method, const std::string& path,
                     std::map<std::string, std::string>* params,
                     std::string* allowed_methods) const;
  void Dispatch(const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader* reader);
  // Reads the body (bounded by max_body_bytes) into *body. False after
  // writing a 413/400 response.
  bool ReadBody(const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader* reader, bool upload, std::string* body) const;
  // Resolves credentials, checks CSRF and access. Returns a non-OK Status to
  // send (and audits denials).
  Status Authorize(const Route& route, RouteContext& ctx);
  httplib::Server::HandlerResponse PreRouting(const httplib::Request& req,
                                              httplib::Response& res);
  void LogRequest(const httplib::Request& req, const httplib::Response& res);

  std::vector<Route> routes_;
};

// Route registration, one function per area (routes_<area>.cc).
void AddHealthRoutes(ServerImpl& s);     // /healthz /readyz /metrics
void AddWebRoutes(ServerImpl& s);        // / and /static/*
void AddAuthRoutes(ServerImpl& s);       // setup, login, logout, me, TOTP, password
void AddAdminRoutes(ServerImpl& s);      // users, orgs, invitations, audit, API keys
void AddIncidentRoutes(ServerImpl& s);   // incidents and messages
void AddEvidenceRoutes(ServerImpl& s);   // evidence uploads, chain, originals, complaint packs
void AddImportRoutes(ServerImpl& s);     // platform exports: read and scored, triage, into an incident
void AddAuditRoutes(ServerImpl& s);      // the audit log (admin)
void AddShieldRoutes(ServerImpl& s);     // score, Shield info and reload, community lexicon
void AddPerspectiveRoutes(ServerImpl& s);  // comments:analyze and its discovery document
void AddOpenApiRoutes(ServerImpl& s);    // /api/v1/openapi.json


// Whether the first admin still has to be created (routes_auth.cc).
Result<bool> SetupNeeded(ServerImpl& s);

// JSON views of domain objects (json_views.cc). Never include secrets.
nlohmann::json UserJson(const accounts::User& u, int64_t now);
nlohmann::json OrganisationJson(const accounts::Organisation& o);
// Appends {"id"?,"lang","scores":{label:0-1},"labels":[...],"severity":0-3,
// "spans":[{begin,end,label,severity}]} (byte offsets) as JSON text to *out
// (routes_shield.cc). `id`, when given, must be valid UTF-8.
void AppendVerdictJson(const detect::Verdict& v, const std::string* id, std::string* out);
// The Shield's verdict in the form an incident keeps with each message
// (routes_incidents.cc).
incidents::MessageScore ScoreOfVerdict(const detect::Verdict& v);
// The platform a link points to ("x", "facebook", ..., "web"); InvalidArgument
// for anything but an http(s) link (routes_incidents.cc).
Result<std::string> PlatformOfUrl(const std::string& url);
// The uploaded file's name from ?name=, without any directory part, at most
// 255 bytes (valid UTF-8 kept valid); "upload" when absent (router.cc).
std::string UploadFileName(const RouteContext& ctx);
// An incident's evidence log: {"items":[chain entries], "signed_head"?}, as
// GET .../evidence answers it and the export includes it (routes_evidence.cc).
Result<nlohmann::json> EvidenceLogJson(RouteContext& ctx, int64_t incident_id);
// The OpenAPI 3.1 document of the route table (routes_openapi.cc).
nlohmann::json OpenApiDocument(const ServerImpl& s);

}  // namespace byteback::server

#endif  // BYTEBACK_SERVER_SERVER_INTERNAL_H_
