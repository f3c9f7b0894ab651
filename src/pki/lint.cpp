#include "pki/lint.h"

#include <arpa/inet.h>

#include <algorithm>
#include <set>

#include "pki/internal/certificate_view.h"
#include "pki/internal/der.h"
#include "pki/internal/der_reader.h"

namespace certkeep::pki {

namespace {

namespace der = internal::der;
using internal::CertificateView;
using internal::ExtensionView;

core::Error Rule(std::string_view rule, const std::string& why) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kLintFailed,
                     "lint rule " + std::string(rule) + ": " + why);
}

// OIDs as whole DER TLVs, compared byte for byte.
struct Oids {
  std::string ski = der::Oid("2.5.29.14"), key_usage = der::Oid("2.5.29.15"),
              san = der::Oid("2.5.29.17"), basic_constraints = der::Oid("2.5.29.19"),
              crl_dp = der::Oid("2.5.29.31"), policies = der::Oid("2.5.29.32"),
              aki = der::Oid("2.5.29.35"), eku = der::Oid("2.5.29.37"),
              aia = der::Oid("1.3.6.1.5.5.7.1.1"), ocsp_nocheck = der::Oid("1.3.6.1.5.5.7.48.1.5"),
              common_name = der::Oid("2.5.4.3"), rsa = der::Oid("1.2.840.113549.1.1.1"),
              ec = der::Oid("1.2.840.10045.2.1"), p256 = der::Oid("1.2.840.10045.3.1.7"),
              p384 = der::Oid("1.3.132.0.34"), ed25519 = der::Oid("1.3.101.112");
};
const Oids& Known() {
  static const Oids kOids;
  return kOids;
}

const ExtensionView* Find(const CertificateView& v, const std::string& oid) {
  for (const auto& e : v.extensions) {
    if (e.oid == oid) return &e;
  }
  return nullptr;
}

// RFC 5280 §4.2.1.3: the KeyUsage named bits as a mask (bit 0 = digitalSignature).
std::optional<unsigned> KeyUsageMask(std::string_view value) {
  der::Reader r(value);
  std::string_view bits;
  if (!r.Read(der::kBitString, &bits) || !r.empty() || bits.empty() || bits.size() > 3)
    return std::nullopt;
  unsigned mask = 0;
  for (std::size_t o = 1; o < bits.size(); ++o) {
    auto byte = static_cast<unsigned char>(bits[o]);
    for (int k = 0; k < 8; ++k) {
      if (byte & (0x80 >> k)) mask |= 1u << ((o - 1) * 8 + k);
    }
  }
  return mask;
}

unsigned MaskOf(const std::vector<std::string>& names) {
  static constexpr std::string_view kNames[] = {
      "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
      "keyCertSign",      "cRLSign",        "encipherOnly",    "decipherOnly"};
  unsigned mask = 0;
  for (const auto& n : names) {
    for (unsigned i = 0; i < 9; ++i) {
      if (kNames[i] == n) mask |= 1u << i;
    }
  }
  return mask;
}

struct SubjectFacts {
  int entries = 0;
  std::vector<std::string_view> common_names;
};

std::optional<SubjectFacts> ReadSubject(std::string_view name) {
  SubjectFacts f;
  der::Reader top(name);
  std::string_view rdns;
  if (!top.Read(der::kSequence, &rdns) || !top.empty()) return std::nullopt;
  der::Reader sets(rdns);
  while (!sets.empty()) {
    std::string_view set;
    if (!sets.Read(der::kSet, &set)) return std::nullopt;
    der::Reader atvs(set);
    while (!atvs.empty()) {
      std::string_view atv, oid, value_whole;
      if (!atvs.Read(der::kSequence, &atv)) return std::nullopt;
      der::Reader fields(atv);
      if (!fields.Read(der::kOid, nullptr, &oid)) return std::nullopt;
      auto tag = fields.PeekTag();
      std::string_view value;
      if (!tag || !fields.Read(*tag, &value, &value_whole) || !fields.empty()) return std::nullopt;
      ++f.entries;
      if (oid == Known().common_name) f.common_names.push_back(value);
    }
  }
  return f;
}

core::Result<void> LintKey(const core::CertificateProfile& p, const CertificateView& v) {
  const auto& k = Known();
  if (v.key_algorithm_oid == k.rsa) {
    if (!p.allow_rsa) return core::Fail(Rule("key-type", "RSA keys are not allowed"));
    // RFC 8017 §A.1.1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
    der::Reader r(v.key_bits, core::Reason::kLintFailed);
    auto seq = r.Enter(der::kSequence);
    if (!seq) return core::Fail(Rule("key-type", "unreadable RSA key"));
    auto n = seq->ReadUnsignedInteger();
    auto e = seq->ReadUnsignedInteger();
    if (!n || !e || n->empty()) return core::Fail(Rule("key-type", "unreadable RSA key"));
    int bits = static_cast<int>(n->size()) * 8;
    for (auto top = static_cast<unsigned char>((*n)[0]); (top & 0x80) == 0 && bits > 0; top <<= 1)
      --bits;
    if (bits < p.min_rsa_bits || bits > p.max_rsa_bits) {
      return core::Fail(Rule("key-size", "RSA key of " + std::to_string(bits) + " bits"));
    }
    if (*e != std::string_view("\x01\x00\x01", 3)) {
      return core::Fail(Rule("key-exponent", "RSA public exponent is not 65537"));
    }
    return core::Ok();
  }
  if (v.key_algorithm_oid == k.ec) {
    if (!p.allow_ec || (v.key_parameters != k.p256 && v.key_parameters != k.p384)) {
      return core::Fail(Rule("key-type", "only EC keys on P-256 or P-384 are allowed"));
    }
    return core::Ok();
  }
  if (v.key_algorithm_oid == k.ed25519) {
    if (!p.allow_ed25519) return core::Fail(Rule("key-type", "Ed25519 keys are not allowed"));
    return core::Ok();
  }
  return core::Fail(Rule("key-type", "this key type is not allowed"));
}

}  // namespace

