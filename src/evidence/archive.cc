// archive.cc: reading untrusted ZIPs safely (SafeArchive) and writing ZIPs
// in memory (internal::ZipBytes), both over libzip.
//
// The reader's defence is in two layers. Open() inspects the central
// directory only and refuses the archive before a byte is inflated: entry
// count, names (CheckEntryName), duplicates, entry types (symlinks and
// devices via the Unix mode in the external attributes), encryption,
// compression method, and declared sizes and ratios. Stream() then counts
// the bytes actually inflated, so a local header that lies about its size
// (the classic bomb) stops at the declared size. ExtractAll() creates files
// with openat() relative to a directory descriptor, never by joining paths.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "core/utf8.h"
#include "evidence/evidence.h"
#include "evidence/evidence_internal.h"

namespace byteback::evidence {
namespace {

constexpr size_t kChunk = 64 * 1024;

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string ZipErrorText(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string text = zip_error_strerror(&e);
  zip_error_fini(&e);
  return text;
}

std::vector<std::string_view> Components(std::string_view name) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= name.size()) {
    size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    parts.push_back(name.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Closes a file descriptor on scope exit.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

struct SafeArchive::Handle {
  zip_t* za = nullptr;
  std::string data;  // the archive's bytes for OpenMemory (libzip reads them)
  ~Handle() {
    if (za != nullptr) zip_discard(za);
  }
};

Status CheckEntryName(std::string_view name, const ArchiveLimits& limits) {
  const std::string where = "entry " + Quote(utf8::IsValid(name) ? name : "?");
  if (name.empty()) return Status::InvalidArgument("entry with an empty name");
  if (name.size() > limits.max_name_bytes)
    return Status::InvalidArgument(where + ": name longer than " +
                                   std::to_string(limits.max_name_bytes) +
                                   " bytes");
  if (!utf8::IsValid(name))
    return Status::InvalidArgument("entry name is not valid UTF-8");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f)
      return Status::InvalidArgument(where + ": control character in name");
  if (name.find('\\') != std::string_view::npos)
    return Status::InvalidArgument(where + ": backslash in name");
  if (name[0] == '/')
    return Status::InvalidArgument(where + ": absolute path");
  if (name.size() >= 2 && name[1] == ':')
    return Status::InvalidArgument(where + ": drive letter in name");
  std::string_view rel = name;
  if (rel.back() == '/') rel.remove_suffix(1);  // a directory entry
  const std::vector<std::string_view> parts = Components(rel);
  if (parts.size() > limits.max_depth)
    return Status::InvalidArgument(where + ": deeper than " +
                                   std::to_string(limits.max_depth) +
                                   " components");
  for (std::string_view p : parts) {
    if (p == "..")
      return Status::InvalidArgument(where + ": '..' component (path traversal)");
    if (p.empty() || p == ".")
      return Status::InvalidArgument(where + ": empty or '.' component");
  }
  return Status::Ok();
}

ArchiveLimits PackArchiveLimits() {
  ArchiveLimits limits;
  limits.max_entries = kMaxItems + 8;  // + manifest, chain, report, dirs
  return limits;
}

SafeArchive::SafeArchive(SafeArchive&& other) noexcept = default;
SafeArchive& SafeArchive::operator=(SafeArchive&& other) noexcept = default;
SafeArchive::~SafeArchive() = default;

namespace {

// Checks entry `i` of `za` against `limits`; `label` names the archive.
Result<ArchiveEntry> InspectEntry(zip_t* za, zip_uint64_t i,
                                  const std::string& label,
                                  const ArchiveLimits& limits) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(za, i, 0, &st) != 0 || (st.valid & ZIP_STAT_NAME) == 0 ||
      (st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_COMP_SIZE) == 0)
    return Status::InvalidArgument(label + ": unreadable entry #" +
                                   std::to_string(i));
  ArchiveEntry e;
  e.name = st.name;
  e.index = i;
  e.size = st.size;
  e.compressed_size = st.comp_size;
  e.is_dir = !e.name.empty() && e.name.back() == '/';
  if (Status s = CheckEntryName(e.name, limits); !s.ok())
    return Status::InvalidArgument(label + ": " + s.message());
  const std::string where = label + ": entry " + Quote(e.name);
  zip_uint8_t opsys = 0;
  zip_uint32_t attr = 0;
  if (zip_file_get_external_attributes(za, i, 0, &opsys, &attr) == 0 &&
      opsys == ZIP_OPSYS_UNIX) {
    const unsigned mode = (attr >> 16) & S_IFMT;
    if (mode == S_IFLNK)
      return Status::InvalidArgument(where + ": symbolic link (refused)");
    if (mode != 0 && mode != S_IFREG && mode != S_IFDIR)
      return Status::InvalidArgument(where + ": not a regular file");
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
      st.encryption_method != ZIP_EM_NONE)
    return Status::InvalidArgument(where + ": encrypted (refused)");
  if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE &&
      st.comp_method != ZIP_CM_DEFLATE)
    return Status::InvalidArgument(where + ": compression method not supported");
  if (e.size > limits.max_entry_bytes)
    return Status::ResourceExhausted(
        where + ": " + std::to_string(e.size) + " bytes uncompressed, over " +
        "the limit of " + std::to_string(limits.max_entry_bytes));
  if (e.size > limits.ratio_min_bytes &&
      e.size / std::max<uint64_t>(e.compressed_size, 1) > limits.max_ratio)
    return Status::ResourceExhausted(where + ": compression ratio over " +
                                     std::to_string(limits.max_ratio) +
                                     ":1 (zip bomb?)");
  return e;
}

}  // namespace

