// routes_audit.cc: GET /api/v1/admin/audit, the append-only audit log
// (admin only), filtered by query parameters. See docs/API.md#routes.
#include <nlohmann/json.hpp>

#include "server/http_internal.h"
#include "server/server_internal.h"
#include "store/store.h"

namespace byteback::server {
namespace {

constexpr int64_t kMaxId = INT64_MAX;

nlohmann::json AuditJson(const store::AuditEvent& e) {
  nlohmann::json j = {{"id", e.id},
                      {"at", e.at},
                      {"actor_user_id", nullptr},
                      {"actor_kind", e.actor_kind},
                      {"action", e.action},
                      {"target_kind", e.target_kind},
                      {"target_id", e.target_id},
                      {"org_id", nullptr},
                      {"ip", e.ip},
                      {"detail", nullptr}};
  if (e.actor_user_id) j["actor_user_id"] = *e.actor_user_id;
  if (e.org_id) j["org_id"] = *e.org_id;
  if (!e.detail_json.empty()) {
    // Written by our own modules; shown as an object when it parses.
    auto detail = nlohmann::json::parse(e.detail_json, nullptr, /*allow_exceptions=*/false);
    j["detail"] = detail.is_discarded() ? nlohmann::json(e.detail_json) : detail;
  }
  return j;
}

Status ListAudit(RouteContext& ctx) {
  store::AuditQuery q;
  BB_ASSIGN_OR_RETURN(q.actor_user_id, ctx.QueryInt("actor_user_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(q.org_id, ctx.QueryInt("org_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(q.target_id, ctx.QueryInt("target_id", 0, kMaxId));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> since, ctx.QueryInt("since", 0, kMaxId));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> before, ctx.QueryInt("before_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> limit,
                      ctx.QueryInt("limit", 1, store::kMaxAuditLimit));
  q.action = ctx.QueryString("action").value_or("");
  q.target_kind = ctx.QueryString("target_kind").value_or("");
  q.since = since.value_or(0);
  q.before_id = before.value_or(0);
  q.limit = static_cast<int>(limit.value_or(100));
  BB_ASSIGN_OR_RETURN(std::vector<store::AuditEvent> events,
                      ctx.server.services.store->ListAudit(q));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : events) out.push_back(AuditJson(e));
  WriteJson(ctx.res, {{"events", out}});
  return Status::Ok();
}

}  // namespace

void AddAuditRoutes(ServerImpl& s) {
  s.AddRoute({"GET", "/api/v1/admin/audit", Access::kAdmin, ListAudit, {},
              {"actor_user_id", "org_id", "action", "target_kind", "target_id", "since",
               "before_id", "limit"}});
}

}  // namespace byteback::server
