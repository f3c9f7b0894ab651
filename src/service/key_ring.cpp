#include "service/key_ring.h"

namespace certkeep::service {

core::Result<std::shared_ptr<const pki::PrivateKey>> KeyRing::Get(
    const core::CertificateAuthority& ca) {
  std::lock_guard lock(mu_);
  if (auto it = keys_.find(ca.id); it != keys_.end()) return it->second;
  // "pkcs11:" refs name a key in a token (RFC 7512); "file:" refs a file in the key dir.
  core::Result<pki::PrivateKey> key = [&]() -> core::Result<pki::PrivateKey> {
    if (!ca.key_ref.starts_with("pkcs11:")) return files_.Load(ca.key_ref);
    if (tokens_ == nullptr) {
      return core::Fail(
          core::ErrorCode::kUnavailable, core::Reason::kPkcs11,
          "CA '" + ca.name + "' has its key in a PKCS#11 token: set ca.pkcs11_module");
    }
    return tokens_->Load(ca.key_ref);
  }();
  if (!key) return core::Fail(key.error().Context("CA '" + ca.name + "'"));
  auto shared = std::make_shared<const pki::PrivateKey>(std::move(*key));
  keys_.emplace(ca.id, shared);
  return shared;
}

}  // namespace certkeep::service
