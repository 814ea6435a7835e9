// accounts.cc: construction, the one-time setup token, organisations and
// user management. Sessions are in sessions.cc; invitations, API keys, TOTP
// and re-encryption in credentials.cc.
#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts_internal.h"

namespace byteback::accounts {

using internal::LoadPrincipal;
using internal::LoadUser;
using internal::TokenHash;

Accounts::Accounts(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Accounts::~Accounts() = default;

Result<std::unique_ptr<Accounts>> Accounts::Create(
    store::Store* store, const crypto::Keyring* keyring,
    AccountsOptions options) {
  if (store == nullptr || keyring == nullptr) {
    return Status::InvalidArgument("Accounts::Create: null store or keyring");
  }
  if (options.max_failed_logins <= 0 || options.lockout_seconds <= 0 ||
      options.max_failed_logins_per_ip <= 0 ||
      options.ip_window_seconds <= 0 || options.session_idle_seconds <= 0 ||
      options.session_absolute_seconds <= 0 ||
      options.session_touch_seconds < 0 ||
      options.invitation_ttl_seconds <= 0 ||
      options.setup_token_ttl_seconds <= 0) {
    return Status::InvalidArgument(
        "Accounts::Create: limits and timeouts must be positive");
  }
  if (!options.clock) options.clock = SystemClock;
  return std::unique_ptr<Accounts>(new Accounts(
      std::make_unique<Impl>(store, keyring, std::move(options))));
}

int64_t Accounts::Now() const { return impl_->Now(); }

// ---- setup token ----------------------------------------------------------

namespace {

int64_t CountAdmins(soci::session& sql) {
  int64_t n = 0;
  sql << "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0",
      soci::into(n);
  return n;
}

}  // namespace

Result<bool> Accounts::SetupNeeded() {
  bool needed = false;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    needed = CountAdmins(sql) == 0;
    return Status::Ok();
  }));
  return needed;
}

Result<std::optional<std::string>> Accounts::EnsureSetupToken() {
  std::optional<std::string> token;
  const int64_t now = Now();
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    if (CountAdmins(sql) > 0) return Status::Ok();
    sql << "DELETE FROM setup_tokens WHERE used_at IS NULL";
    token = crypto::RandomToken(32);
    std::string hash = TokenHash(*token);
    int64_t expires = now + impl_->options.setup_token_ttl_seconds;
    sql << "INSERT INTO setup_tokens (token_hash, created_at, expires_at) "
           "VALUES (:h, :c, :e)",
        soci::use(hash), soci::use(now), soci::use(expires);
    return Status::Ok();
  }));
  if (token) BB_RETURN_IF_ERROR(impl_->AuditUser({}, "setup.token_created", ""));
  return token;
}

Result<User> Accounts::CompleteSetup(std::string_view token,
                                     std::string_view email,
                                     std::string_view password,
                                     std::string_view display_name) {
  NewUser nu{std::string(email), std::string(password),
             std::string(display_name), Role::kAdmin, std::nullopt, ""};
  BB_RETURN_IF_ERROR(internal::ValidateNewUser(&nu));
  const std::string hash = TokenHash(token);
  const int64_t now = Now();
  // Cheap check before the slow password hash, repeated in the transaction.
  auto token_live = [&](soci::session& sql) -> Result<int64_t> {
    if (CountAdmins(sql) > 0) {
      return Status::FailedPrecondition("setup is already complete");
    }
    int64_t id = 0;
    sql << "SELECT id FROM setup_tokens WHERE token_hash = :h AND "
           "used_at IS NULL AND expires_at > :now",
        soci::into(id), soci::use(hash), soci::use(now);
    if (!sql.got_data()) {
      return Status::Unauthenticated("invalid or expired setup token");
    }
    return id;
  };
  BB_RETURN_IF_ERROR(impl_->store->Transaction(
      [&](soci::session& sql) { return token_live(sql).status(); }));
  BB_ASSIGN_OR_RETURN(std::string pw_hash,
                      crypto::HashPassword(nu.password,
                                           impl_->options.password_cost));
  User user;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(int64_t token_id, token_live(sql));
    BB_ASSIGN_OR_RETURN(int64_t id, internal::InsertUser(sql, *impl_->keyring,
                                                         nu, pw_hash, now));
    sql << "UPDATE setup_tokens SET used_at = :now WHERE id = :id",
        soci::use(now), soci::use(token_id);
    BB_ASSIGN_OR_RETURN(user, LoadUser(sql, *impl_->keyring, id));
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->AuditUser(user.id, "setup.completed", ""));
  return user;
}

