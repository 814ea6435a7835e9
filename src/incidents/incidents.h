// incidents.h: a journalist's incidents and the abusive messages in them,
// sealed at rest and visible only to the people allowed to see them.
//
// Flow: the server builds one Incidents over the same Store, Keyring and
// Accounts it already has. Each call takes the caller's accounts::Principal
// and checks access before touching data:
//   - the owner (the journalist the incident is about) sees and edits it;
//   - admin and coordinator see every incident;
//   - a focal person sees incidents of the organisations in its scope
//     (accounts::CanSeeOrg) and of its own country;
//   - anyone else gets PermissionDenied (the server answers 403), including
//     members of the owner's own organisation: victims decide who knows.
// An unknown id is NotFound (404) whoever asks; a denial is audited.
//
// Data at rest: title, description, message text, author handle and URL are
// sealed with the keyring, aad "<table>.<column>.<row id>". Category,
// severity, status, platform and times stay in clear so lists can be
// filtered in SQL. Each view of an incident or its messages is audited
// ("incident.viewed", "incident.messages_viewed").
//
// Thread safety: no mutable state of its own; all methods may be called
// concurrently. Store, Keyring and Accounts must outlive the Incidents.
#ifndef BYTEBACK_INCIDENTS_INCIDENTS_H_
#define BYTEBACK_INCIDENTS_INCIDENTS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/accounts.h"
#include "core/status.h"

namespace byteback::store {
class Store;
}  // namespace byteback::store
namespace byteback::crypto {
class Keyring;
}  // namespace byteback::crypto

namespace byteback::incidents {

// Limits; longer input gets InvalidArgument. All text must be valid UTF-8.
inline constexpr size_t kMaxTitleBytes = 500;
inline constexpr size_t kMaxDescriptionBytes = 20000;
inline constexpr size_t kMaxCategoryBytes = 64;
inline constexpr size_t kMaxMessageTextBytes = 20000;
inline constexpr size_t kMaxHandleBytes = 200;
inline constexpr size_t kMaxPlatformBytes = 64;
inline constexpr size_t kMaxUrlBytes = 2048;
inline constexpr size_t kMaxMessagesPerCall = 1000;
inline constexpr int kMaxListLimit = 500;

enum class Severity { kLow, kMedium, kHigh, kCritical };
// "low", "medium", "high", "critical".
std::string_view SeverityName(Severity s);
Result<Severity> ParseSeverity(std::string_view name);

enum class IncidentStatus { kOpen, kReported, kResponded, kClosed };
// "open", "reported", "responded", "closed".
std::string_view IncidentStatusName(IncidentStatus s);
Result<IncidentStatus> ParseIncidentStatus(std::string_view name);

struct Incident {
  int64_t id = 0;
  int64_t owner_user_id = 0;
  std::optional<int64_t> org_id;
  std::string country;
  std::string title;
  std::string description;
  std::string category;  // free label, e.g. "sexual_harassment", "threat"
  Severity severity = Severity::kMedium;
  IncidentStatus status = IncidentStatus::kOpen;
  int64_t created_by = 0;  // differs from owner when a focal person filed it
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t message_count = 0;
};

struct NewIncident {
  std::string title;        // required
  std::string description;
  std::string category;
  Severity severity = Severity::kMedium;
  // The journalist the incident is about. Defaults to the caller. Filing for
  // someone else needs a focal person, coordinator or admin who can see that
  // user's organisation.
  std::optional<int64_t> owner_user_id;
  // Default to the owner's organisation and country.
  std::optional<int64_t> org_id;
  std::optional<std::string> country;
};

struct Message {
  int64_t id = 0;
  int64_t incident_id = 0;
  std::string text;
  std::string author_handle;
  std::string platform;  // "x", "facebook", "whatsapp", ...
  std::string url;
  int64_t sent_at = 0;   // unix seconds; 0 when unknown
  int64_t added_by = 0;
  int64_t added_at = 0;
};

struct NewMessage {
  std::string text;  // required
  std::string author_handle;
  std::string platform;
  std::string url;
  int64_t sent_at = 0;
};

struct ListQuery {
  std::optional<int64_t> org_id;
  std::optional<std::string> country;
  std::optional<IncidentStatus> status;
  std::optional<int64_t> owner_user_id;
  int64_t before_id = 0;  // paging: only ids < before_id (0: from the newest)
  int limit = 100;        // 1..kMaxListLimit
};

// Incidents: see the file comment. Not copyable or movable.
class Incidents {
 public:
  // Does no I/O. InvalidArgument on a null pointer.
  static Result<std::unique_ptr<Incidents>> Create(
      store::Store* store, const crypto::Keyring* keyring,
      accounts::Accounts* accounts);
  Incidents(const Incidents&) = delete;
  Incidents& operator=(const Incidents&) = delete;
  ~Incidents();

  // Files an incident. InvalidArgument for a missing title or bad fields;
  // NotFound for an unknown owner; PermissionDenied when filing for another
  // user without the right (see NewIncident::owner_user_id).
  Result<Incident> Create(const accounts::Principal& actor,
                          const NewIncident& incident);
  // NotFound / PermissionDenied as in the file comment. Audited.
  Result<Incident> Get(const accounts::Principal& actor, int64_t id);
  // The incidents `actor` may see that match `query`, newest first.
  // InvalidArgument for a bad limit. Titles are opened; descriptions too.
  Result<std::vector<Incident>> List(const accounts::Principal& actor,
                                     const ListQuery& query);
  // Changes the status (owner, or a person who may see it and is not a
  // member/journalist). Audited "incident.status_changed".
  Status SetStatus(const accounts::Principal& actor, int64_t id,
                   IncidentStatus status);
  // Adds messages in one transaction (all or none). Owner, admin,
  // coordinator or focal person in scope. Returns the new ids in order.
  // InvalidArgument for an empty batch, more than kMaxMessagesPerCall, or a
  // bad field (the message's index is in the error).
  Result<std::vector<int64_t>> AddMessages(
      const accounts::Principal& actor, int64_t incident_id,
      const std::vector<NewMessage>& messages);
  // Messages of an incident in the order added; `offset`/`limit` page them
  // (limit 1..kMaxListLimit). Audited.
  Result<std::vector<Message>> ListMessages(const accounts::Principal& actor,
                                            int64_t incident_id,
                                            int64_t offset = 0,
                                            int limit = kMaxListLimit);
  // Whether `actor` may see `incident` (the rule in the file comment).
  static bool CanSee(const accounts::Principal& actor,
                     const Incident& incident);

  // Re-seals every sealed column not under the keyring's primary key.
  // Returns the number of values rewritten.
  Result<int64_t> ReencryptAll();

 private:
  class Impl;
  explicit Incidents(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byteback::incidents

#endif  // BYTEBACK_INCIDENTS_INCIDENTS_H_
