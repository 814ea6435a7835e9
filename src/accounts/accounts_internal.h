// accounts_internal.h: pieces shared by the .cc files of the accounts module.
// Not part of the public contract (see accounts.h).
//
// Every helper taking a soci::session& runs inside a transaction opened by
// the caller through Store::Transaction, which turns SOCI exceptions into a
// Status. Helpers never open a second lease: with "sqlite::memory:" the pool
// has one connection, and nesting would deadlock.
#ifndef BYTEBACK_ACCOUNTS_ACCOUNTS_INTERNAL_H_
#define BYTEBACK_ACCOUNTS_ACCOUNTS_INTERNAL_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <soci/soci.h>

#include "accounts/accounts.h"
#include "crypto/crypto.h"
#include "store/store.h"

namespace byteback::accounts {

class Accounts::Impl {
 public:
  Impl(store::Store* s, const crypto::Keyring* k, AccountsOptions o)
      : store(s), keyring(k), options(std::move(o)) {}

  int64_t Now() const { return options.clock(); }
  // A hash of a random password, verified against when the e-mail is
  // unknown so that a miss costs as much time as a hit. Computed once.
  const std::string& DummyHash();
  // Appends to the audit log; failures are returned (callers propagate them
  // where the event is the point, e.g. a login, and otherwise too).
  Status Audit(const Principal* actor, std::string_view action,
               std::string_view target_kind, int64_t target_id,
               std::optional<int64_t> org_id, std::string_view ip,
               std::string_view detail_json = "{}");
  // For events with no principal yet (login, setup): the user id if known.
  Status AuditUser(std::optional<int64_t> user_id, std::string_view action,
                   std::string_view ip, std::string_view detail_json = "{}");

  store::Store* const store;
  const crypto::Keyring* const keyring;
  const AccountsOptions options;

 private:
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // written once under dummy_once_
};

namespace internal {

// ASCII lower-case; e-mails are compared and indexed in this form.
std::string LowerAscii(std::string_view s);
// The blind index of a normalised e-mail.
std::string EmailIndex(const crypto::Keyring& keyring, std::string_view email);
// SHA-256 hex of a bearer token (session, invitation, API key, setup).
std::string TokenHash(std::string_view token);

// Validation; each returns InvalidArgument naming the field.
Status ValidateEmail(std::string_view email);
Status ValidatePassword(std::string_view password, std::string_view email);
Status ValidateDisplayName(std::string_view name);
// Accepts "" or two ASCII letters; writes the upper-case form to `out`.
Status NormalizeCountry(std::string_view country, std::string* out);

// Reads one user (NotFound when absent), opening the sealed fields.
Result<User> LoadUser(soci::session& sql, const crypto::Keyring& keyring,
                      int64_t user_id);
// The id of the user with this blind index, if any.
std::optional<int64_t> FindUserId(soci::session& sql,
                                  std::string_view email_index);
// The principal of `user_id` with its scope. NotFound / PermissionDenied
// (disabled).
Result<Principal> LoadPrincipal(soci::session& sql, int64_t user_id,
                                Principal::Via via);
// Whether an organisation exists.
bool OrgExists(soci::session& sql, int64_t org_id);
// Inserts a validated user (e-mail already lower-case, country upper-case)
// and seals its fields. AlreadyExists when the e-mail is taken.
Result<int64_t> InsertUser(soci::session& sql, const crypto::Keyring& keyring,
                           const NewUser& user, std::string_view password_hash,
                           int64_t now);
// Validates and normalises `user` in place (e-mail, password, name, country).
Status ValidateNewUser(NewUser* user);
// Rows changed by the last statement, for "UPDATE ... WHERE used_at IS NULL"
// style single-use checks.
int64_t Changes(soci::statement& st);

}  // namespace internal
}  // namespace byteback::accounts

#endif  // BYTEBACK_ACCOUNTS_ACCOUNTS_INTERNAL_H_
