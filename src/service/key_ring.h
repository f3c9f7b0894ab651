#pragma once
// The CA private keys in use, loaded once from their key store and kept in memory, so
// issuing does not read and decrypt a key file per certificate. Keys never leave it:
// callers get a reference to sign with.

#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/certificate_authority.h"
#include "core/result.h"
#include "pki/file_key_store.h"
#include "pki/key.h"
#include "pki/pkcs11_key_store.h"

namespace certkeep::service {

class KeyRing {
 public:
  /// `tokens` may be null when no PKCS#11 module is configured.
  explicit KeyRing(const pki::FileKeyStore& files, const pki::Pkcs11KeyStore* tokens = nullptr)
      : files_(files), tokens_(tokens) {}
  /// The private key of `ca`, loading it on first use.
  [[nodiscard]] core::Result<std::shared_ptr<const pki::PrivateKey>> Get(
      const core::CertificateAuthority& ca);

 private:
  const pki::FileKeyStore& files_;
  const pki::Pkcs11KeyStore* tokens_;
  std::mutex mu_;
  std::unordered_map<core::CaId, std::shared_ptr<const pki::PrivateKey>> keys_;
};

}  // namespace certkeep::service
