// evidence_log.cc: each incident's tamper-evident evidence log, stored in
// incident_evidence (the chain entries, exactly as hashed) and
// incident_evidence_blobs (the originals, sealed). The chain math, upload
// checks and pack format are the evidence module's (docs/EVIDENCE.md).
#include <nlohmann/json.hpp>

#include <ctime>

#include "incidents/incidents.h"
#include "incidents/incidents_internal.h"

namespace byteback::incidents {

using accounts::Principal;
using accounts::SealAad;

namespace internal {

std::string Rfc3339(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<evidence::Chain> LoadChain(soci::session& sql, int64_t incident_id) {
  std::vector<evidence::ChainEntry> entries;
  evidence::ChainEntry e;
  long long seq = 0, size = 0;
  std::string kind;
  soci::statement st =
      (sql.prepare << "SELECT seq, kind, sha256, captured_at, captured_by, name, mime, size, prev_hash, "
                      "hash FROM incident_evidence WHERE incident_id = :i ORDER BY seq",
       soci::into(seq), soci::into(kind), soci::into(e.item.sha256), soci::into(e.item.captured_at),
       soci::into(e.item.captured_by), soci::into(e.item.name), soci::into(e.item.mime), soci::into(size),
       soci::into(e.prev_hash), soci::into(e.hash), soci::use(incident_id));
  st.execute();
  while (st.fetch()) {
    e.item.seq = static_cast<uint64_t>(seq);
    e.item.size = static_cast<uint64_t>(size);
    BB_ASSIGN_OR_RETURN(e.item.kind, evidence::ParseItemKind(kind));
    entries.push_back(e);
  }
  auto chain = evidence::Chain::FromEntries(std::move(entries));
  if (!chain.ok()) {
    return Status::Corruption("the evidence log of incident " + std::to_string(incident_id) +
                              " does not verify: " + chain.status().message());
  }
  return chain;
}

Result<evidence::ChainEntry> StoreEvidence(soci::session& sql, const crypto::Keyring& keyring,
                                           int64_t incident_id, evidence::Chain* chain,
                                           evidence::EvidenceItem item, std::string_view content,
                                           std::optional<int64_t> message_id) {
  item.seq = 0;
  item.size = content.size();
  BB_ASSIGN_OR_RETURN(evidence::ChainEntry e, chain->Append(std::move(item)));
  const long long seq = static_cast<long long>(e.item.seq);
  const long long size = static_cast<long long>(e.item.size);
  std::string kind(evidence::ItemKindName(e.item.kind));
  long long msg = message_id.value_or(0);
  soci::indicator msg_ind = message_id ? soci::i_ok : soci::i_null;
  int64_t id = 0;
  sql << "INSERT INTO incident_evidence (incident_id, seq, kind, sha256, captured_at, captured_by, name, "
         "mime, size, prev_hash, hash, message_id) VALUES (:i, :s, :k, :h, :a, :b, :n, :m, :z, :p, :x, :g) "
         "RETURNING id",
      soci::use(incident_id), soci::use(seq), soci::use(kind), soci::use(e.item.sha256),
      soci::use(e.item.captured_at), soci::use(e.item.captured_by), soci::use(e.item.name),
      soci::use(e.item.mime), soci::use(size), soci::use(e.prev_hash), soci::use(e.hash),
      soci::use(msg, msg_ind), soci::into(id);
  BB_ASSIGN_OR_RETURN(std::string sealed,
                      keyring.Seal(content, SealAad("incident_evidence_blobs", "content", id)));
  sql << "INSERT INTO incident_evidence_blobs (evidence_id, content_sealed) VALUES (:e, :c)",
      soci::use(id), soci::use(sealed);
  return e;
}

std::string MessageEvidenceBytes(const NewMessage& m, int64_t message_id) {
  nlohmann::ordered_json j = {{"message_id", message_id}, {"text", m.text},
                              {"author_handle", m.author_handle}, {"platform", m.platform},
                              {"url", m.url}, {"sent_at", m.sent_at}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

std::string CapturedBy(const Principal& actor) { return "user:" + std::to_string(actor.user_id); }

}  // namespace internal

Result<evidence::ChainEntry> Incidents::AddEvidence(const Principal& actor, int64_t incident_id,
                                                    const NewEvidence& upload) {
  BB_ASSIGN_OR_RETURN(evidence::CheckedUpload checked,
                      evidence::CheckUpload(upload.declared_mime, upload.name, upload.bytes));
  // Whoever may see the incident may add to it, as for messages.
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, incident_id, "/evidence"));
  evidence::EvidenceItem item;
  item.kind = checked.mime.rfind("image/", 0) == 0 ? evidence::ItemKind::kScreenshot : evidence::ItemKind::kFile;
  item.sha256 = checked.sha256;
  item.captured_at = internal::Rfc3339(impl_->accounts->Now());
  item.captured_by = internal::CapturedBy(actor);
  item.name = upload.name.empty() ? "upload" : upload.name;
  item.mime = checked.mime;
  evidence::ChainEntry out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(evidence::Chain chain, internal::LoadChain(sql, incident_id));
    BB_ASSIGN_OR_RETURN(out, internal::StoreEvidence(sql, *impl_->keyring, incident_id, &chain, item,
                                                     upload.bytes, std::nullopt));
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(actor, "evidence.added", incident_id, inc.org_id,
                                  "{\"seq\":" + std::to_string(out.item.seq) + "}"));
  return out;
}

Result<std::vector<evidence::ChainEntry>> Incidents::ListEvidence(const Principal& actor,
                                                                  int64_t incident_id) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, incident_id, "/evidence"));
  std::vector<evidence::ChainEntry> out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(evidence::Chain chain, internal::LoadChain(sql, incident_id));
    out = chain.entries();
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(actor, "evidence.listed", incident_id, inc.org_id));
  return out;
}