Result<SafeArchive> SafeArchive::Open(const std::string& path,
                                      const ArchiveLimits& limits) {
  int err = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (za == nullptr) {
    if (err == ZIP_ER_NOENT || err == ZIP_ER_OPEN)
      return Status::NotFound("cannot open " + Quote(path) + ": " +
                              ZipErrorText(err));
    return Status::InvalidArgument(Quote(path) + " is not a readable ZIP: " +
                                   ZipErrorText(err));
  }
  auto handle = std::make_unique<Handle>();
  handle->za = za;
  return Inspect(std::move(handle), path, limits);
}

Result<SafeArchive> SafeArchive::OpenMemory(std::string bytes,
                                            const std::string& label,
                                            const ArchiveLimits& limits) {
  auto handle = std::make_unique<Handle>();
  handle->data = std::move(bytes);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(
      handle->data.data(), handle->data.size(), 0, &error);
  if (src != nullptr)
    handle->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (handle->za == nullptr) {
    const std::string why = zip_error_strerror(&error);
    if (src != nullptr) zip_source_free(src);
    zip_error_fini(&error);
    return Status::InvalidArgument(Quote(label) + " is not a readable ZIP: " +
                                   why);
  }
  zip_error_fini(&error);
  return Inspect(std::move(handle), label, limits);
}

Result<SafeArchive> SafeArchive::Inspect(std::unique_ptr<Handle> handle,
                                         const std::string& name,
                                         const ArchiveLimits& limits) {
  SafeArchive a;
  a.handle_ = std::move(handle);
  a.path_ = name;
  a.limits_ = limits;
  const std::string label = Quote(name);
  const zip_int64_t n = zip_get_num_entries(a.handle_->za, 0);
  if (n < 0 || static_cast<uint64_t>(n) > limits.max_entries)
    return Status::ResourceExhausted(label + ": more than " +
                                     std::to_string(limits.max_entries) +
                                     " entries");
  std::set<std::string> seen;
  uint64_t total = 0;
  for (zip_int64_t i = 0; i < n; ++i) {
    BB_ASSIGN_OR_RETURN(ArchiveEntry e,
                        InspectEntry(a.handle_->za, static_cast<zip_uint64_t>(i),
                                     label, limits));
    std::string key = AsciiLower(e.name);
    if (key.back() == '/') key.pop_back();
    if (!seen.insert(key).second)
      return Status::InvalidArgument(label + ": entry " + Quote(e.name) +
                                     ": duplicate name");
    total += e.size;
    if (total > limits.max_total_bytes)
      return Status::ResourceExhausted(
          label + ": more than " + std::to_string(limits.max_total_bytes) +
          " bytes uncompressed in total");
    a.by_name_.emplace(e.name, a.entries_.size());
    a.entries_.push_back(std::move(e));
  }
  return a;
}

