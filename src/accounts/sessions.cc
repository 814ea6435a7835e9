// sessions.cc: login (password, lockout, per-IP throttle, TOTP), sessions
// with idle and absolute expiry, CSRF tokens and logout.
//
// Login records its bookkeeping (failed-login counters, lockouts, IP
// failures) in a transaction that always commits, and carries the outcome
// for the caller in a separate Status: a rejected login must still count.
#include <algorithm>
#include <string>

#include "accounts/accounts_internal.h"

namespace byteback::accounts {

using internal::TokenHash;

namespace {

constexpr std::string_view kBadCredentials = "invalid email or password";
// A right TOTP code for a step already accepted (or older): a replay.
constexpr std::string_view kTotpReplayed = "this two-factor code was already used; wait for the next one";

std::string IpIndex(const crypto::Keyring& keyring, std::string_view ip) {
  return ip.empty() ? std::string() : keyring.BlindIndex("ip:" + std::string(ip));
}

// Failed logins from this IP in the window (0 when the IP is unknown).
int64_t IpFailures(soci::session& sql, const std::string& ip_index,
                   int64_t since) {
  if (ip_index.empty()) return 0;
  int64_t n = 0;
  sql << "SELECT COUNT(*) FROM login_failures WHERE ip_index = :ip AND "
         "at > :since",
      soci::into(n), soci::use(ip_index), soci::use(since);
  return n;
}

void RecordIpFailure(soci::session& sql, const std::string& ip_index,
                     int64_t now, int64_t window) {
  if (ip_index.empty()) return;
  sql << "INSERT INTO login_failures (ip_index, at) VALUES (:ip, :t)",
      soci::use(ip_index), soci::use(now);
  int64_t horizon = now - window;
  sql << "DELETE FROM login_failures WHERE at <= :h", soci::use(horizon);
}

struct LoginRow {
  int64_t id = 0;
  std::string password_hash;
  std::string totp_sealed;
  bool has_totp = false;
  bool disabled = false;
  int failed = 0;
  int64_t locked_until = 0;
  int64_t totp_last_step = 0;  // the last TOTP step accepted (0007_totp_replay.sql)
};

std::optional<LoginRow> LoadLoginRow(soci::session& sql,
                                     const std::string& email_index) {
  LoginRow r;
  int disabled = 0, totp_enabled = 0;
  soci::indicator totp_ind = soci::i_ok;
  sql << "SELECT id, password_hash, totp_sealed, totp_enabled, disabled, "
         "failed_logins, locked_until, totp_last_step FROM users WHERE email_index = :ix",
      soci::into(r.id), soci::into(r.password_hash),
      soci::into(r.totp_sealed, totp_ind), soci::into(totp_enabled),
      soci::into(disabled), soci::into(r.failed), soci::into(r.locked_until),
      soci::into(r.totp_last_step),
      soci::use(email_index);
  if (!sql.got_data()) return std::nullopt;
  r.has_totp = totp_enabled != 0 && totp_ind == soci::i_ok;
  r.disabled = disabled != 0;
  return r;
}

}  // namespace

Result<NewSession> Accounts::Login(const LoginRequest& request) {
  const AccountsOptions& opt = impl_->options;
  const crypto::Keyring& keyring = *impl_->keyring;
  const int64_t now = Now();
  const std::string ip_index = IpIndex(keyring, request.ip);
  const std::string email_index =
      internal::EmailIndex(keyring, request.email);
  if (request.password.size() > kMaxPasswordBytes ||
      request.email.size() > kMaxEmailBytes) {
    return Status::InvalidArgument("email or password too long");
  }

  // Phase 1: read what the decision needs.
  std::optional<LoginRow> row;
  int64_t ip_failures = 0;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    ip_failures = IpFailures(sql, ip_index, now - opt.ip_window_seconds);
    row = LoadLoginRow(sql, email_index);
    return Status::Ok();
  }));
  if (ip_failures >= opt.max_failed_logins_per_ip) {
    BB_RETURN_IF_ERROR(impl_->AuditUser(row ? std::optional(row->id) : std::nullopt,
                                        "login.throttled", request.ip));
    return Status::ResourceExhausted(
        "too many failed logins from this address; try again later");
  }
  if (row && row->locked_until > now) {
    BB_RETURN_IF_ERROR(impl_->AuditUser(row->id, "login.locked", request.ip));
    return Status::ResourceExhausted(
        "account locked after too many failed logins; try again in " +
        std::to_string((row->locked_until - now + 59) / 60) + " minute(s)");
  }

  // Phase 2: the slow password check, outside any transaction.
  const bool password_ok =
      row ? crypto::VerifyPassword(row->password_hash, request.password)
          : (crypto::VerifyPassword(impl_->DummyHash(), request.password),
             false);
  Status outcome;
  std::string failure_action;
  int64_t totp_step = 0;  // the step of the accepted TOTP code, if one was needed
  if (!row || !password_ok || row->disabled) {
    outcome = Status::Unauthenticated(std::string(kBadCredentials));
    failure_action = "login.failed";
  } else if (row->has_totp) {
    if (request.totp_code.empty()) {
      // Not a failure: the client asks for the code and retries.
      return Status::FailedPrecondition("totp_required");
    }
    BB_ASSIGN_OR_RETURN(std::string secret,
                        keyring.Open(row->totp_sealed,
                                     SealAad("users", "totp", row->id)));
    std::optional<int64_t> step = crypto::MatchTotpStep(secret, request.totp_code, now);
    if (!step) {
      outcome = Status::Unauthenticated("invalid two-factor code");
      failure_action = "login.failed_totp";
    } else if (*step <= row->totp_last_step) {
      // Right code, already used (or older than one that was): a replay.
      outcome = Status::Unauthenticated(std::string(kTotpReplayed));
      failure_action = "login.replayed_totp";
    } else {
      totp_step = *step;
    }
  }

  // Phase 3: record the outcome (always committed).
  NewSession session;
  bool locked_now = false;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    if (!outcome.ok()) {
      RecordIpFailure(sql, ip_index, now, opt.ip_window_seconds);
      if (row && !row->disabled) {
        // A wrong password or TOTP code counts; a lock resets the counter so
        // the user gets a fresh set of tries after it ends.
        // Increment in SQL so concurrent attempts are not lost.
        sql << "UPDATE users SET failed_logins = failed_logins + 1 "
               "WHERE id = :id",
            soci::use(row->id);
        int failed = 0;
        sql << "SELECT failed_logins FROM users WHERE id = :id",
            soci::into(failed), soci::use(row->id);
        if (failed >= opt.max_failed_logins) {
          int64_t locked_until = now + opt.lockout_seconds;
          sql << "UPDATE users SET failed_logins = 0, locked_until = :l "
                 "WHERE id = :id",
              soci::use(locked_until), soci::use(row->id);
          locked_now = true;
        }
      }
      return Status::Ok();
    }
    sql << "UPDATE users SET failed_logins = 0, locked_until = 0 "
           "WHERE id = :id",
        soci::use(row->id);
    if (totp_step > 0) {
      // Claim the step; a concurrent login with the same code finds it taken.
      soci::statement claim =
          (sql.prepare << "UPDATE users SET totp_last_step = :s "
                          "WHERE id = :id AND totp_last_step < :s2",
           soci::use(totp_step), soci::use(row->id), soci::use(totp_step));
      claim.execute(true);
      if (claim.get_affected_rows() != 1) {
        return Status::Unauthenticated(std::string(kTotpReplayed));
      }
    }
    session.token = crypto::RandomToken(32);
    session.csrf_token = crypto::RandomToken(32);
    std::string hash = TokenHash(session.token);
    session.expires_at = now + opt.session_absolute_seconds;
    sql << "INSERT INTO sessions (user_id, token_hash, csrf_sealed, "
           "created_at, last_seen_at, expires_at) VALUES (:u, :h, '', :c, "
           ":l, :e) RETURNING id",
        soci::use(row->id), soci::use(hash), soci::use(now), soci::use(now),
        soci::use(session.expires_at), soci::into(session.session_id);
    BB_ASSIGN_OR_RETURN(
        std::string csrf_sealed,
        keyring.Seal(session.csrf_token,
                     SealAad("sessions", "csrf", session.session_id)));
    sql << "UPDATE sessions SET csrf_sealed = :c WHERE id = :id",
        soci::use(csrf_sealed), soci::use(session.session_id);
    BB_ASSIGN_OR_RETURN(session.principal,
                        internal::LoadPrincipal(sql, row->id,
                                                Principal::Via::kSession));
    session.principal.session_id = session.session_id;
    return Status::Ok();
  }));
  std::optional<int64_t> uid = row ? std::optional(row->id) : std::nullopt;
  if (!outcome.ok()) {
    BB_RETURN_IF_ERROR(impl_->AuditUser(uid, failure_action, request.ip));
    if (locked_now) {
      BB_RETURN_IF_ERROR(impl_->AuditUser(uid, "login.lockout", request.ip));
      return Status::ResourceExhausted(
          "account locked after too many failed logins; try again in " +
          std::to_string((opt.lockout_seconds + 59) / 60) + " minute(s)");
    }
    return outcome;
  }
  BB_RETURN_IF_ERROR(impl_->AuditUser(uid, "login.ok", request.ip));
  // Upgrade an old hash now that the password is known. Best effort: the
  // login has succeeded whatever happens here.
  if (crypto::PasswordNeedsRehash(row->password_hash, opt.password_cost)) {
    auto fresh = crypto::HashPassword(request.password, opt.password_cost);
    if (fresh.ok()) {
      (void)impl_->store->Transaction([&](soci::session& sql) {
        sql << "UPDATE users SET password_hash = :h WHERE id = :id AND "
               "password_hash = :old",
            soci::use(fresh.value()), soci::use(row->id),
            soci::use(row->password_hash);
        return Status::Ok();
      });
    }
  }
  return session;
}

