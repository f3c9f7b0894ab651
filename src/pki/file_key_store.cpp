#include "pki/file_key_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace certkeep::pki {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "file:";

core::Error IoError(std::string_view what, const fs::path& path, int err) {
  return core::InternalError(core::Reason::kUnspecified,
                             std::string(what) + " " + path.string() + ": " + std::strerror(err));
}

}  // namespace

core::Result<void> WriteFileAtomically(const fs::path& path, const std::string& contents,
                                       fs::perms mode) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  fs::path tmp = path;
  tmp += ".tmp";
  // Create with the final mode from the start: a key is never readable by others,
  // not even for an instant.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) return core::Fail(IoError("creating", tmp, errno));
  std::size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return core::Fail(IoError("writing", tmp, err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return core::Fail(IoError("syncing", tmp, errno));
  fs::rename(tmp, path, ec);
  if (ec) return core::Fail(IoError("renaming", tmp, ec.value()));
  return core::Ok();
}

core::Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Fail(IoError("reading", path, errno));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

core::Result<fs::path> FileKeyStore::PathOf(const std::string& key_ref) const {
  if (!key_ref.starts_with(kPrefix) || key_ref.find('/') != std::string::npos) {
    return core::Fail(core::InternalError(core::Reason::kBadKey, "not a file key_ref: " + key_ref));
  }
  return dir_ / key_ref.substr(kPrefix.size());
}

core::Result<std::string> FileKeyStore::Put(const std::string& name, const PrivateKey& key) {
  std::string key_ref = std::string(kPrefix) + name + ".key.pem";
  auto path = PathOf(key_ref);
  if (!path) return core::Fail(path.error());
  if (fs::exists(*path)) {
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kBadKey,
                      "a key named '" + name + "' already exists", path->string());
  }
  auto pem = key.ToEncryptedPem(passphrase_);
  if (!pem) return core::Fail(pem.error());
  std::error_code ec;
  fs::create_directories(dir_, ec);
  fs::permissions(dir_, fs::perms::owner_all, ec);
  if (auto r = WriteFileAtomically(*path, *pem, fs::perms::owner_read | fs::perms::owner_write);
      !r) {
    return core::Fail(r.error());
  }
  return key_ref;
}

core::Result<PrivateKey> FileKeyStore::Load(const std::string& key_ref) const {
  auto path = PathOf(key_ref);
  if (!path) return core::Fail(path.error());
  auto pem = ReadFile(*path);
  if (!pem) return core::Fail(pem.error());
  auto key = PrivateKey::FromPem(*pem, passphrase_);
  if (!key) return core::Fail(key.error().Context("loading " + path->string()));
  return key;
}

void FileKeyStore::Remove(const std::string& key_ref) const {
  if (auto path = PathOf(key_ref)) {
    std::error_code ec;
    fs::remove(*path, ec);
  }
}

}  // namespace certkeep::pki
