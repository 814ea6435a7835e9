// cmd_evidence.cc: `byteback evidence verify PACK` checks a complaint pack
// offline (no server, no database) and names the first item that does not
// match; `byteback evidence pack` builds a pack from a folder of files, for
// people without a server and for tests. See docs/EVIDENCE.md.
// Exit codes: 0 the pack verifies; 1 it does not (the problems are printed);
// 2 the pack or a flag is unusable (not a ZIP, unsafe archive, bad key);
// 3 a file is missing.
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "crypto/crypto.h"
#include "evidence/evidence.h"

namespace byteback::cli {
namespace {

namespace fs = std::filesystem;
namespace ev = byteback::evidence;

// A folder packed by `evidence pack` may hold at most this much in total.
constexpr uint64_t kMaxFolderBytes = 1ull << 30;

struct VerifyArgs {
  std::string pack, public_key;
  bool json = false;
};

struct PackArgs {
  std::string dir, incident, key, out, captured_by, report;
};

bool IsHexKey(std::string s) {
  if (s.size() != 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

std::string LowerTrim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  s.erase(0, b);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// --public-key is 64 hex characters or a file holding them.
Result<std::string> ResolveKey(const std::string& value) {
  std::string key = LowerTrim(value);
  if (IsHexKey(key)) return key;
  std::error_code ec;
  if (!fs::is_regular_file(value, ec))
    return Status::InvalidArgument("--public-key: '" + value +
                                   "' is neither 64 hex characters nor a file");
  if (fs::file_size(value, ec) > 4096)
    return Status::InvalidArgument("--public-key: file '" + value + "' is too large");
  std::ifstream in(value, std::ios::binary);
  key = LowerTrim(std::string(std::istreambuf_iterator<char>(in), {}));
  if (!IsHexKey(key))
    return Status::InvalidArgument("--public-key: file '" + value +
                                   "' does not hold a 64-hex-character Ed25519 key");
  return key;
}

void PrintText(const std::string& pack, const ev::VerifyReport& r, bool trusted_given) {
  std::printf("pack: %s\nincident: %s\nitems: %llu (%llu originals match their sha256)\n",
              pack.c_str(), r.incident_id.c_str(), static_cast<unsigned long long>(r.items),
              static_cast<unsigned long long>(r.files_checked));
  std::printf("head: %s\npublic key: %s (%s)\nreport: %s\n", r.head.c_str(), r.public_key.c_str(),
              !trusted_given ? "not compared with a trusted key"
              : r.key_trusted ? "matches the trusted key"
                              : "DOES NOT match the trusted key",
              r.has_report ? "report.pdf" : "none");
  if (r.ok) {
    std::printf("OK: every item, link, the order, the count and the signature verify\n");
    return;
  }
  std::printf("FAILED: %s\n", r.first_problem.c_str());
  for (size_t i = 1; i < r.problems.size(); ++i) std::printf("  also: %s\n", r.problems[i].c_str());
}

void PrintJson(const ev::VerifyReport& r) {
  nlohmann::ordered_json j;
  j["ok"] = r.ok;
  j["first_problem"] = r.first_problem;
  j["first_bad_seq"] = r.first_bad_seq;
  j["problems"] = r.problems;
  j["incident_id"] = r.incident_id;
  j["items"] = r.items;
  j["files_checked"] = r.files_checked;
  j["head"] = r.head;
  j["public_key"] = r.public_key;
  j["key_trusted"] = r.key_trusted;
  j["has_report"] = r.has_report;
  std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
}

void RunVerify(const VerifyArgs& a) {
  std::optional<std::string> key;
  if (!a.public_key.empty()) {
    Result<std::string> k = ResolveKey(a.public_key);
    if (!k.ok()) Fail(k.status());
    key = *k;
  }
  Result<ev::VerifyReport> r = ev::VerifyPack(a.pack, key);
  if (!r.ok()) {
    // An unusable pack (a bomb, a corrupt ZIP) is exit 2, apart from the
    // verdict "does not verify" (exit 1).
    Status s = r.status();
    if (s.code() == StatusCode::kResourceExhausted || s.code() == StatusCode::kCorruption)
      s = Status::InvalidArgument(s.message());
    Fail(s);
  }
  if (a.json)
    PrintJson(*r);
  else
    PrintText(a.pack, *r, key.has_value());
  std::fflush(stdout);
  if (!r->ok) throw CLI::RuntimeError(1);
}

std::string DefaultCapturedBy() {
  if (const passwd* pw = ::getpwuid(::getuid()); pw != nullptr && pw->pw_name) return pw->pw_name;
  return "cli";
}

// UTC RFC 3339 of a file's modification time (when it was saved on the
// device: the best capture time a folder can give).
std::string MtimeRfc3339(const struct stat& st) {
  std::tm tm{};
  gmtime_r(&st.st_mtime, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status ReadSmallFile(const std::string& path, uint64_t max, std::string* out) {
  BB_ASSIGN_OR_RETURN(ev::FileDigest d, ev::Sha256File(path, max));
  std::ifstream in(path, std::ios::binary);
  out->assign(std::istreambuf_iterator<char>(in), {});
  if (!in.good() && !in.eof()) return Status::IOError("cannot read '" + path + "'");
  if (out->size() != d.size) return Status::IOError("'" + path + "' changed while being read");
  return Status::Ok();
}

Status RunPack(const PackArgs& a) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(a.dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;  // originals only
    files.push_back(it->path());
  }
  if (ec) return Status::NotFound("cannot list '" + a.dir + "': " + ec.message());
  if (files.empty()) return Status::InvalidArgument("'" + a.dir + "' holds no files to pack");
  if (files.size() > ev::kMaxItems) return Status::ResourceExhausted("too many files in '" + a.dir + "'");
  std::sort(files.begin(), files.end());
  ev::PackInput in;
  in.incident_id = a.incident;
  const std::string by = a.captured_by.empty() ? DefaultCapturedBy() : a.captured_by;
  uint64_t total = 0;
  for (const fs::path& p : files) {
    std::string bytes;
    BB_RETURN_IF_ERROR(ReadSmallFile(p.string(), ev::kMaxItemBytes, &bytes));
    total += bytes.size();
    if (total > kMaxFolderBytes)
      return Status::ResourceExhausted("'" + a.dir + "' holds more than " +
                                       std::to_string(kMaxFolderBytes) + " bytes");
    Result<std::string> mime = ev::CheckDeclaredType("", p.filename().string(), bytes);
    if (!mime.ok()) return mime.status();
    struct stat st {};
    ::stat(p.c_str(), &st);
    ev::EvidenceItem item;
    item.seq = in.items.size() + 1;
    item.kind = mime->rfind("image/", 0) == 0 ? ev::ItemKind::kScreenshot : ev::ItemKind::kFile;
    item.sha256 = crypto::Sha256Hex(bytes);
    item.captured_at = MtimeRfc3339(st);
    item.captured_by = by;
    item.name = p.filename().string();
    item.mime = *mime;
    item.size = bytes.size();
    in.items.push_back(std::move(item));
    in.contents.push_back(std::move(bytes));
  }
  if (!a.report.empty()) {
    BB_RETURN_IF_ERROR(ReadSmallFile(a.report, ev::kMaxItemBytes, &in.report_pdf));
    if (ev::SniffMime(in.report_pdf) != "application/pdf")
      return Status::InvalidArgument("--report '" + a.report + "' is not a PDF");
  }
  BB_ASSIGN_OR_RETURN(auto signer, crypto::Signer::LoadOrCreate(a.key));
  BB_RETURN_IF_ERROR(ev::WritePack(in, *signer, a.out));
  std::printf("wrote %s: %zu items, signed by %s\n", a.out.c_str(), in.items.size(),
              signer->public_key_hex().c_str());
  return Status::Ok();
}

}  // namespace

void RegisterEvidence(CLI::App& app) {
  CLI::App* ev_cmd = app.add_subcommand("evidence", "Complaint packs: verify one offline, or build one from a folder");
  ev_cmd->require_subcommand(1);

  auto v = std::make_shared<VerifyArgs>();
  CLI::App* verify = ev_cmd->add_subcommand(
      "verify", "Check a complaint pack offline: every file hash, chain link, the order, the count and the "
                "signature; names the first item that does not match (exit 0 = verifies, 1 = does not)");
  verify->add_option("pack", v->pack, "the pack (.zip)")->required();
  verify->add_option("--public-key", v->public_key,
                     "the server's Ed25519 public key (64 hex) or a file holding it: also require the "
                     "pack to be signed by this key");
  verify->add_flag("--json", v->json, "print the report as one JSON object");
  verify->callback([v] { RunVerify(*v); });

  auto p = std::make_shared<PackArgs>();
  CLI::App* pack = ev_cmd->add_subcommand(
      "pack", "Build a signed complaint pack from the files of a folder (sorted by name; capture time = "
              "file modification time)");
  pack->add_option("--dir", p->dir, "folder of evidence files (not recursive; hidden files skipped)")->required();
  pack->add_option("--incident", p->incident, "incident id (a pseudonym is fine)")->required();
  pack->add_option("--key", p->key, "Ed25519 signing key file (created, mode 0600, when missing)")->required();
  pack->add_option("--out", p->out, "the pack to write (.zip)")->required();
  pack->add_option("--captured-by", p->captured_by, "who captured the files (default: the user name)");
  pack->add_option("--report", p->report, "a PDF report to include as report.pdf");
  pack->callback([p] {
    if (Status s = RunPack(*p); !s.ok()) Fail(s);
  });
}

}  // namespace byteback::cli
