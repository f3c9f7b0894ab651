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

core::Result<std::vector<pki::Certificate>> IssuerChain(store::Transaction& tx, core::CaId ca) {
  std::vector<pki::Certificate> chain;
  std::optional<core::CaId> next = ca;
  for (int depth = 0; next && depth < 8; ++depth) {
    auto row = tx.cas().Get(*next);
    if (!row) return core::Fail(row.error());
    auto cert = pki::Certificate::FromPem(row->certificate_pem);
    if (!cert) return core::Fail(cert.error());
    chain.push_back(std::move(*cert));
    next = row->parent_id;
  }
  return chain;
}

}  // namespace certkeep::service
