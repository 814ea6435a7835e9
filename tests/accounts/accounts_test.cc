// Setup token, users, validation, organisations and role changes.
#include <gtest/gtest.h>

#include "accounts/accounts_fixture.h"

namespace byteback::accounts {
namespace {

using ::byteback::testing::AccountsFixture;
using ::byteback::testing::kPassword;
using ::byteback::testing::Must;

class AccountsTest : public AccountsFixture {};

TEST_F(AccountsTest, SetupTokenIsSingleUse) {
  EXPECT_TRUE(Must(accounts_->SetupNeeded()));
  auto token = Must(accounts_->EnsureSetupToken());
  ASSERT_TRUE(token.has_value());
  EXPECT_GE(token->size(), 40u);
  // Asking again before setup replaces the token: the old one stops working.
  auto token2 = Must(accounts_->EnsureSetupToken());
  ASSERT_TRUE(token2.has_value());
  EXPECT_NE(*token, *token2);
  EXPECT_EQ(accounts_->CompleteSetup(*token, "root@example.org", kPassword, "Root")
                .status().code(),
            StatusCode::kUnauthenticated);

  auto admin = Must(accounts_->CompleteSetup(*token2, "Root@Example.org",
                                             kPassword, "Root"));
  EXPECT_EQ(admin.role, Role::kAdmin);
  EXPECT_EQ(admin.email, "root@example.org");
  // Burned, and no new token once an admin exists.
  EXPECT_FALSE(accounts_->CompleteSetup(*token2, "x@example.org", kPassword, "X")
                   .ok());
  EXPECT_FALSE(Must(accounts_->EnsureSetupToken()).has_value());
  EXPECT_FALSE(Must(accounts_->SetupNeeded()));
  EXPECT_EQ(CountAudit("setup.completed"), 1);
}

TEST_F(AccountsTest, SetupTokenExpires) {
  auto token = Must(accounts_->EnsureSetupToken());
  now_ += options_.setup_token_ttl_seconds + 1;
  EXPECT_EQ(accounts_->CompleteSetup(*token, "root@example.org", kPassword, "R")
                .status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AccountsTest, PasswordRules) {
  NewUser u{"a@example.org", "short", "A", Role::kMember, std::nullopt, ""};
  EXPECT_EQ(accounts_->CreateUser(u).status().code(),
            StatusCode::kInvalidArgument);
  u.password = "a@example.org";  // 13 characters, but the e-mail
  EXPECT_EQ(accounts_->CreateUser(u).status().code(),
            StatusCode::kInvalidArgument);
  u.password = std::string(1025, 'x');
  EXPECT_EQ(accounts_->CreateUser(u).status().code(),
            StatusCode::kInvalidArgument);
  u.password = "abcdefghijk\xff";
  EXPECT_EQ(accounts_->CreateUser(u).status().code(),
            StatusCode::kInvalidArgument);
  // 12 code points of Devanagari (36 bytes) are enough.
  u.password = "\xe0\xa4\x95\xe0\xa4\x96\xe0\xa4\x97\xe0\xa4\x98"
               "\xe0\xa4\x95\xe0\xa4\x96\xe0\xa4\x97\xe0\xa4\x98"
               "\xe0\xa4\x95\xe0\xa4\x96\xe0\xa4\x97\xe0\xa4\x98";
  EXPECT_TRUE(accounts_->CreateUser(u).ok());
}

TEST_F(AccountsTest, EmailValidationAndUniqueness) {
  for (const char* bad : {"", "no-at", "@example.org", "a@b", "a b@example.org",
                          "a@@example.org", "a@example.org."}) {
    NewUser u{bad, kPassword, "A", Role::kMember, std::nullopt, ""};
    EXPECT_EQ(accounts_->CreateUser(u).status().code(),
              StatusCode::kInvalidArgument)
        << bad;
  }
  NewUser u{"Dup@Example.org", kPassword, "A", Role::kMember, std::nullopt, ""};
  ASSERT_TRUE(accounts_->CreateUser(u).ok());
  u.email = "dup@example.ORG";
  EXPECT_EQ(accounts_->CreateUser(u).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(Must(accounts_->FindUserByEmail("DUP@example.org")).email,
            "dup@example.org");
  EXPECT_EQ(accounts_->FindUserByEmail("nobody@example.org").status().code(),
            StatusCode::kNotFound);
}

TEST_F(AccountsTest, CountryAndOrganisationChecked) {
  NewUser u{"c@example.org", kPassword, "C", Role::kMember, std::nullopt, "PAK"};
  EXPECT_EQ(accounts_->CreateUser(u).status().code(),
            StatusCode::kInvalidArgument);
  u.country = "pk";
  u.org_id = 999;
  EXPECT_EQ(accounts_->CreateUser(u).status().code(), StatusCode::kNotFound);
  u.org_id.reset();
  EXPECT_EQ(Must(accounts_->CreateUser(u)).country, "PK");
}

TEST_F(AccountsTest, OrganisationsAreScoped) {
  int64_t ifj = MakeOrg("IFJ Asia-Pacific", OrgKind::kFederation, {}, "");
  int64_t pfuj = MakeOrg("PFUJ", OrgKind::kUnion, ifj, "PK");
  int64_t fnj = MakeOrg("FNJ", OrgKind::kUnion, ifj, "NP");
  int64_t press = MakeOrg("Nepal Press Union", OrgKind::kAssociation, {}, "NP");
  EXPECT_EQ(accounts_->CreateOrganisation(System(), {"X", OrgKind::kUnion, 999, ""})
                .status().code(),
            StatusCode::kNotFound);

  auto focal = MakeUser("focal@fnj.org", Role::kFocalPerson, fnj, "NP");
  auto member = MakeUser("m@pfuj.org", Role::kMember, pfuj, "PK");
  auto coord = MakeUser("c@ifj.org", Role::kCoordinator, ifj, "");
  // A focal person of Nepal sees its own union and the other Nepali one.
  auto seen = Must(accounts_->ListOrganisations(focal));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].id, fnj);
  EXPECT_EQ(seen[1].id, press);
  EXPECT_EQ(accounts_->GetOrganisation(focal, pfuj).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->GetOrganisation(focal, 12345).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Must(accounts_->ListOrganisations(member)).size(), 1u);
  EXPECT_EQ(Must(accounts_->ListOrganisations(coord)).size(), 4u);
  EXPECT_EQ(accounts_->CreateOrganisation(member, {"Y", OrgKind::kUnion, {}, ""})
                .status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      accounts_->CreateOrganisation(coord, {"SLWJA", OrgKind::kUnion, ifj, "lk"})
          .ok());
}

TEST_F(AccountsTest, FederationFocalPersonSeesMemberUnions) {
  int64_t ifj = MakeOrg("IFJ", OrgKind::kFederation, {}, "");
  int64_t pfuj = MakeOrg("PFUJ", OrgKind::kUnion, ifj, "PK");
  auto focal = MakeUser("f@ifj.org", Role::kFocalPerson, ifj, "");
  EXPECT_TRUE(CanSeeOrg(focal, pfuj));
  EXPECT_TRUE(CanSeeOrg(focal, ifj));
}

TEST_F(AccountsTest, UsersAreScoped) {
  int64_t a = MakeOrg("A", OrgKind::kUnion, {}, "PK");
  int64_t b = MakeOrg("B", OrgKind::kUnion, {}, "IN");
  auto focal = MakeUser("f@a.org", Role::kFocalPerson, a, "PK");
  auto ma = MakeUser("m@a.org", Role::kMember, a, "PK");
  auto mb = MakeUser("m@b.org", Role::kMember, b, "IN");
  EXPECT_TRUE(accounts_->GetUser(focal, ma.user_id).ok());
  EXPECT_EQ(accounts_->GetUser(focal, mb.user_id).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->GetUser(ma, focal.user_id).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(accounts_->GetUser(ma, ma.user_id).ok());
  EXPECT_EQ(Must(accounts_->ListUsers(focal)).size(), 2u);
  EXPECT_EQ(Must(accounts_->ListUsers(ma)).size(), 1u);
  EXPECT_EQ(Must(accounts_->ListUsers(System(), b)).size(), 1u);
}

TEST_F(AccountsTest, SetRoleRespectsScope) {
  int64_t a = MakeOrg("A", OrgKind::kUnion, {}, "PK");
  int64_t b = MakeOrg("B", OrgKind::kUnion, {}, "IN");
  auto admin = MakeUser("admin@x.org", Role::kAdmin, std::nullopt, "");
  auto focal = MakeUser("f@a.org", Role::kFocalPerson, a, "PK");
  auto m = MakeUser("m@a.org", Role::kMember, a, "PK");
  auto mb = MakeUser("m@b.org", Role::kMember, b, "IN");
  // A focal person cannot promote to admin, touch another org, or itself.
  EXPECT_EQ(accounts_->SetRole(focal, m.user_id, Role::kAdmin, a, "PK").code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->SetRole(focal, mb.user_id, Role::kJournalist, b, "IN")
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->SetRole(focal, focal.user_id, Role::kMember, a, "PK")
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      accounts_->SetRole(focal, m.user_id, Role::kJournalist, a, "PK").ok());
  EXPECT_EQ(Must(accounts_->GetUser(admin, m.user_id)).role, Role::kJournalist);
  EXPECT_TRUE(
      accounts_->SetRole(admin, m.user_id, Role::kFocalPerson, b, "in").ok());
  auto after = Must(accounts_->GetUser(admin, m.user_id));
  EXPECT_EQ(after.role, Role::kFocalPerson);
  EXPECT_EQ(after.org_id, b);
  EXPECT_EQ(after.country, "IN");
  EXPECT_EQ(CountAudit("user.role_changed"), 2);
  EXPECT_GE(CountAudit("access.denied"), 2);
}

TEST_F(AccountsTest, DisabledUserCannotAuthenticate) {
  auto admin = MakeUser("admin@x.org", Role::kAdmin, std::nullopt, "");
  auto m = MakeUser("m@x.org", Role::kMember, std::nullopt, "");
  auto s = Must(accounts_->Login({"m@x.org", kPassword, "", "10.0.0.1"}));
  EXPECT_EQ(accounts_->SetDisabled(m, admin.user_id, true).code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(accounts_->SetDisabled(admin, m.user_id, true).ok());
  EXPECT_EQ(accounts_->Authenticate(s.token).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts_->Login({"m@x.org", kPassword, "", "10.0.0.1"})
                .status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts_->PrincipalForUser(m.user_id).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(AccountsTest, ResetPasswordEndsSessionsAndLockout) {
  auto m = MakeUser("m@x.org", Role::kMember, std::nullopt, "");
  auto s = Must(accounts_->Login({"m@x.org", kPassword, "", ""}));
  ASSERT_TRUE(accounts_->ResetPassword(m.user_id, "a brand new secret").ok());
  EXPECT_FALSE(accounts_->Authenticate(s.token).ok());
  EXPECT_FALSE(accounts_->Login({"m@x.org", kPassword, "", ""}).ok());
  EXPECT_TRUE(accounts_->Login({"m@x.org", "a brand new secret", "", ""}).ok());
  EXPECT_EQ(accounts_->ResetPassword(m.user_id, "short").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CountAudit("user.password_reset"), 1);
}

TEST_F(AccountsTest, ChangePasswordNeedsTheOldOne) {
  MakeUser("m@x.org", Role::kMember, std::nullopt, "");
  auto s1 = Must(accounts_->Login({"m@x.org", kPassword, "", ""}));
  auto s2 = Must(accounts_->Login({"m@x.org", kPassword, "", ""}));
  EXPECT_EQ(accounts_->ChangePassword(s1.principal, "wrong password!", "another long one")
                .code(),
            StatusCode::kUnauthenticated);
  ASSERT_TRUE(
      accounts_->ChangePassword(s1.principal, kPassword, "another long one").ok());
  EXPECT_TRUE(accounts_->Authenticate(s1.token).ok());   // this session stays
  EXPECT_FALSE(accounts_->Authenticate(s2.token).ok());  // others end
}

}  // namespace
}  // namespace byteback::accounts
