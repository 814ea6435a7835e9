// json_views.cc: the JSON form of domain objects in API responses. Secrets
// (hashes, TOTP secrets, tokens) never appear here.
#include "server/server_internal.h"

namespace byteback::server {

nlohmann::json UserJson(const accounts::User& u, int64_t now) {
  nlohmann::json j = {
      {"id", u.id},
      {"email", u.email},
      {"display_name", u.display_name},
      {"role", std::string(accounts::RoleName(u.role))},
      {"org_id", nullptr},
      {"country", u.country},
      {"disabled", u.disabled},
      {"totp_enabled", u.totp_enabled},
      {"locked", u.locked_until > now},
      {"created_at", u.created_at},
  };
  if (u.org_id) j["org_id"] = *u.org_id;
  return j;
}

nlohmann::json OrganisationJson(const accounts::Organisation& o) {
  nlohmann::json j = {
      {"id", o.id},
      {"name", o.name},
      {"kind", std::string(accounts::OrgKindName(o.kind))},
      {"parent_id", nullptr},
      {"country", o.country},
      {"created_at", o.created_at},
  };
  if (o.parent_id) j["parent_id"] = *o.parent_id;
  return j;
}

}  // namespace byteback::server
