// credentials.cc: invitations, API keys, TOTP enrolment and re-encryption
// of the accounts module's sealed columns after a key rotation.
#include <string>
#include <vector>

#include "accounts/accounts_internal.h"

namespace byteback::accounts {

using internal::TokenHash;

namespace {

constexpr std::string_view kApiKeyPrefix = "bbk_";
constexpr size_t kApiKeyShownChars = 12;  // "bbk_" + 8 characters
constexpr size_t kMaxTokenBytes = 256;

}  // namespace

// ---- invitations ------------------------------------------------------

Result<CreatedInvitation> Accounts::CreateInvitation(
    const Principal& inviter, const NewInvitation& invitation) {
  std::string country;
  BB_RETURN_IF_ERROR(internal::NormalizeCountry(
      invitation.country.empty() ? inviter.country : invitation.country,
      &country));
  const std::optional<int64_t> org =
      invitation.org_id ? invitation.org_id : inviter.org_id;
  const bool global =
      inviter.role == Role::kAdmin || inviter.role == Role::kCoordinator;
  bool allowed = CanGrantRole(inviter, invitation.role) &&
                 (org ? CanManageOrg(inviter, *org) : global);
  if (inviter.role == Role::kFocalPerson && !inviter.country.empty() &&
      country != inviter.country) {
    allowed = false;
  }
  if (!allowed) {
    BB_RETURN_IF_ERROR(AuditDenied(inviter, "invitation.create", ""));
    return Status::PermissionDenied(
        "you may not invite this role into this organisation or country");
  }
  const int64_t now = Now();
  CreatedInvitation out;
  out.token = crypto::RandomToken(32);
  out.expires_at = now + impl_->options.invitation_ttl_seconds;
  const std::string hash = TokenHash(out.token);
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    if (org && !internal::OrgExists(sql, *org)) {
      return Status::NotFound("no such organisation");
    }
    std::string role(RoleName(invitation.role));
    int64_t org_id = org.value_or(0);
    soci::indicator org_ind = org ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO invitations (token_hash, role, org_id, country, "
           "created_by, created_at, expires_at) VALUES (:h, :r, :o, :c, :b, "
           ":t, :e) RETURNING id",
        soci::use(hash), soci::use(role), soci::use(org_id, org_ind),
        soci::use(country), soci::use(inviter.user_id), soci::use(now),
        soci::use(out.expires_at), soci::into(out.id);
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(
      &inviter, "invitation.created", "invitation", out.id, org, "",
      "{\"role\":\"" + std::string(RoleName(invitation.role)) + "\"}"));
  return out;
}

Result<User> Accounts::AcceptInvitation(const AcceptInvitationRequest& req) {
  if (req.token.empty() || req.token.size() > kMaxTokenBytes) {
    return Status::Unauthenticated("invalid or expired invitation");
  }
  const std::string hash = TokenHash(req.token);
  const int64_t now = Now();
  struct Inv {
    int64_t id = 0;
    std::string role, country;
    int64_t org_id = 0;
    soci::indicator org_ind = soci::i_null;
  };
  auto find = [&](soci::session& sql) -> Result<Inv> {
    Inv inv;
    sql << "SELECT id, role, org_id, country FROM invitations WHERE "
           "token_hash = :h AND used_at IS NULL AND expires_at > :now",
        soci::into(inv.id), soci::into(inv.role),
        soci::into(inv.org_id, inv.org_ind), soci::into(inv.country),
        soci::use(hash), soci::use(now);
    if (!sql.got_data()) {
      return Status::Unauthenticated("invalid or expired invitation");
    }
    return inv;
  };
  Inv inv;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(inv, find(sql));
    return Status::Ok();
  }));
  NewUser nu{req.email, req.password, req.display_name, Role::kMember,
             std::nullopt, inv.country};
  BB_ASSIGN_OR_RETURN(nu.role, ParseRole(inv.role));
  if (inv.org_ind == soci::i_ok) nu.org_id = inv.org_id;
  BB_RETURN_IF_ERROR(internal::ValidateNewUser(&nu));
  BB_ASSIGN_OR_RETURN(std::string pw_hash,
                      crypto::HashPassword(nu.password,
                                           impl_->options.password_cost));
  User user;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(Inv again, find(sql));  // still unused?
    BB_ASSIGN_OR_RETURN(int64_t id, internal::InsertUser(sql, *impl_->keyring,
                                                         nu, pw_hash, now));
    soci::statement st =
        (sql.prepare << "UPDATE invitations SET used_at = :t, used_by = :u "
                        "WHERE id = :id AND used_at IS NULL",
         soci::use(now), soci::use(id), soci::use(again.id));
    st.execute(true);
    if (internal::Changes(st) != 1) {
      return Status::Unauthenticated("invalid or expired invitation");
    }
    BB_ASSIGN_OR_RETURN(user, internal::LoadUser(sql, *impl_->keyring, id));
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->AuditUser(
      user.id, "invitation.accepted", "",
      "{\"invitation_id\":" + std::to_string(inv.id) + "}"));
  return user;
}

