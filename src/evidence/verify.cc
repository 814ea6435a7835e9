// verify.cc: offline verification of a complaint pack
// (docs/EVIDENCE.md#verify). Only the ZIP and optionally a public key are
// needed. The checks run in a fixed order so the first problem reported is
// the most telling one: the order and completeness of the items, then per
// item (in manifest order) agreement with chain.json, its fields, its link,
// its entry hash and its original file, then the count, head and signature,
// then the report and stray files. Every problem is collected; the first one
// becomes first_problem.
#include <map>
#include <set>

#include "crypto/crypto.h"
#include "evidence/evidence.h"
#include "evidence/evidence_internal.h"

namespace byteback::evidence {
namespace {

// A hostile manifest can produce a problem per item; keep the report small.
constexpr size_t kMaxProblems = 1000;

class Problems {
 public:
  explicit Problems(VerifyReport* r) : r_(r) {}
  // Notes how many problems were left out; call once, at the end.
  void Finish() {
    if (dropped_ > 0)
      r_->problems.push_back("... and " + std::to_string(dropped_) +
                             " more problems");
  }
  void Add(uint64_t seq, std::string text) {
    if (r_->problems.empty()) {
      r_->first_problem = text;
      r_->first_bad_seq = seq;
    }
    if (r_->problems.size() < kMaxProblems)
      r_->problems.push_back(std::move(text));
    else
      ++dropped_;
  }

