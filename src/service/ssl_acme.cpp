// SSL certificates issued through ACME (RFC 8555): finalize hands an order's CSR over, and
// the certificate joins the SSL list with requestedVia ACME, the same audit records and
// the same mail as any other.

#include <algorithm>
#include <set>

#include "pki/csr.h"
#include "pki/encoding.h"
#include "service/ca_certificates.h"
#include "service/ssl_certificates.h"
#include "service/ssl_internal.h"

namespace certkeep::service {

namespace {

using core::SslEvent;
using core::SslStatus;
using namespace ssl_internal;

// RFC 8555 §7.4: "The CSR MUST indicate the exact same set of requested identifiers as the
// initial newOrder request."
core::Result<void> SameNames(const pki::ParsedCsr& csr, const std::vector<std::string>& names) {
  std::set<std::string> wanted(names.begin(), names.end());
  std::set<std::string> asked(csr.dns_names.begin(), csr.dns_names.end());
  if (!csr.ip_addresses.empty() || !csr.emails.empty() || asked != wanted) {
    std::string list;
    for (const auto& n : wanted) list += (list.empty() ? "" : ", ") + n;
    return core::Fail(core::ErrorCode::kBadCsr, core::Reason::kAcmeCsrNamesDiffer,
                      "the CSR must name exactly the order's identifiers (" + list +
                          "), in its CN and subjectAltName, and nothing else");
  }
  return core::Ok();
}

}  // namespace

core::Result<core::SslCertificate> SslCertificates::IssueForAcme(const AcmeIssue& request) {
  auto now = clock_.Now();
  struct Decision {
    core::SslCertificate cert;
    std::optional<Signing> signing;
    std::string profile;
    core::Organization org;
    IssuedNotice notice;
  };
  auto decided = store_.Read([&](store::Transaction& tx) -> core::Result<Decision> {
    auto org = OrgOf(tx, request.customer_id, request.org_id);
    if (!org) return core::Fail(org.error());
    auto profile = tx.profiles().Get(request.profile_id);
    if (!profile) return core::Fail(profile.error());
    auto csr = pki::ParseCsr(request.csr, CsrPolicyOf(*profile));
    if (!csr) return core::Fail(csr.error());
    if (auto r = SameNames(*csr, request.names); !r) return core::Fail(r.error());
    // RFC 8555 §11.1: "The CA SHOULD ... reject requests ... where the public key in the CSR
    // is the same as the account key".
    if (csr->spki_der == request.account_spki_der) {
      return core::Fail(core::ErrorCode::kBadCsr, core::Reason::kAcmeCsrAccountKey,
                        "the CSR's key is the account key: use a key of its own");
    }
    // The order's authorizations stood for the names; the registry is asked again, so a
    // delegation withdrawn since then stops the issuance.
    auto gate = gate_.CheckRegistry(tx, request.customer_id, request.org_id, core::CertType::kSsl,
                                    csr->dns_names);
    if (!gate) return core::Fail(gate.error());
    std::string contacts;
    for (const auto& c : request.contacts) contacts += (contacts.empty() ? "" : ", ") + c;
    Decision d{.cert = {.customer_id = request.customer_id,
                        .org_id = request.org_id,
                        .profile_id = profile->id,
                        .term_days = profile->terms.empty() ? 90 : profile->terms.front(),
                        .csr = pki::PemEncode("CERTIFICATE REQUEST", csr->der),
                        .common_name =
                            csr->common_name.empty() ? csr->dns_names.front() : csr->common_name,
                        .names = csr->dns_names,
                        .key_type = KeyType(*csr),
                        .requester = request.requester,
                        .requested_via = core::RequestedVia::kAcme,
                        .external_requester = contacts,
                        .renew_id = core::Hex(random_.Bytes(16)),
                        .requested_at = now},
               .signing = std::nullopt,
               .profile = profile->name,
               .org = *org,
               .notice = {}};
    if (auto r = Move(d.cert, SslEvent::kAutoApprove); !r) return core::Fail(r.error());
    d.cert.approved_at = now;
    auto prepared = PrepareSigning(tx, d.cert, *org, *profile, *csr, /*reserve=*/false);
    if (!prepared) return core::Fail(prepared.error());
    d.signing = std::move(*prepared);
    auto notice = ReadIssuedNotice(tx, d.cert);
    if (!notice) return core::Fail(notice.error());
    d.notice = std::move(*notice);
    return d;
  });
  if (!decided) return core::Fail(decided.error());
  std::optional<core::Result<std::string>> pem;
  if (decided->signing) pem = Signed(*decided->signing);

  std::optional<std::string> superseded;
  auto stored = store_.Transact([&](store::Transaction& tx) -> core::Result<core::SslCertificate> {
    core::SslCertificate cert = decided->cert;
    std::optional<core::TimePoint> not_after;
    if (pem && *pem) {
      auto issued = Issued(tx, cert, *decided->signing, **pem);
      if (!issued) return core::Fail(issued.error());
      not_after = issued->not_after;
    } else if (pem) {
      // ACME has no queue to wait in: a CA that cannot sign now is the client's to retry.
      if (auto r = Refused(cert, pem->error()); !r) return core::Fail(r.error());
    }
    auto id = tx.ssl().Insert(cert);
    if (!id) return core::Fail(id.error());
    cert.id = *id;
    auto a = Audited(tx, clock_, request.requester, request.source, "ssl.enroll", cert,
                     {{"names", cert.names}, {"profile", decided->profile}, {"via", "ACME"}});
    if (!a) return core::Fail(a.error());
    if (cert.status == SslStatus::kRejected) {
      auto r = Audited(tx, clock_, "system", "", "ssl.reject", cert, {{"why", cert.message}});
      if (!r) return core::Fail(r.error());
    }
    if (not_after) {
      if (auto r = Announce(tx, cert, decided->org, *not_after, superseded, &decided->notice); !r) {
        return core::Fail(r.error());
      }
      if (request.on_issued) {
        if (auto r = request.on_issued(tx, cert); !r) return core::Fail(r.error());
      }
    }
    return cert;
  });
  if (!stored) return core::Fail(stored.error());
  if (stored->status == SslStatus::kRejected && pem && !*pem) return core::Fail(pem->error());
  return stored;
}

core::Result<PemChainView> SslCertificates::PemChain(core::SslId id, std::size_t alternate) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<PemChainView> {
    auto cert = tx.ssl().Get(id);
    if (!cert) return core::Fail(cert.error());
    if (!cert->certificate_id) {
      return core::Fail(core::ErrorCode::kNotFound, core::Reason::kAcmeNotFound,
                        "no certificate has been issued for this order");
    }
    auto record = tx.certificates().Get(*cert->certificate_id);
    if (!record) return core::Fail(record.error());
    auto chain = ChainOf(tx, record->issuer_id);
    if (!chain) return core::Fail(chain.error());
    auto alternates = AlternateChains(tx, **chain);
    if (!alternates) return core::Fail(alternates.error());
    if (alternate > alternates->size()) {
      return core::Fail(core::ErrorCode::kNotFound, core::Reason::kAcmeNotFound,
                        "this certificate has no alternative chain " + std::to_string(alternate));
    }
    // The leaf and every CA above it up to the trust anchor, which the relying party has
    // already (RFC 8446 §4.4.2: "may be omitted"): certkeep's root, or the root above a
    // cross-certificate when its holder gave it. A root's certificate is self-issued.
    const auto& issuers = alternate == 0 ? (*chain)->certificates : (*alternates)[alternate - 1];
    std::size_t served = issuers.size();
    if (served > 1 && issuers.back().IsSelfIssued()) --served;
    auto encoded = pki::EncodeStoredCertificate(
        pki::CertificateFormat::kX509, record->pem,
        std::vector<pki::Certificate>(issuers.begin(), issuers.begin() + served));
    if (!encoded) return core::Fail(encoded.error());
    return PemChainView{std::move(encoded->body), alternates->size()};
  });
}

}  // namespace certkeep::service
