#include "pki/certificate.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <cstdint>
#include <ctime>
#include <utility>

#include "pki/internal/handles.h"
#include "pki/key.h"

namespace certkeep::pki {

namespace {

std::string NameToString(const X509_NAME* name) {
  internal::BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
  return internal::BioContents(bio.get());
}

core::TimePoint ToTimePoint(const ASN1_TIME* t) {
  std::tm tm{};
  ASN1_TIME_to_tm(t, &tm);
  return core::FromUnixSeconds(static_cast<std::int64_t>(timegm(&tm)));
}

}  // namespace

void Certificate::Free::operator()(X509* p) const noexcept {
  X509_free(p);
}

core::Result<Certificate> Certificate::FromPem(std::string_view pem) {
  auto bio = internal::ReadBio(pem);
  X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
  if (cert == nullptr) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadCertificate,
                      "the certificate could not be read", internal::DrainErrors());
  }
  return Certificate(cert);
}

core::Result<std::vector<Certificate>> Certificate::AllFromPem(std::string_view pem) {
  std::vector<Certificate> out;
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  std::size_t at = 0;
  while (true) {
    auto begin = pem.find("-----BEGIN", at);
    // Only white space may stand between the blocks (RFC 7468 §2 allows explanatory text
    // around them, but a chain given to a CA is no place to guess what was meant).
    auto between = pem.substr(at, begin == std::string_view::npos ? pem.npos : begin - at);
    if (between.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadCertificate,
                        "the PEM text has something other than certificates in it");
    }
    if (begin == std::string_view::npos) break;
    auto end = pem.find(kEnd, begin);
    if (pem.substr(begin, kBegin.size()) != kBegin || end == std::string_view::npos) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadCertificate,
                        "the PEM text holds a block that is not a certificate");
    }
    auto cert = FromPem(pem.substr(begin, end + kEnd.size() - begin));
    if (!cert) return core::Fail(cert.error());
    out.push_back(std::move(*cert));
    at = end + kEnd.size();
  }
  return out;
}

core::Result<Certificate> Certificate::FromDer(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (cert == nullptr || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    X509_free(cert);
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadCertificate,
                      "the certificate could not be read", internal::DrainErrors());
  }
  return Certificate(cert);
}

core::Result<std::string> Certificate::ToPem() const {
  internal::BioPtr bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_X509(bio.get(), cert_.get()) != 1) {
    return core::Fail(internal::CryptoError("writing a certificate"));
  }
  return internal::BioContents(bio.get());
}

std::string Certificate::Subject() const {
  return NameToString(X509_get_subject_name(get()));
}

std::string Certificate::Issuer() const {
  return NameToString(X509_get_issuer_name(get()));
}

std::string Certificate::SerialNumberHex() const {
  internal::BignumPtr bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(get()), nullptr));
  char* hex = BN_bn2hex(bn.get());
  std::string out = hex != nullptr ? hex : "";
  OPENSSL_free(hex);
  return out;
}

core::Result<std::string> Certificate::SpkiDer() const {
  // The certificate's own SubjectPublicKeyInfo, re-encoded by its ASN.1 template (i2d_PUBKEY
  // would build an OpenSSL 3 encoder context for the decoded key).
  X509_PUBKEY* key = X509_get_X509_PUBKEY(get());
  if (key == nullptr) return core::Fail(internal::CryptoError("reading a certificate's key"));
  unsigned char* out = nullptr;
  int n = i2d_X509_PUBKEY(key, &out);
  if (n <= 0) return core::Fail(internal::CryptoError("encoding a certificate's key"));
  std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
  OPENSSL_free(out);
  return der;
}

core::Result<std::string> Certificate::ToDer() const {
  unsigned char* out = nullptr;
  int n = i2d_X509(get(), &out);
  if (n <= 0) return core::Fail(internal::CryptoError("encoding a certificate"));
  std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
  OPENSSL_free(out);
  return der;
}

std::string Certificate::AuthorityKeyId() const {
  const ASN1_OCTET_STRING* id = X509_get0_authority_key_id(get());
  if (id == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(id)),
                     static_cast<std::size_t>(ASN1_STRING_length(id)));
}

