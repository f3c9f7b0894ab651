#pragma once
// The pieces of a certificate that the byte-built structures (CRLs, OCSP responses)
// copy or hash, and the X.509 Extension they all encode. Only pki/ includes this header.

#include <string>
#include <string_view>

#include "core/result.h"
#include "pki/certificate.h"

typedef struct evp_md_st EVP_MD;

namespace certkeep::pki::internal {

/// The subject Name of `cert`, DER, byte for byte as the certificate carries it.
[[nodiscard]] core::Result<std::string> SubjectNameDer(const Certificate& cert);
/// The subjectPublicKey BIT STRING's value, without tag, length or unused-bits octet.
[[nodiscard]] core::Result<std::string> SubjectPublicKeyBits(const Certificate& cert);
/// The subjectKeyIdentifier of `cert`; without one, the SHA-1 of the key bits (RFC 5280
/// §4.2.1.2 method (1), what OpenSSL's "hash" writes).
[[nodiscard]] core::Result<std::string> KeyIdentifier(const Certificate& cert);
/// The certificate, DER.
[[nodiscard]] core::Result<std::string> CertificateDer(const Certificate& cert);
/// The `md` digest of `data`.
[[nodiscard]] core::Result<std::string> Hash(const EVP_MD* md, std::string_view data);
/// RFC 5280 §4.1: Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue }, for a
/// non-critical extension (DER omits the default) whose value is the DER `value`.
[[nodiscard]] std::string Extension(std::string_view oid_der, std::string_view value);

}  // namespace certkeep::pki::internal