 private:
  VerifyReport* r_;
  uint64_t dropped_ = 0;
};

std::string ItemLabel(uint64_t seq, const std::string& file) {
  return "item " + std::to_string(seq) + (file.empty() ? "" : " (" + file + ")");
}

// Order and completeness of the seq numbers 1..count.
void CheckOrder(const PackManifest& m, Problems& p) {
  std::map<uint64_t, size_t> first_pos;
  for (size_t i = 0; i < m.entries.size(); ++i) {
    const uint64_t seq = m.entries[i].item.seq;
    if (!first_pos.emplace(seq, i).second)
      p.Add(seq, "item " + std::to_string(seq) + " listed twice");
  }
  std::set<uint64_t> reported;
  for (size_t i = 0; i < m.entries.size(); ++i) {
    const uint64_t want = i + 1, got = m.entries[i].item.seq;
    if (got == want || reported.count(want)) continue;
    auto it = first_pos.find(want);
    if (it != first_pos.end() && it->second > i) {
      p.Add(std::min(want, got), "items " + std::to_string(std::min(want, got)) +
                                     " and " + std::to_string(std::max(want, got)) +
                                     " out of order");
      reported.insert(want);
      reported.insert(got);
    } else if (it == first_pos.end()) {
      p.Add(want, "item " + std::to_string(want) + " missing");
      reported.insert(want);
    }
  }
  const uint64_t n = m.entries.size();
  for (uint64_t seq = n + 1; seq <= m.count && seq <= kMaxItems; ++seq) {
    if (!first_pos.count(seq) && !reported.count(seq))
      p.Add(seq, "item " + std::to_string(seq) + " missing");
  }
  for (const auto& [seq, pos] : first_pos)
    if (seq > std::max<uint64_t>(m.count, n) || seq == 0)
      p.Add(seq, "item " + std::to_string(seq) + " is not part of the chain (count " +
                     std::to_string(m.count) + ")");
}

// The first differing field of two entries, or "".
std::string FirstDifference(const ChainEntry& a, const ChainEntry& b) {
  if (a.item.seq != b.item.seq) return "seq";
  if (a.item.kind != b.item.kind) return "kind";
  if (a.item.sha256 != b.item.sha256) return "sha256";
  if (a.item.captured_at != b.item.captured_at) return "captured_at";
  if (a.item.captured_by != b.item.captured_by) return "captured_by";
  if (a.item.name != b.item.name) return "name";
  if (a.item.mime != b.item.mime) return "mime";
  if (a.item.size != b.item.size) return "size";
  if (a.prev_hash != b.prev_hash) return "prev_hash";
  if (a.hash != b.hash) return "hash";
  return "";
}

void CheckAgainstChainJson(const PackManifest& m, const PackManifest& c,
                           Problems& p) {
  for (size_t i = 0; i < m.entries.size(); ++i) {
    const uint64_t seq = m.entries[i].item.seq;
    if (i >= c.entries.size()) {
      p.Add(seq, "item " + std::to_string(seq) + ": not in chain.json");
      continue;
    }
    const std::string field = FirstDifference(m.entries[i], c.entries[i]);
    if (!field.empty())
      p.Add(seq, "item " + std::to_string(seq) +
                     ": manifest.json and chain.json differ (" + field + ")");
  }
  if (c.entries.size() > m.entries.size())
    p.Add(c.entries[m.entries.size()].item.seq,
          "item " + std::to_string(c.entries[m.entries.size()].item.seq) +
              ": in chain.json but not in manifest.json");
  if (c.incident_id != m.incident_id || c.count != m.count ||
      c.head != m.head || c.public_key != m.public_key ||
      c.signature != m.signature)
    p.Add(0, "manifest.json and chain.json differ in the signed head");
}

// Streams the original through SHA-256 and compares hash and size.
void CheckFile(const SafeArchive& zip, const ChainEntry& e,
               const std::string& file, VerifyReport* r, Problems& p) {
  const uint64_t seq = e.item.seq;
  const std::string label = ItemLabel(seq, file);
  if (file.rfind("files/", 0) != 0) {
    p.Add(seq, label + ": file name outside files/");
    return;
  }
  const ArchiveEntry* entry = zip.Find(file);
  if (entry == nullptr || entry->is_dir) {
    p.Add(seq, label + ": file missing from the pack");
    return;
  }
  Sha256Hasher h(kMaxItemBytes);
  Status s = zip.Stream(*entry, [&](std::string_view c) { return h.Update(c); });
  if (!s.ok()) {
    p.Add(seq, label + ": unreadable: " + s.message());
    return;
  }
  if (h.Finish() != e.item.sha256) {
    p.Add(seq, label + ": sha256 mismatch");
  } else if (h.bytes() != e.item.size) {
    p.Add(seq, label + ": size mismatch");
  } else {
    ++r->files_checked;
  }
}

void CheckItems(const SafeArchive& zip, const PackManifest& m, VerifyReport* r,
                Problems& p) {
  std::string prev(kGenesisHash);
  // Each original belongs to one item: a manifest naming one big file for
  // every item must not make us hash it thousands of times.
  std::map<std::string, uint64_t> owner;
  for (size_t i = 0; i < m.entries.size(); ++i) {
    const ChainEntry& e = m.entries[i];
    const uint64_t seq = e.item.seq;
    const std::string label = ItemLabel(seq, m.files[i]);
    if (Status s = ValidateItem(e.item); !s.ok())
      p.Add(seq, label + ": malformed: " + s.message());
    if (e.prev_hash != prev)
      p.Add(seq, label + (i == 0 ? ": chain does not start at the genesis hash"
                                 : ": chain link broken (prev_hash is not the "
                                   "hash of the item before)"));
    if (EntryHash(e.prev_hash, e.item) != e.hash)
      p.Add(seq, label + ": entry hash mismatch (its recorded fields changed)");
    auto [it, fresh] = owner.emplace(m.files[i], seq);
    if (fresh)
      CheckFile(zip, e, m.files[i], r, p);
    else
      p.Add(seq, label + ": file already belongs to item " +
                     std::to_string(it->second));
    prev = e.hash;
  }
  if (m.count != m.entries.size())
    p.Add(0, "count is " + std::to_string(m.count) + " but the pack lists " +
                 std::to_string(m.entries.size()) + " items");
  if (m.head != prev) p.Add(0, "head is not the hash of the last item");
}

void CheckSignatures(const SafeArchive& zip, const PackManifest& m,
                     const std::optional<std::string>& trusted,
                     VerifyReport* r, Problems& p) {
  if (!internal::IsHex(m.public_key, 64)) {
    p.Add(0, "public key malformed");
    return;
  }
  if (trusted.has_value()) {
    r->key_trusted = crypto::ConstantTimeEquals(*trusted, m.public_key);
    if (!r->key_trusted)
      p.Add(0, "pack signed by key " + m.public_key +
                   ", not by the trusted key " + *trusted);
  }
  if (!crypto::VerifySignature(
          m.public_key, HeadMessage(m.incident_id, m.count, m.head),
          m.signature))
    p.Add(0, "signature invalid");
  if (m.report_file.empty()) return;
  r->has_report = true;
  const ArchiveEntry* entry = zip.Find(m.report_file);
  if (m.report_file != "report.pdf" || entry == nullptr) {
    p.Add(0, "report " + m.report_file + " missing from the pack");
    return;
  }
  Sha256Hasher h(kMaxItemBytes);
  Status s = zip.Stream(*entry, [&](std::string_view c) { return h.Update(c); });
  if (!s.ok() || h.Finish() != m.report_sha256)
    p.Add(0, "report.pdf: sha256 mismatch");
  if (!crypto::VerifySignature(
          m.public_key, ReportMessage(m.incident_id, m.head, m.report_sha256),
          m.report_signature))
    p.Add(0, "report signature invalid");
}

void CheckStrayFiles(const SafeArchive& zip, const PackManifest& m,
                     Problems& p) {
  std::set<std::string> known(m.files.begin(), m.files.end());
  known.insert({"manifest.json", "chain.json"});
  if (!m.report_file.empty()) known.insert(m.report_file);
  for (const ArchiveEntry& e : zip.entries())
    if (!e.is_dir && !known.count(e.name))
      p.Add(0, "unexpected file " + e.name + " in the pack");
}

}  // namespace

Result<VerifyReport> VerifyPack(const std::string& path,
                                const std::optional<std::string>& trusted,
                                const ArchiveLimits& limits) {
  if (trusted.has_value() && !internal::IsHex(*trusted, 64))
    return Status::InvalidArgument(
        "trusted public key must be 64 lower-case hex characters");
  BB_ASSIGN_OR_RETURN(SafeArchive zip, SafeArchive::Open(path, limits));
  const ArchiveEntry* man = zip.Find("manifest.json");
  if (man == nullptr)
    return Status::InvalidArgument("'" + path +
                                   "' is not an evidence pack: no manifest.json");
  BB_ASSIGN_OR_RETURN(std::string man_text, zip.Read(*man, kMaxMetadataBytes));
  BB_ASSIGN_OR_RETURN(PackManifest m, ParseManifest(man_text));
  VerifyReport r;
  Problems p(&r);
  r.incident_id = m.incident_id;
  r.items = m.entries.size();
  r.head = m.head;
  r.public_key = m.public_key;
  CheckOrder(m, p);
  const ArchiveEntry* ch = zip.Find("chain.json");
  if (ch == nullptr) {
    p.Add(0, "chain.json missing from the pack");
  } else {
    Result<std::string> text = zip.Read(*ch, kMaxMetadataBytes);
    Result<PackManifest> c =
        text.ok() ? ParseChainJson(*text) : Result<PackManifest>(text.status());
    if (!c.ok())
      p.Add(0, c.status().message());
    else
      CheckAgainstChainJson(m, *c, p);
  }
  CheckItems(zip, m, &r, p);
  CheckSignatures(zip, m, trusted, &r, p);
  CheckStrayFiles(zip, m, p);
  p.Finish();
  r.ok = r.problems.empty();
  return r;
}

}  // namespace byteback::evidence
