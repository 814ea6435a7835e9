// roles.cc: role and organisation-kind names and the pure authorisation
// rules (see docs/ROLES.md). No I/O: everything needed is in the Principal.
#include <algorithm>
#include <ctime>

#include "accounts/accounts.h"

namespace byteback::accounts {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kCoordinator: return "coordinator";
    case Role::kFocalPerson: return "focal_person";
    case Role::kMember: return "member";
    case Role::kJournalist: return "journalist";
  }
  return "member";
}

Result<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kAdmin, Role::kCoordinator, Role::kFocalPerson,
                 Role::kMember, Role::kJournalist}) {
    if (RoleName(r) == name) return r;
  }
  return Status::InvalidArgument(
      "unknown role (expected admin, coordinator, focal_person, member or "
      "journalist)");
}

std::string_view OrgKindName(OrgKind kind) {
  switch (kind) {
    case OrgKind::kFederation: return "federation";
    case OrgKind::kUnion: return "union";
    case OrgKind::kAssociation: return "association";
  }
  return "union";
}

Result<OrgKind> ParseOrgKind(std::string_view name) {
  for (OrgKind k :
       {OrgKind::kFederation, OrgKind::kUnion, OrgKind::kAssociation}) {
    if (OrgKindName(k) == name) return k;
  }
  return Status::InvalidArgument(
      "unknown organisation kind (expected federation, union or "
      "association)");
}

int64_t SystemClock() { return static_cast<int64_t>(std::time(nullptr)); }

bool CanAdminister(const Principal& p) { return p.role == Role::kAdmin; }

bool CanSeeOrg(const Principal& p, int64_t org_id) {
  switch (p.role) {
    case Role::kAdmin:
    case Role::kCoordinator:
      return true;
    case Role::kFocalPerson:
      if (p.org_id && *p.org_id == org_id) return true;
      return std::find(p.scope_org_ids.begin(), p.scope_org_ids.end(),
                       org_id) != p.scope_org_ids.end();
    case Role::kMember:
    case Role::kJournalist:
      return p.org_id && *p.org_id == org_id;
  }
  return false;
}

bool CanManageOrg(const Principal& p, int64_t org_id) {
  switch (p.role) {
    case Role::kAdmin:
    case Role::kCoordinator:
      return true;
    case Role::kFocalPerson:
      return CanSeeOrg(p, org_id);
    case Role::kMember:
    case Role::kJournalist:
      return false;
  }
  return false;
}

bool CanGrantRole(const Principal& inviter, Role role) {
  switch (inviter.role) {
    case Role::kAdmin:
      return true;
    case Role::kCoordinator:
      return role != Role::kAdmin;
    case Role::kFocalPerson:
      return role == Role::kMember || role == Role::kJournalist;
    case Role::kMember:
    case Role::kJournalist:
      return false;
  }
  return false;
}

}  // namespace byteback::accounts
