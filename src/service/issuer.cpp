#include "service/issuer.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "pki/crl.h"
#include "pki/csr.h"
#include "pki/encoding.h"
#include "pki/lint.h"
#include "service/audit_log.h"

namespace certkeep::service {

namespace {

constexpr std::ptrdiff_t kMaxCommonName = 64;

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Only the subject fields the profile names; the rest of what the caller sent is dropped.
pki::SubjectAttributes SubjectFor(const core::CertificateProfile& p,
                                  const pki::SubjectAttributes& in) {
  pki::SubjectAttributes out;
  out.common_name = in.common_name;
  for (auto f : p.subject_fields) {
    switch (f) {
      case core::SubjectField::kOrganization:
        out.organization = in.organization;
        break;
      case core::SubjectField::kLocality:
        out.locality = in.locality;
        break;
      case core::SubjectField::kState:
        out.state = in.state;
        break;
      case core::SubjectField::kCountry:
        out.country = in.country;
        break;
      case core::SubjectField::kBusinessCategory:
        out.business_category = in.business_category;
        break;
      case core::SubjectField::kJurisdictionCountry:
        out.jurisdiction_country = in.jurisdiction_country;
        break;
      case core::SubjectField::kSerialNumber:
        out.serial_number = in.serial_number;
        break;
    }
  }
  return out;
}

std::string SubjectText(const pki::SubjectAttributes& s) {
  std::string out;
  auto add = [&](std::string_view k, const std::string& v) {
    if (v.empty()) return;
    if (!out.empty()) out += ',';
    out += k;
    out += '=';
    out += v;
  };
  add("CN", s.common_name);
  add("O", s.organization);
  add("L", s.locality);
  add("ST", s.state);
  add("C", s.country);
  return out;
}

core::Error NotAuthorized(const std::string& name) {
  return core::Error(core::ErrorCode::kRejectedIdentifier, core::Reason::kUnspecified,
                     "the CSR asks for '" + name + "', which is not among the authorized names");
}

}  // namespace

pki::CsrPolicy CsrPolicyOf(const core::CertificateProfile& p) {
  pki::CsrPolicy policy;
  policy.allow_rsa = p.allow_rsa;
  policy.min_rsa_bits = p.min_rsa_bits;
  policy.max_rsa_bits = p.max_rsa_bits;
  policy.allow_ec = p.allow_ec;
  policy.allow_ed25519 = p.allow_ed25519;
  policy.names_are_hostnames = p.kind == core::ProfileKind::kTlsServer;
  policy.allow_wildcard = p.allow_wildcard;
  policy.allow_ip = p.allow_ip;
  policy.allow_internal_names = p.allow_internal_names;
  policy.allow_email = p.allow_email;
  policy.max_names = p.max_names;
  return policy;
}

pki::IssuerUrls Issuer::UrlsFor(const core::CertificateAuthority& ca) const {
  if (base_url_.empty()) return {};
  return {base_url_ + "/ocsp", base_url_ + "/ca/" + ca.name + ".crt",
          base_url_ + "/crl/" + ca.name + ".crl"};
}

core::Result<std::shared_ptr<const pki::CertificateTemplate>> Issuer::TemplateFor(
    const core::CertificateProfile& profile, const core::CertificateAuthority& ca,
    const pki::PrivateKey& key) {
  std::lock_guard lock(mu_);
  auto cache_key = std::make_pair(profile.id.value, ca.id.value);
  if (auto it = templates_.find(cache_key);
      it != templates_.end() && it->second.profile_updated_at == profile.updated_at) {
    return it->second.tmpl;
  }
  auto issuer_cert = pki::Certificate::FromPem(ca.certificate_pem);
  if (!issuer_cert) return core::Fail(issuer_cert.error());
  auto t = pki::CertificateTemplate::Prepare(profile, *issuer_cert, key, UrlsFor(ca));
  if (!t) return core::Fail(t.error());
  auto shared = std::make_shared<const pki::CertificateTemplate>(std::move(*t));
  templates_[cache_key] = {profile.updated_at, shared};
  return shared;
}

core::Result<core::CertificateRecord> Issuer::Issue(const IssueRequest& request) {
  return IssueWith([&](store::Transaction& tx) -> core::Result<PreparedCertificate> {
    auto profile = tx.profiles().FindByName(request.profile);
    if (!profile) return core::Fail(profile.error());
    if (!profile->is_active) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kProfileInvalid,
                        "profile '" + request.profile + "' is not active");
    }
    auto csr = pki::ParseCsr(request.csr, CsrPolicyOf(*profile));
    if (!csr) return core::Fail(csr.error());
    return Prepare(tx, request, *profile, *csr);
  });
}