const ArchiveEntry* SafeArchive::Find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : &entries_[it->second];
}

Status SafeArchive::Stream(
    const ArchiveEntry& entry,
    const std::function<Status(std::string_view)>& sink) const {
  const std::string where = Quote(path_) + ": entry " + Quote(entry.name);
  if (entry.is_dir) return Status::Ok();
  zip_file_t* f = zip_fopen_index(handle_->za, entry.index, 0);
  if (f == nullptr)
    return Status::Corruption(where + ": " + zip_strerror(handle_->za));
  std::string buf(kChunk, '\0');
  uint64_t got = 0;
  Status result;
  for (;;) {
    zip_int64_t n = zip_fread(f, buf.data(), buf.size());
    if (n < 0) {
      result = Status::Corruption(where + ": " + zip_file_strerror(f));
      break;
    }
    if (n == 0) break;
    got += static_cast<uint64_t>(n);
    if (got > entry.size || got > limits_.max_entry_bytes) {
      result = Status::ResourceExhausted(
          where + ": inflates past its declared size (zip bomb?)");
      break;
    }
    result = sink(std::string_view(buf.data(), static_cast<size_t>(n)));
    if (!result.ok()) break;
  }
  zip_fclose(f);
  if (result.ok() && got != entry.size)
    return Status::Corruption(where + ": shorter than its declared size");
  return result;
}

Result<std::string> SafeArchive::Read(const ArchiveEntry& entry,
                                      uint64_t max_bytes) const {
  if (entry.size > max_bytes)
    return Status::ResourceExhausted(
        Quote(path_) + ": entry " + Quote(entry.name) + " is " +
        std::to_string(entry.size) + " bytes, over the limit of " +
        std::to_string(max_bytes));
  std::string out;
  out.reserve(static_cast<size_t>(entry.size));
  BB_RETURN_IF_ERROR(Stream(entry, [&](std::string_view chunk) {
    out.append(chunk);
    return Status::Ok();
  }));
  return out;
}

