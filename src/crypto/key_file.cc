// key_file.cc: reading and writing secret files (key file, signing key).
//
// Secret files must be private to their owner. Reads open the file first and
// check the mode on the descriptor (fstat), so a swap between check and read
// cannot slip a world-readable file through. Writes create with O_EXCL and
// mode 0600 and fsync; replacements go through a temporary sibling + rename
// so a crash leaves either the old or the new file, never half of one.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "crypto/crypto.h"
#include "crypto/crypto_internal.h"

namespace byteback::crypto::internal {
namespace {

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

std::string ModeString(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

Status WriteAll(int fd, std::string_view content, const std::string& path) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError(Errno("cannot write", path));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return Status::IOError(Errno("cannot fsync", path));
  return Status::Ok();
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Result<std::string> ReadSecretFile(const std::string& path, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no such file: " + path);
    return Status::IOError(Errno("cannot open", path));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = Status::IOError(Errno("cannot stat", path));
    ::close(fd);
    return s;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Corruption(path + " is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return Status::FailedPrecondition(
        "secret file " + path + " is accessible by group or others (mode " +
        ModeString(st.st_mode) + "); run: chmod 600 " + path);
  }
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return Status::Corruption(path + " is too large to be a key file");
  }
  std::string content;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status s = Status::IOError(Errno("cannot read", path));
      ::close(fd);
      Wipe(content);
      return s;
    }
    if (n == 0) break;
    content.append(buf, static_cast<size_t>(n));
    if (content.size() > max_bytes) {
      ::close(fd);
      Wipe(content);
      return Status::Corruption(path + " is too large to be a key file");
    }
  }
  ::close(fd);
  sodium_memzero(buf, sizeof buf);
  return content;
}

Status CreateSecretFile(const std::string& path, std::string_view content) {
  int fd = ::open(path.c_str(),
                  O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::AlreadyExists(path + " already exists");
    return Status::IOError(Errno("cannot create", path));
  }
  // The umask can only remove bits, but make the mode explicit anyway.
  Status s = ::fchmod(fd, 0600) == 0
                 ? WriteAll(fd, content, path)
                 : Status::IOError(Errno("cannot chmod", path));
  ::close(fd);
  if (!s.ok()) ::unlink(path.c_str());
  return s;
}

Status ReplaceSecretFile(const std::string& path, std::string_view content) {
  std::string tmp = path + ".tmp-" + RandomToken(8);
  BB_RETURN_IF_ERROR(CreateSecretFile(tmp, content));
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status s = Status::IOError(Errno("cannot rename over", path));
    ::unlink(tmp.c_str());
    return s;
  }
  int dir = ::open(DirName(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);  // best effort: makes the rename durable
    ::close(dir);
  }
  return Status::Ok();
}

}  // namespace byteback::crypto::internal
