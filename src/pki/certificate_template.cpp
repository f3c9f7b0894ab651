#include "pki/certificate_template.h"

#include <arpa/inet.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "pki/internal/der.h"
#include "pki/internal/der_reader.h"
#include "pki/internal/handles.h"

namespace certkeep::pki {

namespace der = internal::der;

namespace {

// RFC 5280 §4.2.1.3 KeyUsage bit positions.
int KeyUsageBit(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
      "keyCertSign",      "cRLSign",        "encipherOnly",    "decipherOnly"};
  for (int i = 0; i < 9; ++i) {
    if (kNames[i] == name) return i;
  }
  return -1;
}

// A named-bit BIT STRING in DER: trailing zero bits are not encoded (X.690 §11.2.2).
std::string KeyUsageBits(const std::vector<std::string>& usages) {
  unsigned bits = 0;
  for (const auto& u : usages) {
    if (int b = KeyUsageBit(u); b >= 0) bits |= 1u << b;
  }
  int highest = -1;
  for (int b = 0; b < 9; ++b) {
    if (bits & (1u << b)) highest = b;
  }
  int octets = highest < 0 ? 0 : highest / 8 + 1;
  std::string content(1, static_cast<char>(octets == 0 ? 0 : 7 - highest % 8));
  for (int o = 0; o < octets; ++o) {
    unsigned char byte = 0;
    for (int k = 0; k < 8; ++k) {
      if (bits & (1u << (o * 8 + k))) byte |= static_cast<unsigned char>(0x80 >> k);
    }
    content += static_cast<char>(byte);
  }
  return der::Tlv(der::kBitString, content);
}

std::string Extension(std::string_view oid, bool critical, std::string_view value) {
  std::string content = der::Oid(oid);
  if (critical) content += der::Boolean(true);
  content += der::OctetString(value);
  return der::Sequence(content);
}

std::string Attribute(std::string_view oid, std::uint8_t string_tag, std::string_view value) {
  return der::Tlv(der::kSet, der::Sequence(der::Oid(oid) + der::Tlv(string_tag, value)));
}

// The subject in the customary order C, ST, L, O, ..., CN. Country codes and serial
// numbers are PrintableString (RFC 5280 App. A, EV Guidelines §9.2.5); the rest UTF8String.
std::string SubjectName(const SubjectAttributes& s) {
  std::string rdns;
  auto add = [&](std::string_view oid, std::uint8_t tag, const std::string& v) {
    if (!v.empty()) rdns += Attribute(oid, tag, v);
  };
  add("1.3.6.1.4.1.311.60.2.1.3", der::kPrintableString, s.jurisdiction_country);
  add("2.5.4.15", der::kUtf8String, s.business_category);
  add("2.5.4.5", der::kPrintableString, s.serial_number);
  add("2.5.4.6", der::kPrintableString, s.country);
  add("2.5.4.8", der::kUtf8String, s.state);
  add("2.5.4.7", der::kUtf8String, s.locality);
  add("2.5.4.10", der::kUtf8String, s.organization);
  add("2.5.4.3", der::kUtf8String, s.common_name);
  return der::Sequence(rdns);
}

// The subjectPublicKey BIT STRING's bytes inside a SubjectPublicKeyInfo, for the key
// identifier (RFC 5280 §4.2.1.2 method 1: SHA-1 of the BIT STRING value).
std::string_view SubjectPublicKeyBits(std::string_view spki) {
  der::Reader top(spki);
  std::string_view info, bits;
  if (!top.Read(der::kSequence, &info)) return {};
  der::Reader fields(info);
  if (!fields.Read(der::kSequence, nullptr) || !fields.Read(der::kBitString, &bits) || bits.empty())
    return {};
  return bits.substr(1);  // minus the unused-bits octet
}

core::Error BadRequest(std::string detail) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kLintFailed, std::move(detail));
}

}  // namespace

core::Result<CertificateTemplate> CertificateTemplate::Prepare(
    const core::CertificateProfile& profile, const Certificate& issuer,
    const PrivateKey& issuer_key, const IssuerUrls& urls) {
  if (auto why = core::ValidateProfile(profile)) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kProfileInvalid,
                      "profile '" + profile.name + "': " + *why);
  }
  CertificateTemplate t(profile, issuer);
  auto alg = issuer_key.SignatureAlgorithmDer();
  if (!alg) return core::Fail(alg.error());
  t.signature_algorithm_ = *alg;

  unsigned char* name = nullptr;
  int n = i2d_X509_NAME(X509_get_subject_name(issuer.get()), &name);
  if (n <= 0) return core::Fail(internal::CryptoError("encoding the issuer name"));
  t.issuer_name_.assign(reinterpret_cast<char*>(name), static_cast<std::size_t>(n));
  OPENSSL_free(name);

  t.key_usage_ec_ = Extension("2.5.29.15", true, KeyUsageBits(core::KeyUsageFor(profile, false)));
  t.key_usage_rsa_ = Extension("2.5.29.15", true, KeyUsageBits(core::KeyUsageFor(profile, true)));

  std::string& ext = t.fixed_extensions_;
  ext += Extension("2.5.29.19", true, der::Sequence(""));  // basicConstraints: cA FALSE
  std::string ekus;
  for (const auto& oid : profile.extended_key_usage) ekus += der::Oid(oid);
  ext += Extension("2.5.29.37", false, der::Sequence(ekus));

  const ASN1_OCTET_STRING* issuer_ski = X509_get0_subject_key_id(issuer.get());
  if (issuer_ski == nullptr) {
    return core::Fail(core::InternalError(core::Reason::kBadCertificate,
                                          "the issuing CA has no subjectKeyIdentifier"));
  }
  std::string_view ski(reinterpret_cast<const char*>(ASN1_STRING_get0_data(issuer_ski)),
                       static_cast<std::size_t>(ASN1_STRING_length(issuer_ski)));
  t.issuer_key_id_ = std::string(ski);
  t.issuer_not_after_ = core::ToUnixSeconds(issuer.NotAfter());
  ext += Extension("2.5.29.35", false, der::Sequence(der::ImplicitPrimitive(0, ski)));

  if (!profile.policies.empty()) {
    std::string policies;
    for (const auto& oid : profile.policies) policies += der::Sequence(der::Oid(oid));
    ext += Extension("2.5.29.32", false, der::Sequence(policies));
  }
  std::string aia;
  if (!urls.ocsp.empty()) {
    aia += der::Sequence(der::Oid("1.3.6.1.5.5.7.48.1") + der::ImplicitPrimitive(6, urls.ocsp));
  }
  if (!urls.ca_issuers.empty()) {
    aia +=
        der::Sequence(der::Oid("1.3.6.1.5.5.7.48.2") + der::ImplicitPrimitive(6, urls.ca_issuers));
  }
  if (!aia.empty()) ext += Extension("1.3.6.1.5.5.7.1.1", false, der::Sequence(aia));
  if (!urls.crl.empty()) {
    // DistributionPoint { distributionPoint [0] { fullName [0] { URI } } }
    std::string full_name = der::Tlv(0xa0, der::ImplicitPrimitive(6, urls.crl));
    ext += Extension("2.5.29.31", false, der::Sequence(der::Sequence(der::Tlv(0xa0, full_name))));
  }
  if (profile.ocsp_no_check) {
    ext +=
        Extension("1.3.6.1.5.5.7.48.1.5", false, der::Tlv(der::kNull, ""));  // RFC 6960 §4.2.2.2.1
  }
  return t;
}

