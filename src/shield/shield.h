// shield.h: the running Shield service: the detector every request scans
// with, its hot reload, and the community lexicon that focal persons grow.
//
// Flow: Shield::Open() loads the shipped model file and lexicon folder, adds
// the community terms approved in the store, and builds a detect::Detector.
// Requests call Scan() (or detector() for a batch): each thread keeps its own
// detect::Scratch, rebuilt when the detector changes. Reload() reads the
// files and the store again and builds a new Detector; only when that
// succeeds is it published (an atomic shared_ptr swap), so a bad model file
// or lexicon is rejected with its error while the old detector keeps serving,
// and scans already running finish on the detector they started with.
//
// Community lexicon (docs/API.md#community-lexicon): a focal person (or a
// coordinator, or an admin) proposes a term for a language; a coordinator or
// an admin approves or rejects it. Every approval, retirement or rollback
// makes a new numbered version that records the full set of active terms, so
// any earlier version can be restored (Rollback makes a new version equal to
// it: history is never rewritten). A decision first builds the detector with
// the new set, and is committed only if that works; then the new detector is
// published at once. Other servers sharing a PostgreSQL database pick the
// change up through RefreshIfChanged() (called periodically by `serve`).
// Every change is written to the audit log.
//
// Thread safety: all methods may be called concurrently. Reloads are
// serialised by an internal mutex; scans take no lock (one atomic load).
#ifndef BYTEBACK_SHIELD_SHIELD_H_
#define BYTEBACK_SHIELD_SHIELD_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/accounts.h"
#include "core/status.h"
#include "detect/detect.h"

namespace byteback::store {
class Store;
}  // namespace byteback::store

namespace byteback::shield {

// Limits of a community term; longer input gets InvalidArgument.
inline constexpr size_t kMaxTermBytes = 200;
inline constexpr size_t kMaxNotesBytes = 1000;
inline constexpr size_t kMaxReasonBytes = 1000;
inline constexpr int kMaxListLimit = 500;

struct ShieldOptions {
  std::string model_path;   // a .bbm file (detect::Model)
  std::string lexicon_dir;  // a folder of lexicon .tsv files
  detect::DetectOptions detect;
};

// What the running detector was built from.
struct DetectorInfo {
  uint64_t generation = 0;      // increases with every successful (re)load
  std::string model_version;    // detect::Model::version
  size_t lexicon_entries = 0;   // files + community
  size_t community_terms = 0;   // active community terms included
  int64_t community_version = 0;  // 0: none yet
  int64_t loaded_at = 0;        // unix seconds
};

enum class TermStatus { kPending, kApproved, kRejected, kRetired };
// "pending", "approved", "rejected", "retired".
std::string_view TermStatusName(TermStatus s);
Result<TermStatus> ParseTermStatus(std::string_view name);

// A proposed term. Fields as in a lexicon line (docs/ENGINE.md#lexicons).
struct NewTerm {
  std::string term;       // plain form; a trailing '*' makes it a prefix
  std::string lang;       // BCP-47 of a lexicon language: hi, hi-Latn, si, ...
  std::string categories; // comma-separated subset of gendered,threat,insult,identity (may be "")
  int severity = 2;       // 1-3
  std::string notes;      // gloss, context
  std::string country;    // ISO 3166 alpha-2; defaults to the proposer's
};

struct Term {
  int64_t id = 0;
  std::string term;
  std::string lang;
  std::string categories;
  int severity = 2;
  std::string notes;
  std::string country;
  TermStatus status = TermStatus::kPending;
  int64_t proposed_by = 0;
  int64_t proposed_at = 0;
  std::optional<int64_t> decided_by;
  int64_t decided_at = 0;
  std::string reason;  // rejection or retirement reason
};

struct TermQuery {
  std::optional<TermStatus> status;
  std::string lang;     // "" = any
  std::string country;  // "" = any
  int limit = 100;      // 1..kMaxListLimit
  int64_t before_id = 0;  // paging: only ids below this (0 = from the newest)
};

// One version of the community lexicon.
struct Version {
  int64_t version = 0;
  int64_t created_at = 0;
  int64_t created_by = 0;
  std::string action;   // "approve", "retire", "rollback"
  int64_t term_id = 0;  // the term approved or retired (0 for rollback)
  int64_t rolled_back_to = 0;
  std::vector<int64_t> active_ids;  // sorted
};

class Shield {
 public:
  // Loads the files (and, when `store` is not null, the active community
  // terms) and builds the first detector. Errors name the file or term at
  // fault. `store` and `accounts` must outlive the Shield; both may be null
  // for a scan-only Shield (the community methods then return
  // FailedPrecondition).
  static Result<std::unique_ptr<Shield>> Open(const ShieldOptions& options,
                                              store::Store* store,
                                              accounts::Accounts* accounts);
  ~Shield();
  Shield(const Shield&) = delete;
  Shield& operator=(const Shield&) = delete;

  // The detector to scan with now. Holding the pointer keeps that detector
  // alive across a reload.
  std::shared_ptr<const detect::Detector> detector() const;
  DetectorInfo info() const;

  // Scans `text` with the current detector and this thread's scratch.
  void Scan(std::string_view text, detect::Verdict* out) const;
  // The same with a detector the caller holds (a batch scans every message
  // with one detector even if a reload happens meanwhile). The thread's
  // scratch keeps the last detector it scanned with alive until the thread
  // scans with another one.
  static void ScanWith(const std::shared_ptr<const detect::Detector>& detector,
                       std::string_view text, detect::Verdict* out);

  // Re-reads the model file, the lexicon folder and the community terms and
  // publishes the new detector. On any error the old detector stays and the
  // error is returned (and logged by the caller). `why` is logged.
  Result<DetectorInfo> Reload(std::string_view why);
  // Reloads when another server changed the community lexicon (its latest
  // version differs from the one loaded). Returns whether it reloaded.
  Result<bool> RefreshIfChanged();

  // ---- community lexicon -----------------------------------------------
  // Any of admin, coordinator, focal person. A focal person may propose only
  // for its own country. InvalidArgument for a bad field (named), a term that
  // is already active, or one that the engine cannot compile.
  Result<Term> Propose(const accounts::Principal& actor, const NewTerm& term);
  // Admin, coordinator: all; focal person: its country's.
  Result<std::vector<Term>> List(const accounts::Principal& actor, const TermQuery& q);
  Result<Term> Get(const accounts::Principal& actor, int64_t id);
  // Admin or coordinator. Approving adds the term to a new version and
  // publishes the detector before returning; FailedPrecondition when the
  // term is not pending.
  Result<Term> Approve(const accounts::Principal& actor, int64_t id);
  Result<Term> Reject(const accounts::Principal& actor, int64_t id, std::string_view reason);
  // Admin or coordinator: takes an approved term out (new version).
  Result<Term> Retire(const accounts::Principal& actor, int64_t id, std::string_view reason);
  // Newest first. Admin, coordinator, focal person.
  Result<std::vector<Version>> Versions(const accounts::Principal& actor, int limit);
  // Admin or coordinator: makes a new version whose active set equals
  // `version`'s, and publishes it. NotFound for an unknown version.
  Result<Version> Rollback(const accounts::Principal& actor, int64_t version);

 private:
  struct Impl;
  explicit Shield(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byteback::shield

#endif  // BYTEBACK_SHIELD_SHIELD_H_
