#include "service/key_ring.h"

namespace certkeep::service {

core::Result<std::shared_ptr<const pki::PrivateKey>> KeyRing::Get(
    const core::CertificateAuthority& ca) {
  std::lock_guard lock(mu_);
  if (auto it = keys_.find(ca.id); it != keys_.end()) return it->second;
  auto key = files_.Load(ca.key_ref);
  if (!key) return core::Fail(key.error().Context("CA '" + ca.name + "'"));
  auto shared = std::make_shared<const pki::PrivateKey>(std::move(*key));
  keys_.emplace(ca.id, shared);
  return shared;
}

}  // namespace certkeep::service
