#include "pki/hierarchy.h"

#include <openssl/x509v3.h>

#include <algorithm>
#include <utility>

#include "pki/internal/handles.h"

namespace certkeep::pki {

namespace {

using internal::CryptoError;

struct Extension {
  int nid;
  std::string value;    // OpenSSL's v3 config syntax, e.g. "critical,CA:TRUE"
  bool is_der = false;  // `value` is the extension's DER value instead
};

// certificatePolicies { anyPolicy } (RFC 5280 §4.2.1.4). Written as DER: OpenSSL's
// config syntax for this extension needs a config database.
const std::string& AnyPolicyDer() {
  static const std::string kDer("\x30\x08\x30\x06\x06\x04\x55\x1d\x20\x00", 10);
  return kDer;
}

// CA/Browser Forum BR §7.1: "serial numbers ... greater than zero ... containing at
// least 64 bits of output from a CSPRNG". 16 bytes with the top bit cleared.
core::Result<internal::Asn1IntegerPtr> RandomSerial(core::RandomSource& random) {
  auto bytes = random.Bytes(16);
  bytes[0] &= 0x7f;
  if (bytes[0] == 0) bytes[0] = 0x01;
  internal::BignumPtr bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!bn) return core::Fail(CryptoError("making a serial number"));
  internal::Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial) return core::Fail(CryptoError("making a serial number"));
  return serial;
}

// RFC 5758 / BR §7.1.3.2: ECDSA P-384 keys sign with SHA-384; P-256 and RSA with SHA-256.
const EVP_MD* DigestFor(const PrivateKey& key) {
  return EVP_PKEY_get_bits(key.get()) == 384 ? EVP_sha384() : EVP_sha256();
}

core::Result<internal::X509NamePtr> MakeName(const CaName& name) {
  internal::X509NamePtr out(X509_NAME_new());
  auto add = [&](const char* field, const std::string& value) {
    return value.empty() ||
           X509_NAME_add_entry_by_txt(out.get(), field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.data()),
                                      static_cast<int>(value.size()), -1, 0) == 1;
  };
  if (!add("C", name.country) || !add("O", name.organization) || !add("CN", name.common_name)) {
    return core::Fail(CryptoError("building a distinguished name"));
  }
  return out;
}

// Builds and signs one certificate. `issuer` null means self-signed.
core::Result<Certificate> Sign(const Certificate* issuer, const PrivateKey& issuer_key,
                               const PrivateKey& subject_key, const X509_NAME* subject,
                               const Validity& validity, core::RandomSource& random,
                               const std::vector<Extension>& extensions) {
  internal::X509Ptr cert(X509_new());
  auto serial = RandomSerial(random);
  if (!serial) return core::Fail(serial.error());

  auto not_before = validity.not_before;
  auto not_after = not_before + std::chrono::duration_cast<std::chrono::seconds>(validity.days);
  if (issuer != nullptr) not_after = std::min(not_after, issuer->NotAfter());

  X509* issuer_x509 = issuer != nullptr ? issuer->get() : cert.get();
  bool ok =
      X509_set_version(cert.get(), X509_VERSION_3) == 1 &&
      X509_set_serialNumber(cert.get(), serial->get()) == 1 &&
      X509_set_subject_name(cert.get(), subject) == 1 &&
      X509_set_issuer_name(
          cert.get(), issuer != nullptr ? X509_get_subject_name(issuer->get()) : subject) == 1 &&
      ASN1_TIME_set(X509_getm_notBefore(cert.get()), core::ToUnixSeconds(not_before)) &&
      ASN1_TIME_set(X509_getm_notAfter(cert.get()), core::ToUnixSeconds(not_after)) &&
      X509_set_pubkey(cert.get(), subject_key.get()) == 1;
  if (!ok) return core::Fail(CryptoError("filling in a certificate"));

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer_x509, cert.get(), nullptr, nullptr, 0);
  for (const auto& ext : extensions) {
    internal::X509ExtPtr x;
    if (ext.is_der) {
      ASN1_OCTET_STRING* value = ASN1_OCTET_STRING_new();
      ASN1_OCTET_STRING_set(value, reinterpret_cast<const unsigned char*>(ext.value.data()),
                            static_cast<int>(ext.value.size()));
      x.reset(X509_EXTENSION_create_by_NID(nullptr, ext.nid, 0, value));
      ASN1_OCTET_STRING_free(value);
    } else {
      x.reset(X509V3_EXT_conf_nid(nullptr, &ctx, ext.nid, ext.value.c_str()));
    }
    if (!x || X509_add_ext(cert.get(), x.get(), -1) != 1) {
      return core::Fail(CryptoError("adding extension " + std::string(OBJ_nid2sn(ext.nid))));
    }
  }
  if (X509_sign(cert.get(), issuer_key.get(), DigestFor(issuer_key)) <= 0) {
    return core::Fail(CryptoError("signing a certificate"));
  }
  return Certificate::Adopt(cert.release());
}

}  // namespace

