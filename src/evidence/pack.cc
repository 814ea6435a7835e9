// pack.cc: building a complaint pack (docs/EVIDENCE.md#pack-layout).
// The chain is rebuilt from the items (so a pack can never carry a chain its
// own code did not compute), each original is checked against its recorded
// hash, the head and the report are signed, and everything is zipped in
// memory. Originals are stored, not deflated: most are compressed already
// (images, video, PDF), and a highly compressible original (a long
// repetitive log) must never look like a ZIP bomb to the verifier's
// compression-ratio limit. Only manifest.json and chain.json are deflated.
#include "crypto/crypto.h"
#include "evidence/evidence.h"
#include "evidence/evidence_internal.h"

namespace byteback::evidence {
namespace {

constexpr size_t kMaxSafeName = 80;

std::string DefaultExtension(std::string_view mime) {
  if (mime == "image/png") return ".png";
  if (mime == "image/jpeg") return ".jpg";
  if (mime == "image/gif") return ".gif";
  if (mime == "image/webp") return ".webp";
  if (mime == "application/pdf") return ".pdf";
  if (mime == "application/zip") return ".zip";
  if (mime == "video/mp4") return ".mp4";
  if (mime == "application/json") return ".json";
  if (mime.substr(0, 5) == "text/") return ".txt";
  return ".bin";
}

}  // namespace

std::string PackFileName(const EvidenceItem& item) {
  std::string_view base = item.name;
  const size_t slash = base.find_last_of("/\\");
  if (slash != std::string_view::npos) base.remove_prefix(slash + 1);
  std::string safe;
  for (char c : base) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    const char out = ok ? c : '_';
    if (out == '_' && !safe.empty() && safe.back() == '_') continue;
    safe.push_back(out);
  }
  while (!safe.empty() && (safe[0] == '.' || safe[0] == '_')) safe.erase(0, 1);
  if (safe.size() > kMaxSafeName) safe.erase(0, safe.size() - kMaxSafeName);
  while (!safe.empty() && safe[0] == '.') safe.erase(0, 1);
  if (safe.empty() || safe.find_first_not_of("._-") == std::string::npos)
    safe = std::string(ItemKindName(item.kind)) + DefaultExtension(item.mime);
  return "files/" + std::to_string(item.seq) + "-" + safe;
}

Result<std::string> BuildPack(const PackInput& in, const crypto::Signer& signer) {
  if (in.contents.size() != in.items.size())
    return Status::InvalidArgument("pack: " + std::to_string(in.items.size()) +
                                   " items but " +
                                   std::to_string(in.contents.size()) +
                                   " contents");
  const std::string generated_at =
      in.generated_at.empty() ? NowRfc3339() : in.generated_at;
  if (!IsRfc3339Utc(generated_at))
    return Status::InvalidArgument("pack: generated_at must be RFC 3339 UTC");
  Chain chain;
  PackManifest m;
  std::vector<internal::ZipMember> members;
  for (size_t i = 0; i < in.items.size(); ++i) {
    const EvidenceItem& item = in.items[i];
    BB_ASSIGN_OR_RETURN(ChainEntry e, chain.Append(item));
    const std::string& bytes = in.contents[i];
    if (bytes.size() != item.size || crypto::Sha256Hex(bytes) != item.sha256)
      return Status::FailedPrecondition(
          "item " + std::to_string(item.seq) +
          ": stored bytes do not match the recorded sha256 and size");
    const std::string file = PackFileName(e.item);
    members.push_back({file, bytes, false, 0});
    m.entries.push_back(std::move(e));
    m.files.push_back(file);
  }
  BB_ASSIGN_OR_RETURN(SignedHead head, SignHead(in.incident_id, chain, signer));
  m.version = 1;
  m.incident_id = head.incident_id;
  m.generated_at = generated_at;
  m.count = head.count;
  m.head = head.head;
  m.public_key = head.public_key;
  m.signature = head.signature;
  if (!in.report_pdf.empty()) {
    m.report_file = "report.pdf";
    m.report_sha256 = crypto::Sha256Hex(in.report_pdf);
    m.report_signature =
        signer.Sign(ReportMessage(m.incident_id, m.head, m.report_sha256));
    members.push_back({m.report_file, in.report_pdf, false, 0});
  }
  // Metadata first, so a reader can list a pack without reading the files.
  members.insert(members.begin(), {"chain.json", ChainJson(m), true, 0});
  members.insert(members.begin(), {"manifest.json", ManifestJson(m), true, 0});
  return internal::ZipBytes(members);
}

Status WritePack(const PackInput& input, const crypto::Signer& signer,
                 const std::string& path) {
  BB_ASSIGN_OR_RETURN(std::string zip, BuildPack(input, signer));
  return internal::WriteFileAtomic(path, zip);
}

}  // namespace byteback::evidence
