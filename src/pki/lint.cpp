#include "pki/lint.h"

#include <arpa/inet.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <set>

#include "pki/internal/handles.h"

namespace certkeep::pki {

namespace {

core::Error Rule(std::string_view rule, const std::string& why) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kLintFailed,
                     "lint rule " + std::string(rule) + ": " + why);
}

std::string ObjText(const ASN1_OBJECT* obj) {
  char buf[128];
  OBJ_obj2txt(buf, sizeof buf, obj, 1);
  return buf;
}

std::string Asn1Text(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::int64_t Seconds(const ASN1_TIME* t) {
  std::tm tm{};
  ASN1_TIME_to_tm(t, &tm);
  return timegm(&tm);
}

// Extensions a certkeep end-entity certificate may carry; anything else (say, one copied
// from a CSR) is a lint failure.
const std::set<std::string>& AllowedExtensions() {
  static const std::set<std::string> kAllowed = {
      "2.5.29.14",  "2.5.29.15",         "2.5.29.17",          "2.5.29.19", "2.5.29.31",
      "2.5.29.32",  "2.5.29.35",         "2.5.29.37",          "1.3.6.1.5.5.7.1.1",
      "1.3.6.1.5.5.7.48.1.5"};
  return kAllowed;
}

core::Result<void> LintKey(const core::CertificateProfile& p, EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: {
      int bits = EVP_PKEY_get_bits(key);
      if (!p.allow_rsa) return core::Fail(Rule("key-type", "RSA keys are not allowed"));
      if (bits < p.min_rsa_bits || bits > p.max_rsa_bits) {
        return core::Fail(Rule("key-size", "RSA key of " + std::to_string(bits) + " bits"));
      }
      BIGNUM* e = nullptr;
      EVP_PKEY_get_bn_param(key, "e", &e);
      bool ok = e != nullptr && BN_is_word(e, RSA_F4);
      BN_free(e);
      if (!ok) return core::Fail(Rule("key-exponent", "RSA public exponent is not 65537"));
      return core::Ok();
    }
    case EVP_PKEY_EC: {
      char curve[64] = {};
      std::size_t len = 0;
      EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof curve, &len);
      std::string_view c(curve, len);
      if (!p.allow_ec || (c != "prime256v1" && c != "secp384r1")) {
        return core::Fail(Rule("key-type", "EC curve " + std::string(c) + " is not allowed"));
      }
      return core::Ok();
    }
    case EVP_PKEY_ED25519:
      if (!p.allow_ed25519) return core::Fail(Rule("key-type", "Ed25519 keys are not allowed"));
      return core::Ok();
    default:
      return core::Fail(Rule("key-type", "this key type is not allowed"));
  }
}

}  // namespace

