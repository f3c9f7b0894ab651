#include "pki/encoding.h"

#include <openssl/crypto.h>
#include <openssl/pem.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>

#include "core/base64.h"
#include "pki/internal/handles.h"

namespace certkeep::pki {

using core::ErrorCode;
using core::Reason;
using internal::CryptoError;

namespace {

/// Which certificates go in.
enum class Selection {
  kChain,          // leaf, issuing CA(s), root
  kLeaf,           // leaf
  kIssuers,        // issuing CA(s), root
  kLeafAndIssuer,  // leaf, then the leaf's direct issuer
};

/// scm-api.md §2.1: leaf towards root, unless the name ends in R, which reverses.
enum class Order { kLeafFirst, kRootFirst };

enum class Packing { kPemBlocks, kPkcs7Pem, kPkcs7Der, kDerCert };

// RFC 8555 §9.1 registers application/pem-certificate-chain. It says "the end-entity
// certificate first", which x509IO, x509IOR and x509R do not keep, but no registered type
// fits those better (application/x-pem-file is nobody's standard).
constexpr std::string_view kPemChain = "application/pem-certificate-chain";
// RFC 2585 §4.1: "application/pkix-cert ... File extension(s): .CER".
constexpr std::string_view kPkixCert = "application/pkix-cert";
// RFC 8551 §3.2.2: a certs-only SignedData travels as application/pkcs7-mime.
constexpr std::string_view kPkcs7Mime = "application/pkcs7-mime";

struct FormatSpec {
  CertificateFormat format;
  std::string_view name;
  Selection selection;
  Order order;
  Packing packing;
  std::string_view content_type;
  std::string_view file_name_suffix;
  std::string_view content;  // for the README and FormatRow
};

using enum CertificateFormat;
using enum Selection;
using enum Order;
using enum Packing;

// THE table of formats: what each holds, in which order, and how it is packed. "issuing
// CA(s)" are one or more, nearest the leaf first when the leaf comes first, and the other
// way round when the root does. The README copies the name and content columns.
// Rows are in enum order (checked below). Adding a row? Add the enum value in encoding.h
// and the README row.
// clang-format off
constexpr std::array kFormats{
    //         format    name       selection       order       packing     MIME type   suffix
    FormatSpec{kX509,    "x509",    kChain,         kLeafFirst, kPemBlocks, kPemChain,  ".pem",
               "leaf, issuing CA(s), root; PEM"},
    FormatSpec{kX509CO,  "x509CO",  kLeaf,          kLeafFirst, kPemBlocks, kPemChain,  ".crt",
               "leaf only; PEM"},
    FormatSpec{kX509IO,  "x509IO",  kIssuers,       kLeafFirst, kPemBlocks, kPemChain,  ".pem",
               "issuing CA(s), root; no leaf; PEM"},
    FormatSpec{kX509IOR, "x509IOR", kIssuers,       kRootFirst, kPemBlocks, kPemChain,  ".pem",
               "root, issuing CA(s); no leaf; PEM"},
    FormatSpec{kX509R,   "x509R",   kChain,         kRootFirst, kPemBlocks, kPemChain,  ".pem",
               "root, issuing CA(s), leaf; PEM"},
    FormatSpec{kBase64,  "base64",  kChain,         kLeafFirst, kPkcs7Pem,  kPkcs7Mime, ".p7b",
               "leaf, issuing CA(s), root in a certs-only PKCS#7; PEM (BEGIN PKCS7)"},
    FormatSpec{kBin,     "bin",     kChain,         kLeafFirst, kPkcs7Der,  kPkcs7Mime, ".p7b",
               "leaf, issuing CA(s), root in a certs-only PKCS#7; DER"},
    FormatSpec{kPem,     "pem",     kChain,         kLeafFirst, kPemBlocks, kPemChain,  ".pem",
               "leaf, issuing CA(s), root; PEM (same as x509)"},
    FormatSpec{kPemCO,   "pemco",   kLeaf,          kLeafFirst, kPemBlocks, kPemChain,  ".crt",
               "leaf only; PEM (same as x509CO)"},
    FormatSpec{kPemIA,   "pemia",   kLeafAndIssuer, kLeafFirst, kPemBlocks, kPemChain,  ".pem",
               "leaf, then its direct issuer only; PEM"},
    FormatSpec{kDer,     "der",     kLeaf,          kLeafFirst, kDerCert,   kPkixCert,  ".cer",
               "leaf only; DER (certkeep's own, not SCM's)"},
};
// clang-format on

constexpr bool RowsAreInEnumOrder() {
  for (std::size_t i = 0; i < kFormats.size(); ++i) {
    if (static_cast<std::size_t>(kFormats[i].format) != i) return false;
  }
  return static_cast<std::size_t>(kDer) + 1 == kFormats.size();
}
static_assert(RowsAreInEnumOrder(), "kFormats needs one row per CertificateFormat, in order");

constexpr auto kRows = [] {
  std::array<FormatRow, kFormats.size()> rows{};
  for (std::size_t i = 0; i < kFormats.size(); ++i)
    rows[i] = {kFormats[i].format, kFormats[i].name, kFormats[i].content};
  return rows;
}();

const FormatSpec& SpecOf(CertificateFormat format) {
  return kFormats[static_cast<std::size_t>(format)];
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// An internal error of `reason` whose internal text holds `what` and the drained queue.
core::Error InternalWithQueue(Reason reason, std::string what) {
  if (auto queue = internal::DrainErrors(); !queue.empty()) what += ": " + queue;
  return core::InternalError(reason, std::move(what));
}

// Refuses a chain given in the wrong order or with a gap: a wrong download is worse than
// none, and nothing later would notice.
core::Result<void> CheckChain(const Certificate& leaf, const std::vector<Certificate>& issuers) {
  const Certificate* subject = &leaf;
  for (const Certificate& issuer : issuers) {
    if (X509_check_issued(issuer.get(), subject->get()) != X509_V_OK) {
      return core::Fail(InternalWithQueue(
          Reason::kBadCertificate,
          "'" + issuer.Subject() + "' did not issue '" + subject->Subject() + "'"));
    }
    subject = &issuer;
  }
  return core::Ok();
}

// The certificates `spec` names, in its order (as Certificates or as PEM text).
template <typename C>
std::vector<C> Select(const FormatSpec& spec, const C& leaf, const std::vector<C>& issuers) {
  std::vector<C> out;
  switch (spec.selection) {
    case kChain:
      out.push_back(leaf);
      out.insert(out.end(), issuers.begin(), issuers.end());
      break;
    case kLeaf:
      out.push_back(leaf);
      break;
    case kIssuers:
      out = issuers;
      break;
    case kLeafAndIssuer:
      out.push_back(leaf);
      if (!issuers.empty()) out.push_back(issuers.front());
      break;
  }
  if (spec.order == kRootFirst) std::reverse(out.begin(), out.end());
  return out;
}

// A copy of a password that is wiped when it goes.
class Secret {
 public:
  explicit Secret(std::string_view text) : text_(text) {}
  ~Secret() { OPENSSL_cleanse(text_.data(), text_.size()); }
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  [[nodiscard]] const char* c_str() const { return text_.c_str(); }

 private:
  std::string text_;
};

// OpenSSL 3.0's default is 2048 (PKCS12_DEFAULT_ITER). Java writes PKCS#12 with
// PBEWithHmacSHA256AndAES_256 and an HmacPBESHA256 MAC at 10000 iterations (JDK-8153005,
// JDK-8267880): the same algorithms and cost as here, so every importer copes with it.
constexpr int kPkcs12Iterations = 10000;
// NIST SP 800-132 §5.1: "the length of the randomly-generated portion of the salt shall be
// at least 128 bits" (OpenSSL's MAC salt is 8 bytes unless told).
constexpr int kMacSaltBytes = 16;

}  // namespace

core::Result<CertificateFormat> ParseCertificateFormat(std::string_view name) {
  for (const FormatSpec& spec : kFormats) {
    if (EqualsIgnoringCase(name, spec.name)) return spec.format;
  }
  constexpr std::size_t kMaxEcho = 64;
  std::string detail = "unknown certificate format '" + std::string(name.substr(0, kMaxEcho)) +
                       (name.size() > kMaxEcho ? "...'" : "'") + " (expected one of ";
  for (std::size_t i = 0; i < kFormats.size(); ++i) {
    if (i > 0) detail += ", ";
    detail += kFormats[i].name;
  }
  detail += ")";
  return core::Fail(ErrorCode::kMalformed, Reason::kUnsupportedFormat, std::move(detail));
}

std::string_view ToString(CertificateFormat format) {
  return SpecOf(format).name;
}

std::span<const FormatRow> CertificateFormats() {
  return kRows;
}

core::Result<EncodedCertificate> EncodeCertificate(CertificateFormat format,
                                                   const Certificate& leaf,
                                                   const std::vector<Certificate>& issuers) {
  const FormatSpec& spec = SpecOf(format);
  if (auto ok = CheckChain(leaf, issuers); !ok) return core::Fail(ok.error());
  if (issuers.empty() && (spec.selection == kIssuers || spec.selection == kLeafAndIssuer)) {
    return core::Fail(core::InternalError(
        Reason::kBadCertificate,
        "format " + std::string(spec.name) + " needs the issuer chain and none was given"));
  }
  std::vector<Certificate> certs = Select(spec, leaf, issuers);

  EncodedCertificate out{{}, std::string(spec.content_type), std::string(spec.file_name_suffix)};
  switch (spec.packing) {
    case kPemBlocks:
      for (const Certificate& cert : certs) {
        auto pem = cert.ToPem();
        if (!pem) return core::Fail(pem.error());
        out.body += *pem;
      }
      break;
    case kPkcs7Pem:
    case kPkcs7Der: {
      auto p7 = Pkcs7(certs, spec.packing == kPkcs7Pem);
      if (!p7) return core::Fail(p7.error());
      out.body = std::move(*p7);
      break;
    }
    case kDerCert: {
      auto der = ToDer(certs.front());
      if (!der) return core::Fail(der.error());
      out.body = std::move(*der);
      break;
    }
  }
  return out;
}

core::Result<EncodedCertificate> EncodeStoredCertificate(CertificateFormat format,
                                                         std::string_view leaf_pem,
                                                         const std::vector<Certificate>& issuers) {
  const FormatSpec& spec = SpecOf(format);
  if (spec.packing != kPemBlocks && spec.packing != kDerCert) {
    auto leaf = Certificate::FromPem(leaf_pem);
    if (!leaf) return core::Fail(leaf.error());
    return EncodeCertificate(format, *leaf, issuers);
  }
  // Cut from the text: parsing a certificate costs OpenSSL more than the whole download.
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  auto begin = leaf_pem.find(kBegin);
  auto end = leaf_pem.find(kEnd);
  std::optional<std::string> der;
  if (begin != std::string_view::npos && end != std::string_view::npos && begin < end) {
    der =
        core::Base64DecodePem(leaf_pem.substr(begin + kBegin.size(), end - begin - kBegin.size()));
  }
  if (!der || der->empty()) {
    return core::Fail(
        core::InternalError(Reason::kBadCertificate, "a stored certificate is not PEM"));
  }
  if (issuers.empty() && (spec.selection == kIssuers || spec.selection == kLeafAndIssuer)) {
    return core::Fail(core::InternalError(
        Reason::kBadCertificate,
        "format " + std::string(spec.name) + " needs the issuer chain and none was given"));
  }
  EncodedCertificate out{{}, std::string(spec.content_type), std::string(spec.file_name_suffix)};
  if (spec.packing == kDerCert) {
    out.body = std::move(*der);
    return out;
  }
  std::vector<std::string> issuer_pems;
  for (const Certificate& issuer : issuers) {
    auto pem = issuer.ToPem();
    if (!pem) return core::Fail(pem.error());
    issuer_pems.push_back(std::move(*pem));
  }
  for (const std::string& pem : Select(spec, PemEncode("CERTIFICATE", *der), issuer_pems)) {
    out.body += pem;
  }
  return out;
}

core::Result<std::string> ToDer(const Certificate& cert) {
  int size = i2d_X509(cert.get(), nullptr);
  if (size <= 0) return core::Fail(CryptoError("sizing a certificate's DER"));
  std::string der(static_cast<std::size_t>(size), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_X509(cert.get(), &p) != size)
    return core::Fail(CryptoError("writing a certificate's DER"));
  return der;
}

core::Result<std::string> Pkcs7(const std::vector<Certificate>& certs, bool pem) {
  if (certs.empty()) {
    return core::Fail(
        core::InternalError(Reason::kBadCertificate, "a PKCS#7 bundle with no certificates"));
  }
  internal::Pkcs7Ptr p7(PKCS7_new());
  if (p7 == nullptr || PKCS7_set_type(p7.get(), NID_pkcs7_signed) != 1 ||
      PKCS7_content_new(p7.get(), NID_pkcs7_data) != 1) {
    return core::Fail(CryptoError("making a PKCS#7 SignedData"));
  }
  // RFC 5652 §5.2: "In the degenerate case where there are no signers, ... the content
  // type within the EncapsulatedContentInfo value being "signed" MUST be id-data ..., and
  // the content field of the EncapsulatedContentInfo value MUST be omitted." Detaching
  // drops that content.
  if (PKCS7_set_detached(p7.get(), 1) != 1) {
    return core::Fail(CryptoError("omitting the PKCS#7 content"));
  }
  // OpenSSL encodes `certificates` without sorting the SET OF, so the order given is the
  // order written, as with openssl crl2pkcs7.
  for (const Certificate& cert : certs) {
    if (PKCS7_add_certificate(p7.get(), cert.get()) != 1) {
      return core::Fail(CryptoError("adding a certificate to PKCS#7"));
    }
  }
  internal::BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr) return core::Fail(CryptoError("allocating a BIO"));
  int written = pem ? PEM_write_bio_PKCS7(bio.get(), p7.get()) : i2d_PKCS7_bio(bio.get(), p7.get());
  if (written != 1) return core::Fail(CryptoError("writing PKCS#7"));
  return internal::BioContents(bio.get());
}

core::Result<std::string> Pkcs12(const PrivateKey& key, const Certificate& leaf,
                                 const std::vector<Certificate>& issuers, std::string_view password,
                                 std::string_view friendly_name) {
  if (password.empty()) {
    return core::Fail(ErrorCode::kMalformed, Reason::kBadPassphrase,
                      "the PKCS#12 password must not be empty");
  }
  if (X509_check_private_key(leaf.get(), key.get()) != 1) {
    return core::Fail(
        InternalWithQueue(Reason::kBadKey, "the key does not match '" + leaf.Subject() + "'"));
  }
  internal::X509StackPtr ca(sk_X509_new_null());
  if (ca == nullptr) return core::Fail(CryptoError("allocating a certificate stack"));
  for (const Certificate& issuer : issuers) {
    if (X509_up_ref(issuer.get()) != 1) return core::Fail(CryptoError("referencing a certificate"));
    if (sk_X509_push(ca.get(), issuer.get()) <= 0) {
      X509_free(issuer.get());
      return core::Fail(CryptoError("stacking a certificate"));
    }
  }
  Secret pass(password);
  std::string name(friendly_name);
  // AES-256-CBC for both bags makes OpenSSL 3.0 use PBES2 with PBKDF2-HMAC-SHA256 (its
  // default PRF); never the legacy pbeWithSHAAnd40BitRC2 / 3DES. mac_iter -1 leaves the MAC
  // out here so PKCS12_set_mac can make it with SHA-256 rather than the library's default.
  internal::Pkcs12Ptr p12(PKCS12_create(pass.c_str(), name.empty() ? nullptr : name.c_str(),
                                        key.get(), leaf.get(), ca.get(), NID_aes_256_cbc,
                                        NID_aes_256_cbc, kPkcs12Iterations, -1, 0));
  if (p12 == nullptr) return core::Fail(CryptoError("making a PKCS#12"));
  if (PKCS12_set_mac(p12.get(), pass.c_str(), -1, nullptr, kMacSaltBytes, kPkcs12Iterations,
                     EVP_sha256()) != 1) {
    return core::Fail(CryptoError("computing the PKCS#12 MAC"));
  }
  internal::BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr) return core::Fail(CryptoError("allocating a BIO"));
  if (i2d_PKCS12_bio(bio.get(), p12.get()) != 1) return core::Fail(CryptoError("writing PKCS#12"));
  return internal::BioContents(bio.get());
}