Status SafeArchive::ExtractAll(const std::string& target_dir) const {
  Fd root(::open(target_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (root.fd < 0)
    return Status::NotFound("cannot open target directory " +
                            Quote(target_dir) + ": " + std::strerror(errno));
  std::vector<std::string> made_files, made_dirs;  // relative to root
  Status result;
  for (const ArchiveEntry& e : entries_) {
    std::string_view rel = e.name;
    if (rel.back() == '/') rel.remove_suffix(1);
    const std::vector<std::string_view> parts = Components(rel);
    const size_t dir_parts = e.is_dir ? parts.size() : parts.size() - 1;
    Fd dir(::dup(root.fd));
    std::string so_far;
    for (size_t i = 0; i < dir_parts && result.ok(); ++i) {
      const std::string comp(parts[i]);
      so_far += (so_far.empty() ? "" : "/") + comp;
      if (::mkdirat(dir.fd, comp.c_str(), 0700) == 0) {
        made_dirs.push_back(so_far);
      } else if (errno != EEXIST) {
        result = Status::IOError("entry " + Quote(e.name) + ": mkdir: " +
                                 std::strerror(errno));
        break;
      }
      int next = ::openat(dir.fd, comp.c_str(),
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (next < 0) {
        result = Status::IOError("entry " + Quote(e.name) + ": " + Quote(so_far) +
                                 " is not a directory");
        break;
      }
      ::close(dir.fd);
      dir.fd = next;
    }
    if (!result.ok()) break;
    if (e.is_dir) continue;
    const std::string leaf(parts.back());
    Fd out(::openat(dir.fd, leaf.c_str(),
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (out.fd < 0) {
      result = Status::IOError("entry " + Quote(e.name) + ": cannot create: " +
                               std::strerror(errno));
      break;
    }
    made_files.push_back(std::string(rel));
    result = Stream(e, [&](std::string_view chunk) {
      return WriteAll(out.fd, chunk)
                 ? Status::Ok()
                 : Status::IOError("entry " + Quote(e.name) + ": write failed");
    });
    if (!result.ok()) break;
  }
  if (!result.ok()) {
    // Leave the target as it was: remove what this call created.
    for (auto it = made_files.rbegin(); it != made_files.rend(); ++it)
      ::unlinkat(root.fd, it->c_str(), 0);
    for (auto it = made_dirs.rbegin(); it != made_dirs.rend(); ++it)
      ::unlinkat(root.fd, it->c_str(), AT_REMOVEDIR);
  }
  return result;
}

namespace internal {

Result<std::string> ZipBytes(const std::vector<ZipMember>& members) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (target == nullptr) return Status::Internal("zip: cannot create buffer");
  zip_t* za = zip_open_from_source(target, ZIP_TRUNCATE, &error);
  if (za == nullptr) {
    zip_source_free(target);
    return Status::Internal("zip: cannot open buffer");
  }
  zip_source_keep(target);
  auto fail = [&](const std::string& what) {
    std::string msg = "zip: " + what + ": " + zip_strerror(za);
    zip_discard(za);
    zip_source_free(target);
    return Status::Internal(msg);
  };
  for (const ZipMember& m : members) {
    zip_source_t* src = zip_source_buffer(za, m.data.data(), m.data.size(), 0);
    if (src == nullptr) return fail("source for " + m.name);
    zip_int64_t idx = zip_file_add(za, m.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      return fail("add " + m.name);
    }
    const auto u = static_cast<zip_uint64_t>(idx);
    if (zip_set_file_compression(za, u, m.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                 0) != 0)
      return fail("compression of " + m.name);
    const zip_uint32_t mode = m.unix_mode ? m.unix_mode : (S_IFREG | 0644);
    if (zip_file_set_external_attributes(za, u, 0, ZIP_OPSYS_UNIX, mode << 16) !=
        0)
      return fail("attributes of " + m.name);
    // A fixed time keeps packs reproducible; the manifest carries real times.
    if (zip_file_set_mtime(za, u, 315532800 + 86400, 0) != 0)
      return fail("mtime of " + m.name);
  }
  if (zip_close(za) != 0) return fail("close");
  std::string out;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(target, &st) != 0 || zip_source_open(target) != 0) {
    zip_source_free(target);
    return Status::Internal("zip: cannot read the buffer back");
  }
  out.resize(static_cast<size_t>(st.size));
  zip_int64_t n = zip_source_read(target, out.data(), out.size());
  zip_source_close(target);
  zip_source_free(target);
  if (n < 0 || static_cast<size_t>(n) != out.size())
    return Status::Internal("zip: short read of the buffer");
  return out;
}

Status WriteFileAtomic(const std::string& path, std::string_view data) {
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());  // mode 0600
  if (fd < 0)
    return Status::IOError("cannot create " + Quote(tmp) + ": " +
                           std::strerror(errno));
  bool ok = WriteAll(fd, data) && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Status::IOError("cannot write " + Quote(path) + ": " + why);
  }
  return Status::Ok();
}

}  // namespace internal
}  // namespace byteback::evidence