// ---- organisations ----------------------------------------------------

namespace {

constexpr const char* kOrgColumns =
    "SELECT id, name, kind, parent_id, country, created_at FROM organisations ";

// Reads every organisation matching `where` (a constant SQL fragment).
Result<std::vector<Organisation>> LoadOrgs(soci::session& sql,
                                           const std::string& where) {
  std::vector<Organisation> out;
  Organisation o;
  std::string kind;
  int64_t parent = 0;
  soci::indicator parent_ind = soci::i_ok;
  soci::statement st =
      (sql.prepare << std::string(kOrgColumns) + where + " ORDER BY id",
       soci::into(o.id), soci::into(o.name), soci::into(kind),
       soci::into(parent, parent_ind), soci::into(o.country),
       soci::into(o.created_at));
  st.execute();
  while (st.fetch()) {
    BB_ASSIGN_OR_RETURN(o.kind, ParseOrgKind(kind));
    o.parent_id = parent_ind == soci::i_ok ? std::optional(parent) : std::nullopt;
    out.push_back(o);
  }
  return out;
}

}  // namespace

Result<Organisation> Accounts::CreateOrganisation(const Principal& actor,
                                                  const NewOrganisation& org) {
  if (actor.role != Role::kAdmin && actor.role != Role::kCoordinator) {
    return Status::PermissionDenied(
        "only an admin or coordinator may create organisations");
  }
  if (org.name.empty() || org.name.size() > kMaxOrgNameBytes) {
    return Status::InvalidArgument(
        "organisation name must have 1 to 200 bytes");
  }
  BB_RETURN_IF_ERROR(internal::ValidateDisplayName(org.name));
  std::string country;
  BB_RETURN_IF_ERROR(internal::NormalizeCountry(org.country, &country));
  const int64_t now = Now();
  Organisation out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    if (org.parent_id && !internal::OrgExists(sql, *org.parent_id)) {
      return Status::NotFound("no such parent organisation");
    }
    std::string kind(OrgKindName(org.kind));
    int64_t parent = org.parent_id.value_or(0);
    soci::indicator parent_ind = org.parent_id ? soci::i_ok : soci::i_null;
    int64_t id = 0;
    sql << "INSERT INTO organisations (name, kind, parent_id, country, "
           "created_at) VALUES (:n, :k, :p, :c, :t) RETURNING id",
        soci::use(org.name), soci::use(kind), soci::use(parent, parent_ind),
        soci::use(country), soci::use(now), soci::into(id);
    out = Organisation{id, org.name, org.kind, org.parent_id, country, now};
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(&actor, "org.created", "organisation",
                                  out.id, out.id, ""));
  return out;
}

Result<Organisation> Accounts::GetOrganisation(const Principal& actor,
                                               int64_t id) {
  std::vector<Organisation> orgs;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(orgs, LoadOrgs(sql, "WHERE id = " + std::to_string(id)));
    return Status::Ok();
  }));
  if (orgs.empty()) return Status::NotFound("no such organisation");
  if (!CanSeeOrg(actor, id)) {
    return Status::PermissionDenied("organisation outside your scope");
  }
  return orgs.front();
}

Result<std::vector<Organisation>> Accounts::ListOrganisations(
    const Principal& actor) {
  std::vector<Organisation> orgs;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(orgs, LoadOrgs(sql, ""));
    return Status::Ok();
  }));
  std::vector<Organisation> out;
  for (auto& o : orgs) {
    if (CanSeeOrg(actor, o.id)) out.push_back(std::move(o));
  }
  return out;
}

// ---- users ------------------------------------------------------------

namespace {

// Whether `actor` may see (and, for managers, manage) `user`.
bool CanSeeUser(const Principal& actor, const User& user) {
  if (actor.user_id == user.id) return true;
  if (actor.role == Role::kAdmin || actor.role == Role::kCoordinator) {
    return true;
  }
  if (actor.role == Role::kFocalPerson) {
    return user.org_id && CanSeeOrg(actor, *user.org_id);
  }
  return false;
}

}  // namespace

