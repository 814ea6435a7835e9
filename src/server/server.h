// server.h: the HTTP server of Byte Back (JSON API, health, metrics, a
// minimal web page).
//
// Flow: build the domain services (store, keyring, accounts, incidents), fill
// a Services with pointers to them, then Server::Create(options, services).
// Either Listen() (blocks until Stop()) or, in tests, BindToAnyPort() followed
// by ListenAfterBind() on a thread of your own. Stop() from any thread (a
// signal thread, a test) closes the listening socket; Listen() and
// ListenAfterBind() return once the requests already in flight have finished.
//
// Every request goes through the same pipeline (see docs/API.md):
//   1. pre-routing: size limits and framing checks, before the body is read;
//   2. the route table: each route names the roles allowed to call it; the
//      caller is resolved from the `bb_session` cookie or an API key, CSRF is
//      checked for cookie-authenticated writes, the role is checked, and only
//      then does the handler run (401 not signed in, 403 not allowed; denials
//      are written to the audit log);
//   3. strict JSON parsing of the body (valid UTF-8, known fields, right types);
//   4. errors of one shape {"error":{"code":"...","message":"..."}}, security
//      headers on every response, the request counted in /metrics and logged
//      (method, route template, status, latency; never bodies or tokens).
//
// Thread safety: a Server is driven by one owner thread (Create, Listen or
// BindToAnyPort/ListenAfterBind, destructor); Stop() and ready() may be called
// from any thread. Requests are served concurrently by `worker_threads`
// threads; the services must therefore be thread-safe (they are, per their
// headers).
#ifndef BYTEBACK_SERVER_SERVER_H_
#define BYTEBACK_SERVER_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"

namespace byteback {
namespace store { class Store; }
namespace crypto { class Keyring; }
namespace accounts { class Accounts; }
namespace incidents { class Incidents; }
namespace shield { class Shield; }
namespace crypto { class Signer; }
namespace ocr { class Recognizer; }
}  // namespace byteback

namespace byteback::server {

// Hard upper bound on max_body_bytes, whatever the configuration says.
inline constexpr int64_t kMaxBodyBytesCeiling = int64_t{64} << 20;

// Whether the session cookie carries the Secure attribute.
enum class CookieSecure {
  kAuto,    // Secure unless the listen host is a loopback address
  kAlways,  // always Secure (behind a TLS proxy)
  kNever,   // never Secure (plain HTTP on a trusted network; not advised)
};

// Who may read /metrics.
enum class MetricsAccess {
  kLoopbackOrAdmin,  // loopback clients, or an admin session / admin API key
  kAdminOnly,        // only an admin session or admin API key
};

struct ServerOptions {
  // Address to listen on. Loopback by default: expose it through a TLS proxy.
  std::string host = "127.0.0.1";
  // TCP port; 0 is only meaningful with BindToAnyPort().
  int port = 8080;
  // Worker threads serving requests. Each stalled connection holds one for
  // up to read_timeout_seconds.
  int worker_threads = 8;
  // Socket read and write timeouts, and how long an idle keep-alive
  // connection is kept.
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  int keep_alive_timeout_seconds = 5;
  // Request bodies larger than this get 413 before they are read (declared
  // Content-Length) or as soon as they pass it (chunked bodies). Must be in
  // [1, kMaxBodyBytesCeiling].
  int64_t max_body_bytes = int64_t{1} << 20;
  // Session cookie attribute Secure; see CookieSecure.
  CookieSecure cookie_secure = CookieSecure::kAuto;
  // Who may scrape /metrics.
  MetricsAccess metrics_access = MetricsAccess::kLoopbackOrAdmin;
  // Version string reported by /metrics (byteback_build_info) and /healthz.
  std::string version = "0.0.0";
  // Largest evidence upload (screenshots, exports), at most
  // kMaxBodyBytesCeiling; other routes keep max_body_bytes.
  int64_t max_upload_bytes = int64_t{32} << 20;
  // Folder of the complaint templates (data/complaints/*.toml).
  std::string complaints_dir = "data/complaints";
  // Where the web app's quick-exit button leaves for: a neutral page.
  std::string quick_exit_url = "https://www.google.com/search?q=weather";
};

// The domain services the routes call. Not owned: they must outlive the
// Server. The first four are required; without a shield the scoring,
// Perspective and lexicon routes answer 503 (`serve` always loads one; tests
// of other areas may leave it out).
struct Services {
  store::Store* store = nullptr;
  crypto::Keyring* keyring = nullptr;
  accounts::Accounts* accounts = nullptr;
  incidents::Incidents* incidents = nullptr;
  shield::Shield* shield = nullptr;
  // Signs evidence chain heads and complaint packs; without it the pack
  // routes answer 503.
  crypto::Signer* signer = nullptr;
  // Reads screenshots added as evidence; without it they are kept but not
  // read (logged once at start).
  ocr::Recognizer* ocr = nullptr;
};

class ServerImpl;

// Not copyable or movable: worker threads hold pointers into it.
class Server {
 public:
  // Validates `options` (InvalidArgument naming the bad field) and that every
  // service is set, and registers the routes. Does not open a socket.
  static Result<std::unique_ptr<Server>> Create(const ServerOptions& options,
                                                const Services& services);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds options.host:options.port and serves until Stop(). Returns
  // Unavailable when the address cannot be bound, OK after a Stop().
  Status Listen();

  // Binds options.host on a free port and returns it (tests). Then call
  // ListenAfterBind(), typically on another thread.
  Result<int> BindToAnyPort();
  // Serves on the socket bound by BindToAnyPort() until Stop().
  void ListenAfterBind();

  // Stops accepting connections. Requests in flight complete and their
  // responses are sent; then Listen()/ListenAfterBind() return. Also works
  // when called before the accept loop has started (Listen() then returns
  // at once). Idempotent; safe from any thread, but not from a signal
  // handler. BindToAnyPort() clears it, so a stopped Server can serve again.
  void Stop();

  // True while the server accepts connections.
  bool ready() const;

  // Whether responses set the Secure cookie attribute (resolved from
  // options.cookie_secure and the host).
  bool cookie_secure() const;

  // Requests between pre-routing and the log line (tests of graceful stop).
  int64_t TEST_requests_in_flight() const;
  // Adds a public GET route at `path` whose handler throws an exception with
  // `what` (tests of the exception handler). Call before serving.
  void TEST_AddThrowingRoute(const std::string& path, const std::string& what);

 private:
  explicit Server(std::unique_ptr<ServerImpl> impl);
  // Runs the accept loop on the bound socket unless Stop() came first.
  void Serve();
  std::unique_ptr<ServerImpl> impl_;
};

// True for "localhost", 127.0.0.0/8 and ::1.
bool IsLoopbackHost(const std::string& host);

}  // namespace byteback::server

#endif  // BYTEBACK_SERVER_SERVER_H_
