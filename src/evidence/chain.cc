// chain.cc: evidence items, the canonical entry encoding, the hash chain and
// the signed head. See docs/EVIDENCE.md#entry-hash and #signature: another
// implementation must produce the same bytes, so the encoding is plain
// length-prefixed fields with no optional parts.
#include <ctime>
#include <initializer_list>

#include "core/utf8.h"
#include "crypto/crypto.h"
#include "evidence/evidence.h"
#include "evidence/evidence_internal.h"

namespace byteback::evidence {
namespace {

constexpr std::string_view kEntryTag = "byteback-evidence-entry-v1";
constexpr std::string_view kHeadTag = "byteback-evidence-head-v1";
constexpr std::string_view kReportTag = "byteback-evidence-report-v1";

// Appends an 8-byte big-endian length and the bytes.
void PutField(std::string_view field, std::string* out) {
  uint64_t n = field.size();
  for (int shift = 56; shift >= 0; shift -= 8)
    out->push_back(static_cast<char>((n >> shift) & 0xff));
  out->append(field);
}

std::string Encode(std::initializer_list<std::string_view> fields) {
  std::string out;
  for (std::string_view f : fields) PutField(f, &out);
  return out;
}

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::string ItemPrefix(const EvidenceItem& item) {
  return "item " + std::to_string(item.seq) + ": ";
}

}  // namespace

namespace internal {

bool IsHex(std::string_view s, size_t len) {
  if (s.size() != len) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

Status CheckText(std::string_view what, std::string_view value, size_t max,
                 bool allow_empty) {
  if (value.empty() && !allow_empty)
    return Status::InvalidArgument(std::string(what) + " is empty");
  if (value.size() > max)
    return Status::InvalidArgument(std::string(what) + " is longer than " +
                                   std::to_string(max) + " bytes");
  if (!utf8::IsValid(value))
    return Status::InvalidArgument(std::string(what) + " is not valid UTF-8");
  for (unsigned char c : value)
    if (c < 0x20 || c == 0x7f)
      return Status::InvalidArgument(std::string(what) +
                                     " contains a control character");
  return Status::Ok();
}

}  // namespace internal

std::string_view ItemKindName(ItemKind kind) {
  switch (kind) {
    case ItemKind::kMessage: return "message";
    case ItemKind::kFile: return "file";
    case ItemKind::kScreenshot: return "screenshot";
    case ItemKind::kNote: return "note";
    case ItemKind::kUrl: return "url";
  }
  return "file";
}

Result<ItemKind> ParseItemKind(std::string_view name) {
  for (ItemKind k : {ItemKind::kMessage, ItemKind::kFile, ItemKind::kScreenshot,
                     ItemKind::kNote, ItemKind::kUrl})
    if (ItemKindName(k) == name) return k;
  return Status::InvalidArgument(
      "unknown kind (want message, file, screenshot, note or url)");
}

bool IsRfc3339Utc(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.f+]Z
  if (t.size() < 20 || t.size() > 40 || t.back() != 'Z') return false;
  if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' ||
      t[16] != ':')
    return false;
  std::string_view y = t.substr(0, 4), mo = t.substr(5, 2), d = t.substr(8, 2),
                   h = t.substr(11, 2), mi = t.substr(14, 2),
                   s = t.substr(17, 2);
  for (std::string_view p : {y, mo, d, h, mi, s})
    if (!AllDigits(p)) return false;
  std::string_view rest = t.substr(19, t.size() - 20);
  if (!rest.empty() && (rest[0] != '.' || !AllDigits(rest.substr(1))))
    return false;
  const int year = Num(y), month = Num(mo), day = Num(d);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max_day && Num(h) < 24 && Num(mi) < 60 && Num(s) < 61;
}

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status ValidateItem(const EvidenceItem& item) {
  const std::string p = ItemPrefix(item);
  if (item.seq == 0 || item.seq > kMaxItems)
    return Status::InvalidArgument(p + "seq must be 1.." +
                                   std::to_string(kMaxItems));
  if (!internal::IsHex(item.sha256, 64))
    return Status::InvalidArgument(p + "sha256 must be 64 lower-case hex");
  if (!IsRfc3339Utc(item.captured_at))
    return Status::InvalidArgument(
        p + "captured_at must be RFC 3339 UTC (2026-11-25T09:30:00Z)");
  if (Status s = internal::CheckText("captured_by", item.captured_by,
                                     kMaxIdBytes, false);
      !s.ok())
    return Status::InvalidArgument(p + s.message());
  if (Status s = internal::CheckText("name", item.name, kMaxNameBytes, true);
      !s.ok())
    return Status::InvalidArgument(p + s.message());
  if (Status s = internal::CheckText("mime", item.mime, kMaxMimeBytes, false);
      !s.ok())
    return Status::InvalidArgument(p + s.message());
  if (item.size > kMaxItemBytes)
    return Status::InvalidArgument(p + "size over the limit of " +
                                   std::to_string(kMaxItemBytes) + " bytes");
  return Status::Ok();
}