// ---- API keys ---------------------------------------------------------

Result<CreatedApiKey> Accounts::CreateApiKey(const Principal& actor,
                                             std::string_view name) {
  if (name.empty() || name.size() > kMaxApiKeyNameBytes) {
    return Status::InvalidArgument("API key name must have 1 to 100 bytes");
  }
  BB_RETURN_IF_ERROR(internal::ValidateDisplayName(name));
  CreatedApiKey out;
  out.secret = std::string(kApiKeyPrefix) + crypto::RandomToken(32);
  out.key.user_id = actor.user_id;
  out.key.name = std::string(name);
  out.key.prefix = out.secret.substr(0, kApiKeyShownChars);
  out.key.created_at = Now();
  const std::string hash = TokenHash(out.secret);
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    sql << "INSERT INTO api_keys (user_id, name, prefix, key_hash, "
           "created_at) VALUES (:u, :n, :p, :h, :t) RETURNING id",
        soci::use(out.key.user_id), soci::use(out.key.name),
        soci::use(out.key.prefix), soci::use(hash),
        soci::use(out.key.created_at), soci::into(out.key.id);
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(&actor, "api_key.created", "api_key",
                                  out.key.id, actor.org_id, ""));
  return out;
}

Result<std::vector<ApiKey>> Accounts::ListApiKeys(
    const Principal& actor, std::optional<int64_t> user_id) {
  int64_t owner = actor.user_id;
  if (user_id && *user_id != actor.user_id) {
    if (!CanAdminister(actor)) {
      return Status::PermissionDenied("only an admin may list others' keys");
    }
    owner = *user_id;
  }
  std::vector<ApiKey> out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    ApiKey k;
    int64_t revoked = 0, used = 0;
    soci::indicator revoked_ind = soci::i_ok, used_ind = soci::i_ok;
    soci::statement st =
        (sql.prepare << "SELECT id, user_id, name, prefix, created_at, "
                        "revoked_at, last_used_at FROM api_keys WHERE "
                        "user_id = :u ORDER BY id",
         soci::into(k.id), soci::into(k.user_id), soci::into(k.name),
         soci::into(k.prefix), soci::into(k.created_at),
         soci::into(revoked, revoked_ind), soci::into(used, used_ind),
         soci::use(owner));
    st.execute();
    while (st.fetch()) {
      k.revoked_at = revoked_ind == soci::i_ok ? std::optional(revoked)
                                               : std::nullopt;
      k.last_used_at = used_ind == soci::i_ok ? std::optional(used)
                                              : std::nullopt;
      out.push_back(k);
    }
    return Status::Ok();
  }));
  return out;
}

Status Accounts::RevokeApiKey(const Principal& actor, int64_t key_id) {
  Status denied;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    int64_t owner = 0;
    sql << "SELECT user_id FROM api_keys WHERE id = :id", soci::into(owner),
        soci::use(key_id);
    if (!sql.got_data()) return Status::NotFound("no such API key");
    if (owner != actor.user_id && !CanAdminister(actor)) {
      denied = Status::PermissionDenied("not your API key");
      return Status::Ok();
    }
    int64_t now = Now();
    sql << "UPDATE api_keys SET revoked_at = :t WHERE id = :id AND "
           "revoked_at IS NULL",
        soci::use(now), soci::use(key_id);
    return Status::Ok();
  }));
  if (!denied.ok()) {
    BB_RETURN_IF_ERROR(AuditDenied(actor, "api_key.revoke", ""));
    return denied;
  }
  return impl_->Audit(&actor, "api_key.revoked", "api_key", key_id,
                      actor.org_id, "");
}

Result<Principal> Accounts::AuthenticateApiKey(std::string_view secret) {
  if (secret.size() <= kApiKeyPrefix.size() ||
      secret.size() > kMaxTokenBytes ||
      secret.substr(0, kApiKeyPrefix.size()) != kApiKeyPrefix) {
    return Status::Unauthenticated("invalid API key");
  }
  const std::string hash = TokenHash(secret);
  const int64_t now = Now();
  Principal p;
  Status outcome;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    int64_t id = 0, user_id = 0, revoked = 0, used = 0;
    soci::indicator revoked_ind = soci::i_ok, used_ind = soci::i_ok;
    sql << "SELECT id, user_id, revoked_at, last_used_at FROM api_keys "
           "WHERE key_hash = :h",
        soci::into(id), soci::into(user_id), soci::into(revoked, revoked_ind),
        soci::into(used, used_ind), soci::use(hash);
    if (!sql.got_data() || revoked_ind == soci::i_ok) {
      outcome = Status::Unauthenticated("invalid API key");
      return Status::Ok();
    }
    auto principal = internal::LoadPrincipal(sql, user_id,
                                             Principal::Via::kApiKey);
    if (!principal.ok()) {
      outcome = Status::Unauthenticated("invalid API key");
      return Status::Ok();
    }
    p = std::move(principal).value();
    p.api_key_id = id;
    if (used_ind != soci::i_ok ||
        now - used >= impl_->options.session_touch_seconds) {
      sql << "UPDATE api_keys SET last_used_at = :t WHERE id = :id",
          soci::use(now), soci::use(id);
    }
    return Status::Ok();
  }));
  if (!outcome.ok()) return outcome;
  return p;
}

