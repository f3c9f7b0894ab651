#include "service/ca_certificates.h"

#include "pki/encoding.h"

namespace certkeep::service {

core::Result<std::string> CaCertificateDer(store::Store& store, const std::string& name) {
  auto ca = store.Transact([&](store::Transaction& tx) { return tx.cas().FindByName(name); });
  if (!ca) return core::Fail(ca.error());
  auto cert = pki::Certificate::FromPem(ca->certificate_pem);
  if (!cert) return core::Fail(cert.error());
  return pki::ToDer(*cert);
}

}  // namespace certkeep::service
