// evidence.h: the tamper-evident evidence log and complaint packs.
//
// Purpose: a journalist's evidence (messages, files, screenshots, notes, URLs)
// must reach an investigator in a form that shows nothing was added, removed,
// reordered or changed since it was captured. Each item is recorded with the
// SHA-256 of its original bytes, when and by whom it was captured, in an
// append-only hash chain per incident; the server signs the chain head with
// its Ed25519 key. A complaint pack is a ZIP holding the originals, the chain,
// a manifest and (optionally) the PDF report; VerifyPack() checks a pack
// offline, with no server and no database, and names the first item that does
// not match. Formats: docs/EVIDENCE.md (the canonical entry encoding, the
// signed message, the pack layout and the verify algorithm).
//
// Flow (server): CheckDeclaredType() and Sha256Hasher on each upload ->
// Chain::Append() (the incidents module stores the entries) -> for a pack,
// BuildPack()/WritePack() with the items, their original bytes, the signer and
// the bytes of report::RenderPdf(). Flow (anyone): VerifyPack(pack, key).
// SafeArchive is the one way this code base reads a ZIP it did not write
// (uploads, imports, packs): limits on entries, sizes and compression ratio,
// and no path traversal, absolute paths, symlinks or duplicate names.
//
// Contracts: functions return Status/Result; nothing throws. Every input file
// is treated as hostile. Hashes are lower-case hex; times are RFC 3339 UTC.
// Thread safety: free functions are reentrant. Chain is a value type (copy
// and move are fine); const methods may run concurrently, Append() needs
// exclusive access. SafeArchive keeps one libzip handle: use one instance per
// thread (it is movable, not copyable). Sha256Hasher is single-threaded.
#ifndef BYTEBACK_EVIDENCE_EVIDENCE_H_
#define BYTEBACK_EVIDENCE_EVIDENCE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace byteback::crypto {
class Signer;
}

namespace byteback::evidence {

// ------------------------------------------------------------------ limits

// Largest original accepted as one evidence item (and by Sha256File by
// default). A 2 GB upload is refused with ResourceExhausted.
inline constexpr uint64_t kMaxItemBytes = 256ull << 20;
// Largest number of items in one chain or pack.
inline constexpr size_t kMaxItems = 100000;
// Largest manifest.json / chain.json read from a pack.
inline constexpr size_t kMaxMetadataBytes = 64u << 20;
// Field limits (bytes) of an item; longer values are refused.
inline constexpr size_t kMaxIdBytes = 256;        // incident id, captured_by
inline constexpr size_t kMaxNameBytes = 1024;     // item name
inline constexpr size_t kMaxMimeBytes = 255;
// The prev hash of item 1: 64 zeros.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// ------------------------------------------------------------------- items

enum class ItemKind { kMessage, kFile, kScreenshot, kNote, kUrl };

// "message", "file", "screenshot", "note", "url".
std::string_view ItemKindName(ItemKind kind);
// The inverse; InvalidArgument for any other text.
Result<ItemKind> ParseItemKind(std::string_view name);

// One captured item. `sha256` and `size` describe the original bytes.
struct EvidenceItem {
  uint64_t seq = 0;          // 1, 2, 3, ... in capture order
  ItemKind kind = ItemKind::kFile;
  std::string sha256;        // 64 lower-case hex characters
  std::string captured_at;   // RFC 3339 UTC, "2026-11-25T09:30:00Z" (fraction allowed)
  std::string captured_by;   // user id or pseudonym, non-empty
  std::string name;          // original file name or a short label
  std::string mime;          // e.g. "image/png"; "text/plain" for messages
  uint64_t size = 0;         // bytes of the original

  bool operator==(const EvidenceItem&) const = default;
};

// OK when every field is well-formed (hex hash, RFC 3339 UTC time, UTF-8
// strings without control characters within the limits above, size within
// kMaxItemBytes); otherwise InvalidArgument naming the item and field.
Status ValidateItem(const EvidenceItem& item);

// True for "YYYY-MM-DDTHH:MM:SS[.f+]Z" with a real calendar date.
bool IsRfc3339Utc(std::string_view text);
// The current time as RFC 3339 UTC with whole seconds.
std::string NowRfc3339();

// ------------------------------------------------------------------- chain

// A chain entry: the item plus the link. hash = EntryHash(prev_hash, item).
struct ChainEntry {
  EvidenceItem item;
  std::string prev_hash;  // kGenesisHash for seq 1
  std::string hash;

