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
//     members of the owner's own organisation: victims decide who knows;
//   - the owner decides further: a 'private' incident is seen only by her and
//     the reviewers she names (not even admins); she can hand review to a
//     trusted person and take it back (AddReviewer / RemoveReviewer);
//   - export and deletion belong to the owner alone; deletion removes
//     everything and keeps only the audit entry that it happened.
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
#include "evidence/evidence.h"

namespace byteback::store {
class Store;
}  // namespace byteback::store
namespace byteback::crypto {
class Keyring;
class Signer;
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
inline constexpr size_t kMaxMessagesPerImport = 50000;
inline constexpr int kMaxListLimit = 500;
inline constexpr size_t kMaxOutcomeBytes = 20000;
inline constexpr size_t kMaxTargetBytes = 2000;
inline constexpr size_t kMaxPseudonymBytes = 100;
inline constexpr size_t kMaxDestinationBytes = 200;
inline constexpr size_t kMaxReferenceBytes = 500;
inline constexpr size_t kMaxResponseBytes = 20000;
// Largest total of originals one complaint pack built by the server holds.
inline constexpr uint64_t kMaxPackBytes = uint64_t{512} << 20;
// A complaint's default follow-up: two weeks after filing.
inline constexpr int64_t kDefaultFollowUpSeconds = 14 * 24 * 3600;

// The categories of the Byte Back campaign's incidents.
inline constexpr std::string_view kCategories[] = {
    "sexual_harassment", "threats",  "doxxing", "impersonation", "slurs",
    "pile_on",           "non_consensual_images", "other"};
// InvalidArgument naming the accepted values unless `c` is one of them or "".
Status CheckCategory(std::string_view c);

enum class Visibility { kNetwork, kPrivate };
// "network", "private".
std::string_view VisibilityName(Visibility v);
Result<Visibility> ParseVisibility(std::string_view name);

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
  Visibility visibility = Visibility::kNetwork;
  std::string pseudonym;    // shown instead of the owner's name when set
  std::string language;     // BCP-47 of the abuse, e.g. "ur", "hi-Latn"
  std::string platforms;    // comma-separated: "x,facebook,whatsapp"
  std::string target_kind = "self";  // "self" or "group"
  std::string target;       // who is targeted, when a group (sealed)
  int64_t occurred_at = 0;  // when it started (unix seconds; 0 unknown)
  std::string outcome;      // what came of it (sealed)
  std::vector<int64_t> reviewer_ids;  // active reviewers named by the owner
};

// Fields the owner (or someone who may see the incident and manage it) may
// change; unset fields stay. Visibility and pseudonym: the owner only.
struct IncidentUpdate {
  std::optional<std::string> title, description, category, language, platforms, target_kind,
      target, outcome, pseudonym;
  std::optional<Severity> severity;
  std::optional<Visibility> visibility;
  std::optional<int64_t> occurred_at;
};

struct Reviewer {
  int64_t user_id = 0;
  int64_t granted_by = 0;
  int64_t granted_at = 0;
  std::optional<int64_t> revoked_at;
};

enum class ComplaintStatus { kFiled, kAnswered, kClosed };
// "filed", "answered", "closed".
std::string_view ComplaintStatusName(ComplaintStatus s);
Result<ComplaintStatus> ParseComplaintStatus(std::string_view name);

struct Complaint {
  int64_t id = 0;
  int64_t incident_id = 0;
  std::string destination;  // "pk-fia", "x", free text: to whom
  int64_t filed_at = 0;
  std::string reference;    // the reference number they gave (sealed)
  std::string response;     // their answer (sealed)
  int64_t follow_up_at = 0; // when to chase them (0: no reminder)
  ComplaintStatus status = ComplaintStatus::kFiled;
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct NewComplaint {
  std::string destination;  // required
  int64_t filed_at = 0;     // 0: now
  std::string reference;
  std::optional<int64_t> follow_up_at;  // default filed_at + kDefaultFollowUpSeconds
};

struct ComplaintUpdate {
  std::optional<std::string> reference, response;
  std::optional<int64_t> follow_up_at;
  std::optional<ComplaintStatus> status;
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
  Visibility visibility = Visibility::kNetwork;
  std::string pseudonym;
  std::string language;
  std::string platforms;
  std::string target_kind = "self";
  std::string target;
  int64_t occurred_at = 0;
};

// The Shield's verdict on a message, as stored with it.
struct MessageScore {
  std::string lang;
  std::string scores;  // "abusive=0.91,gendered=0.8,..." (label=score, 4 decimals)
  std::string labels;  // "abusive,gendered"
  int max_severity = 0;  // highest lexicon severity found (0-3)
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
  MessageScore score;
  std::string source;  // "api", "paste", "import:<format>", "url", "ocr"
};

struct NewMessage {
  std::string text;  // required
  std::string author_handle;
  std::string platform;
  std::string url;
  int64_t sent_at = 0;
  MessageScore score;         // filled by the caller that scanned it
  std::string source = "api";
};

// An upload to an incident's evidence log.
struct NewEvidence {
  std::string name;           // original file name
  std::string declared_mime;  // the Content-Type it came with
  std::string bytes;          // the original, at most evidence::kMaxItemBytes
};

// One item of the evidence log with its original bytes.
struct EvidenceContent {
  evidence::ChainEntry entry;
  std::optional<int64_t> message_id;  // for messages: the message it records
  std::string bytes;
};

// Everything about one incident, for its owner (Export).
struct IncidentExport {
  Incident incident;
  std::vector<Message> messages;
  std::vector<Complaint> complaints;
  std::vector<Reviewer> reviewers;
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
  // The same for a whole platform export: up to kMaxMessagesPerImport in one
  // transaction, the evidence chain loaded and checked once.
  Result<std::vector<int64_t>> ImportMessages(
      const accounts::Principal& actor, int64_t incident_id,
      const std::vector<NewMessage>& messages);
  // Messages of an incident in the order added; `offset`/`limit` page them
  // (limit 1..kMaxListLimit). Audited.
  Result<std::vector<Message>> ListMessages(const accounts::Principal& actor,
                                            int64_t incident_id,
                                            int64_t offset = 0,
                                            int limit = kMaxListLimit);
  // Changes the fields set in `update`. Owner, reviewer, or a manager who
  // may see it; visibility and pseudonym only the owner. Audited.
  Result<Incident> Update(const accounts::Principal& actor, int64_t id,
                          const IncidentUpdate& update);