core::Result<void> LintCertificate(const std::string& unsigned_der,
                                   const CertificateTemplate& tmpl,
                                   const CertificateRequest& request, core::TimePoint now) {
  const auto& profile = tmpl.profile();
  const auto* p = reinterpret_cast<const unsigned char*>(unsigned_der.data());
  internal::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(unsigned_der.size())));
  if (!cert) return core::Fail(Rule("der-parse", "the certificate does not parse: " + internal::DrainErrors()));
  if (p != reinterpret_cast<const unsigned char*>(unsigned_der.data()) + unsigned_der.size()) {
    return core::Fail(Rule("der-parse", "trailing bytes after the certificate"));
  }
  X509* c = cert.get();

  if (X509_get_version(c) != X509_VERSION_3) return core::Fail(Rule("x509-version", "not v3"));

  // BRs §7.1: serial numbers positive, at least 64 bits from a CSPRNG, at most 20 octets.
  const ASN1_INTEGER* serial = X509_get0_serialNumber(c);
  internal::BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn || BN_is_negative(bn.get()) || BN_is_zero(bn.get()) || BN_num_bits(bn.get()) < 64 ||
      BN_num_bytes(bn.get()) > 20) {
    return core::Fail(Rule("serial-number", "must be positive, 64 to 159 bits"));
  }

  if (X509_NAME_cmp(X509_get_issuer_name(c), X509_get_subject_name(tmpl.issuer().get())) != 0) {
    return core::Fail(Rule("issuer-name", "issuer differs from the CA's subject"));
  }
  std::int64_t nb = Seconds(X509_get0_notBefore(c));
  std::int64_t na = Seconds(X509_get0_notAfter(c));
  std::int64_t days_max = static_cast<std::int64_t>(profile.max_validity_days) * 86400;
  if (na <= nb || na - nb + 1 > days_max) {
    return core::Fail(Rule("validity-period", std::to_string((na - nb + 1) / 86400) +
                                                  " days exceeds the profile's " +
                                                  std::to_string(profile.max_validity_days)));
  }
  // BRs §7.1.2.7: notBefore may be backdated, but not by more than 48 hours, nor lie ahead.
  std::int64_t t = core::ToUnixSeconds(now);
  if (nb < t - 48 * 3600 || nb > t + 3600) {
    return core::Fail(Rule("not-before", "notBefore is not close to the current time"));
  }
  if (na > Seconds(X509_get0_notAfter(tmpl.issuer().get()))) {
    return core::Fail(Rule("validity-within-issuer", "ends after the issuing CA"));
  }

  // Extensions: only known ones, none twice.
  std::set<std::string> seen;
  for (int i = 0; i < X509_get_ext_count(c); ++i) {
    std::string oid = ObjText(X509_EXTENSION_get_object(X509_get_ext(c, i)));
    if (!AllowedExtensions().contains(oid)) {
      return core::Fail(Rule("extensions-allowed", "unexpected extension " + oid));
    }
    if (!seen.insert(oid).second) return core::Fail(Rule("extensions-unique", "duplicate " + oid));
  }

  int crit = -1;
  auto* bc = static_cast<BASIC_CONSTRAINTS*>(X509_get_ext_d2i(c, NID_basic_constraints, &crit, nullptr));
  bool bc_ok = bc != nullptr && crit == 1 && !bc->ca && bc->pathlen == nullptr;
  BASIC_CONSTRAINTS_free(bc);
  if (!bc_ok) return core::Fail(Rule("basic-constraints", "must be critical with cA FALSE"));

  // Key usage: exactly the profile's, plus keyEncipherment for RSA in TLS.
  if (X509_get_extension_flags(c) & EXFLAG_INVALID) {
    return core::Fail(Rule("extensions-valid", "OpenSSL finds the extensions invalid"));
  }
  std::uint32_t ku = X509_get_key_usage(c);
  std::uint32_t want = 0;
  static constexpr std::pair<std::string_view, std::uint32_t> kBits[] = {
      {"digitalSignature", KU_DIGITAL_SIGNATURE}, {"nonRepudiation", KU_NON_REPUDIATION},
      {"keyEncipherment", KU_KEY_ENCIPHERMENT},   {"dataEncipherment", KU_DATA_ENCIPHERMENT},
      {"keyAgreement", KU_KEY_AGREEMENT},         {"keyCertSign", KU_KEY_CERT_SIGN},
      {"cRLSign", KU_CRL_SIGN},                   {"encipherOnly", KU_ENCIPHER_ONLY},
      {"decipherOnly", KU_DECIPHER_ONLY}};
  EVP_PKEY* key = X509_get0_pubkey(c);
  if (key == nullptr) return core::Fail(Rule("public-key", "unreadable"));
  bool is_rsa = EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
  for (const auto& name : core::KeyUsageFor(profile, is_rsa)) {
    for (const auto& [n, bit] : kBits) {
      if (n == name) want |= bit;
    }
  }
  crit = -1;
  auto* ku_ext = static_cast<ASN1_BIT_STRING*>(X509_get_ext_d2i(c, NID_key_usage, &crit, nullptr));
  bool ku_present = ku_ext != nullptr;
  ASN1_BIT_STRING_free(ku_ext);
  if (!ku_present || crit != 1 || ku != want) {
    return core::Fail(Rule("key-usage", "must be critical and match the profile"));
  }
  if (!is_rsa && (ku & KU_KEY_ENCIPHERMENT)) {
    return core::Fail(Rule("key-usage", "keyEncipherment needs an RSA key"));
  }

  auto* eku = static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(c, NID_ext_key_usage, nullptr, nullptr));
  std::set<std::string> ekus;
  for (int i = 0; eku != nullptr && i < sk_ASN1_OBJECT_num(eku); ++i) {
    ekus.insert(ObjText(sk_ASN1_OBJECT_value(eku, i)));
  }
  EXTENDED_KEY_USAGE_free(eku);
  if (ekus != std::set<std::string>(profile.extended_key_usage.begin(), profile.extended_key_usage.end())) {
    return core::Fail(Rule("extended-key-usage", "must be exactly the profile's"));
  }

  // Names: exactly the authorized ones.
  std::set<std::string> dns, ips, emails;
  auto* gens = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(c, NID_subject_alt_name, nullptr, nullptr));
  bool other_type = false;
  for (int i = 0; gens != nullptr && i < sk_GENERAL_NAME_num(gens); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(gens, i);
    if (g->type == GEN_DNS) {
      dns.insert(Asn1Text(g->d.dNSName));
    } else if (g->type == GEN_IPADD) {
      char buf[INET6_ADDRSTRLEN] = {};
      auto raw = Asn1Text(g->d.iPAddress);
      inet_ntop(raw.size() == 4 ? AF_INET : AF_INET6, raw.data(), buf, sizeof buf);
      ips.insert(buf);
    } else if (g->type == GEN_EMAIL) {
      emails.insert(Asn1Text(g->d.rfc822Name));
    } else {
      other_type = true;
    }
  }
  GENERAL_NAMES_free(gens);
  std::set<std::string> want_ips;
  for (const auto& ip : request.ip_addresses) {
    unsigned char buf[16];
    char text[INET6_ADDRSTRLEN] = {};
    bool v4 = inet_pton(AF_INET, ip.c_str(), buf) == 1;
    if (v4 || inet_pton(AF_INET6, ip.c_str(), buf) == 1) {
      inet_ntop(v4 ? AF_INET : AF_INET6, buf, text, sizeof text);
      want_ips.insert(text);
    }
  }
  if (other_type ||
      dns != std::set<std::string>(request.dns_names.begin(), request.dns_names.end()) ||
      ips != want_ips ||
      emails != std::set<std::string>(request.emails.begin(), request.emails.end())) {
    return core::Fail(Rule("names-authorized", "the certificate's names differ from the authorized names"));
  }
  for (const auto& n : dns) {
    auto star = n.find('*');
    if (star != std::string::npos && (!profile.allow_wildcard || star != 0 || n.size() < 3 || n[1] != '.' ||
                                      n.find('*', 1) != std::string::npos)) {
      return core::Fail(Rule("wildcard", "'" + n + "' is not an allowed wildcard"));
    }
  }
  if (!ips.empty() && !profile.allow_ip) return core::Fail(Rule("ip-addresses", "not allowed by the profile"));
  if (!emails.empty() && !profile.allow_email) return core::Fail(Rule("emails", "not allowed by the profile"));
  if (static_cast<int>(dns.size() + ips.size() + emails.size()) > profile.max_names) {
    return core::Fail(Rule("name-count", "more names than the profile's " + std::to_string(profile.max_names)));
  }

  std::string cn;
  X509_NAME* subject = X509_get_subject_name(c);
  int cn_index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (cn_index >= 0) {
    cn = Asn1Text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, cn_index)));
    if (X509_NAME_get_index_by_NID(subject, NID_commonName, cn_index) >= 0) {
      return core::Fail(Rule("common-name", "more than one CN"));
    }
  }
  if (profile.require_common_name && cn.empty()) return core::Fail(Rule("common-name", "required by the profile"));
  if (profile.kind == core::ProfileKind::kTlsServer) {
    // BRs §7.1.2.7.10: a TLS subscriber certificate has a SAN; its CN, if any, is one of them.
    if (dns.empty() && ips.empty()) return core::Fail(Rule("tls-names", "no subjectAltName"));
    if (!cn.empty() && !dns.contains(cn) && !ips.contains(cn)) {
      return core::Fail(Rule("tls-common-name", "CN '" + cn + "' is not one of the SANs"));
    }
  }
  if (X509_NAME_entry_count(subject) == 0 && dns.empty() && ips.empty() && emails.empty()) {
    return core::Fail(Rule("subject", "neither a subject nor a subjectAltName"));
  }

  // Key identifiers: SKI present; AKI is the issuer's SKI.
  const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(c);
  const ASN1_OCTET_STRING* aki = X509_get0_authority_key_id(c);
  const ASN1_OCTET_STRING* issuer_ski = X509_get0_subject_key_id(tmpl.issuer().get());
  if (ski == nullptr) return core::Fail(Rule("subject-key-identifier", "missing"));
  if (aki == nullptr || issuer_ski == nullptr || ASN1_OCTET_STRING_cmp(aki, issuer_ski) != 0) {
    return core::Fail(Rule("authority-key-identifier", "does not match the issuer"));
  }

  bool has_nocheck = seen.contains("1.3.6.1.5.5.7.48.1.5");
  if (has_nocheck != profile.ocsp_no_check) {
    return core::Fail(Rule("ocsp-nocheck", "present only in OCSP signing certificates"));
  }
  return LintKey(profile, key);
}

}  // namespace certkeep::pki