core::Result<PreparedCertificate> Issuer::Prepare(store::Transaction& tx,
                                                  const IssueRequest& request,
                                                  const core::CertificateProfile& profile,
                                                  const pki::ParsedCsr& csr) {
  auto decided = Decide(tx, request, profile, csr);
  if (!decided) return core::Fail(decided.error());
  auto id = tx.certificates().Reserve(decided->record);
  if (!id) return core::Fail(id.error());
  decided->record.id = *id;
  return decided;
}

core::Result<PreparedCertificate> Issuer::Decide(store::Transaction& tx,
                                                 const IssueRequest& request,
                                                 const core::CertificateProfile& profile,
                                                 const pki::ParsedCsr& csr) {
  if (!profile.is_active) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kProfileInvalid,
                      "profile '" + profile.name + "' is not active");
  }
  // Which CA: the one named, else the newest issuing CA.
  std::optional<core::CertificateAuthority> ca;
  if (!request.ca.empty()) {
    auto found = tx.cas().FindByName(request.ca);
    if (!found) return core::Fail(found.error());
    ca = std::move(*found);
  } else {
    auto all = tx.cas().List();
    if (!all) return core::Fail(all.error());
    for (auto& c : *all) {
      if (c.role == core::CaRole::kIssuing) ca = c;
    }
  }
  if (!ca || ca->role != core::CaRole::kIssuing) {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                      "no issuing CA named '" + request.ca + "'");
  }

  // The names: the authorized ones; everything the CSR asks for must be among them.
  PreparedCertificate prepared{.public_key = csr.public_key,
                               .spki_der = csr.spki_der,
                               .profile = profile,
                               .ca = std::move(*ca),
                               .actor = request.actor};
  pki::CertificateRequest& cert = prepared.request;
  bool operator_names =
      request.dns_names.empty() && request.ip_addresses.empty() && request.emails.empty();
  if (operator_names) {
    cert.dns_names = csr.dns_names;
    cert.ip_addresses = csr.ip_addresses;
    cert.emails = csr.emails;
  } else {
    auto policy = CsrPolicyOf(profile);
    for (const auto& name : request.dns_names) {
      auto checked = pki::CheckDnsName(name, policy);
      if (!checked) return core::Fail(checked.error());
      if (!Contains(cert.dns_names, *checked)) cert.dns_names.push_back(*checked);
    }
    cert.ip_addresses = request.ip_addresses;
    cert.emails = request.emails;
    for (const auto& n : csr.dns_names) {
      if (!Contains(cert.dns_names, n)) return core::Fail(NotAuthorized(n));
    }
    for (const auto& n : csr.ip_addresses) {
      if (!Contains(cert.ip_addresses, n)) return core::Fail(NotAuthorized(n));
    }
    for (const auto& n : csr.emails) {
      if (!Contains(cert.emails, n)) return core::Fail(NotAuthorized(n));
    }
  }

  cert.subject = SubjectFor(profile, request.subject);
  if (cert.subject.common_name.empty()) cert.subject.common_name = csr.common_name;
  if (profile.kind == core::ProfileKind::kTlsServer &&
      (cert.subject.common_name.empty() || !Contains(cert.dns_names, cert.subject.common_name))) {
    // BRs §7.1.4.3: a TLS CN, if present, is one of the SANs.
    cert.subject.common_name = cert.dns_names.empty() ? std::string() : cert.dns_names.front();
  }
  // RFC 5280 ub-common-name: 64 characters. A longer host name stays in the SANs only (a
  // TLS CN is optional, BRs §7.1.4.3); a longer name of a person or body is refused.
  auto characters = [](const std::string& s) {
    return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
  };
  if (characters(cert.subject.common_name) > kMaxCommonName) {
    if (profile.kind != core::ProfileKind::kTlsServer) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                        "the common name has " +
                            std::to_string(characters(cert.subject.common_name)) +
                            " characters: at most 64 (RFC 5280)");
    }
    auto fits = std::find_if(cert.dns_names.begin(), cert.dns_names.end(),
                             [&](const auto& n) { return characters(n) <= kMaxCommonName; });
    cert.subject.common_name = fits == cert.dns_names.end() ? std::string() : *fits;
  }
  int days = request.validity_days > 0
                 ? request.validity_days
                 : *std::max_element(profile.terms.begin(), profile.terms.end());
  if (days > profile.max_validity_days) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kUnspecified,
                      "a term of " + std::to_string(days) + " days is longer than profile '" +
                          profile.name + "' allows (" + std::to_string(profile.max_validity_days) +
                          ")");
  }
  cert.validity_days = days;
  return Numbered(std::move(prepared));
}