namespace {

Result<std::vector<EvidenceContent>> LoadContents(soci::session& sql, const crypto::Keyring& keyring,
                                                  int64_t incident_id, uint64_t only_seq) {
  BB_ASSIGN_OR_RETURN(evidence::Chain chain, internal::LoadChain(sql, incident_id));
  std::vector<EvidenceContent> out;
  for (const evidence::ChainEntry& e : chain.entries()) {
    if (only_seq != 0 && e.item.seq != only_seq) continue;
    int64_t id = 0;
    long long msg = 0;
    soci::indicator msg_ind = soci::i_null;
    std::string sealed;
    const long long seq = static_cast<long long>(e.item.seq);
    sql << "SELECT e.id, e.message_id, b.content_sealed FROM incident_evidence e JOIN "
           "incident_evidence_blobs b ON b.evidence_id = e.id WHERE e.incident_id = :i AND e.seq = :s",
        soci::into(id), soci::into(msg, msg_ind), soci::into(sealed), soci::use(incident_id), soci::use(seq);
    if (!sql.got_data()) {
      return Status::Corruption("evidence item " + std::to_string(e.item.seq) + " has lost its original");
    }
    EvidenceContent c;
    c.entry = e;
    if (msg_ind == soci::i_ok) c.message_id = msg;
    BB_ASSIGN_OR_RETURN(c.bytes, keyring.Open(sealed, SealAad("incident_evidence_blobs", "content", id)));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

Result<EvidenceContent> Incidents::GetEvidence(const Principal& actor, int64_t incident_id, uint64_t seq) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, incident_id, "/evidence"));
  if (seq == 0) return Status::NotFound("no such evidence item");
  std::vector<EvidenceContent> found;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(found, LoadContents(sql, *impl_->keyring, incident_id, seq));
    return Status::Ok();
  }));
  if (found.empty()) return Status::NotFound("no evidence item " + std::to_string(seq));
  BB_RETURN_IF_ERROR(impl_->Audit(actor, "evidence.viewed", incident_id, inc.org_id,
                                  "{\"seq\":" + std::to_string(seq) + "}"));
  return std::move(found.front());
}

Result<std::string> Incidents::BuildPack(const Principal& actor, int64_t incident_id,
                                         const crypto::Signer& signer, std::string report_pdf) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, incident_id, "/pack"));
  // A pack is built in memory (originals + the ZIP): bound it before opening anything.
  uint64_t total = 0;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    soci::indicator ind = soci::i_null;
    long long sum = 0;
    sql << "SELECT SUM(size) FROM incident_evidence WHERE incident_id = :i", soci::into(sum, ind),
        soci::use(incident_id);
    total = ind == soci::i_ok ? static_cast<uint64_t>(sum) : 0;
    return Status::Ok();
  }));
  if (total > kMaxPackBytes) {
    return Status::FailedPrecondition("the evidence of this incident (" + std::to_string(total >> 20) +
                                      " MiB) is more than one pack holds (" + std::to_string(kMaxPackBytes >> 20) +
                                      " MiB): export the incident and its originals instead (GET /api/v1/incidents/{id}/export and /evidence/{seq})");
  }
  std::vector<EvidenceContent> all;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(all, LoadContents(sql, *impl_->keyring, incident_id, 0));
    return Status::Ok();
  }));
  if (all.empty()) return Status::FailedPrecondition("this incident has no evidence yet");
  evidence::PackInput in;
  in.incident_id = "incident-" + std::to_string(incident_id);
  for (EvidenceContent& c : all) {
    in.items.push_back(c.entry.item);
    in.contents.push_back(std::move(c.bytes));
  }
  in.report_pdf = std::move(report_pdf);
  in.generated_at = internal::Rfc3339(impl_->accounts->Now());
  BB_ASSIGN_OR_RETURN(std::string zip, evidence::BuildPack(in, signer));
  BB_RETURN_IF_ERROR(impl_->Audit(actor, "evidence.pack", incident_id, inc.org_id,
                                  "{\"items\":" + std::to_string(in.items.size()) + "}"));
  return zip;
}

}  // namespace byteback::incidents