Result<User> Accounts::CreateUser(const NewUser& user) {
  NewUser nu = user;
  BB_RETURN_IF_ERROR(internal::ValidateNewUser(&nu));
  BB_ASSIGN_OR_RETURN(std::string pw_hash,
                      crypto::HashPassword(nu.password,
                                           impl_->options.password_cost));
  const int64_t now = Now();
  User out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(int64_t id, internal::InsertUser(sql, *impl_->keyring,
                                                         nu, pw_hash, now));
    BB_ASSIGN_OR_RETURN(out, LoadUser(sql, *impl_->keyring, id));
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(
      nullptr, "user.created", "user", out.id, out.org_id, "",
      std::string("{\"role\":\"") + std::string(RoleName(out.role)) + "\"}"));
  return out;
}

Result<User> Accounts::FindUser(int64_t user_id) {
  User u;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(u, LoadUser(sql, *impl_->keyring, user_id));
    return Status::Ok();
  }));
  return u;
}

Result<User> Accounts::GetUser(const Principal& actor, int64_t user_id) {
  BB_ASSIGN_OR_RETURN(User u, FindUser(user_id));
  if (!CanSeeUser(actor, u)) {
    return Status::PermissionDenied("user outside your scope");
  }
  return u;
}

Result<User> Accounts::FindUserByEmail(std::string_view email) {
  const std::string index = internal::EmailIndex(*impl_->keyring, email);
  User u;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    auto id = internal::FindUserId(sql, index);
    if (!id) return Status::NotFound("no user with this email");
    BB_ASSIGN_OR_RETURN(u, LoadUser(sql, *impl_->keyring, *id));
    return Status::Ok();
  }));
  return u;
}

Result<std::vector<User>> Accounts::ListUsers(const Principal& actor,
                                              std::optional<int64_t> org_id) {
  std::vector<User> out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    std::vector<int64_t> ids;
    int64_t id = 0;
    soci::statement st =
        (sql.prepare << "SELECT id FROM users ORDER BY id", soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    for (int64_t uid : ids) {
      BB_ASSIGN_OR_RETURN(User u, LoadUser(sql, *impl_->keyring, uid));
      if (org_id && u.org_id != org_id) continue;
      if (CanSeeUser(actor, u)) out.push_back(std::move(u));
    }
    return Status::Ok();
  }));
  return out;
}

Status Accounts::SetRole(const Principal& actor, int64_t user_id, Role role,
                         std::optional<int64_t> org_id,
                         std::string_view country) {
  if (actor.user_id == user_id) {
    return Status::PermissionDenied("you cannot change your own role");
  }
  std::string norm_country;
  BB_RETURN_IF_ERROR(internal::NormalizeCountry(country, &norm_country));
  User before;
  Status denied;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(before, LoadUser(sql, *impl_->keyring, user_id));
    const bool allowed =
        CanGrantRole(actor, role) && CanGrantRole(actor, before.role) &&
        (!before.org_id || CanManageOrg(actor, *before.org_id)) &&
        (org_id ? CanManageOrg(actor, *org_id)
                : (actor.role == Role::kAdmin ||
                   actor.role == Role::kCoordinator)) &&
        (actor.role != Role::kFocalPerson || actor.country.empty() ||
         norm_country == actor.country);
    if (!allowed) {
      denied = Status::PermissionDenied("role change outside your scope");
      return Status::Ok();
    }
    if (org_id && !internal::OrgExists(sql, *org_id)) {
      return Status::NotFound("no such organisation");
    }
    std::string r(RoleName(role));
    int64_t o = org_id.value_or(0), now = Now();
    soci::indicator o_ind = org_id ? soci::i_ok : soci::i_null;
    sql << "UPDATE users SET role = :r, org_id = :o, country = :c, "
           "updated_at = :t WHERE id = :id",
        soci::use(r), soci::use(o, o_ind), soci::use(norm_country),
        soci::use(now), soci::use(user_id);
    return Status::Ok();
  }));
  if (!denied.ok()) {
    BB_RETURN_IF_ERROR(AuditDenied(actor, "user.set_role", ""));
    return denied;
  }
  return impl_->Audit(&actor, "user.role_changed", "user", user_id, org_id, "",
                      "{\"from\":\"" + std::string(RoleName(before.role)) +
                          "\",\"to\":\"" + std::string(RoleName(role)) +
                          "\"}");
}