core::Result<core::CertificateRecord> Issuer::IssueOwnKey(const std::string& profile_name,
                                                          const core::CertificateAuthority& ca,
                                                          const pki::PrivateKey& key,
                                                          const std::string& common_name,
                                                          int validity_days) {
  auto public_key = key.Public();
  return IssueWith([&](store::Transaction& tx) -> core::Result<PreparedCertificate> {
    auto profile = tx.profiles().FindByName(profile_name);
    if (!profile) return core::Fail(profile.error());
    PreparedCertificate prepared{
        .public_key = public_key, .profile = std::move(*profile), .ca = ca, .actor = "system"};
    prepared.request.subject.common_name = common_name;
    prepared.request.validity_days = validity_days;
    return Reserve(tx, std::move(prepared));
  });
}

core::Result<core::CertificateRecord> Issuer::IssueWith(
    const std::function<core::Result<PreparedCertificate>(store::Transaction&)>& prepare) {
  // Crash safety: the serial is committed (and can never be used again) before signing.
  auto prepared = store_.Transact(prepare);
  if (!prepared) return core::Fail(prepared.error());
  auto pem = Sign(*prepared);
  if (!pem) return core::Fail(pem.error());
  return store_.Transact(
      [&](store::Transaction& tx) { return Record(tx, *prepared, std::move(*pem)); });
}

core::Result<PreparedCertificate> Issuer::Reserve(store::Transaction& tx,
                                                  PreparedCertificate prepared) {
  prepared = Numbered(std::move(prepared));
  auto id = tx.certificates().Reserve(prepared.record);
  if (!id) return core::Fail(id.error());
  prepared.record.id = *id;
  return prepared;
}

PreparedCertificate Issuer::Numbered(PreparedCertificate prepared) {
  auto& cert = prepared.request;
  cert.not_before = clock_.Now();
  // 128 bits from the CSPRNG (BRs §7.1 ask for at least 64); kept positive by the DER
  // encoder's leading zero, so all 128 bits are random.
  auto serial_bytes = random_.Bytes(16);
  cert.serial.assign(serial_bytes.begin(), serial_bytes.end());
  auto& record = prepared.record;
  record.serial = core::NormalizeSerialHex(core::Hex(serial_bytes));
  record.issuer_id = prepared.ca.id;
  record.profile_id = prepared.profile.id;
  record.subject = SubjectText(cert.subject);
  for (const auto& n : cert.dns_names) record.names.push_back(n);
  for (const auto& n : cert.ip_addresses) record.names.push_back(n);
  for (const auto& n : cert.emails) record.names.push_back(n);
  record.not_before = cert.not_before;
  record.not_after =
      cert.not_before + std::chrono::days(cert.validity_days) - std::chrono::seconds(1);
  record.created_at = cert.not_before;
  return prepared;
}

