// routes_admin.cc: users, organisations, invitations, API keys and the audit
// log. Coarse access is in the route table; the accounts module applies the
// fine scope rules (which organisation, which role may be granted).
// See docs/API.md#admin.
#include "accounts/accounts.h"
#include "server/http_internal.h"
#include "server/server_internal.h"

namespace byteback::server {
namespace {

using accounts::kMaxDisplayNameBytes;
using accounts::kMaxEmailBytes;
using accounts::kMaxPasswordBytes;

constexpr int64_t kMaxId = INT64_MAX;

constexpr FieldSpec kCreateUserFields[] = {
    {.name = "email", .type = JsonType::kString, .required = true, .max_length = kMaxEmailBytes},
    {.name = "password", .type = JsonType::kString, .required = true, .max_length = kMaxPasswordBytes},
    {.name = "display_name", .type = JsonType::kString, .required = true,
     .max_length = kMaxDisplayNameBytes},
    {.name = "role", .type = JsonType::kString, .required = true, .max_length = 32},
    {.name = "org_id", .type = JsonType::kInteger, .min_value = 1},
    {.name = "country", .type = JsonType::kString, .max_length = 2},
};
constexpr FieldSpec kRoleFields[] = {
    {.name = "role", .type = JsonType::kString, .required = true, .max_length = 32},
    {.name = "org_id", .type = JsonType::kInteger, .min_value = 1},
    {.name = "country", .type = JsonType::kString, .max_length = 2},
};
constexpr FieldSpec kOrgFields[] = {
    {.name = "name", .type = JsonType::kString, .required = true,
     .max_length = accounts::kMaxOrgNameBytes},
    {.name = "kind", .type = JsonType::kString, .required = true, .max_length = 32},
    {.name = "parent_id", .type = JsonType::kInteger, .min_value = 1},
    {.name = "country", .type = JsonType::kString, .max_length = 2},
};
constexpr FieldSpec kInvitationFields[] = {
    {.name = "role", .type = JsonType::kString, .required = true, .max_length = 32},
    {.name = "org_id", .type = JsonType::kInteger, .min_value = 1},
    {.name = "country", .type = JsonType::kString, .max_length = 2},
};
constexpr FieldSpec kAcceptFields[] = {
    {.name = "token", .type = JsonType::kString, .required = true, .max_length = 256},
    {.name = "email", .type = JsonType::kString, .required = true, .max_length = kMaxEmailBytes},
    {.name = "password", .type = JsonType::kString, .required = true, .max_length = kMaxPasswordBytes},
    {.name = "display_name", .type = JsonType::kString, .required = true,
     .max_length = kMaxDisplayNameBytes},
};
constexpr FieldSpec kApiKeyFields[] = {
    {.name = "name", .type = JsonType::kString, .required = true,
     .max_length = accounts::kMaxApiKeyNameBytes},
};

std::optional<int64_t> OptInt(const nlohmann::json& body, const char* name) {
  if (!Has(body, name)) return std::nullopt;
  return GetInt(body, name);
}

accounts::Accounts& Acc(RouteContext& ctx) { return *ctx.server.services.accounts; }

nlohmann::json ApiKeyJson(const accounts::ApiKey& k) {
  nlohmann::json j = {{"id", k.id},           {"user_id", k.user_id},
                      {"name", k.name},       {"prefix", k.prefix},
                      {"created_at", k.created_at}, {"revoked_at", nullptr},
                      {"last_used_at", nullptr}};
  if (k.revoked_at) j["revoked_at"] = *k.revoked_at;
  if (k.last_used_at) j["last_used_at"] = *k.last_used_at;
  return j;
}

// ---- users -----------------------------------------------------------------

Status ListUsers(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> org, ctx.QueryInt("org_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(std::vector<accounts::User> users, Acc(ctx).ListUsers(*ctx.principal, org));
  nlohmann::json out = nlohmann::json::array();
  const int64_t now = Acc(ctx).Now();
  for (const auto& u : users) out.push_back(UserJson(u, now));
  WriteJson(ctx.res, {{"users", out}});
  return Status::Ok();
}

Status CreateUser(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(accounts::Role role, accounts::ParseRole(GetString(ctx.body, "role")));
  accounts::NewUser nu{GetString(ctx.body, "email"), GetString(ctx.body, "password"),
                       GetString(ctx.body, "display_name"), role, OptInt(ctx.body, "org_id"),
                       GetString(ctx.body, "country")};
  BB_ASSIGN_OR_RETURN(accounts::User user, Acc(ctx).CreateUser(nu));
  WriteJson(ctx.res, {{"user", UserJson(user, Acc(ctx).Now())}}, 201);
  return Status::Ok();
}

Status SetDisabled(RouteContext& ctx, bool disabled) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_RETURN_IF_ERROR(Acc(ctx).SetDisabled(*ctx.principal, id, disabled));
  WriteJson(ctx.res, {{"id", id}, {"disabled", disabled}});
  return Status::Ok();
}

Status SetRole(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(accounts::Role role, accounts::ParseRole(GetString(ctx.body, "role")));
  BB_RETURN_IF_ERROR(Acc(ctx).SetRole(*ctx.principal, id, role, OptInt(ctx.body, "org_id"),
                                      GetString(ctx.body, "country")));
  BB_ASSIGN_OR_RETURN(accounts::User user, Acc(ctx).GetUser(*ctx.principal, id));
  WriteJson(ctx.res, {{"user", UserJson(user, Acc(ctx).Now())}});
  return Status::Ok();
}

// ---- organisations -----------------------------------------------------------

Status ListOrgs(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(std::vector<accounts::Organisation> orgs,
                      Acc(ctx).ListOrganisations(*ctx.principal));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& o : orgs) out.push_back(OrganisationJson(o));
  WriteJson(ctx.res, {{"organisations", out}});
  return Status::Ok();
}

Status GetOrg(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(accounts::Organisation o, Acc(ctx).GetOrganisation(*ctx.principal, id));
  WriteJson(ctx.res, {{"organisation", OrganisationJson(o)}});
  return Status::Ok();
}

Status CreateOrg(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(accounts::OrgKind kind, accounts::ParseOrgKind(GetString(ctx.body, "kind")));
  accounts::NewOrganisation no{GetString(ctx.body, "name"), kind, OptInt(ctx.body, "parent_id"),
                               GetString(ctx.body, "country")};
  BB_ASSIGN_OR_RETURN(accounts::Organisation o, Acc(ctx).CreateOrganisation(*ctx.principal, no));
  WriteJson(ctx.res, {{"organisation", OrganisationJson(o)}}, 201);
  return Status::Ok();
}

// ---- invitations ---------------------------------------------------------------

Status CreateInvitation(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(accounts::Role role, accounts::ParseRole(GetString(ctx.body, "role")));
  accounts::NewInvitation ni{role, OptInt(ctx.body, "org_id"), GetString(ctx.body, "country")};
  BB_ASSIGN_OR_RETURN(accounts::CreatedInvitation inv,
                      Acc(ctx).CreateInvitation(*ctx.principal, ni));
  WriteJson(ctx.res, {{"id", inv.id},
                      {"token", inv.token},
                      {"expires_at", inv.expires_at},
                      {"accept_path", "/?invitation=" + inv.token}},
            201);
  return Status::Ok();
}

Status AcceptInvitation(RouteContext& ctx) {
  accounts::AcceptInvitationRequest r{GetString(ctx.body, "token"), GetString(ctx.body, "email"),
                                      GetString(ctx.body, "password"),
                                      GetString(ctx.body, "display_name")};
  BB_ASSIGN_OR_RETURN(accounts::User user, Acc(ctx).AcceptInvitation(r));
  WriteJson(ctx.res, {{"user", UserJson(user, Acc(ctx).Now())}}, 201);
  return Status::Ok();
}

// ---- API keys ------------------------------------------------------------------

Status CreateApiKey(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(accounts::CreatedApiKey k,
                      Acc(ctx).CreateApiKey(*ctx.principal, GetString(ctx.body, "name")));
  WriteJson(ctx.res, {{"key", ApiKeyJson(k.key)}, {"secret", k.secret}}, 201);
  return Status::Ok();
}

Status ListApiKeys(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> user, ctx.QueryInt("user_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(std::vector<accounts::ApiKey> keys,
                      Acc(ctx).ListApiKeys(*ctx.principal, user));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& k : keys) out.push_back(ApiKeyJson(k));
  WriteJson(ctx.res, {{"api_keys", out}});
  return Status::Ok();
}

