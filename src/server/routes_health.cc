// routes_health.cc: /healthz (process up), /readyz (database reachable and
// schema current) and /metrics (Prometheus; loopback or admin, see
// MetricsAccess and docs/API.md#metrics).
#include <spdlog/spdlog.h>

#include "server/http_internal.h"
#include "server/server_internal.h"
#include "store/store.h"

namespace byteback::server {

void AddHealthRoutes(ServerImpl& s) {
  s.AddRoute({"GET", "/healthz", Access::kPublic, [](RouteContext& ctx) {
                WriteJson(ctx.res, {{"status", "ok"},
                                    {"version", ctx.server.options.version}});
                return Status::Ok();
              }});
  s.AddRoute({"GET", "/readyz", Access::kPublic, [](RouteContext& ctx) {
                Status ready = ctx.server.services.store->CheckReady();
                if (!ready.ok()) {
                  // Not ready is a state, not a failure of this request: 503
                  // with the reason (schema too old/new, database down).
                  spdlog::warn("readyz: {}", ready.ToString());
                  WriteJson(ctx.res,
                            {{"error", {{"code", "unavailable"},
                                        {"message", "not ready: " + ready.message()}}}},
                            503);
                  return Status::Ok();
                }
                WriteJson(ctx.res, {{"status", "ready"}});
                return Status::Ok();
              }});
  s.AddRoute({"GET", "/metrics", Access::kLoopbackOrAdmin, [](RouteContext& ctx) {
                ctx.res.status = 200;
                ctx.res.set_content(ctx.server.metrics.Render(),
                                    "text/plain; version=0.0.4; charset=utf-8");
                return Status::Ok();
              }});
}

}  // namespace byteback::server