  bool operator==(const ChainEntry&) const = default;
};

// The canonical encoding hashed for an entry (docs/EVIDENCE.md#entry-hash):
// length-prefixed fields (8-byte big-endian length, then the bytes) of the
// domain tag "byteback-evidence-entry-v1", prev_hash, seq (decimal), kind,
// sha256, captured_at, captured_by, name, mime, size (decimal).
std::string EncodeEntry(std::string_view prev_hash, const EvidenceItem& item);
// Lower-case hex SHA-256 of EncodeEntry().
std::string EntryHash(std::string_view prev_hash, const EvidenceItem& item);

// An append-only hash chain of one incident's evidence.
class Chain {
 public:
  // An empty chain: head() is kGenesisHash, size() is 0.
  Chain() = default;

  // Rebuilds a chain from stored entries, checking every link and hash.
  // Corruption naming the first bad entry ("item 4: ...").
  static Result<Chain> FromEntries(std::vector<ChainEntry> entries);

  // Appends `item`. Its seq must be size() + 1 (pass 0 to have it assigned).
  // InvalidArgument for a malformed item or a wrong seq; ResourceExhausted
  // past kMaxItems. On success returns the new entry (also entries().back()).
  Result<ChainEntry> Append(EvidenceItem item);

  // Hash of the last entry, kGenesisHash when empty.
  const std::string& head() const;
  size_t size() const { return entries_.size(); }
  const std::vector<ChainEntry>& entries() const { return entries_; }

  // Recomputes every link; Corruption naming the first bad entry.
  Status Verify() const;

 private:
  std::vector<ChainEntry> entries_;
};

// The message signed for a chain head (docs/EVIDENCE.md#signature): the same
// length-prefixed encoding of "byteback-evidence-head-v1", incident_id,
// count (decimal) and head.
std::string HeadMessage(std::string_view incident_id, uint64_t count,
                        std::string_view head);
// The message signed for a pack's report: "byteback-evidence-report-v1",
// incident_id, head, report sha256 — binds the PDF to the chain it shows.
std::string ReportMessage(std::string_view incident_id, std::string_view head,
                          std::string_view report_sha256);

// A signed chain head as stored by the server and written into packs.
struct SignedHead {
  std::string incident_id;
  uint64_t count = 0;
  std::string head;
  std::string public_key;  // Ed25519, 64 hex
  std::string signature;   // 128 hex
};

// Signs `chain`'s head for `incident_id` (InvalidArgument for a malformed id:
// empty, over kMaxIdBytes, or with control characters).
Result<SignedHead> SignHead(std::string_view incident_id, const Chain& chain,
                            const crypto::Signer& signer);
// True when the signature is valid for its own public key.
bool VerifyHead(const SignedHead& signed_head);

// ---------------------------------------------------- content and hashing

// The content type from magic numbers: "image/png", "image/jpeg",
// "image/gif", "image/webp", "application/pdf", "application/zip",
// "video/mp4", "application/json", "text/plain" (valid UTF-8 without control
// characters other than tab, CR, LF, FF), else "application/octet-stream".
std::string SniffMime(std::string_view bytes);

// The content type a file name's extension claims, or "" when unknown.
std::string MimeForExtension(std::string_view file_name);

// Checks a declared type against the content. `declared_mime` (parameters
// such as "; charset=utf-8" ignored) and the extension of `file_name` may
// each be empty or application/octet-stream ("unknown"). Returns the
// effective type (the sniffed one) when it is an accepted type and agrees
// with every declaration; InvalidArgument otherwise, e.g. "upload
// 'a.png': declared image/png but the content is application/pdf".
// Text types (text/csv, application/x-ndjson, ...) accept text/plain and
// JSON content.
Result<std::string> CheckDeclaredType(std::string_view declared_mime,
                                      std::string_view file_name,
                                      std::string_view bytes);

// An upload that passed CheckUpload: what to record in its EvidenceItem.
struct CheckedUpload {
  std::string mime;    // the sniffed type
  std::string sha256;  // of `bytes`
  uint64_t size = 0;
};

// The whole check of an upload held in memory, before anything is stored:
// ResourceExhausted when larger than `max_bytes`, then CheckDeclaredType.
// (For bodies streamed to disk use Sha256Hasher or Sha256File, which refuse
// an oversized upload without reading it all.)
Result<CheckedUpload> CheckUpload(std::string_view declared_mime,
                                  std::string_view file_name,
                                  std::string_view bytes,
                                  uint64_t max_bytes = kMaxItemBytes);

// Streaming SHA-256 with a size limit, for uploads read in chunks.
// Not copyable (holds hash state); single-threaded.
class Sha256Hasher {
 public:
  explicit Sha256Hasher(uint64_t max_bytes = kMaxItemBytes);
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  ~Sha256Hasher();

