// routes_incidents.cc: incidents and their messages. Any signed-in user may
// call these routes; the incidents module decides, per incident, who may see
// it (owner, admin, coordinator, focal person in scope) and audits views and
// denials itself. See docs/API.md#incidents.
#include "incidents/incidents.h"
#include "server/http_internal.h"
#include "server/server_internal.h"

namespace byteback::server {
namespace {

namespace inc = byteback::incidents;

constexpr int64_t kMaxId = INT64_MAX;

constexpr FieldSpec kCreateFields[] = {
    {.name = "title", .type = JsonType::kString, .required = true, .max_length = inc::kMaxTitleBytes},
    {.name = "description", .type = JsonType::kString, .max_length = inc::kMaxDescriptionBytes},
    {.name = "category", .type = JsonType::kString, .max_length = inc::kMaxCategoryBytes},
    {.name = "severity", .type = JsonType::kString, .max_length = 16},
    {.name = "owner_user_id", .type = JsonType::kInteger, .min_value = 1},
    {.name = "org_id", .type = JsonType::kInteger, .min_value = 1},
    {.name = "country", .type = JsonType::kString, .max_length = 2},
};
constexpr FieldSpec kStatusFields[] = {
    {.name = "status", .type = JsonType::kString, .required = true, .max_length = 16},
};
constexpr FieldSpec kMessageFields[] = {
    {.name = "text", .type = JsonType::kString, .required = true,
     .max_length = inc::kMaxMessageTextBytes},
    {.name = "author_handle", .type = JsonType::kString, .max_length = inc::kMaxHandleBytes},
    {.name = "platform", .type = JsonType::kString, .max_length = inc::kMaxPlatformBytes},
    {.name = "url", .type = JsonType::kString, .max_length = inc::kMaxUrlBytes},
    {.name = "sent_at", .type = JsonType::kInteger, .min_value = 0},
};
constexpr FieldSpec kAddMessagesFields[] = {
    {.name = "messages", .type = JsonType::kObjectArray, .required = true,
     .max_length = inc::kMaxMessagesPerCall, .items = kMessageFields},
};

inc::Incidents& Inc(RouteContext& ctx) { return *ctx.server.services.incidents; }

nlohmann::json IncidentJson(const inc::Incident& i) {
  nlohmann::json j = {{"id", i.id},
                      {"owner_user_id", i.owner_user_id},
                      {"org_id", nullptr},
                      {"country", i.country},
                      {"title", i.title},
                      {"description", i.description},
                      {"category", i.category},
                      {"severity", std::string(inc::SeverityName(i.severity))},
                      {"status", std::string(inc::IncidentStatusName(i.status))},
                      {"created_by", i.created_by},
                      {"created_at", i.created_at},
                      {"updated_at", i.updated_at},
                      {"message_count", i.message_count}};
  if (i.org_id) j["org_id"] = *i.org_id;
  return j;
}

nlohmann::json MessageJson(const inc::Message& m) {
  return {{"id", m.id},           {"incident_id", m.incident_id},
          {"text", m.text},       {"author_handle", m.author_handle},
          {"platform", m.platform}, {"url", m.url},
          {"sent_at", m.sent_at}, {"added_by", m.added_by},
          {"added_at", m.added_at}};
}

Status Create(RouteContext& ctx) {
  inc::NewIncident ni;
  ni.title = GetString(ctx.body, "title");
  ni.description = GetString(ctx.body, "description");
  ni.category = GetString(ctx.body, "category");
  if (Has(ctx.body, "severity")) {
    BB_ASSIGN_OR_RETURN(ni.severity, inc::ParseSeverity(GetString(ctx.body, "severity")));
  }
  if (Has(ctx.body, "owner_user_id")) ni.owner_user_id = GetInt(ctx.body, "owner_user_id");
  if (Has(ctx.body, "org_id")) ni.org_id = GetInt(ctx.body, "org_id");
  if (Has(ctx.body, "country")) ni.country = GetString(ctx.body, "country");
  BB_ASSIGN_OR_RETURN(inc::Incident i, Inc(ctx).Create(*ctx.principal, ni));
  WriteJson(ctx.res, {{"incident", IncidentJson(i)}}, 201);
  return Status::Ok();
}

Status List(RouteContext& ctx) {
  inc::ListQuery q;
  BB_ASSIGN_OR_RETURN(q.org_id, ctx.QueryInt("org_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(q.owner_user_id, ctx.QueryInt("owner_user_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> before, ctx.QueryInt("before_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> limit, ctx.QueryInt("limit", 1, inc::kMaxListLimit));
  q.before_id = before.value_or(0);
  q.limit = static_cast<int>(limit.value_or(100));
  q.country = ctx.QueryString("country");
  if (auto st = ctx.QueryString("status")) {
    BB_ASSIGN_OR_RETURN(q.status, inc::ParseIncidentStatus(*st));
  }
  BB_ASSIGN_OR_RETURN(std::vector<inc::Incident> list, Inc(ctx).List(*ctx.principal, q));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& i : list) out.push_back(IncidentJson(i));
  WriteJson(ctx.res, {{"incidents", out}});
  return Status::Ok();
}

Status Get(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(inc::Incident i, Inc(ctx).Get(*ctx.principal, id));
  WriteJson(ctx.res, {{"incident", IncidentJson(i)}});
  return Status::Ok();
}

Status SetStatus(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(inc::IncidentStatus st,
                      inc::ParseIncidentStatus(GetString(ctx.body, "status")));
  BB_RETURN_IF_ERROR(Inc(ctx).SetStatus(*ctx.principal, id, st));
  WriteJson(ctx.res, {{"id", id}, {"status", std::string(inc::IncidentStatusName(st))}});
  return Status::Ok();
}

Status AddMessages(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  std::vector<inc::NewMessage> messages;
  for (const nlohmann::json& m : ctx.body["messages"]) {
    messages.push_back({GetString(m, "text"), GetString(m, "author_handle"),
                        GetString(m, "platform"), GetString(m, "url"), GetInt(m, "sent_at")});
  }
  BB_ASSIGN_OR_RETURN(std::vector<int64_t> ids, Inc(ctx).AddMessages(*ctx.principal, id, messages));
  WriteJson(ctx.res, {{"ids", ids}}, 201);
  return Status::Ok();
}

Status ListMessages(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> offset, ctx.QueryInt("offset", 0, kMaxId));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> limit, ctx.QueryInt("limit", 1, inc::kMaxListLimit));
  BB_ASSIGN_OR_RETURN(std::vector<inc::Message> list,
                      Inc(ctx).ListMessages(*ctx.principal, id, offset.value_or(0),
                                            static_cast<int>(limit.value_or(inc::kMaxListLimit))));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : list) out.push_back(MessageJson(m));
  WriteJson(ctx.res, {{"messages", out}});
  return Status::Ok();
}

}  // namespace

void AddIncidentRoutes(ServerImpl& s) {
  auto add = [&s](Route r) {
    r.module_audits_denials = true;
    s.AddRoute(std::move(r));
  };
  add({"POST", "/api/v1/incidents", Access::kSignedIn, Create, kCreateFields});
  add({"GET", "/api/v1/incidents", Access::kSignedIn, List, {},
       {"org_id", "owner_user_id", "before_id", "limit", "country", "status"}});
  add({"GET", "/api/v1/incidents/{id}", Access::kSignedIn, Get});
  add({"POST", "/api/v1/incidents/{id}/status", Access::kSignedIn, SetStatus, kStatusFields});
  add({"POST", "/api/v1/incidents/{id}/messages", Access::kSignedIn, AddMessages,
       kAddMessagesFields});
  add({"GET", "/api/v1/incidents/{id}/messages", Access::kSignedIn, ListMessages, {},
       {"offset", "limit"}});
}

}  // namespace byteback::server
