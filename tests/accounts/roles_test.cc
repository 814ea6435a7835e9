// Role names and the pure authorisation rules (CanSeeOrg matrix,
// CanGrantRole, CanManageOrg); see docs/ROLES.md.
#include <gtest/gtest.h>

#include "accounts/accounts.h"

namespace byteback::accounts {
namespace {

Principal P(Role role, std::optional<int64_t> org, std::vector<int64_t> scope,
            std::string country = "") {
  Principal p;
  p.user_id = 7;
  p.role = role;
  p.org_id = org;
  p.scope_org_ids = std::move(scope);
  p.country = std::move(country);
  return p;
}

TEST(RolesTest, NamesRoundTrip) {
  for (Role r : {Role::kAdmin, Role::kCoordinator, Role::kFocalPerson,
                 Role::kMember, Role::kJournalist}) {
    auto parsed = ParseRole(RoleName(r));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, r);
  }
  EXPECT_EQ(ParseRole("Admin").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseRole("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseOrgKind("federation"), OrgKind::kFederation);
  EXPECT_FALSE(ParseOrgKind("club").ok());
}

// Organisations: 1 = own, 2 = a member of own (in scope), 3 = elsewhere.
TEST(RolesTest, CanSeeOrgMatrix) {
  struct Row {
    Principal p;
    bool own, member, other;
  };
  const Row rows[] = {
      {P(Role::kAdmin, std::nullopt, {}), true, true, true},
      {P(Role::kCoordinator, 1, {}), true, true, true},
      {P(Role::kFocalPerson, 1, {2}, "NP"), true, true, false},
      {P(Role::kMember, 1, {}), true, false, false},
      {P(Role::kJournalist, 1, {}), true, false, false},
      {P(Role::kMember, std::nullopt, {}), false, false, false},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(RoleName(r.p.role));
    EXPECT_EQ(CanSeeOrg(r.p, 1), r.own);
    EXPECT_EQ(CanSeeOrg(r.p, 2), r.member);
    EXPECT_EQ(CanSeeOrg(r.p, 3), r.other);
  }
}

TEST(RolesTest, OnlyAdminAdministers) {
  EXPECT_TRUE(CanAdminister(P(Role::kAdmin, std::nullopt, {})));
  for (Role r : {Role::kCoordinator, Role::kFocalPerson, Role::kMember,
                 Role::kJournalist}) {
    EXPECT_FALSE(CanAdminister(P(r, 1, {})));
  }
}

TEST(RolesTest, CanGrantRoleMatrix) {
  const Principal admin = P(Role::kAdmin, std::nullopt, {});
  const Principal coord = P(Role::kCoordinator, 1, {});
  const Principal focal = P(Role::kFocalPerson, 1, {});
  const Principal member = P(Role::kMember, 1, {});
  EXPECT_TRUE(CanGrantRole(admin, Role::kAdmin));
  EXPECT_FALSE(CanGrantRole(coord, Role::kAdmin));
  EXPECT_TRUE(CanGrantRole(coord, Role::kCoordinator));
  EXPECT_TRUE(CanGrantRole(coord, Role::kFocalPerson));
  EXPECT_FALSE(CanGrantRole(focal, Role::kAdmin));
  EXPECT_FALSE(CanGrantRole(focal, Role::kCoordinator));
  EXPECT_FALSE(CanGrantRole(focal, Role::kFocalPerson));
  EXPECT_TRUE(CanGrantRole(focal, Role::kMember));
  EXPECT_TRUE(CanGrantRole(focal, Role::kJournalist));
  EXPECT_FALSE(CanGrantRole(member, Role::kMember));
  EXPECT_FALSE(CanGrantRole(P(Role::kJournalist, 1, {}), Role::kJournalist));
}

TEST(RolesTest, CanManageOrgFollowsScope) {
  EXPECT_TRUE(CanManageOrg(P(Role::kCoordinator, 1, {}), 3));
  EXPECT_TRUE(CanManageOrg(P(Role::kFocalPerson, 1, {2}), 2));
  EXPECT_FALSE(CanManageOrg(P(Role::kFocalPerson, 1, {2}), 3));
  EXPECT_FALSE(CanManageOrg(P(Role::kMember, 1, {}), 1));
}

TEST(RolesTest, SealAadNamesTableColumnAndRow) {
  EXPECT_EQ(SealAad("users", "email", 42), "users.email.42");
}

}  // namespace
}  // namespace byteback::accounts