core::Result<std::string> Issuer::Sign(const PreparedCertificate& prepared) {
  auto key = keys_.Get(prepared.ca);
  if (!key) return core::Fail(key.error());
  auto tmpl = TemplateFor(prepared.profile, prepared.ca, **key);
  if (!tmpl) return core::Fail(tmpl.error());
  pki::CertificateRequest cert = prepared.request;
  cert.public_key = &*prepared.public_key;
  cert.spki_der = prepared.spki_der;
  // Build and lint before signing: nothing refused is ever signed.
  auto tbs = (*tmpl)->BuildTbs(cert);
  if (!tbs) return core::Fail(tbs.error());
  if (auto lint = pki::LintCertificate((*tmpl)->Unsigned(*tbs), **tmpl, cert, clock_.Now());
      !lint) {
    return core::Fail(lint.error());
  }
  auto der = (*tmpl)->Sign(*tbs, **key);
  if (!der) return core::Fail(der.error());
  // Lint has read this DER already; re-parsing it with OpenSSL only to print PEM would
  // cost more than signing it.
  return pki::PemEncode("CERTIFICATE", *der);
}

core::Result<core::CertificateRecord> Issuer::Record(store::Transaction& tx,
                                                     const PreparedCertificate& prepared,
                                                     std::string pem) {
  auto record = prepared.record;
  if (record.id.value == 0) {  // Decided: the serial commits with the certificate
    record.status = core::CertificateStatus::kIssued;
    record.pem = pem;
    auto id = tx.certificates().Reserve(record);
    if (!id) return core::Fail(id.error());
    record.id = *id;
  } else if (auto r = tx.certificates().MarkIssued(record.id, pem); !r) {
    return core::Fail(r.error());
  }
  nlohmann::json detail{{"serial", record.serial},
                        {"profile", prepared.profile.name},
                        {"ca", prepared.ca.name},
                        {"names", record.names}};
  auto audit = RecordAudit(tx, clock_,
                           {.actor = prepared.actor,
                            .action = "certificate.issue",
                            .object_type = "certificate",
                            .object_id = record.serial,
                            .detail = detail.dump()});
  if (!audit) return core::Fail(audit.error());
  record.status = core::CertificateStatus::kIssued;
  record.pem = std::move(pem);
  return record;
}

core::Result<core::CertificateRecord> Issuer::Revoke(const std::string& serial, int reason,
                                                     const std::string& actor) {
  if (!pki::IsRevocationReasonAllowed(reason)) {
    return core::Fail(
        core::ErrorCode::kMalformed, core::Reason::kBadRevocationReason,
        "revocation reason " + std::to_string(reason) + " is not an RFC 5280 CRLReason");
  }
  std::string wanted = core::NormalizeSerialHex(serial);
  if (wanted.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kUnspecified,
                      "'" + serial + "' is not a hexadecimal serial number");
  }
  auto revoked =
      store_.Transact([&](store::Transaction& tx) -> core::Result<core::CertificateRecord> {
        auto record = tx.certificates().FindBySerial(wanted);
        if (!record) return core::Fail(record.error());
        auto now = clock_.Now();
        if (auto r = tx.certificates().Revoke(record->id, now, reason); !r)
          return core::Fail(r.error());
        auto audit = RecordAudit(tx, clock_,
                                 {.actor = actor,
                                  .action = "certificate.revoke",
                                  .object_type = "certificate",
                                  .object_id = record->serial,
                                  .detail = nlohmann::json{{"reason", reason}}.dump()});
        if (!audit) return core::Fail(audit.error());
        record->status = core::CertificateStatus::kRevoked;
        record->revoked_at = now;
        record->revocation_reason = reason;
        return record;
      });
  if (revoked && on_revoked_) on_revoked_(*revoked);
  return revoked;
}

core::Result<int> EnsureDefaultProfiles(store::Store& store, const core::Clock& clock) {
  return store.Transact([&](store::Transaction& tx) -> core::Result<int> {
    int added = 0;
    for (const auto& profile : core::DefaultProfiles()) {
      auto found = tx.profiles().FindByName(profile.name);
      if (found) continue;
      if (found.error().code() != core::ErrorCode::kNotFound) return core::Fail(found.error());
      auto id = tx.profiles().Insert(profile, clock.Now());
      if (!id) return core::Fail(id.error());
      auto audit = RecordAudit(tx, clock,
                               {.actor = "system",
                                .action = "profile.create",
                                .object_type = "profile",
                                .object_id = std::to_string(id->value),
                                .detail = nlohmann::json{{"name", profile.name}}.dump()});
      if (!audit) return core::Fail(audit.error());
      ++added;
    }
    return added;
  });
}

}  // namespace certkeep::service
