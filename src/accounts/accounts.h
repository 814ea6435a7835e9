// accounts.h: organisations, users, roles, sessions, invitations, API keys
// and the one-time setup token of a Byte Back server.
//
// Flow: the server opens a store::Store and a crypto::Keyring, builds one
// Accounts over them and keeps it for its lifetime. A request carrying a
// session cookie calls Authenticate() (and CheckCsrf() for a state-changing
// request); one carrying an API key calls AuthenticateApiKey(). Both give a
// Principal, which every other call (here and in incidents/) takes to decide
// what the caller may see and do (see docs/ROLES.md).
//
// Data at rest: e-mail addresses, display names and TOTP secrets are sealed
// with the keyring (aad = "<table>.<column>.<row id>", so a sealed value
// cannot be moved to another row); e-mails are found through
// Keyring::BlindIndex of the lower-cased address. Session tokens, invitation
// tokens, API keys and the setup token are stored only as SHA-256 hashes;
// passwords as argon2id hashes. Every security-relevant event is appended to
// the store's audit log (action names are listed in docs/ROLES.md).
//
// Time comes from AccountsOptions::clock (unix seconds), so tests can move
// it without sleeping.
//
// Thread safety: an Accounts holds no mutable state of its own (everything
// lives in the store), so all methods may be called concurrently. The Store
// and Keyring passed to Create() must outlive the Accounts.
#ifndef BYTEBACK_ACCOUNTS_ACCOUNTS_H_
#define BYTEBACK_ACCOUNTS_ACCOUNTS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "crypto/crypto.h"

namespace byteback::store {
class Store;
}  // namespace byteback::store