  // Adds `chunk`. ResourceExhausted (and the hasher stays failed) once more
  // than max_bytes have been offered; nothing past the limit is hashed.
  Status Update(std::string_view chunk);
  // Lower-case hex digest of everything added. Call once, after the last
  // successful Update().
  std::string Finish();
  uint64_t bytes() const { return bytes_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  uint64_t max_bytes_;
  uint64_t bytes_ = 0;
  bool failed_ = false;
};

struct FileDigest {
  std::string sha256;
  uint64_t size = 0;
};

// SHA-256 of the file at `path`, read in 64 KiB chunks (never all in memory).
// ResourceExhausted naming the file when it is larger than `max_bytes`: a
// regular file is refused from its size before any byte is read, a pipe or
// device once the limit is passed. NotFound / IOError otherwise.
Result<FileDigest> Sha256File(const std::string& path,
                              uint64_t max_bytes = kMaxItemBytes);

// ------------------------------------------------------- safe ZIP reading

// Limits applied when reading an untrusted ZIP. Defaults suit uploads and
// complaint packs.
struct ArchiveLimits {
  size_t max_entries = 10000;              // entries in the central directory
  uint64_t max_entry_bytes = kMaxItemBytes;  // uncompressed, per entry
  uint64_t max_total_bytes = 2ull << 30;   // uncompressed, all entries
  // Uncompressed/compressed ratio above which an entry is a bomb, checked
  // for entries larger than ratio_min_bytes (small files compress well).
  uint64_t max_ratio = 100;
  uint64_t ratio_min_bytes = 1u << 20;
  size_t max_name_bytes = 512;             // per entry name
  size_t max_depth = 16;                   // path components per name
};

// The limits VerifyPack uses by default: as ArchiveLimits{}, but room for
// kMaxItems originals plus the metadata and the report.
ArchiveLimits PackArchiveLimits();

// One regular file or directory of an archive (names already checked).
struct ArchiveEntry {
  std::string name;       // "files/1-a.png"; directories end in '/'
  uint64_t index = 0;     // libzip index
  uint64_t size = 0;      // declared uncompressed size
  uint64_t compressed_size = 0;
  bool is_dir = false;
};

// OK when `name` is a safe relative archive path: non-empty, valid UTF-8, no
// control characters, no backslash, not absolute ('/' or "C:"), no "", "."
// or ".." components, within the name and depth limits. InvalidArgument
// naming the entry otherwise.
Status CheckEntryName(std::string_view name, const ArchiveLimits& limits = {});

// A ZIP opened for reading with every entry checked up front: Open() fails
// (before anything is read or written) on too many entries, an unsafe or
// duplicate name (also case-insensitively), a symlink or other non-regular
// entry, an encrypted entry, an unsupported compression method, or declared
// sizes over the limits (per entry, total, ratio). Reads then enforce the
// limits again on the bytes actually inflated, so a header that lies about
// its size is caught too. Errors name the archive and the entry.
// Movable, not copyable (owns the libzip handle); one thread at a time.
class SafeArchive {
 public:
  static Result<SafeArchive> Open(const std::string& path,
                                  const ArchiveLimits& limits = {});
  // As Open, over an archive held in memory (an upload's body); `label`
  // names it in errors. The archive keeps `bytes`.
  static Result<SafeArchive> OpenMemory(std::string bytes,
                                        const std::string& label,
                                        const ArchiveLimits& limits = {});
  SafeArchive(SafeArchive&& other) noexcept;
  SafeArchive& operator=(SafeArchive&& other) noexcept;
  SafeArchive(const SafeArchive&) = delete;
  SafeArchive& operator=(const SafeArchive&) = delete;
  ~SafeArchive();

  const std::vector<ArchiveEntry>& entries() const { return entries_; }
  // The entry called `name`, or nullptr.
  const ArchiveEntry* Find(std::string_view name) const;

  // Streams the entry's bytes to `sink` in chunks; stops at the first sink
  // error. ResourceExhausted past the limits; Corruption for a bad CRC or a
  // size different from the declared one.
  Status Stream(const ArchiveEntry& entry,
                const std::function<Status(std::string_view)>& sink) const;
  // Reads the entry into memory; ResourceExhausted above `max_bytes`.
  Result<std::string> Read(const ArchiveEntry& entry, uint64_t max_bytes) const;

