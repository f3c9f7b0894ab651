#pragma once
// Every usual download format of an issued certificate: the collect formats of the SCM
// API (scm-api.md §2.1), DER, PKCS#7 and PKCS#12. The content and order of each format
// is written once, in the table kFormats in encoding.cpp; CertificateFormats() shows it.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "pki/certificate.h"
#include "pki/key.h"

namespace certkeep::pki {

/// A download format. All but kDer are the SCM collect formats; kDer is certkeep's own.
/// Adding one? Add its row to kFormats in encoding.cpp (tests check every value has one).
enum class CertificateFormat {
  kX509,
  kX509CO,
  kX509IO,
  kX509IOR,
  kX509R,
  kBase64,
  kBin,
  kPem,
  kPemCO,
  kPemIA,
  kDer,
};

/// Parses the SCM spelling, case-insensitively ("x509CO" and "x509co"), or "der".
/// Unknown names fail with kMalformed / Reason::kUnsupportedFormat.
[[nodiscard]] core::Result<CertificateFormat> ParseCertificateFormat(std::string_view name);

/// The SCM spelling of `format`, e.g. "x509IOR".
[[nodiscard]] std::string_view ToString(CertificateFormat format);

/// The bytes of a download and what they are.
struct EncodedCertificate {
  std::string body;
  /// The MIME type that fits the bytes (the API layer decides what to send).
  std::string content_type;
  /// ".pem", ".crt", ".p7b" or ".cer".
  std::string file_name_suffix;
};

/// Encodes `leaf` and its chain in `format`. `issuers` runs from the leaf's issuer up to
/// and including the root; each must have issued the one before it.
[[nodiscard]] core::Result<EncodedCertificate> EncodeCertificate(
    CertificateFormat format, const Certificate& leaf, const std::vector<Certificate>& issuers);

/// Like EncodeCertificate, for a leaf kept as PEM text by certkeep itself, whose chain
/// the caller took from the leaf's issuer: the PEM and DER formats are cut from the text
/// without parsing it (so the leaf is not checked against `issuers`); PKCS#7 parses it.
[[nodiscard]] core::Result<EncodedCertificate> EncodeStoredCertificate(
    CertificateFormat format, std::string_view leaf_pem, const std::vector<Certificate>& issuers);

/// The DER encoding of `cert`.
[[nodiscard]] core::Result<std::string> ToDer(const Certificate& cert);

/// A certs-only (degenerate) PKCS#7 SignedData holding `certs` in the given order; PEM
/// ("-----BEGIN PKCS7-----", as openssl crl2pkcs7 writes) when `pem`, else DER.
[[nodiscard]] core::Result<std::string> Pkcs7(const std::vector<Certificate>& certs, bool pem);

/// A DER PKCS#12 of `key`, `leaf` and `issuers` (leaf first): key and certificates
/// encrypted with AES-256-CBC under PBKDF2-HMAC-SHA256 (PKCS#5 v2.1), an HMAC-SHA256 MAC.
/// `password` must not be empty; `friendly_name` may be.
[[nodiscard]] core::Result<std::string> Pkcs12(const PrivateKey& key, const Certificate& leaf,
                                               const std::vector<Certificate>& issuers,
                                               std::string_view password,
                                               std::string_view friendly_name);

/// RFC 7468 PEM of `der` under `label` (e.g. "CERTIFICATE"): 64-character base64 lines.
[[nodiscard]] std::string PemEncode(std::string_view label, std::string_view der);

/// What a PKCS#12 file holds: the key, its certificate, and any other certificates.
struct Pkcs12Contents {
  PrivateKey key;
  Certificate certificate;
  std::vector<Certificate> others;
};
/// Opens a PKCS#12 file with `password` (to import an existing CA).
[[nodiscard]] core::Result<Pkcs12Contents> ReadPkcs12(std::string_view der,
                                                      std::string_view password);

/// One row per format, for the README and tests.
struct FormatRow {
  CertificateFormat format;
  /// The SCM spelling.
  std::string_view name;
  /// The content and order in words, e.g. "leaf, issuing CA(s), root; PEM".
  std::string_view content;
};

/// Every format, in enum order.
[[nodiscard]] std::span<const FormatRow> CertificateFormats();

}  // namespace certkeep::pki