namespace byteback::accounts {

// Limits on what a caller may store. Longer input gets InvalidArgument.
inline constexpr size_t kMinPasswordChars = 12;     // code points
inline constexpr size_t kMaxPasswordBytes = 1024;
inline constexpr size_t kMaxEmailBytes = 254;
inline constexpr size_t kMaxDisplayNameBytes = 200;
inline constexpr size_t kMaxOrgNameBytes = 200;
inline constexpr size_t kMaxApiKeyNameBytes = 100;

// Roles, from most to least powerful. See docs/ROLES.md for the matrix.
enum class Role { kAdmin, kCoordinator, kFocalPerson, kMember, kJournalist };
// "admin", "coordinator", "focal_person", "member", "journalist".
std::string_view RoleName(Role role);
// Inverse of RoleName; InvalidArgument for anything else.
Result<Role> ParseRole(std::string_view name);

enum class OrgKind { kFederation, kUnion, kAssociation };
// "federation", "union", "association".
std::string_view OrgKindName(OrgKind kind);
Result<OrgKind> ParseOrgKind(std::string_view name);

// Returns the current time in unix seconds.
using Clock = std::function<int64_t()>;
// The system clock (time(nullptr)).
int64_t SystemClock();

struct AccountsOptions {
  // Source of time. Empty means SystemClock.
  Clock clock;
  // Argon2id cost for new password hashes. Tests use kMinimum.
  crypto::PasswordCost password_cost = crypto::PasswordCost::kInteractive;
  // Wrong passwords in a row that lock an account, and for how long.
  int max_failed_logins = 5;
  int64_t lockout_seconds = 15 * 60;
  // Per-IP throttle: at most this many failed logins from one IP in the window
  // (counted across all accounts), then ResourceExhausted until it slides.
  int max_failed_logins_per_ip = 20;
  int64_t ip_window_seconds = 15 * 60;
  // A session ends after this long without a request, and this long after
  // login whatever happens.
  int64_t session_idle_seconds = 30 * 60;
  int64_t session_absolute_seconds = 12 * 60 * 60;
  // Authenticate() writes last_seen_at at most this often (fewer writes).
  int64_t session_touch_seconds = 60;
  // How long an invitation link and the setup token stay valid.
  int64_t invitation_ttl_seconds = 7 * 24 * 60 * 60;
  int64_t setup_token_ttl_seconds = 24 * 60 * 60;
};

struct Organisation {
  int64_t id = 0;
  std::string name;
  OrgKind kind = OrgKind::kUnion;
  std::optional<int64_t> parent_id;  // the federation a union belongs to
  std::string country;               // ISO 3166 alpha-2, upper case; may be empty
  int64_t created_at = 0;
};

struct NewOrganisation {
  std::string name;
  OrgKind kind = OrgKind::kUnion;
  std::optional<int64_t> parent_id;
  std::string country;  // "" or two letters; stored upper case
};

struct User {
  int64_t id = 0;
  std::string email;         // lower case
  std::string display_name;
  Role role = Role::kMember;
  std::optional<int64_t> org_id;
  std::string country;       // "" or ISO 3166 alpha-2
  bool disabled = false;
  bool totp_enabled = false;
  int failed_logins = 0;
  int64_t locked_until = 0;  // unix seconds; 0 when not locked
  int64_t created_at = 0;
};

struct NewUser {
  std::string email;
  std::string password;
  std::string display_name;
  Role role = Role::kMember;
  std::optional<int64_t> org_id;  // must exist when set
  std::string country;
};

// Who is calling. Built by Authenticate(), AuthenticateApiKey() or
// PrincipalForUser(); carries the user's current role and scope.
struct Principal {
  enum class Via { kSession, kApiKey, kInternal };
  int64_t user_id = 0;
  Role role = Role::kMember;
  std::optional<int64_t> org_id;
  std::string country;
  Via via = Via::kInternal;
  std::optional<int64_t> session_id;  // set when via == kSession
  std::optional<int64_t> api_key_id;  // set when via == kApiKey
  // Organisations this principal may see besides its own: for a focal person,
  // the member organisations of its own organisation and every organisation
  // of its country. Empty for other roles (admin/coordinator see all).
  std::vector<int64_t> scope_org_ids;
};

// admin only.
bool CanAdminister(const Principal& p);
// admin and coordinator: every organisation; focal person: its own
// organisation, that organisation's members, and the organisations of its
// country; member and journalist: their own organisation only.
bool CanSeeOrg(const Principal& p, int64_t org_id);
// Whether `p` may manage users (invite, change roles) in `org_id`:
// admin and coordinator everywhere, focal person where CanSeeOrg.
bool CanManageOrg(const Principal& p, int64_t org_id);
// Whether `inviter` may give `role` to someone: admin any role; coordinator
// any but admin; focal person member and journalist; others none.
bool CanGrantRole(const Principal& inviter, Role role);

// ---- the sealing convention shared by the domain modules ----------------
// The associated data for a sealed column: "<table>.<column>.<row_id>".
std::string SealAad(std::string_view table, std::string_view column,
                    int64_t row_id);
// Re-seals, under the keyring's primary key, every non-NULL value of
// `<table>.<sealed_column>` (aad SealAad(table, aad_column, id)) that is
// sealed under an older key. Table and column names must be [a-z_]+
// (InvalidArgument otherwise). `id_column` is the row id in the aad (the
// table's key). Returns the number of values rewritten; Corruption when a
// value does not open. One transaction per column.
Result<int64_t> ReencryptColumn(store::Store& store,
                                const crypto::Keyring& keyring,
                                std::string_view table,
                                std::string_view sealed_column,
                                std::string_view aad_column,
                                std::string_view id_column = "id");

// One sealed column: table, the column holding the sealed value, the
// column name used in its aad, and the row id column (the table's key).
struct SealedColumn {
  const char* table;
  const char* sealed;
  const char* aad;
  const char* id = "id";
};
// ReencryptColumn over each of `columns`; returns the total rewritten.
Result<int64_t> ReencryptColumns(store::Store& store,
                                 const crypto::Keyring& keyring,
                                 std::span<const SealedColumn> columns);

struct LoginRequest {
  std::string email;
  std::string password;
  std::string totp_code;  // required when the user enabled TOTP
  std::string ip;         // client address, for throttling and the audit log
};

// A new session. `token` goes in the HttpOnly cookie, `csrf_token` to the
// page (header X-CSRF-Token on every state-changing request). Neither is
// stored in clear.
struct NewSession {
  std::string token;
  std::string csrf_token;
  int64_t session_id = 0;
  int64_t expires_at = 0;  // absolute expiry, unix seconds
  Principal principal;
};

// The result of a successful Authenticate().
struct SessionAuth {
  Principal principal;
  int64_t session_id = 0;
  std::string csrf_token;  // compare with CheckCsrf()
  int64_t expires_at = 0;  // min(idle expiry, absolute expiry)
};

struct NewInvitation {
  Role role = Role::kMember;
  std::optional<int64_t> org_id;  // defaults to the inviter's organisation
  std::string country;            // defaults to the inviter's country
};

struct CreatedInvitation {
  int64_t id = 0;
  std::string token;  // plaintext, only returned here: put it in the link
  int64_t expires_at = 0;
};

struct AcceptInvitationRequest {
  std::string token;
  std::string email;
  std::string password;
  std::string display_name;
};

struct ApiKey {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string prefix;  // first characters of the key, to tell keys apart
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
  std::optional<int64_t> last_used_at;
};

struct CreatedApiKey {
  ApiKey key;
  std::string secret;  // "bbk_<random>", only returned here
};

struct TotpEnrollment {
  std::string secret_b32;  // show once, with the URI as a QR code
  std::string uri;         // otpauth://totp/...
};

// Accounts: see the file comment. Not copyable or movable (handed out as a
// unique_ptr; other modules keep a reference).
class Accounts {
 public:
  // Does no I/O. `store` must already be migrated; both pointers must
  // outlive the returned object. InvalidArgument on a null pointer or a
  // non-positive option.
  static Result<std::unique_ptr<Accounts>> Create(
      store::Store* store, const crypto::Keyring* keyring,
      AccountsOptions options = {});
  Accounts(const Accounts&) = delete;
  Accounts& operator=(const Accounts&) = delete;
  ~Accounts();

