#include "service/ca_certificates.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "pki/encoding.h"
#include "service/audit_log.h"

namespace certkeep::service {

core::Result<std::string> CaCertificateDer(store::Store& store, const std::string& name) {
  auto ca = store.Transact([&](store::Transaction& tx) { return tx.cas().FindByName(name); });
  if (!ca) return core::Fail(ca.error());
  auto cert = pki::Certificate::FromPem(ca->certificate_pem);
  if (!cert) return core::Fail(cert.error());
  return pki::ToDer(*cert);
}

core::Result<IssuerPath> IssuerChain(store::Transaction& tx, core::CaId ca) {
  IssuerPath path;
  std::optional<core::CaId> next = ca;
  for (int depth = 0; next && depth < 8; ++depth) {
    auto row = tx.cas().Get(*next);
    if (!row) return core::Fail(row.error());
    auto cert = pki::Certificate::FromPem(row->certificate_pem);
    if (!cert) return core::Fail(cert.error());
    path.certificates.push_back(std::move(*cert));
    path.cas.push_back(row->id);
    next = row->parent_id;
  }
  return path;
}

core::Result<std::vector<std::vector<pki::Certificate>>> AlternateChains(store::Transaction& tx,
                                                                         const IssuerPath& path) {
  std::vector<std::vector<pki::Certificate>> out;
  for (std::size_t i = 0; i < path.cas.size(); ++i) {
    auto crosses = tx.cas().Crosses(path.cas[i]);  // from the registry cache
    if (!crosses) return core::Fail(crosses.error());
    for (const auto& cross : *crosses) {
      auto cert = pki::Certificate::FromPem(cross.certificate_pem);
      auto above = pki::Certificate::AllFromPem(cross.chain_pem);
      if (!cert) return core::Fail(cert.error());
      if (!above) return core::Fail(above.error());
      auto& chain = out.emplace_back(path.certificates.begin(), path.certificates.begin() + i);
      chain.push_back(std::move(*cert));
      for (auto& c : *above) chain.push_back(std::move(c));
    }
  }
  return out;
}

namespace {

core::Error BadCross(std::string message) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kBadCertificate,
                     std::move(message));
}

}  // namespace

core::Result<core::CrossCertificate> AddCrossCertificate(store::Store& store,
                                                         const core::Clock& clock,
                                                         const NewCrossCertificate& in) {
  auto cert = pki::Certificate::FromPem(in.certificate_pem);
  if (!cert) return core::Fail(cert.error());
  if (auto only = pki::Certificate::AllFromPem(in.certificate_pem); !only || only->size() != 1) {
    return core::Fail(BadCross("give the cross-certificate alone, and its chain apart"));
  }
  auto chain = pki::Certificate::AllFromPem(in.chain_pem);
  if (!chain) return core::Fail(chain.error());
  if (!cert->IsCa()) return core::Fail(BadCross("the certificate is not a CA certificate"));
  auto now = clock.Now();
  if (cert->NotBefore() > now || cert->NotAfter() <= now) {
    return core::Fail(BadCross("the cross-certificate is not valid now"));
  }
  // Each certificate signed by the next one, the chain's last by whatever the relying
  // party trusts (RFC 5280 §6.1: the path is built from the trust anchor down).
  const pki::Certificate* child = &*cert;
  for (const auto& parent : *chain) {
    if (child->Issuer() != parent.Subject() || !child->IsSignedBy(parent)) {
      return core::Fail(BadCross("the chain's '" + parent.Subject() + "' did not sign '" +
                                 child->Subject() + "'"));
    }
    child = &parent;
  }
  auto stored = store.Transact([&](store::Transaction& tx) -> core::Result<core::CrossCertificate> {
    auto ca = tx.cas().FindByName(in.ca_name);
    if (!ca) return core::Fail(ca.error());
    auto own = pki::Certificate::FromPem(ca->certificate_pem);
    if (!own) return core::Fail(own.error());
    auto own_key = own->SpkiDer();
    auto cross_key = cert->SpkiDer();
    if (!own_key || !cross_key) return core::Fail((own_key ? cross_key : own_key).error());
    // RFC 5280 §3.2: a cross-certificate certifies the same subject's same key.
    if (own->Subject() != cert->Subject() || *own_key != *cross_key) {
      return core::Fail(
          BadCross("the certificate is not for CA '" + ca->name + "': its subject or key differs"));
    }
    if (cert->IsSignedBy(*cert)) {
      return core::Fail(
          BadCross("the certificate is self-signed: a cross-certificate comes "
                   "from another issuer"));
    }
    auto existing = tx.cas().Crosses(ca->id);
    if (!existing) return core::Fail(existing.error());
    auto der = cert->ToDer();
    if (!der) return core::Fail(der.error());
    for (const auto& e : *existing) {
      auto other = pki::Certificate::FromPem(e.certificate_pem);
      auto other_der = other ? other->ToDer() : core::Result<std::string>(std::string());
      if (other_der && *other_der == *der) {
        return core::Fail(core::ErrorCode::kConflict, core::Reason::kUnspecified,
                          "CA '" + ca->name + "' already has this cross-certificate (" +
                              std::to_string(e.id) + ")");
      }
    }
    core::CrossCertificate cross{.ca_id = ca->id,
                                 .certificate_pem = in.certificate_pem,
                                 .chain_pem = in.chain_pem,
                                 .created_at = now};
    auto id = tx.cas().AddCross(cross);
    if (!id) return core::Fail(id.error());
    cross.id = *id;
    core::AuditRecord audit{.actor = "system",
                            .action = "ca.cross.add",
                            .object_type = "ca",
                            .object_id = std::to_string(ca->id.value),
                            .detail = nlohmann::json{{"cross", *id},
                                                     {"issuer", cert->Issuer()},
                                                     {"serial", cert->SerialNumberHex()}}
                                          .dump()};
    if (auto a = RecordAudit(tx, clock, audit); !a) return core::Fail(a.error());
    return cross;
  });
  return stored;
}

core::Result<void> RemoveCrossCertificate(store::Store& store, const core::Clock& clock,
                                          const std::string& ca_name, std::int64_t id) {
  return store.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto ca = tx.cas().FindByName(ca_name);
    if (!ca) return core::Fail(ca.error());
    if (auto r = tx.cas().RemoveCross(ca->id, id); !r) return r;
    core::AuditRecord audit{.actor = "system",
                            .action = "ca.cross.remove",
                            .object_type = "ca",
                            .object_id = std::to_string(ca->id.value),
                            .detail = nlohmann::json{{"cross", id}}.dump()};
    return RecordAudit(tx, clock, audit);
  });
}

}  // namespace certkeep::service