Result<SessionAuth> Accounts::Authenticate(std::string_view session_token) {
  if (session_token.empty() || session_token.size() > 256) {
    return Status::Unauthenticated("no valid session");
  }
  const AccountsOptions& opt = impl_->options;
  const std::string hash = TokenHash(session_token);
  const int64_t now = Now();
  SessionAuth auth;
  Status outcome;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    int64_t id = 0, user_id = 0, created = 0, last_seen = 0, expires = 0;
    std::string csrf_sealed;
    sql << "SELECT id, user_id, csrf_sealed, created_at, last_seen_at, "
           "expires_at FROM sessions WHERE token_hash = :h",
        soci::into(id), soci::into(user_id), soci::into(csrf_sealed),
        soci::into(created), soci::into(last_seen), soci::into(expires),
        soci::use(hash);
    if (!sql.got_data()) {
      outcome = Status::Unauthenticated("no valid session");
      return Status::Ok();
    }
    const int64_t absolute_end =
        std::min(expires, created + opt.session_absolute_seconds);
    const int64_t idle_end = last_seen + opt.session_idle_seconds;
    if (now >= absolute_end || now >= idle_end) {
      sql << "DELETE FROM sessions WHERE id = :id", soci::use(id);
      outcome = Status::Unauthenticated("session expired; sign in again");
      return Status::Ok();
    }
    auto principal =
        internal::LoadPrincipal(sql, user_id, Principal::Via::kSession);
    if (!principal.ok()) {
      sql << "DELETE FROM sessions WHERE id = :id", soci::use(id);
      outcome = Status::Unauthenticated("no valid session");
      return Status::Ok();
    }
    BB_ASSIGN_OR_RETURN(auth.csrf_token,
                        impl_->keyring->Open(csrf_sealed,
                                             SealAad("sessions", "csrf", id)));
    if (now - last_seen >= opt.session_touch_seconds) {
      sql << "UPDATE sessions SET last_seen_at = :t WHERE id = :id",
          soci::use(now), soci::use(id);
      last_seen = now;
    }
    auth.principal = std::move(principal).value();
    auth.principal.session_id = id;
    auth.session_id = id;
    auth.expires_at =
        std::min(absolute_end, last_seen + opt.session_idle_seconds);
    return Status::Ok();
  }));
  if (!outcome.ok()) return outcome;
  return auth;
}