  // ---- first start ------------------------------------------------------
  // When no enabled admin exists: replaces any earlier unused setup token
  // with a new one (hash stored) and returns the plaintext to print on the
  // console. When an admin exists: returns std::nullopt.
  Result<std::optional<std::string>> EnsureSetupToken();
  // True while no enabled admin exists (setup has not been completed).
  // Read-only: does not touch the setup token.
  Result<bool> SetupNeeded();
  // Creates the first admin and burns the token, in one transaction.
  // Unauthenticated for an unknown, used or expired token;
  // FailedPrecondition when an admin already exists; InvalidArgument for a
  // bad e-mail, password or name.
  Result<User> CompleteSetup(std::string_view token, std::string_view email,
                             std::string_view password,
                             std::string_view display_name);

  // ---- organisations ----------------------------------------------------
  // Admin and coordinator only (PermissionDenied otherwise). NotFound for an
  // unknown parent_id.
  Result<Organisation> CreateOrganisation(const Principal& actor,
                                          const NewOrganisation& org);
  // NotFound when it does not exist, PermissionDenied when !CanSeeOrg.
  Result<Organisation> GetOrganisation(const Principal& actor, int64_t id);
  // The organisations `actor` may see, by id.
  Result<std::vector<Organisation>> ListOrganisations(const Principal& actor);

  // ---- users ------------------------------------------------------------
  // Creates a user without an invitation (for `byteback admin create-user`
  // and tests; the caller has already decided it is allowed). AlreadyExists
  // when the e-mail is taken; InvalidArgument for bad fields (password rules:
  // at least kMinPasswordChars code points, at most kMaxPasswordBytes, valid
  // UTF-8, not equal to the e-mail).
  Result<User> CreateUser(const NewUser& user);
  // NotFound / PermissionDenied (actor may see itself, and users of the
  // organisations CanManageOrg allows; admin and coordinator all).
  Result<User> GetUser(const Principal& actor, int64_t user_id);
  // Finds a user by e-mail (case-insensitive). NotFound when none. No
  // access check: for the CLI and tests.
  Result<User> FindUserByEmail(std::string_view email);
  // The user with this id; NotFound when none. No access check: for callers
  // that have decided it themselves (the names of an incident's reviewers,
  // shown to those who may see the incident).
  Result<User> FindUser(int64_t user_id);
  // Users visible to `actor` (see GetUser), optionally of one organisation.
  Result<std::vector<User>> ListUsers(const Principal& actor,
                                      std::optional<int64_t> org_id = {});
  // Changes role, organisation and country of a user. The actor needs
  // CanGrantRole(new role) and CanManageOrg for both the old and the new
  // organisation, and may not change its own role. Audited "user.role_changed".
  Status SetRole(const Principal& actor, int64_t user_id, Role role,
                 std::optional<int64_t> org_id, std::string_view country);
  // Disables or re-enables a user (admin only; not oneself). Disabling ends
  // all its sessions and makes its API keys fail.
  Status SetDisabled(const Principal& actor, int64_t user_id, bool disabled);
  // Sets a new password, clears the lockout and ends every session of the
  // user (LogoutAll). No access check: the CLI decides. Audited.
  Status ResetPassword(int64_t user_id, std::string_view new_password);
  // Changes the caller's own password after checking the old one
  // (Unauthenticated when wrong). Ends the user's other sessions.
  Status ChangePassword(const Principal& actor, std::string_view old_password,
                        std::string_view new_password);