Status Accounts::SetDisabled(const Principal& actor, int64_t user_id,
                             bool disabled) {
  if (!CanAdminister(actor)) {
    BB_RETURN_IF_ERROR(AuditDenied(actor, "user.set_disabled", ""));
    return Status::PermissionDenied("only an admin may disable users");
  }
  if (actor.user_id == user_id) {
    return Status::PermissionDenied("you cannot disable yourself");
  }
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    int flag = disabled ? 1 : 0;
    int64_t now = Now();
    soci::statement st = (sql.prepare << "UPDATE users SET disabled = :d, "
                                         "updated_at = :t WHERE id = :id",
                          soci::use(flag), soci::use(now), soci::use(user_id));
    st.execute(true);
    if (internal::Changes(st) == 0) return Status::NotFound("no such user");
    if (disabled) {
      sql << "DELETE FROM sessions WHERE user_id = :id", soci::use(user_id);
    }
    return Status::Ok();
  }));
  return impl_->Audit(&actor, disabled ? "user.disabled" : "user.enabled",
                      "user", user_id, std::nullopt, "");
}

Status Accounts::ResetPassword(int64_t user_id, std::string_view new_password) {
  User u;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(u, LoadUser(sql, *impl_->keyring, user_id));
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(internal::ValidatePassword(new_password, u.email));
  BB_ASSIGN_OR_RETURN(std::string hash,
                      crypto::HashPassword(new_password,
                                           impl_->options.password_cost));
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    int64_t now = Now();
    sql << "UPDATE users SET password_hash = :h, failed_logins = 0, "
           "locked_until = 0, updated_at = :t WHERE id = :id",
        soci::use(hash), soci::use(now), soci::use(user_id);
    sql << "DELETE FROM sessions WHERE user_id = :id", soci::use(user_id);
    return Status::Ok();
  }));
  return impl_->Audit(nullptr, "user.password_reset", "user", user_id,
                      u.org_id, "");
}

Status Accounts::ChangePassword(const Principal& actor,
                                std::string_view old_password,
                                std::string_view new_password) {
  User u;
  std::string stored;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(u, LoadUser(sql, *impl_->keyring, actor.user_id));
    sql << "SELECT password_hash FROM users WHERE id = :id",
        soci::into(stored), soci::use(actor.user_id);
    return Status::Ok();
  }));
  if (!crypto::VerifyPassword(stored, old_password)) {
    return Status::Unauthenticated("current password is wrong");
  }
  BB_RETURN_IF_ERROR(internal::ValidatePassword(new_password, u.email));
  BB_ASSIGN_OR_RETURN(std::string hash,
                      crypto::HashPassword(new_password,
                                           impl_->options.password_cost));
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    int64_t now = Now();
    int64_t keep = actor.session_id.value_or(-1);
    sql << "UPDATE users SET password_hash = :h, updated_at = :t "
           "WHERE id = :id",
        soci::use(hash), soci::use(now), soci::use(actor.user_id);
    sql << "DELETE FROM sessions WHERE user_id = :u AND id <> :s",
        soci::use(actor.user_id), soci::use(keep);
    return Status::Ok();
  }));
  return impl_->Audit(&actor, "user.password_changed", "user", actor.user_id,
                      u.org_id, "");
}

Result<Principal> Accounts::PrincipalForUser(int64_t user_id) {
  Principal p;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(
        p, LoadPrincipal(sql, user_id, Principal::Via::kInternal));
    return Status::Ok();
  }));
  return p;
}

Status Accounts::AuditDenied(const Principal& actor, std::string_view what,
                             std::string_view ip) {
  std::string detail = "{\"what\":\"";
  for (char c : what) {
    if (c == '"' || c == '\\') detail.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) detail.push_back(c);
  }
  detail += "\"}";
  return impl_->Audit(&actor, "access.denied", "route", 0, actor.org_id, ip,
                      detail);
}

}  // namespace byteback::accounts
