#include "pki/internal/x509_fields.h"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "pki/internal/der.h"
#include "pki/internal/handles.h"

namespace certkeep::pki::internal {

namespace {

// i2d_* into an owned std::string.
template <typename T, typename Encode>
core::Result<std::string> ToDer(const T* object, Encode encode, std::string_view what) {
  unsigned char* out = nullptr;
  const int n = encode(object, &out);
  if (n <= 0 || out == nullptr) return core::Fail(CryptoError(what));
  std::string der(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  OPENSSL_free(out);
  return der;
}

}  // namespace

core::Result<std::string> SubjectNameDer(const Certificate& cert) {
  // i2d_X509_NAME returns the encoding cached when the certificate was parsed, so the
  // bytes match the certificate's even where a re-encoding would differ.
  return ToDer(
      X509_get_subject_name(cert.get()),
      [](const X509_NAME* name, unsigned char** out) { return i2d_X509_NAME(name, out); },
      "encoding a subject name");
}

core::Result<std::string> SubjectPublicKeyBits(const Certificate& cert) {
  const ASN1_BIT_STRING* bits = X509_get0_pubkey_bitstr(cert.get());
  if (bits == nullptr) return core::Fail(CryptoError("reading a certificate's public key"));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(bits)),
                     static_cast<std::size_t>(ASN1_STRING_length(bits)));
}

core::Result<std::string> KeyIdentifier(const Certificate& cert) {
  if (const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(cert.get()); ski != nullptr) {
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(ski)),
                       static_cast<std::size_t>(ASN1_STRING_length(ski)));
  }
  auto bits = SubjectPublicKeyBits(cert);
  if (!bits) return core::Fail(bits.error());
  return Hash(EVP_sha1(), *bits);
}

core::Result<std::string> CertificateDer(const Certificate& cert) {
  return ToDer(
      cert.get(), [](const X509* x, unsigned char** out) { return i2d_X509(x, out); },
      "encoding a certificate");
}

core::Result<std::string> Hash(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) != 1) {
    return core::Fail(CryptoError("hashing"));
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string Extension(std::string_view oid_der, std::string_view value) {
  std::string content(oid_der);
  content += der::OctetString(value);
  return der::Sequence(content);
}

}  // namespace certkeep::pki::internal