core::Result<Pkcs12Contents> ReadPkcs12(std::string_view der, std::string_view password) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  internal::Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
  if (!p12) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kUnsupportedFormat,
                      "not a PKCS#12 file", internal::DrainErrors());
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* others = nullptr;
  std::string pass(password);
  if (PKCS12_parse(p12.get(), pass.c_str(), &key, &cert, &others) != 1 || key == nullptr ||
      cert == nullptr) {
    EVP_PKEY_free(key);
    X509_free(cert);
    sk_X509_pop_free(others, X509_free);
    return core::Fail(
        core::ErrorCode::kMalformed, core::Reason::kBadPassphrase,
        "the PKCS#12 file cannot be opened with that password, or holds no key and certificate",
        internal::DrainErrors());
  }
  Pkcs12Contents out{PrivateKey::Adopt(key), Certificate::Adopt(cert), {}};
  for (int i = 0; others != nullptr && i < sk_X509_num(others); ++i) {
    X509* c = sk_X509_value(others, i);
    X509_up_ref(c);
    out.others.push_back(Certificate::Adopt(c));
  }
  sk_X509_pop_free(others, X509_free);
  return out;
}

std::string PemEncode(std::string_view label, std::string_view der) {
  std::string b64 = core::Base64Encode(der);
  std::string out;
  out.reserve(b64.size() + b64.size() / 64 + 2 * label.size() + 40);
  out.append("-----BEGIN ").append(label).append("-----\n");
  for (std::size_t i = 0; i < b64.size(); i += 64) out.append(b64, i, 64).append("\n");
  out.append("-----END ").append(label).append("-----\n");
  return out;
}

}  // namespace certkeep::pki
