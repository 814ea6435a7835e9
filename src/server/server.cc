// server.cc: Server lifecycle (create, bind, listen, stop).
#include "server/server.h"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <thread>

#include "server/server_internal.h"

namespace byteback::server {

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" ||
         host.rfind("127.", 0) == 0;
}

namespace {

Status Validate(const ServerOptions& o, const Services& s) {
  if (!s.store || !s.keyring || !s.accounts || !s.incidents) {
    return Status::InvalidArgument("server: every service (store, keyring, accounts, incidents) must be set");
  }
  if (o.host.empty()) return Status::InvalidArgument("server option host: must not be empty");
  if (o.port < 0 || o.port > 65535) {
    return Status::InvalidArgument("server option port: must be in [0, 65535]");
  }
  if (o.worker_threads < 1 || o.worker_threads > 1024) {
    return Status::InvalidArgument("server option worker_threads: must be in [1, 1024]");
  }
  if (o.read_timeout_seconds < 1 || o.write_timeout_seconds < 1 ||
      o.keep_alive_timeout_seconds < 1) {
    return Status::InvalidArgument("server options read/write/keep-alive timeouts: must be >= 1 second");
  }
  if (o.max_body_bytes < 1 || o.max_body_bytes > kMaxBodyBytesCeiling) {
    return Status::InvalidArgument("server option max_body_bytes: must be in [1, " +
                                   std::to_string(kMaxBodyBytesCeiling) + "]");
  }
  if (o.max_upload_bytes < 1 || o.max_upload_bytes > kMaxBodyBytesCeiling) {
    return Status::InvalidArgument("server option max_upload_bytes: must be in [1, " +
                                   std::to_string(kMaxBodyBytesCeiling) + "]");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options,
                                               const Services& services) {
  BB_RETURN_IF_ERROR(Validate(options, services));
  bool secure = options.cookie_secure == CookieSecure::kAlways ||
                (options.cookie_secure == CookieSecure::kAuto && !IsLoopbackHost(options.host));
  auto impl = std::make_unique<ServerImpl>(options, services, secure);
  AddHealthRoutes(*impl);
  AddWebRoutes(*impl);
  AddAuthRoutes(*impl);
  AddAdminRoutes(*impl);
  AddIncidentRoutes(*impl);
  AddEvidenceRoutes(*impl);
  AddImportRoutes(*impl);
  AddShieldRoutes(*impl);
  AddPerspectiveRoutes(*impl);
  AddOpenApiRoutes(*impl);
  impl->Install();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<ServerImpl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

Status Server::Listen() {
  if (!impl_->http.bind_to_port(impl_->options.host, impl_->options.port)) {
    return Status::Unavailable("cannot listen on " + impl_->options.host + ":" +
                               std::to_string(impl_->options.port) +
                               " (address in use or not available)");
  }
  spdlog::info("listening on http://{}:{}", impl_->options.host, impl_->options.port);
  Serve();
  return Status::Ok();
}

Result<int> Server::BindToAnyPort() {
  impl_->stop_requested = false;
  int port = impl_->http.bind_to_any_port(impl_->options.host);
  if (port <= 0) {
    return Status::Unavailable("cannot bind a port on " + impl_->options.host);
  }
  return port;
}

void Server::ListenAfterBind() { Serve(); }

// cpp-httplib's stop() is lost when it comes before the accept loop has
// started (is_running() still false). Serve() and Stop() close that window:
// a Stop() that sees `listening` waits for the loop to start, and one that
// does not is seen by Serve() through `stop_requested` (both seq_cst).
void Server::Serve() {
  impl_->listening = true;
  if (!impl_->stop_requested) impl_->http.listen_after_bind();
  impl_->listening = false;
}

void Server::Stop() {
  impl_->stop_requested = true;
  while (impl_->listening && !impl_->http.is_running()) std::this_thread::yield();
  impl_->http.stop();
}

bool Server::ready() const { return impl_->http.is_running(); }

bool Server::cookie_secure() const { return impl_->cookie_secure; }

int64_t Server::TEST_requests_in_flight() const { return impl_->metrics.in_flight(); }

void Server::TEST_AddThrowingRoute(const std::string& path, const std::string& what) {
  impl_->AddRoute({"GET", path, Access::kPublic, [what](RouteContext&) -> Status {
                     throw std::runtime_error(what);
                   }});
}

}  // namespace byteback::server