std::string Certificate::SerialNumberBytes() const {
  // i2c_ASN1_INTEGER is not public; the DER of the INTEGER minus its tag and length is.
  const ASN1_INTEGER* serial = X509_get0_serialNumber(get());
  unsigned char* out = nullptr;
  int n = i2d_ASN1_INTEGER(serial, &out);
  if (n <= 2) {
    OPENSSL_free(out);
    return {};
  }
  std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
  OPENSSL_free(out);
  // Short-form length (a serial is at most 20 octets, RFC 5280 §4.1.2.2): tag, length, content.
  return der.substr(2);
}

core::TimePoint Certificate::NotAfter() const {
  return ToTimePoint(X509_get0_notAfter(get()));
}

core::TimePoint Certificate::NotBefore() const {
  return ToTimePoint(X509_get0_notBefore(get()));
}

std::vector<std::string> Certificate::DnsNames() const {
  std::vector<std::string> out;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(get(), NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, i);
    if (gn->type != GEN_DNS) continue;
    const ASN1_IA5STRING* s = gn->d.dNSName;
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
  }
  GENERAL_NAMES_free(names);
  return out;
}

bool Certificate::MatchesKey(const PrivateKey& key) const {
  bool ok = X509_check_private_key(get(), key.get()) == 1;
  (void)internal::DrainErrors();  // a mismatch is an answer, not an error
  return ok;
}

bool Certificate::IsSignedBy(const Certificate& issuer) const {
  bool ok = X509_check_issued(issuer.get(), get()) == X509_V_OK &&
            X509_verify(get(), X509_get0_pubkey(issuer.get())) == 1;
  (void)internal::DrainErrors();  // a mismatch is an answer, not an error
  return ok;
}

bool Certificate::IsCa() const {
  return X509_check_ca(get()) > 0;
}

bool Certificate::IsSelfIssued() const {
  return X509_NAME_cmp(X509_get_subject_name(get()), X509_get_issuer_name(get())) == 0;
}

std::string Certificate::SignatureAlgorithm() const {
  int md = NID_undef;
  int pk = NID_undef;
  if (OBJ_find_sigid_algs(X509_get_signature_nid(get()), &md, &pk) != 1) return "UNKNOWN";
  if (pk == NID_ED25519) return "ED25519";
  std::string digest = md == NID_undef ? "" : OBJ_nid2sn(md);  // "SHA256"
  std::string key = pk == NID_X9_62_id_ecPublicKey ? "ECDSA"
                    : pk == NID_rsaEncryption      ? "RSA"
                    : pk == NID_rsassaPss          ? "RSASSA-PSS"
                                                   : OBJ_nid2sn(pk);
  for (auto& c : digest) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return digest + "WITH" + key;
}

std::vector<std::string> Certificate::KeyUsages() const {
  static constexpr std::pair<std::uint32_t, const char*> kBits[] = {
      {KU_DIGITAL_SIGNATURE, "digitalSignature"},
      {KU_NON_REPUDIATION, "nonRepudiation"},
      {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
      {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
      {KU_KEY_AGREEMENT, "keyAgreement"},
      {KU_KEY_CERT_SIGN, "keyCertSign"},
      {KU_CRL_SIGN, "cRLSign"},
      {KU_ENCIPHER_ONLY, "encipherOnly"},
      {KU_DECIPHER_ONLY, "decipherOnly"}};
  std::vector<std::string> out;
  std::uint32_t usage = X509_get_key_usage(get());
  if (usage == UINT32_MAX) return out;  // no keyUsage extension
  for (auto [bit, name] : kBits) {
    if ((usage & bit) != 0) out.emplace_back(name);
  }
  return out;
}

std::vector<std::string> Certificate::ExtendedKeyUsages() const {
  std::vector<std::string> out;
  auto* usages = static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(get(), NID_ext_key_usage, nullptr, nullptr));
  if (usages == nullptr) return out;
  for (int i = 0; i < sk_ASN1_OBJECT_num(usages); ++i) {
    const ASN1_OBJECT* purpose = sk_ASN1_OBJECT_value(usages, i);
    int nid = OBJ_obj2nid(purpose);
    if (nid != NID_undef) {
      out.emplace_back(OBJ_nid2sn(nid));
    } else {
      char oid[80];
      OBJ_obj2txt(oid, sizeof oid, purpose, 1);
      out.emplace_back(oid);
    }
  }
  EXTENDED_KEY_USAGE_free(usages);
  return out;
}

}  // namespace certkeep::pki