core::Result<void> LintCertificate(const std::string& unsigned_der, const CertificateTemplate& tmpl,
                                   const CertificateRequest& request, core::TimePoint now) {
  const auto& profile = tmpl.profile();
  const auto& k = Known();
  auto parsed = internal::ParseCertificateView(unsigned_der, core::Reason::kLintFailed);
  if (!parsed) return core::Fail(Rule("der-parse", parsed.error().detail()));
  const CertificateView& v = *parsed;

  if (v.version != 2) return core::Fail(Rule("x509-version", "not v3"));
  // BRs §7.1: positive, at least 64 bits from a CSPRNG, at most 20 octets encoded.
  bool high_bit = !v.serial.empty() && (static_cast<unsigned char>(v.serial[0]) & 0x80);
  if (v.serial.size() < 8 || v.serial.size() + (high_bit ? 1 : 0) > 20 || v.serial[0] == '\0') {
    return core::Fail(Rule("serial-number", "must be positive, 64 to 159 bits"));
  }
  if (v.signature_algorithm != v.outer_signature_algorithm) {
    return core::Fail(Rule("signature-algorithm", "inner and outer algorithms differ"));
  }
  if (v.issuer != tmpl.issuer_name_der()) {
    return core::Fail(Rule("issuer-name", "issuer differs from the CA's subject"));
  }
  std::int64_t days_max = static_cast<std::int64_t>(profile.max_validity_days) * 86400;
  if (v.not_after <= v.not_before || v.not_after - v.not_before + 1 > days_max) {
    return core::Fail(
        Rule("validity-period", std::to_string((v.not_after - v.not_before + 1) / 86400) +
                                    " days exceeds the profile's " +
                                    std::to_string(profile.max_validity_days)));
  }
  // BRs §7.1.2.7: notBefore may be backdated, but not by more than 48 hours, nor lie ahead.
  std::int64_t t = core::ToUnixSeconds(now);
  if (v.not_before < t - 48 * 3600 || v.not_before > t + 3600) {
    return core::Fail(Rule("not-before", "notBefore is not close to the current time"));
  }
  if (v.not_after > tmpl.issuer_not_after())
    return core::Fail(Rule("validity-within-issuer", "ends after the issuing CA"));

  // Extensions: only known ones, none twice.
  const std::string* allowed[] = {&k.ski,    &k.key_usage,   &k.san, &k.basic_constraints,
                                  &k.crl_dp, &k.policies,    &k.aki, &k.eku,
                                  &k.aia,    &k.ocsp_nocheck};
  for (std::size_t i = 0; i < v.extensions.size(); ++i) {
    const auto& e = v.extensions[i];
    if (std::none_of(std::begin(allowed), std::end(allowed),
                     [&](const std::string* o) { return *o == e.oid; })) {
      return core::Fail(Rule("extensions-allowed", "unexpected extension"));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (v.extensions[j].oid == e.oid)
        return core::Fail(Rule("extensions-unique", "an extension appears twice"));
    }
  }

  // basicConstraints: critical, cA FALSE (DER: an empty SEQUENCE).
  const auto* bc = Find(v, k.basic_constraints);
  if (bc == nullptr || !bc->critical || bc->value != std::string_view("\x30\x00", 2)) {
    return core::Fail(Rule("basic-constraints", "must be critical with cA FALSE"));
  }

  bool is_rsa = v.key_algorithm_oid == k.rsa;
  const auto* ku = Find(v, k.key_usage);
  auto mask = ku ? KeyUsageMask(ku->value) : std::nullopt;
  if (ku == nullptr || !ku->critical || !mask ||
      *mask != MaskOf(core::KeyUsageFor(profile, is_rsa))) {
    return core::Fail(Rule("key-usage", "must be critical and match the profile"));
  }

  std::set<std::string> ekus;
  if (const auto* eku = Find(v, k.eku)) {
    der::Reader r(eku->value);
    std::string_view list;
    if (!r.Read(der::kSequence, &list)) return core::Fail(Rule("extended-key-usage", "unreadable"));
    der::Reader oids(list);
    std::string_view oid;
    while (!oids.empty()) {
      if (!oids.Read(der::kOid, nullptr, &oid))
        return core::Fail(Rule("extended-key-usage", "unreadable"));
      ekus.emplace(oid);
    }
  }
  std::set<std::string> want_ekus;
  for (const auto& oid : profile.extended_key_usage) want_ekus.insert(der::Oid(oid));
  if (ekus != want_ekus)
    return core::Fail(Rule("extended-key-usage", "must be exactly the profile's"));

  // Names: exactly the authorized ones.
  std::set<std::string> dns, ips, emails;
  if (const auto* san = Find(v, k.san)) {
    der::Reader r(san->value);
    std::string_view names;
    if (!r.Read(der::kSequence, &names) || !r.empty())
      return core::Fail(Rule("names-authorized", "unreadable SAN"));
    der::Reader each(names);
    while (!each.empty()) {
      auto tag = each.PeekTag();
      std::string_view value;
      if (!tag || !each.Read(*tag, &value))
        return core::Fail(Rule("names-authorized", "unreadable SAN"));
      if (*tag == 0x82)
        dns.emplace(value);
      else if (*tag == 0x87)
        ips.emplace(value);
      else if (*tag == 0x81)
        emails.emplace(value);
      else
        return core::Fail(Rule("names-authorized", "a SAN type certkeep does not issue"));
    }
  }
  std::set<std::string> want_ips;
  for (const auto& ip : request.ip_addresses) {
    unsigned char buf[16];
    if (inet_pton(AF_INET, ip.c_str(), buf) == 1)
      want_ips.emplace(reinterpret_cast<char*>(buf), 4);
    else if (inet_pton(AF_INET6, ip.c_str(), buf) == 1)
      want_ips.emplace(reinterpret_cast<char*>(buf), 16);
  }
  if (dns != std::set<std::string>(request.dns_names.begin(), request.dns_names.end()) ||
      ips != want_ips ||
      emails != std::set<std::string>(request.emails.begin(), request.emails.end())) {
    return core::Fail(
        Rule("names-authorized", "the certificate's names differ from the authorized names"));
  }
  for (const auto& n : dns) {
    auto star = n.find('*');
    if (star != std::string::npos && (!profile.allow_wildcard || star != 0 || n.size() < 3 ||
                                      n[1] != '.' || n.find('*', 1) != std::string::npos)) {
      return core::Fail(Rule("wildcard", "'" + n + "' is not an allowed wildcard"));
    }
  }
  if (!ips.empty() && !profile.allow_ip)
    return core::Fail(Rule("ip-addresses", "not allowed by the profile"));
  if (!emails.empty() && !profile.allow_email)
    return core::Fail(Rule("emails", "not allowed by the profile"));
  if (static_cast<int>(dns.size() + ips.size() + emails.size()) > profile.max_names) {
    return core::Fail(
        Rule("name-count", "more names than the profile's " + std::to_string(profile.max_names)));
  }

  auto subject = ReadSubject(v.subject);
  if (!subject) return core::Fail(Rule("subject", "unreadable subject"));
  if (subject->common_names.size() > 1) return core::Fail(Rule("common-name", "more than one CN"));
  std::string cn =
      subject->common_names.empty() ? std::string() : std::string(subject->common_names[0]);
  if (profile.require_common_name && cn.empty())
    return core::Fail(Rule("common-name", "required by the profile"));
  if (profile.kind == core::ProfileKind::kTlsServer) {
    // BRs §7.1.2.7.10: a TLS subscriber certificate has a SAN; its CN, if any, is one of them.
    if (dns.empty() && ips.empty()) return core::Fail(Rule("tls-names", "no subjectAltName"));
    bool cn_is_ip = false;
    unsigned char buf[16];
    if (inet_pton(AF_INET, cn.c_str(), buf) == 1)
      cn_is_ip = ips.contains(std::string(reinterpret_cast<char*>(buf), 4));
    if (!cn.empty() && !dns.contains(cn) && !cn_is_ip) {
      return core::Fail(Rule("tls-common-name", "CN '" + cn + "' is not one of the SANs"));
    }
  }
  if (subject->entries == 0) {
    const auto* san = Find(v, k.san);
    if (san == nullptr || !san->critical) {
      return core::Fail(Rule("subject", "an empty subject needs a critical subjectAltName"));
    }
  }

  // Key identifiers: SKI present; AKI is the issuer's SKI.
  if (Find(v, k.ski) == nullptr) return core::Fail(Rule("subject-key-identifier", "missing"));
  const auto* aki = Find(v, k.aki);
  std::string want_aki = der::Sequence(der::ImplicitPrimitive(0, tmpl.issuer_key_id()));
  if (aki == nullptr || tmpl.issuer_key_id().empty() || aki->value != want_aki) {
    return core::Fail(Rule("authority-key-identifier", "does not match the issuer"));
  }
  if ((Find(v, k.ocsp_nocheck) != nullptr) != profile.ocsp_no_check) {
    return core::Fail(Rule("ocsp-nocheck", "present only in OCSP signing certificates"));
  }
  return LintKey(profile, v);
}

}  // namespace certkeep::pki
