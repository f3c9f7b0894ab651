#pragma once
// CA private keys in files: encrypted PKCS#8 PEM, mode 0600, in one key directory.
// The passphrase comes from configuration and is never written next to the keys.

#include <filesystem>
#include <string>

#include "core/result.h"
#include "pki/key.h"

namespace certkeep::pki {

/// Keys in `dir`, each encrypted with `passphrase`. A key is addressed by a key_ref
/// "file:<name>.key.pem" relative to `dir`, so the data directory can move.
class FileKeyStore {
 public:
  FileKeyStore(std::filesystem::path dir, std::string passphrase)
      : dir_(std::move(dir)), passphrase_(std::move(passphrase)) {}

  /// Writes `key` as `name`.key.pem (fails if it exists) and returns its key_ref.
  [[nodiscard]] core::Result<std::string> Put(const std::string& name, const PrivateKey& key);
  /// Loads the key that `key_ref` names.
  [[nodiscard]] core::Result<PrivateKey> Load(const std::string& key_ref) const;
  /// Deletes the key that `key_ref` names (used to undo a Put whose transaction failed).
  void Remove(const std::string& key_ref) const;

 private:
  [[nodiscard]] core::Result<std::filesystem::path> PathOf(const std::string& key_ref) const;
  std::filesystem::path dir_;
  std::string passphrase_;
};

/// Writes `contents` to `path` atomically (temp file + rename) with permissions `mode`.
[[nodiscard]] core::Result<void> WriteFileAtomically(const std::filesystem::path& path,
                                                     const std::string& contents,
                                                     std::filesystem::perms mode);
/// Reads a whole file.
[[nodiscard]] core::Result<std::string> ReadFile(const std::filesystem::path& path);

}  // namespace certkeep::pki