Status Accounts::CheckCsrf(const SessionAuth& auth,
                           std::string_view presented) const {
  if (presented.empty() || auth.csrf_token.empty() ||
      !crypto::ConstantTimeEquals(auth.csrf_token, presented)) {
    return Status::PermissionDenied("missing or invalid CSRF token");
  }
  return Status::Ok();
}

Status Accounts::Logout(std::string_view session_token) {
  const std::string hash = TokenHash(session_token);
  int64_t user_id = 0;
  bool found = false;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    sql << "SELECT user_id FROM sessions WHERE token_hash = :h",
        soci::into(user_id), soci::use(hash);
    found = sql.got_data();
    if (found) {
      sql << "DELETE FROM sessions WHERE token_hash = :h", soci::use(hash);
    }
    return Status::Ok();
  }));
  if (!found) return Status::Ok();
  return impl_->AuditUser(user_id, "logout", "");
}

Result<int64_t> Accounts::LogoutAll(int64_t user_id) {
  int64_t n = 0;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    soci::statement st = (sql.prepare << "DELETE FROM sessions WHERE "
                                         "user_id = :u",
                          soci::use(user_id));
    st.execute(true);
    n = internal::Changes(st);
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->AuditUser(user_id, "logout.all", "",
                                      "{\"sessions\":" + std::to_string(n) +
                                          "}"));
  return n;
}

}  // namespace byteback::accounts
