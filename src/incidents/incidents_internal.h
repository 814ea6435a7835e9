// incidents_internal.h: what the files of src/incidents share: the Impl
// (store, keyring, accounts, audit), input checks and the incident loader.
// Thread safety: as Incidents (no mutable state).
#ifndef BYTEBACK_INCIDENTS_INCIDENTS_INTERNAL_H_
#define BYTEBACK_INCIDENTS_INCIDENTS_INTERNAL_H_

#include <soci/soci.h>

#include <string>
#include <string_view>
#include <vector>

#include "crypto/crypto.h"
#include "incidents/incidents.h"
#include "store/store.h"

namespace byteback::incidents {

class Incidents::Impl {
 public:
  Impl(store::Store* s, const crypto::Keyring* k, accounts::Accounts* a)
      : store(s), keyring(k), accounts(a) {}

  Status Audit(const accounts::Principal& actor, std::string_view action, int64_t id,
               std::optional<int64_t> org_id, std::string detail = "{}") const;

  // Loads incident `id` and checks `actor` may see it: NotFound for an
  // unknown id; PermissionDenied (audited) otherwise. `what` names the
  // resource in the audit entry.
  Result<Incident> LoadVisible(const accounts::Principal& actor, int64_t id,
                               std::string_view what) const;

  store::Store* const store;
  const crypto::Keyring* const keyring;
  accounts::Accounts* const accounts;
};

namespace internal {

// Checks that `text` is valid UTF-8 of at most `max` bytes (and present when
// `required`); `field` names it in the error.
Status CheckText(std::string_view field, std::string_view text, size_t max, bool required);
// "" or two letters, upper-cased; anything else is InvalidArgument.
Result<std::string> NormalizeCountry(std::string_view c);
// Checks the case-file fields of an incident (language tag, platforms list,
// target kind and text, pseudonym, time).
Status CheckCaseFields(std::string_view language, std::string_view platforms,
                       std::string_view target_kind, std::string_view target,
                       std::string_view pseudonym, int64_t occurred_at);
// Runs the incident SELECT + `tail` (a WHERE/ORDER clause built from
// integers and validated codes only) and opens every row, with its active
// reviewers.
Result<std::vector<Incident>> LoadIncidents(soci::session& sql, const crypto::Keyring& keyring,
                                            const std::string& tail);
Result<Incident> LoadIncident(soci::session& sql, const crypto::Keyring& keyring, int64_t id);

// "YYYY-MM-DDTHH:MM:SSZ" of a unix time.
std::string Rfc3339(int64_t unix_seconds);
// "user:<id>": who captured an item, in the chain.
std::string CapturedBy(const accounts::Principal& actor);
// The incident's evidence chain, every link re-checked (Corruption naming
// the first bad entry).
Result<evidence::Chain> LoadChain(soci::session& sql, int64_t incident_id);
// Appends `item` (seq and size assigned) with its original `content` to
// `chain` and stores the entry and the sealed original.
Result<evidence::ChainEntry> StoreEvidence(soci::session& sql, const crypto::Keyring& keyring,
                                           int64_t incident_id, evidence::Chain* chain,
                                           evidence::EvidenceItem item, std::string_view content,
                                           std::optional<int64_t> message_id);
// The bytes recorded in the chain for a message: its canonical JSON.
std::string MessageEvidenceBytes(const NewMessage& m, int64_t message_id);

}  // namespace internal
}  // namespace byteback::incidents

#endif  // BYTEBACK_INCIDENTS_INCIDENTS_INTERNAL_H_