Status RevokeApiKey(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_RETURN_IF_ERROR(Acc(ctx).RevokeApiKey(*ctx.principal, id));
  WriteJson(ctx.res, {{"id", id}, {"revoked", true}});
  return Status::Ok();
}

}  // namespace

void AddAdminRoutes(ServerImpl& s) {
  s.AddRoute({"GET", "/api/v1/admin/users", Access::kManagers, ListUsers, {}, {"org_id"}});
  s.AddRoute({"POST", "/api/v1/admin/users", Access::kAdmin, CreateUser, kCreateUserFields});
  s.AddRoute({"POST", "/api/v1/admin/users/{id}/disable", Access::kAdmin,
              [](RouteContext& c) { return SetDisabled(c, true); }});
  s.AddRoute({"POST", "/api/v1/admin/users/{id}/enable", Access::kAdmin,
              [](RouteContext& c) { return SetDisabled(c, false); }});
  s.AddRoute({"POST", "/api/v1/admin/users/{id}/role", Access::kManagers, SetRole, kRoleFields});
  s.AddRoute({"GET", "/api/v1/orgs", Access::kSignedIn, ListOrgs});
  s.AddRoute({"GET", "/api/v1/orgs/{id}", Access::kSignedIn, GetOrg});
  s.AddRoute({"POST", "/api/v1/admin/orgs", Access::kStaff, CreateOrg, kOrgFields});
  s.AddRoute({"POST", "/api/v1/invitations", Access::kManagers, CreateInvitation,
              kInvitationFields});
  s.AddRoute({"POST", "/api/v1/invitations/accept", Access::kPublic, AcceptInvitation,
              kAcceptFields});
  s.AddRoute({"POST", "/api/v1/api-keys", Access::kSignedIn, CreateApiKey, kApiKeyFields});
  s.AddRoute({"GET", "/api/v1/api-keys", Access::kSignedIn, ListApiKeys, {}, {"user_id"}});
  s.AddRoute({"DELETE", "/api/v1/api-keys/{id}", Access::kSignedIn, RevokeApiKey});
  AddAuditRoutes(s);
}

}  // namespace byteback::server