std::string EncodeEntry(std::string_view prev_hash, const EvidenceItem& item) {
  const std::string seq = std::to_string(item.seq);
  const std::string size = std::to_string(item.size);
  return Encode({kEntryTag, prev_hash, seq, ItemKindName(item.kind),
                 item.sha256, item.captured_at, item.captured_by, item.name,
                 item.mime, size});
}

std::string EntryHash(std::string_view prev_hash, const EvidenceItem& item) {
  return crypto::Sha256Hex(EncodeEntry(prev_hash, item));
}

Result<Chain> Chain::FromEntries(std::vector<ChainEntry> entries) {
  Chain c;
  c.entries_ = std::move(entries);
  if (c.entries_.size() > kMaxItems)
    return Status::ResourceExhausted("chain has more than " +
                                     std::to_string(kMaxItems) + " items");
  if (Status s = c.Verify(); !s.ok()) return s;
  return c;
}

Result<ChainEntry> Chain::Append(EvidenceItem item) {
  if (entries_.size() >= kMaxItems)
    return Status::ResourceExhausted("chain already holds " +
                                     std::to_string(kMaxItems) + " items");
  const uint64_t want = entries_.size() + 1;
  if (item.seq == 0) item.seq = want;
  if (item.seq != want)
    return Status::InvalidArgument("item " + std::to_string(item.seq) +
                                   ": seq must be " + std::to_string(want));
  BB_RETURN_IF_ERROR(ValidateItem(item));
  ChainEntry e;
  e.prev_hash = head();
  e.hash = EntryHash(e.prev_hash, item);
  e.item = std::move(item);
  entries_.push_back(e);
  return e;
}

const std::string& Chain::head() const {
  static const std::string kGenesis(kGenesisHash);
  return entries_.empty() ? kGenesis : entries_.back().hash;
}

Status Chain::Verify() const {
  std::string prev(kGenesisHash);
  for (size_t i = 0; i < entries_.size(); ++i) {
    const ChainEntry& e = entries_[i];
    const std::string p = "item " + std::to_string(i + 1) + ": ";
    if (e.item.seq != i + 1)
      return Status::Corruption(p + "has seq " + std::to_string(e.item.seq));
    if (Status s = ValidateItem(e.item); !s.ok())
      return Status::Corruption(s.message());
    if (e.prev_hash != prev)
      return Status::Corruption(p + "prev_hash does not link to the item before");
    if (EntryHash(prev, e.item) != e.hash)
      return Status::Corruption(p + "entry hash does not match its fields");
    prev = e.hash;
  }
  return Status::Ok();
}

std::string HeadMessage(std::string_view incident_id, uint64_t count,
                        std::string_view head) {
  const std::string n = std::to_string(count);
  return Encode({kHeadTag, incident_id, n, head});
}

std::string ReportMessage(std::string_view incident_id, std::string_view head,
                          std::string_view report_sha256) {
  return Encode({kReportTag, incident_id, head, report_sha256});
}

Result<SignedHead> SignHead(std::string_view incident_id, const Chain& chain,
                            const crypto::Signer& signer) {
  BB_RETURN_IF_ERROR(
      internal::CheckText("incident id", incident_id, kMaxIdBytes, false));
  SignedHead h;
  h.incident_id = std::string(incident_id);
  h.count = chain.size();
  h.head = chain.head();
  h.public_key = signer.public_key_hex();
  h.signature = signer.Sign(HeadMessage(h.incident_id, h.count, h.head));
  return h;
}

bool VerifyHead(const SignedHead& h) {
  return crypto::VerifySignature(h.public_key,
                                 HeadMessage(h.incident_id, h.count, h.head),
                                 h.signature);
}

}  // namespace byteback::evidence
