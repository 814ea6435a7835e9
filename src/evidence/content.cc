// content.cc: content sniffing from magic numbers, declared-type checks, and
// streaming SHA-256 with a size limit (libsodium crypto_hash_sha256).
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

#include "core/utf8.h"
#include "crypto/crypto.h"
#include "evidence/evidence.h"

namespace byteback::evidence {
namespace {

constexpr std::string_view kOctet = "application/octet-stream";
// JSON is parsed in full to be sniffed only up to this size; larger text
// starting with '{' or '[' is taken as JSON without a full parse.
constexpr size_t kMaxJsonSniffBytes = 4u << 20;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Valid UTF-8 with no control characters but tab, LF, FF and CR.
bool IsText(std::string_view b) {
  if (!utf8::IsValid(b)) return false;
  for (unsigned char c : b)
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') ||
        c == 0x7f)
      return false;
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// "Text/Plain; charset=utf-8 " -> "text/plain".
std::string BareMime(std::string_view mime) {
  mime = mime.substr(0, mime.find(';'));
  while (!mime.empty() && mime.back() == ' ') mime.remove_suffix(1);
  while (!mime.empty() && mime.front() == ' ') mime.remove_prefix(1);
  return Lower(mime);
}

bool IsTextFamily(std::string_view mime) {
  return mime == "text/plain" || mime == "text/csv" || mime == "text/markdown" ||
         mime == "application/json" || mime == "application/x-ndjson" ||
         mime == "application/jsonl" || mime == "message/rfc822" ||
         mime == "application/mbox";
}

bool IsAccepted(std::string_view mime) { return mime != kOctet; }

// True when `declared` is satisfied by content sniffed as `sniffed`.
bool Agrees(std::string_view declared, std::string_view sniffed) {
  if (declared == sniffed) return true;
  if (declared == "image/jpg" || declared == "image/pjpeg")
    return sniffed == "image/jpeg";
  if (declared == "application/x-zip-compressed")
    return sniffed == "application/zip";
  // Any text type holds text or JSON; JSON declared must be JSON.
  if (IsTextFamily(declared) && declared != "application/json")
    return sniffed == "text/plain" || sniffed == "application/json";
  return false;
}

}  // namespace

std::string SniffMime(std::string_view b) {
  if (StartsWith(b, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (StartsWith(b, "\xff\xd8\xff")) return "image/jpeg";
  if (StartsWith(b, "GIF87a") || StartsWith(b, "GIF89a")) return "image/gif";
  if (b.size() >= 12 && StartsWith(b, "RIFF") && b.substr(8, 4) == "WEBP")
    return "image/webp";
  if (StartsWith(b, "%PDF-")) return "application/pdf";
  if (StartsWith(b, std::string_view("PK\x03\x04", 4)) ||
      StartsWith(b, std::string_view("PK\x05\x06", 4)))
    return "application/zip";
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") return "video/mp4";
  std::string_view body = b;
  if (StartsWith(body, "\xef\xbb\xbf")) body.remove_prefix(3);  // BOM
  if (!IsText(body)) return std::string(kOctet);
  const size_t first = body.find_first_not_of(" \t\r\n\f");
  if (first != std::string_view::npos &&
      (body[first] == '{' || body[first] == '[')) {
    bool json = body.size() > kMaxJsonSniffBytes;
    try {
      json = json || nlohmann::json::accept(body.begin(), body.end());
    } catch (const nlohmann::json::exception&) {
      json = false;  // accept() reports errors by value; this is a backstop
    }
    if (json) return "application/json";
  }
  return "text/plain";
}

std::string MimeForExtension(std::string_view file_name) {
  const size_t slash = file_name.find_last_of('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  const std::string ext = Lower(file_name.substr(dot + 1));
  static const std::pair<const char*, const char*> kMap[] = {
      {"png", "image/png"},        {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},      {"gif", "image/gif"},
      {"webp", "image/webp"},      {"pdf", "application/pdf"},
      {"zip", "application/zip"},  {"mp4", "video/mp4"},
      {"m4v", "video/mp4"},        {"txt", "text/plain"},
      {"json", "application/json"}, {"jsonl", "application/x-ndjson"},
      {"ndjson", "application/x-ndjson"}, {"csv", "text/csv"},
      {"md", "text/markdown"},     {"eml", "message/rfc822"},
      {"mbox", "application/mbox"}};
  for (const auto& [e, m] : kMap)
    if (ext == e) return m;
  return "";
}

Result<std::string> CheckDeclaredType(std::string_view declared_mime,
                                      std::string_view file_name,
                                      std::string_view bytes) {
  const std::string sniffed = SniffMime(bytes);
  const std::string where = "upload '" + std::string(file_name) + "'";
  if (!IsAccepted(sniffed))
    return Status::InvalidArgument(
        where + ": content type not recognised (accepted: PNG, JPEG, GIF, "
                "WebP, PDF, ZIP, MP4, UTF-8 text, JSON)");
  const std::string declared = BareMime(declared_mime);
  if (!declared.empty() && declared != kOctet && !Agrees(declared, sniffed))
    return Status::InvalidArgument(where + ": declared " + declared +
                                   " but the content is " + sniffed);
  const std::string by_ext = MimeForExtension(file_name);
  if (!by_ext.empty() && !Agrees(by_ext, sniffed))
    return Status::InvalidArgument(where + ": the extension says " + by_ext +
                                   " but the content is " + sniffed);
  return sniffed;
}

Result<CheckedUpload> CheckUpload(std::string_view declared_mime,
                                  std::string_view file_name,
                                  std::string_view bytes, uint64_t max_bytes) {
  if (bytes.size() > max_bytes)
    return Status::ResourceExhausted(
        "upload '" + std::string(file_name) + "' is " +
        std::to_string(bytes.size()) + " bytes, over the limit of " +
        std::to_string(max_bytes) + " bytes");
  BB_ASSIGN_OR_RETURN(std::string mime,
                      CheckDeclaredType(declared_mime, file_name, bytes));
  CheckedUpload u;
  u.mime = std::move(mime);
  u.sha256 = crypto::Sha256Hex(bytes);
  u.size = bytes.size();
  return u;
}

// ----------------------------------------------------------------- SHA-256

struct Sha256Hasher::State {
  crypto_hash_sha256_state st;
};

Sha256Hasher::Sha256Hasher(uint64_t max_bytes)
    : state_(std::make_unique<State>()), max_bytes_(max_bytes) {
  (void)crypto::Init();
  crypto_hash_sha256_init(&state_->st);
}

Sha256Hasher::~Sha256Hasher() = default;

Status Sha256Hasher::Update(std::string_view chunk) {
  if (failed_ || chunk.size() > max_bytes_ - bytes_) {
    failed_ = true;
    return Status::ResourceExhausted("more than " + std::to_string(max_bytes_) +
                                     " bytes (the size limit)");
  }
  bytes_ += chunk.size();
  crypto_hash_sha256_update(&state_->st,
                            reinterpret_cast<const unsigned char*>(chunk.data()),
                            chunk.size());
  return Status::Ok();
}

std::string Sha256Hasher::Finish() {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_->st, out);
  return crypto::HexEncode(
      std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

Result<FileDigest> Sha256File(const std::string& path, uint64_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int e = errno;
    const std::string m = "cannot open '" + path + "': " + std::strerror(e);
    return e == ENOENT ? Status::NotFound(m) : Status::IOError(m);
  }
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return Status::ResourceExhausted(
        "'" + path + "' is " + std::to_string(st.st_size) +
        " bytes, over the limit of " + std::to_string(max_bytes) + " bytes");
  }
  Sha256Hasher h(max_bytes);
  std::string buf(64 * 1024, '\0');
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return Status::IOError("cannot read '" + path + "': " + why);
    }
    if (n == 0) break;
    if (Status s = h.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
        !s.ok()) {
      ::close(fd);
      return Status::ResourceExhausted("'" + path + "': " + s.message());
    }
  }
  ::close(fd);
  FileDigest d;
  d.size = h.bytes();
  d.sha256 = h.Finish();
  return d;
}

}  // namespace byteback::evidence
