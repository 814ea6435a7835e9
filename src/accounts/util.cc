// util.cc: validation, user rows, principals, the audit helper and the
// sealing convention (SealAad, ReencryptColumn) of the accounts module.
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts_internal.h"
#include "core/utf8.h"

namespace byteback::accounts {

std::string SealAad(std::string_view table, std::string_view column,
                    int64_t row_id) {
  std::string aad;
  aad.reserve(table.size() + column.size() + 24);
  aad.append(table).append(".").append(column).append(".");
  aad.append(std::to_string(row_id));
  return aad;
}

namespace {

bool IsIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

}  // namespace

Result<int64_t> ReencryptColumn(store::Store& store,
                                const crypto::Keyring& keyring,
                                std::string_view table,
                                std::string_view sealed_column,
                                std::string_view aad_column,
                                std::string_view id_column) {
  if (!IsIdentifier(table) || !IsIdentifier(sealed_column) ||
      !IsIdentifier(aad_column) || !IsIdentifier(id_column)) {
    return Status::InvalidArgument("ReencryptColumn: bad table or column name");
  }
  const std::string t(table), c(sealed_column), k(id_column);
  int64_t rewritten = 0;
  Status s = store.Transaction([&](soci::session& sql) -> Status {
    // Collect first: updating rows while a SELECT is open is not portable.
    std::vector<std::pair<int64_t, std::string>> stale;
    {
      int64_t id = 0;
      std::string value;
      soci::indicator ind = soci::i_ok;
      soci::statement st =
          (sql.prepare << "SELECT " + k + ", " + c + " FROM " + t + " WHERE " + c +
                              " IS NOT NULL AND " + c + " <> ''",
           soci::into(id), soci::into(value, ind));
      st.execute();
      while (st.fetch()) {
        if (ind == soci::i_ok && !keyring.IsPrimary(value)) {
          stale.emplace_back(id, value);
        }
      }
    }
    for (auto& [id, sealed] : stale) {
      const std::string aad = SealAad(table, aad_column, id);
      BB_ASSIGN_OR_RETURN(std::string plain, keyring.Open(sealed, aad));
      BB_ASSIGN_OR_RETURN(std::string fresh, keyring.Seal(plain, aad));
      sql << "UPDATE " + t + " SET " + c + " = :v WHERE " + k + " = :id",
          soci::use(fresh), soci::use(id);
      ++rewritten;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return rewritten;
}

const std::string& Accounts::Impl::DummyHash() {
  std::call_once(dummy_once_, [this] {
    auto h = crypto::HashPassword(crypto::RandomToken(16),
                                  options.password_cost);
    // On failure Login still verifies against "", which simply fails fast.
    if (h.ok()) dummy_hash_ = std::move(h).value();
  });
  return dummy_hash_;
}

Status Accounts::Impl::Audit(const Principal* actor, std::string_view action,
                             std::string_view target_kind, int64_t target_id,
                             std::optional<int64_t> org_id,
                             std::string_view ip,
                             std::string_view detail_json) {
  store::AuditEvent e;
  e.at = Now();
  if (actor != nullptr) {
    // user_id 0 is the CLI or a fixture acting without a user row.
    if (actor->user_id != 0) e.actor_user_id = actor->user_id;
    e.actor_kind = actor->via == Principal::Via::kApiKey    ? "api_key"
                   : actor->via == Principal::Via::kSession ? "session"
                                                            : "system";
  } else {
    e.actor_kind = "anonymous";
  }
  e.action = std::string(action);
  e.target_kind = std::string(target_kind);
  e.target_id = target_id;
  e.org_id = org_id;
  e.ip = std::string(ip);
  e.detail_json = std::string(detail_json);
  return store->AppendAudit(e);
}

Status Accounts::Impl::AuditUser(std::optional<int64_t> user_id,
                                 std::string_view action, std::string_view ip,
                                 std::string_view detail_json) {
  store::AuditEvent e;
  e.at = Now();
  e.actor_user_id = user_id;
  e.actor_kind = user_id ? "user" : "anonymous";
  e.action = std::string(action);
  e.target_kind = "user";
  e.target_id = user_id.value_or(0);
  e.ip = std::string(ip);
  e.detail_json = std::string(detail_json);
  return store->AppendAudit(e);
}

namespace internal {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string EmailIndex(const crypto::Keyring& keyring, std::string_view email) {
  return keyring.BlindIndex("email:" + LowerAscii(email));
}

std::string TokenHash(std::string_view token) {
  return crypto::Sha256Hex(token);
}

Status ValidateEmail(std::string_view email) {
  if (email.empty()) return Status::InvalidArgument("email is required");
  if (email.size() > kMaxEmailBytes) {
    return Status::InvalidArgument("email is longer than 254 bytes");
  }
  if (!utf8::IsValid(email)) {
    return Status::InvalidArgument("email is not valid UTF-8");
  }
  size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return Status::InvalidArgument("email must have one '@' and a local part");
  }
  std::string_view domain = email.substr(at + 1);
  if (domain.empty() || domain.find('.') == std::string_view::npos ||
      domain.front() == '.' || domain.back() == '.') {
    return Status::InvalidArgument("email domain is invalid");
  }
  for (unsigned char c : email) {
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' ||
        c == ';' || c == '"' || c == '\\') {
      return Status::InvalidArgument("email contains a forbidden character");
    }
  }
  return Status::Ok();
}

Status ValidatePassword(std::string_view password, std::string_view email) {
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument("password is longer than 1024 bytes");
  }
  if (!utf8::IsValid(password)) {
    return Status::InvalidArgument("password is not valid UTF-8");
  }
  size_t code_points = 0;
  for (unsigned char c : password) {
    if ((c & 0xC0) != 0x80) ++code_points;
  }
  if (code_points < kMinPasswordChars) {
    return Status::InvalidArgument(
        "password must have at least 12 characters");
  }
  if (!email.empty() && LowerAscii(password) == LowerAscii(email)) {
    return Status::InvalidArgument("password must not be the email address");
  }
  return Status::Ok();
}

Status ValidateDisplayName(std::string_view name) {
  if (name.size() > kMaxDisplayNameBytes) {
    return Status::InvalidArgument("display name is longer than 200 bytes");
  }
  if (!utf8::IsValid(name)) {
    return Status::InvalidArgument("display name is not valid UTF-8");
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) {
      return Status::InvalidArgument(
          "display name contains a control character");
    }
  }
  return Status::Ok();
}

Status NormalizeCountry(std::string_view country, std::string* out) {
  if (country.empty()) {
    out->clear();
    return Status::Ok();
  }
  if (country.size() != 2 || !std::isalpha(static_cast<unsigned char>(country[0])) ||
      !std::isalpha(static_cast<unsigned char>(country[1]))) {
    return Status::InvalidArgument(
        "country must be an ISO 3166 alpha-2 code such as PK");
  }
  out->assign({static_cast<char>(std::toupper(static_cast<unsigned char>(country[0]))),
               static_cast<char>(std::toupper(static_cast<unsigned char>(country[1])))});
  return Status::Ok();
}

Status ValidateNewUser(NewUser* user) {
  user->email = LowerAscii(user->email);
  BB_RETURN_IF_ERROR(ValidateEmail(user->email));
  BB_RETURN_IF_ERROR(ValidatePassword(user->password, user->email));
  BB_RETURN_IF_ERROR(ValidateDisplayName(user->display_name));
  std::string country;
  BB_RETURN_IF_ERROR(NormalizeCountry(user->country, &country));
  user->country = country;
  return Status::Ok();
}

Result<User> LoadUser(soci::session& sql, const crypto::Keyring& keyring,
                      int64_t user_id) {
  std::string email_sealed, name_sealed, role, country;
  int64_t org_id = 0, locked_until = 0, created_at = 0;
  int disabled = 0, totp_enabled = 0, failed = 0;
  soci::indicator org_ind = soci::i_ok;
  sql << "SELECT email_sealed, display_name_sealed, role, org_id, country, "
         "disabled, totp_enabled, failed_logins, locked_until, created_at "
         "FROM users WHERE id = :id",
      soci::into(email_sealed), soci::into(name_sealed), soci::into(role),
      soci::into(org_id, org_ind), soci::into(country), soci::into(disabled),
      soci::into(totp_enabled), soci::into(failed), soci::into(locked_until),
      soci::into(created_at), soci::use(user_id);
  if (!sql.got_data()) return Status::NotFound("no such user");
  User u;
  u.id = user_id;
  BB_ASSIGN_OR_RETURN(u.email,
                      keyring.Open(email_sealed, SealAad("users", "email", user_id)));
  BB_ASSIGN_OR_RETURN(u.display_name,
                      keyring.Open(name_sealed,
                                   SealAad("users", "display_name", user_id)));
  BB_ASSIGN_OR_RETURN(u.role, ParseRole(role));
  if (org_ind == soci::i_ok) u.org_id = org_id;
  u.country = country;
  u.disabled = disabled != 0;
  u.totp_enabled = totp_enabled != 0;
  u.failed_logins = failed;
  u.locked_until = locked_until;
  u.created_at = created_at;
  return u;
}

std::optional<int64_t> FindUserId(soci::session& sql,
                                  std::string_view email_index) {
  int64_t id = 0;
  std::string index(email_index);
  sql << "SELECT id FROM users WHERE email_index = :ix", soci::into(id),
      soci::use(index);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

Result<Principal> LoadPrincipal(soci::session& sql, int64_t user_id,
                                Principal::Via via) {
  std::string role, country;
  int64_t org_id = 0;
  int disabled = 0;
  soci::indicator org_ind = soci::i_ok;
  sql << "SELECT role, org_id, country, disabled FROM users WHERE id = :id",
      soci::into(role), soci::into(org_id, org_ind), soci::into(country),
      soci::into(disabled), soci::use(user_id);
  if (!sql.got_data()) return Status::NotFound("no such user");
  if (disabled != 0) return Status::PermissionDenied("user is disabled");
  Principal p;
  p.user_id = user_id;
  BB_ASSIGN_OR_RETURN(p.role, ParseRole(role));
  if (org_ind == soci::i_ok) p.org_id = org_id;
  p.country = country;
  p.via = via;
  if (p.role == Role::kFocalPerson) {
    // Member organisations of its own, and every organisation of its country.
    // An empty country matches nothing: it is bound as NULL, and "= NULL" is
    // never true.
    int64_t own = p.org_id.value_or(-1);
    std::string c = p.country;
    soci::indicator c_ind = c.empty() ? soci::i_null : soci::i_ok;
    int64_t id = 0;
    soci::statement st =
        (sql.prepare << "SELECT id FROM organisations WHERE parent_id = :o "
                        "OR country = :c ORDER BY id",
         soci::into(id), soci::use(own), soci::use(c, c_ind));
    st.execute();
    while (st.fetch()) {
      if (id != own) p.scope_org_ids.push_back(id);
    }
  }
  return p;
}

bool OrgExists(soci::session& sql, int64_t org_id) {
  int64_t id = 0;
  sql << "SELECT id FROM organisations WHERE id = :id", soci::into(id),
      soci::use(org_id);
  return sql.got_data();
}

Result<int64_t> InsertUser(soci::session& sql, const crypto::Keyring& keyring,
                           const NewUser& user, std::string_view password_hash,
                           int64_t now) {
  const std::string index = EmailIndex(keyring, user.email);
  if (FindUserId(sql, index)) {
    return Status::AlreadyExists("a user with this email already exists");
  }
  if (user.org_id && !OrgExists(sql, *user.org_id)) {
    return Status::NotFound("no such organisation");
  }
  // The row id is part of the sealed values' aad: insert, then seal.
  int64_t id = 0;
  std::string hash(password_hash), role(RoleName(user.role));
  int64_t org_id = user.org_id.value_or(0);
  soci::indicator org_ind = user.org_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO users (email_index, email_sealed, display_name_sealed, "
         "password_hash, role, org_id, country, created_at, updated_at) "
         "VALUES (:ix, '', '', :h, :r, :o, :c, :t, :t2) RETURNING id",
      soci::use(index), soci::use(hash), soci::use(role),
      soci::use(org_id, org_ind), soci::use(user.country), soci::use(now),
      soci::use(now), soci::into(id);
  BB_ASSIGN_OR_RETURN(std::string email_sealed,
                      keyring.Seal(user.email, SealAad("users", "email", id)));
  BB_ASSIGN_OR_RETURN(
      std::string name_sealed,
      keyring.Seal(user.display_name, SealAad("users", "display_name", id)));
  sql << "UPDATE users SET email_sealed = :e, display_name_sealed = :n "
         "WHERE id = :id",
      soci::use(email_sealed), soci::use(name_sealed), soci::use(id);
  return id;
}

int64_t Changes(soci::statement& st) {
  return static_cast<int64_t>(st.get_affected_rows());
}

}  // namespace internal
Result<int64_t> ReencryptColumns(store::Store& store,
                                 const crypto::Keyring& keyring,
                                 std::span<const SealedColumn> columns) {
  int64_t total = 0;
  for (const SealedColumn& c : columns) {
    BB_ASSIGN_OR_RETURN(int64_t n,
                        ReencryptColumn(store, keyring, c.table, c.sealed, c.aad, c.id));
    total += n;
  }
  return total;
}

}  // namespace byteback::accounts
