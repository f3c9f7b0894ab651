#pragma once
// A certificate split into views of its DER fields, by certkeep's own strict reader:
// what lint checks, without OpenSSL's slow provider-based key decoding (OpenSSL 3.0's
// d2i_X509 spends ~100 µs decoding the public key alone). Only pki/ includes this.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace certkeep::pki::internal {

/// One extension.
struct ExtensionView {
  std::string_view oid;  ///< the OID's whole TLV
  bool critical = false;
  std::string_view value;  ///< the OCTET STRING's content (the extension's DER value)
};

/// The fields of a Certificate (signature not checked).
struct CertificateView {
  int version = 0;                             ///< 0 = v1 ... 2 = v3
  std::string_view serial;                     ///< magnitude bytes
  std::string_view signature_algorithm;        ///< whole TLV, inside the TBS
  std::string_view outer_signature_algorithm;  ///< whole TLV, after the TBS
  std::string_view issuer;                     ///< whole Name TLV
  std::int64_t not_before = 0;                 ///< Unix seconds
  std::int64_t not_after = 0;
  std::string_view subject;            ///< whole Name TLV
  std::string_view spki;               ///< whole SubjectPublicKeyInfo TLV
  std::string_view key_algorithm_oid;  ///< whole TLV
  std::string_view key_parameters;     ///< whole TLV, or empty
  std::string_view key_bits;           ///< subjectPublicKey without the unused-bits octet
  std::vector<ExtensionView> extensions;
};

/// Splits `der`; Malformed (with `reason`) on anything that is not strict DER X.509.
[[nodiscard]] core::Result<CertificateView> ParseCertificateView(std::string_view der,
                                                                 core::Reason reason);

/// Unix seconds of a UTCTime or GeneralizedTime TLV's content ("YYMMDDHHMMSSZ" or
/// "YYYYMMDDHHMMSSZ"); nullopt if it is not in the RFC 5280 §4.1.2.5 form.
[[nodiscard]] std::optional<std::int64_t> ParseTime(std::uint8_t tag, std::string_view content);

}  // namespace certkeep::pki::internal