// ---- TOTP -------------------------------------------------------------

Result<TotpEnrollment> Accounts::BeginTotp(const Principal& actor) {
  TotpEnrollment out;
  out.secret_b32 = crypto::NewTotpSecret();
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(User u, internal::LoadUser(sql, *impl_->keyring,
                                                   actor.user_id));
    BB_ASSIGN_OR_RETURN(std::string sealed,
                        impl_->keyring->Seal(out.secret_b32,
                                             SealAad("users", "totp_pending",
                                                     actor.user_id)));
    sql << "UPDATE users SET totp_pending_sealed = :s WHERE id = :id",
        soci::use(sealed), soci::use(actor.user_id);
    out.uri = crypto::TotpUri("Byte Back", u.email, out.secret_b32);
    return Status::Ok();
  }));
  return out;
}

Status Accounts::ConfirmTotp(const Principal& actor, std::string_view code) {
  Status outcome;
  const int64_t now = Now();
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    std::string pending;
    soci::indicator ind = soci::i_null;
    sql << "SELECT totp_pending_sealed FROM users WHERE id = :id",
        soci::into(pending, ind), soci::use(actor.user_id);
    if (!sql.got_data()) return Status::NotFound("no such user");
    if (ind != soci::i_ok) {
      return Status::FailedPrecondition("start two-factor enrolment first");
    }
    BB_ASSIGN_OR_RETURN(std::string secret,
                        impl_->keyring->Open(pending,
                                             SealAad("users", "totp_pending",
                                                     actor.user_id)));
    std::optional<int64_t> step = crypto::MatchTotpStep(secret, code, now);
    if (!step) {
      outcome = Status::InvalidArgument("the code does not match");
      return Status::Ok();
    }
    BB_ASSIGN_OR_RETURN(std::string sealed,
                        impl_->keyring->Seal(secret, SealAad("users", "totp",
                                                             actor.user_id)));
    // The confirming code is spent too: it cannot sign in afterwards.
    sql << "UPDATE users SET totp_sealed = :s, totp_pending_sealed = NULL, "
           "totp_enabled = 1, totp_last_step = :step WHERE id = :id",
        soci::use(sealed), soci::use(*step), soci::use(actor.user_id);
    return Status::Ok();
  }));
  if (!outcome.ok()) return outcome;
  return impl_->Audit(&actor, "totp.enabled", "user", actor.user_id,
                      actor.org_id, "");
}

Status Accounts::DisableTotp(const Principal& actor, int64_t user_id) {
  if (actor.user_id != user_id && !CanAdminister(actor)) {
    BB_RETURN_IF_ERROR(AuditDenied(actor, "totp.disable", ""));
    return Status::PermissionDenied("only an admin may do this for others");
  }
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    soci::statement st =
        (sql.prepare << "UPDATE users SET totp_sealed = NULL, "
                        "totp_pending_sealed = NULL, totp_enabled = 0 "
                        "WHERE id = :id",
         soci::use(user_id));
    st.execute(true);
    if (internal::Changes(st) == 0) return Status::NotFound("no such user");
    return Status::Ok();
  }));
  return impl_->Audit(&actor, "totp.disabled", "user", user_id, std::nullopt,
                      "");
}

// ---- re-encryption ----------------------------------------------------

Result<int64_t> Accounts::ReencryptAll() {
  static constexpr SealedColumn kColumns[] = {
      {"users", "email_sealed", "email"},
      {"users", "display_name_sealed", "display_name"},
      {"users", "totp_sealed", "totp"},
      {"users", "totp_pending_sealed", "totp_pending"},
      {"sessions", "csrf_sealed", "csrf"},
  };
  BB_ASSIGN_OR_RETURN(int64_t total,
                      ReencryptColumns(*impl_->store, *impl_->keyring, kColumns));
  BB_RETURN_IF_ERROR(impl_->Audit(
      nullptr, "keys.reencrypted", "keyring",
      impl_->keyring->primary_key_id(), std::nullopt, "",
      "{\"module\":\"accounts\",\"values\":" + std::to_string(total) + "}"));
  return total;
}

}  // namespace byteback::accounts