  // ---- login and sessions -----------------------------------------------
  // Checks the password (and TOTP code when enabled) and opens a session.
  // Errors, in order: ResourceExhausted when the IP is throttled or the
  // account is locked (message says until when); Unauthenticated "invalid
  // e-mail or password" for an unknown e-mail, a wrong password or a
  // disabled user (the same message, and similar time, for all three);
  // FailedPrecondition "totp_required" when the password is right but the
  // user has TOTP and no code was given; Unauthenticated for a wrong code.
  // The max_failed_logins-th wrong password in a row locks the account.
  Result<NewSession> Login(const LoginRequest& request);
  // Resolves a session token. Unauthenticated when unknown, idle for longer
  // than session_idle_seconds, older than session_absolute_seconds, or its
  // user is disabled. Slides the idle expiry.
  Result<SessionAuth> Authenticate(std::string_view session_token);
  // PermissionDenied unless `presented` equals the session's CSRF token
  // (constant-time comparison). Empty `presented` is denied.
  Status CheckCsrf(const SessionAuth& auth, std::string_view presented) const;
  // Ends one session (unknown tokens are ignored: OK).
  Status Logout(std::string_view session_token);
  // Ends every session of a user; returns how many were ended.
  Result<int64_t> LogoutAll(int64_t user_id);
  // The principal of a user, without a session (for the CLI and for
  // AuthenticateApiKey). NotFound when unknown, PermissionDenied if disabled.
  Result<Principal> PrincipalForUser(int64_t user_id);

  // ---- invitations ------------------------------------------------------
  // PermissionDenied unless CanGrantRole(inviter, role) and, for the
  // organisation chosen, CanManageOrg; a focal person may only invite into
  // its own country. NotFound for an unknown organisation.
  Result<CreatedInvitation> CreateInvitation(const Principal& inviter,
                                             const NewInvitation& invitation);
  // Creates the user the invitation describes and burns it (one
  // transaction). Unauthenticated for an unknown, used or expired token.
  Result<User> AcceptInvitation(const AcceptInvitationRequest& request);

  // ---- API keys ---------------------------------------------------------
  // A key acts as its creator (current role and scope). Any signed-in user
  // may create keys for itself. InvalidArgument for an empty/long name.
  Result<CreatedApiKey> CreateApiKey(const Principal& actor,
                                     std::string_view name);
  // Keys of the actor (admin: of `user_id` when given).
  Result<std::vector<ApiKey>> ListApiKeys(const Principal& actor,
                                          std::optional<int64_t> user_id = {});
  // Owner or admin. NotFound for an unknown key; revoking twice is OK.
  Status RevokeApiKey(const Principal& actor, int64_t key_id);
  // Unauthenticated for a malformed, unknown or revoked key or a disabled
  // user.
  Result<Principal> AuthenticateApiKey(std::string_view secret);

  // ---- TOTP -------------------------------------------------------------
  // Starts enrolment: stores a new pending secret (sealed) and returns it.
  Result<TotpEnrollment> BeginTotp(const Principal& actor);
  // Enables TOTP when `code` matches the pending secret; InvalidArgument
  // otherwise; FailedPrecondition when no enrolment was begun.
  Status ConfirmTotp(const Principal& actor, std::string_view code);
  // Turns TOTP off for a user (admin, or the user after its password).
  Status DisableTotp(const Principal& actor, int64_t user_id);

  // ---- maintenance ------------------------------------------------------
  // Re-seals every sealed column whose key is not the keyring's primary key
  // (run after Keyring::RotateFile and reloading the keyring). Returns the
  // number of values rewritten. Audited "keys.reencrypted".
  Result<int64_t> ReencryptAll();
  // Records an access denial in the audit log (for the server's route
  // checks). `what` names the route or object.
  Status AuditDenied(const Principal& actor, std::string_view what,
                     std::string_view ip);

  int64_t Now() const;

 private:
  class Impl;
  explicit Accounts(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byteback::accounts

#endif  // BYTEBACK_ACCOUNTS_ACCOUNTS_H_