core::Result<Certificate> MakeRootCertificate(const PrivateKey& key, const CaName& name,
                                              const Validity& validity,
                                              core::RandomSource& random) {
  auto subject = MakeName(name);
  if (!subject) return core::Fail(subject.error());
  return Sign(nullptr, key, key, subject->get(), validity, random,
              {{NID_basic_constraints, "critical,CA:TRUE"},
               {NID_key_usage, "critical,keyCertSign,cRLSign"},
               {NID_subject_key_identifier, "hash"}});
}

core::Result<Certificate> MakeIssuingCaCertificate(const Certificate& issuer,
                                                   const PrivateKey& issuer_key,
                                                   const PrivateKey& subject_key,
                                                   const CaName& name, const Validity& validity,
                                                   core::RandomSource& random) {
  auto subject = MakeName(name);
  if (!subject) return core::Fail(subject.error());
  return Sign(&issuer, issuer_key, subject_key, subject->get(), validity, random,
              {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
               {NID_key_usage, "critical,digitalSignature,keyCertSign,cRLSign"},
               {NID_subject_key_identifier, "hash"},
               {NID_authority_key_identifier, "keyid:always"},
               // The issuing CA certifies under every profile's policy, so verifiers that
               // require an explicit policy (EV) accept its certificates.
               {NID_certificate_policies, AnyPolicyDer(), true}});
}

core::Result<Certificate> MakeServerCertificate(
    const Certificate& issuer, const PrivateKey& issuer_key, const PrivateKey& subject_key,
    const std::vector<std::string>& dns_names, const std::vector<std::string>& ip_addresses,
    const Validity& validity, core::RandomSource& random) {
  if (dns_names.empty() && ip_addresses.empty()) {
    return core::Fail(core::InternalError(core::Reason::kBadCertificate,
                                          "a server certificate needs at least one name"));
  }
  std::string san;
  for (const auto& n : dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + n;
  for (const auto& ip : ip_addresses) san += (san.empty() ? "IP:" : ",IP:") + ip;

  internal::X509NamePtr subject(X509_NAME_new());
  if (!dns_names.empty()) {
    const auto& cn = dns_names.front();
    X509_NAME_add_entry_by_txt(subject.get(), "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(cn.data()),
                               static_cast<int>(cn.size()), -1, 0);
  }
  // RFC 5280 §4.2.1.6: with an empty subject the SAN extension MUST be critical.
  std::string san_value = dns_names.empty() ? "critical," + san : san;
  // RSA keys may be used for key encipherment in TLS 1.2 RSA key exchange; EC keys not.
  std::string key_usage = EVP_PKEY_get_base_id(subject_key.get()) == EVP_PKEY_RSA
                              ? "critical,digitalSignature,keyEncipherment"
                              : "critical,digitalSignature";
  return Sign(&issuer, issuer_key, subject_key, subject.get(), validity, random,
              {{NID_basic_constraints, "critical,CA:FALSE"},
               {NID_key_usage, key_usage},
               {NID_ext_key_usage, "serverAuth"},
               {NID_subject_alt_name, san_value},
               {NID_subject_key_identifier, "hash"},
               {NID_authority_key_identifier, "keyid:always"}});
}

}  // namespace certkeep::pki