  // The owner hands review (see, add messages, change status, record
  // complaints) to `user_id`, or takes it back. Owner only; NotFound for an
  // unknown user. Adding an active reviewer again is OK. Audited.
  Status AddReviewer(const accounts::Principal& actor, int64_t id, int64_t user_id);
  Status RemoveReviewer(const accounts::Principal& actor, int64_t id, int64_t user_id);
  Result<std::vector<Reviewer>> ListReviewers(const accounts::Principal& actor, int64_t id);

  // Complaints: whoever may see the incident and is not a plain member.
  Result<Complaint> AddComplaint(const accounts::Principal& actor, int64_t incident_id,
                                 const NewComplaint& complaint);
  Result<Complaint> UpdateComplaint(const accounts::Principal& actor, int64_t complaint_id,
                                    const ComplaintUpdate& update);
  Result<std::vector<Complaint>> ListComplaints(const accounts::Principal& actor,
                                                int64_t incident_id);
  // Open complaints whose follow-up is due by `now`, of the incidents the
  // actor owns or reviews (the reminders).
  Result<std::vector<Complaint>> DueComplaints(const accounts::Principal& actor, int64_t now);

  // ---- evidence log (docs/EVIDENCE.md) ----------------------------------
  // Every message added is also recorded in the incident's hash chain (its
  // canonical JSON: text, handle, platform, URL, time). Files (screenshots,
  // exports) are recorded by AddEvidence after evidence::CheckUpload (the
  // real type must match the declared one). Whoever may add messages may add
  // evidence. Appends to one chain are serialised by the (incident, seq) key.
  Result<evidence::ChainEntry> AddEvidence(const accounts::Principal& actor, int64_t incident_id,
                                           const NewEvidence& upload);
  // The chain entries, in order, re-verified. Audited "evidence.listed".
  Result<std::vector<evidence::ChainEntry>> ListEvidence(const accounts::Principal& actor,
                                                         int64_t incident_id);
  // One item and its original bytes. Audited "evidence.viewed".
  Result<EvidenceContent> GetEvidence(const accounts::Principal& actor, int64_t incident_id,
                                      uint64_t seq);
  // The complaint pack ZIP (manifest, originals, signed chain, `report_pdf`
  // when given). The pack names the incident "incident-<id>", never its
  // owner. Audited "evidence.pack".
  Result<std::string> BuildPack(const accounts::Principal& actor, int64_t incident_id,
                                const crypto::Signer& signer, std::string report_pdf);

  // Everything about the incident, opened. Owner only. Audited.
  Result<IncidentExport> Export(const accounts::Principal& actor, int64_t id);
  // Deletes the incident, its messages, reviewers and complaints. Owner
  // only. The audit entry "incident.deleted" is all that remains.
  Status Delete(const accounts::Principal& actor, int64_t id);

  // Whether `actor` may see `incident` (the rule in the file comment).
  static bool CanSee(const accounts::Principal& actor,
                     const Incident& incident);

  // Re-seals every sealed column not under the keyring's primary key.
  // Returns the number of values rewritten.
  Result<int64_t> ReencryptAll();

 private:
  class Impl;
  explicit Incidents(std::unique_ptr<Impl> impl);
  Result<std::vector<int64_t>> AddMessagesUpTo(const accounts::Principal& actor, int64_t incident_id,
                                               const std::vector<NewMessage>& messages);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byteback::incidents

#endif  // BYTEBACK_INCIDENTS_INCIDENTS_H_