  // Writes every entry under the existing directory `target_dir`, creating
  // subdirectories. Files are created new (O_EXCL, O_NOFOLLOW, mode 0600) by
  // walking openat() from the target, so nothing can land outside it even
  // if the directory changes underneath. On failure, every file and
  // directory it created is removed and the error names the entry.
  Status ExtractAll(const std::string& target_dir) const;

 private:
  SafeArchive() = default;
  struct Handle;
  static Result<SafeArchive> Inspect(std::unique_ptr<Handle> handle,
                                     const std::string& name,
                                     const ArchiveLimits& limits);
  std::unique_ptr<Handle> handle_;
  std::string path_;
  ArchiveLimits limits_;
  std::vector<ArchiveEntry> entries_;
  std::unordered_map<std::string, size_t> by_name_;  // name -> entries_ index
};

// ----------------------------------------------------------- complaint pack

// What goes into a pack. items[i] is item seq i+1 and contents[i] its
// original bytes; the chain is rebuilt from the items.
struct PackInput {
  std::string incident_id;           // pseudonymous is fine
  std::vector<EvidenceItem> items;
  std::vector<std::string> contents;
  // The PDF from report::RenderPdf(); empty: the pack has no report.pdf.
  std::string report_pdf;
  std::string generated_at;          // RFC 3339 UTC; empty: now
};

// Builds the pack ZIP in memory (layout in docs/EVIDENCE.md#pack-layout):
// manifest.json, chain.json, files/<seq>-<safe name>, report.pdf.
// InvalidArgument for malformed input (names the item); FailedPrecondition
// when contents[i] does not match items[i].sha256/size (a damaged store).
Result<std::string> BuildPack(const PackInput& input,
                              const crypto::Signer& signer);
// As BuildPack, written to `path` (created new with mode 0600, replaced
// atomically through a temporary file in the same directory).
Status WritePack(const PackInput& input, const crypto::Signer& signer,
                 const std::string& path);

// The pack's file name for an item: "files/<seq>-<safe name>", the name
// reduced to [A-Za-z0-9._-] (others become '_'), at most 80 characters.
std::string PackFileName(const EvidenceItem& item);

// The metadata of a pack, as parsed from manifest.json and chain.json.
struct PackManifest {
  int version = 0;
  std::string incident_id;
  std::string generated_at;
  std::vector<ChainEntry> entries;    // in the order written
  std::vector<std::string> files;     // files[i] belongs to entries[i]
  uint64_t count = 0;
  std::string head;
  std::string public_key;
  std::string signature;
  std::string report_file;            // "" when there is no report
  std::string report_sha256;
  std::string report_signature;
};

// Strict parsers (every field present with the right type, nothing unknown,
// within limits). InvalidArgument naming the field or item ("manifest.json:
// items[3].sha256: ..."). ParseChainJson fills entries, count, head, key and
// signature only.
Result<PackManifest> ParseManifest(std::string_view json);
Result<PackManifest> ParseChainJson(std::string_view json);
// The JSON texts written into a pack (2-space indented, stable key order).
std::string ManifestJson(const PackManifest& m);
std::string ChainJson(const PackManifest& m);

struct VerifyReport {
  bool ok = false;
  // The first problem, naming the item: "item 7 (files/7-screenshot.png):
  // sha256 mismatch", "item 4 missing", "items 3 and 4 out of order",
  // "signature invalid". Empty when ok.
  std::string first_problem;
  uint64_t first_bad_seq = 0;         // 0 when not item-specific
  std::vector<std::string> problems;  // all problems found, first one first
  std::string incident_id;
  uint64_t items = 0;                 // items listed in the manifest
  uint64_t files_checked = 0;         // originals whose sha256 matched
  std::string head;
  std::string public_key;             // the key the pack names
  bool key_trusted = false;           // equals the trusted key given
  bool has_report = false;
};

// Verifies the pack at `path` offline (docs/EVIDENCE.md#verify): every file
// hash and size, every chain link, the order, the count, the head signature
// and the report signature; with `trusted_public_key` (64 hex), also that
// the pack was signed by that key. A pack that can be read gives a report
// (ok or not); an unreadable or unsafe archive, or a missing or malformed
// manifest, gives an error Status naming the problem.
Result<VerifyReport> VerifyPack(
    const std::string& path,
    const std::optional<std::string>& trusted_public_key = std::nullopt,
    const ArchiveLimits& limits = PackArchiveLimits());

}  // namespace byteback::evidence

#endif  // BYTEBACK_EVIDENCE_EVIDENCE_H_