core::Result<std::string> CertificateTemplate::BuildTbs(const CertificateRequest& r) const {
  if (r.public_key == nullptr) return core::Fail(BadRequest("no public key"));
  if (r.serial.empty()) return core::Fail(BadRequest("no serial number"));
  if (r.validity_days < 1) return core::Fail(BadRequest("validity must be at least one day"));
  std::string encoded;
  if (r.spki_der.empty()) {
    auto spki = r.public_key->SpkiDer();
    if (!spki) return core::Fail(spki.error());
    encoded = std::move(*spki);
  }
  std::string_view spki = r.spki_der.empty() ? std::string_view(encoded) : r.spki_der;

  std::string san;
  for (const auto& name : r.dns_names) san += der::ImplicitPrimitive(2, name);
  for (const auto& ip : r.ip_addresses) {
    unsigned char buf[16];
    if (inet_pton(AF_INET, ip.c_str(), buf) == 1) {
      san += der::ImplicitPrimitive(7, std::string_view(reinterpret_cast<char*>(buf), 4));
    } else if (inet_pton(AF_INET6, ip.c_str(), buf) == 1) {
      san += der::ImplicitPrimitive(7, std::string_view(reinterpret_cast<char*>(buf), 16));
    } else {
      return core::Fail(BadRequest("'" + ip + "' is not an IP address"));
    }
  }
  for (const auto& email : r.emails) san += der::ImplicitPrimitive(1, email);

  std::string subject = SubjectName(r.subject);
  bool empty_subject = subject.size() == 2;

  std::string extensions;
  extensions.reserve(fixed_extensions_.size() + san.size() + 128);
  extensions +=
      EVP_PKEY_get_base_id(r.public_key->get()) == EVP_PKEY_RSA ? key_usage_rsa_ : key_usage_ec_;
  extensions += fixed_extensions_;
  if (!san.empty()) {
    // RFC 5280 §4.2.1.6: critical when the subject is empty.
    extensions += Extension("2.5.29.17", empty_subject, der::Sequence(san));
  }
  auto bits = SubjectPublicKeyBits(spki);
  if (bits.empty()) return core::Fail(BadRequest("the public key could not be read"));
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(bits.data()), bits.size(), digest);
  extensions +=
      Extension("2.5.29.14", false,
                der::OctetString(std::string_view(reinterpret_cast<char*>(digest), sizeof digest)));

  // BRs §7.1.2.7.4 / RFC 5280 §4.1.2.5: the validity period includes both ends, so a
  // certificate of N days ends one second before N×86400 seconds have passed.
  auto not_after = r.not_before + std::chrono::days(r.validity_days) - std::chrono::seconds(1);
  std::string tbs;
  tbs.reserve(512 + extensions.size() + spki.size() + subject.size());
  tbs += der::Explicit(0, der::Integer(2));  // v3
  tbs += der::UnsignedInteger(
      std::span(reinterpret_cast<const std::uint8_t*>(r.serial.data()), r.serial.size()));
  tbs += signature_algorithm_;
  tbs += issuer_name_;
  tbs += der::Sequence(der::Time(r.not_before) + der::Time(not_after));
  tbs += subject;
  tbs += spki;
  tbs += der::Explicit(3, der::Sequence(extensions));
  return der::Sequence(tbs);
}

std::string CertificateTemplate::Unsigned(const std::string& tbs) const {
  return der::Sequence(tbs + signature_algorithm_ + der::BitString(""));
}

core::Result<std::string> CertificateTemplate::Sign(const std::string& tbs,
                                                    const PrivateKey& issuer_key) const {
  auto signature = issuer_key.Sign(tbs);
  if (!signature) return core::Fail(signature.error());
  std::string body;
  body.reserve(tbs.size() + signature_algorithm_.size() + signature->size() + 8);
  body += tbs;
  body += signature_algorithm_;
  body += der::BitString(*signature);
  return der::Sequence(body);
}

}  // namespace certkeep::pki
