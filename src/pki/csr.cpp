#include "pki/csr.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <array>
#include <bit>

#include "core/base64.h"
#include "pki/internal/csr_names.h"
#include "pki/internal/der_reader.h"
#include "pki/internal/handles.h"

// Why the request is split by hand rather than with d2i_X509_REQ: OpenSSL 3.0 decodes the
// SubjectPublicKeyInfo of every parsed X509_REQ through its provider decoder chain, which
// costs ~100 µs — most of the issuance budget. The request is split here (strict DER),
// each part OpenSSL knows is decoded by OpenSSL, and the key is built from its raw fields
// with EVP_PKEY_fromdata (a few µs). The signature is still verified by OpenSSL.

namespace certkeep::pki {
namespace {

using core::Reason;
using internal::Quote;
using internal::RefuseCsr;

using AlgorPtr = std::unique_ptr<X509_ALGOR, internal::Deleter<X509_ALGOR_free>>;
using PssParamsPtr = std::unique_ptr<RSA_PSS_PARAMS, internal::Deleter<RSA_PSS_PARAMS_free>>;
using BitStringPtr = std::unique_ptr<ASN1_BIT_STRING, internal::Deleter<ASN1_BIT_STRING_free>>;
using Asn1TypePtr = std::unique_ptr<ASN1_TYPE, internal::Deleter<ASN1_TYPE_free>>;
using Asn1StringPtr = std::unique_ptr<ASN1_STRING, internal::Deleter<ASN1_STRING_free>>;

namespace der = internal::der;

constexpr std::uint8_t kAttributesTag = 0xa0;  // [0] IMPLICIT SET OF Attribute

// ---- decoding -------------------------------------------------------------------------

// The parts of a CertificationRequest (RFC 2986 §4), as views into its DER.
struct RequestParts {
  std::string_view info;                 // CertificationRequestInfo: what is signed
  std::string_view subject;              // Name
  std::string_view spki;                 // the whole SubjectPublicKeyInfo
  std::string_view key_algorithm;        // AlgorithmIdentifier of the SubjectPublicKeyInfo
  std::string_view key;                  // subjectPublicKey, without the unused-bits octet
  std::string_view attributes;           // content of [0] attributes; may be empty
  std::string_view signature_algorithm;  // AlgorithmIdentifier
  std::string_view signature;            // without the unused-bits octet
};

// The content of a BIT STRING of whole octets (its unused-bits octet is 0).
bool TakeBits(std::string_view bit_string, std::string_view* bits) {
  if (bit_string.empty() || bit_string.front() != '\0') return false;
  *bits = bit_string.substr(1);
  return true;
}

core::Result<RequestParts> SplitRequest(std::string_view encoded) {
  auto undecodable = [] {
    return RefuseCsr(Reason::kCsrUndecodable,
                     "the request is not a valid PKCS#10 certificate signing request (truncated "
                     "or damaged?): send it exactly as it was generated");
  };
  der::Reader top(encoded);
  std::string_view request;
  if (!top.Read(der::kSequence, &request)) return undecodable();
  if (!top.empty()) {
    return RefuseCsr(Reason::kCsrUndecodable,
                     std::to_string(top.size()) +
                         " bytes of trailing data follow the request: send the request alone");
  }
  RequestParts parts;
  der::Reader outer(request);
  std::string_view info, signature, version, key_info, key;
  if (!outer.Read(der::kSequence, &info, &parts.info) ||
      !outer.Read(der::kSequence, nullptr, &parts.signature_algorithm) ||
      !outer.Read(der::kBitString, &signature) || !outer.empty() ||
      !TakeBits(signature, &parts.signature)) {
    return undecodable();
  }
  der::Reader fields(info);
  if (!fields.Read(der::kInteger, &version) ||
      !fields.Read(der::kSequence, nullptr, &parts.subject) ||
      !fields.Read(der::kSequence, &key_info, &parts.spki)) {
    return undecodable();
  }
  if (version != std::string_view("\0", 1)) {
    return RefuseCsr(Reason::kCsrUndecodable,
                     "the request is not a version 1 PKCS#10 request (RFC 2986 §4.1)");
  }
  der::Reader spki(key_info);
  if (!spki.Read(der::kSequence, nullptr, &parts.key_algorithm) ||
      !spki.Read(der::kBitString, &key) || !spki.empty() || !TakeBits(key, &parts.key)) {
    return undecodable();
  }
  // RFC 2986 makes attributes mandatory (possibly empty); a few clients omit them.
  if (fields.Peek(kAttributesTag) && !fields.Read(kAttributesTag, &parts.attributes)) {
    return undecodable();
  }
  if (!fields.empty()) return undecodable();
  return parts;
}

// Written out rather than PEM_bytes_read_bio(), which reads line by line through a BIO
// and costs more than the rest of the parse of an RSA request.
core::Result<std::string> PemToDer(std::string_view text) {
  // RFC 7468 §7: "NEW CERTIFICATE REQUEST" is an old label some tools still write.
  constexpr std::array<std::string_view, 2> kLabels = {"CERTIFICATE REQUEST",
                                                       "NEW CERTIFICATE REQUEST"};
  std::size_t begin = std::string_view::npos;
  std::string_view label;
  for (std::string_view candidate : kLabels) {
    std::size_t at = text.find("-----BEGIN " + std::string(candidate) + "-----");
    if (at < begin) {
      begin = at;
      label = candidate;
    }
  }
  if (begin == std::string_view::npos) {
    return RefuseCsr(Reason::kCsrUndecodable,
                     "no '-----BEGIN CERTIFICATE REQUEST-----' block was found: send a PKCS#10 "
                     "certificate signing request");
  }
  std::size_t body = begin + label.size() + 16;  // "-----BEGIN " + label + "-----"
  std::size_t end = text.find("-----END " + std::string(label) + "-----", body);
  if (end == std::string_view::npos) {
    return RefuseCsr(Reason::kCsrUndecodable, "the PEM block of the request has no '-----END " +
                                                  std::string(label) +
                                                  "-----' line: send the whole request");
  }
  if (text.find("-----BEGIN ", end) != std::string_view::npos) {
    return RefuseCsr(Reason::kCsrUndecodable,
                     "more than one PEM block was sent: send one certificate signing request");
  }
  auto der = core::Base64DecodePem(text.substr(body, end - body));
  if (!der) {
    return RefuseCsr(Reason::kCsrUndecodable,
                     "the PEM block of the request is damaged (it is not valid base64): send the "
                     "request exactly as it was generated");
  }
  return std::move(*der);
}

// PEM (any text with a BEGIN line) or raw DER (starts with a SEQUENCE tag).
core::Result<std::string> ToDer(std::string_view input) {
  if (!input.empty() && static_cast<std::uint8_t>(input.front()) == der::kSequence) {
    return std::string(input);
  }
  if (input.find("-----BEGIN ") != std::string_view::npos) return PemToDer(input);
  if (input.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return RefuseCsr(Reason::kCsrUndecodable,
                     "the request is empty: send a PEM or DER certificate signing request");
  }
  return RefuseCsr(Reason::kCsrUndecodable,
                   "the request is neither PEM (no '-----BEGIN CERTIFICATE REQUEST-----' line) "
                   "nor DER: send a PKCS#10 certificate signing request");
}

core::Result<AlgorPtr> DecodeAlgorithm(std::string_view encoded) {
  const auto* p = reinterpret_cast<const unsigned char*>(encoded.data());
  AlgorPtr algorithm(d2i_X509_ALGOR(nullptr, &p, static_cast<long>(encoded.size())));
  if (!algorithm) {
    return RefuseCsr(Reason::kCsrUndecodable,
                     "an algorithm identifier of the request could not be decoded",
                     internal::DrainErrors());
  }
  return algorithm;
}

std::string OidText(const ASN1_OBJECT* oid, bool numeric) {
  std::array<char, 80> text{};
  OBJ_obj2txt(text.data(), static_cast<int>(text.size()), oid, numeric ? 1 : 0);
  return text.data();
}

// ---- signature ------------------------------------------------------------------------

// RFC 4055 §3.1: RSASSA-PSS-params hashAlgorithm "DEFAULT sha1Identifier".
int PssDigestNid(const X509_ALGOR* algorithm) {
  int type = V_ASN1_UNDEF;
  const void* value = nullptr;
  X509_ALGOR_get0(nullptr, &type, &value, algorithm);
  if (type != V_ASN1_SEQUENCE) return NID_undef;  // no parameters: it will not verify
  const auto* sequence = static_cast<const ASN1_STRING*>(value);
  const unsigned char* p = ASN1_STRING_get0_data(sequence);
  PssParamsPtr params(d2i_RSA_PSS_PARAMS(nullptr, &p, ASN1_STRING_length(sequence)));
  if (!params) return NID_undef;
  if (params->hashAlgorithm == nullptr) return NID_sha1;
  const ASN1_OBJECT* hash = nullptr;
  X509_ALGOR_get0(&hash, nullptr, nullptr, params->hashAlgorithm);
  return OBJ_obj2nid(hash);
}

std::string_view WeakDigestName(int md_nid) {
  switch (md_nid) {
    case NID_sha1:
      return "SHA-1";
    case NID_md5:
      return "MD5";
    case NID_md5_sha1:
      return "MD5+SHA-1";
    case NID_md4:
      return "MD4";
    case NID_md2:
      return "MD2";
    case NID_mdc2:
      return "MDC-2";
    default:
      return {};
  }
}

core::Result<AlgorPtr> CheckSignatureAlgorithm(std::string_view encoded) {
  auto algorithm = DecodeAlgorithm(encoded);
  if (!algorithm) return algorithm;
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, algorithm->get());
  int sig_nid = OBJ_obj2nid(oid);
  int md_nid = NID_undef;
  int pk_nid = NID_undef;
  if (sig_nid == NID_undef || OBJ_find_sigid_algs(sig_nid, &md_nid, &pk_nid) != 1) {
    return RefuseCsr(Reason::kCsrBadSignature,
                     "the request is signed with the unsupported algorithm " +
                         Quote(OidText(oid, true)) +
                         ": sign it with RSA, ECDSA or Ed25519 and SHA-256");
  }
  if (sig_nid == NID_rsassaPss) md_nid = PssDigestNid(algorithm->get());
  if (auto weak = WeakDigestName(md_nid); !weak.empty()) {
    return RefuseCsr(Reason::kCsrWeakSignature,
                     "the request is signed with " + std::string(weak) + " (" +
                         OBJ_nid2ln(sig_nid) +
                         "), which is too weak: sign it with SHA-256 or stronger");
  }
  return algorithm;
}

core::Result<void> VerifySignature(const RequestParts& parts, const X509_ALGOR* algorithm,
                                   EVP_PKEY* key) {
  // ASN1_ANY re-encodes a SEQUENCE value verbatim, so OpenSSL verifies over exactly the
  // signed bytes, with its own handling of every signature algorithm (RSASSA-PSS too).
  BitStringPtr signature(ASN1_BIT_STRING_new());
  Asn1TypePtr info(ASN1_TYPE_new());
  Asn1StringPtr info_der(ASN1_STRING_type_new(V_ASN1_SEQUENCE));
  if (!signature || !info || !info_der ||
      ASN1_STRING_set(signature.get(), parts.signature.data(),
                      static_cast<int>(parts.signature.size())) != 1 ||
      ASN1_STRING_set(info_der.get(), parts.info.data(), static_cast<int>(parts.info.size())) !=
          1) {
    return tl::unexpected(internal::CryptoError("preparing a CSR signature check"));
  }
  ASN1_TYPE_set(info.get(), V_ASN1_SEQUENCE, info_der.release());
  if (ASN1_item_verify(ASN1_ITEM_rptr(ASN1_ANY), algorithm, signature.get(), info.get(), key) !=
      1) {
    return RefuseCsr(Reason::kCsrBadSignature,
                     "the request's signature does not verify with its own public key: it was "
                     "altered after signing or signed with another key",
                     internal::DrainErrors());
  }
  return core::Ok();
}

// ---- key ------------------------------------------------------------------------------

std::string AllowedKeys(const CsrPolicy& policy) {
  std::string out;
  auto add = [&out](const std::string& kind) { out += (out.empty() ? "" : ", ") + kind; };
  if (policy.allow_rsa) {
    add("RSA of " + std::to_string(policy.min_rsa_bits) + " to " +
        std::to_string(policy.max_rsa_bits) + " bits");
  }
  if (policy.allow_ec) add("EC P-256 or P-384");
  if (policy.allow_ed25519) add("Ed25519");
  return out.empty() ? "this profile accepts no key type" : "use " + out;
}

tl::unexpected<core::Error> KeyTypeNotAllowed(const std::string& what, const CsrPolicy& policy) {
  return RefuseCsr(Reason::kCsrKeyTypeNotAllowed, what + " not allowed: " + AllowedKeys(policy));
}

tl::unexpected<core::Error> DamagedKey(std::string_view type) {
  return RefuseCsr(Reason::kCsrUndecodable,
                   "the " + std::string(type) + " public key of the request is damaged",
                   internal::DrainErrors());
}

// Builds the key from its fields. OSSL_PARAM wants mutable pointers; fromdata only reads.
core::Result<internal::PkeyPtr> KeyFromData(const char* type, OSSL_PARAM* params) {
  internal::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    return DamagedKey(type);
  }
  return internal::PkeyPtr(key);
}

// A positive INTEGER's magnitude without leading zero octets.
bool ReadPositive(der::Reader& reader, std::string_view* magnitude) {
  std::string_view value;
  if (!reader.Read(der::kInteger, &value) || value.empty() || (value.front() & 0x80) != 0) {
    return false;
  }
  while (!value.empty() && value.front() == '\0') value.remove_prefix(1);
  *magnitude = value;
  return !value.empty();
}

// OSSL_PARAM BIGNUM data is an unsigned integer in native byte order.
std::string NativeOrder(std::string_view big_endian) {
  if constexpr (std::endian::native == std::endian::little) {
    return {big_endian.rbegin(), big_endian.rend()};
  }
  return std::string(big_endian);
}

core::Result<internal::PkeyPtr> TakeRsaKey(std::string_view key, const CsrPolicy& policy) {
  if (!policy.allow_rsa) return KeyTypeNotAllowed("RSA keys are", policy);
  // RFC 8017 §A.1.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  der::Reader outer(key);
  std::string_view fields, n, e;
  if (!outer.Read(der::kSequence, &fields) || !outer.empty()) return DamagedKey("RSA");
  der::Reader reader(fields);
  if (!ReadPositive(reader, &n) || !ReadPositive(reader, &e) || !reader.empty()) {
    return DamagedKey("RSA");
  }
  int bits = static_cast<int>(
      (n.size() - 1) * 8 + std::bit_width(static_cast<unsigned>(static_cast<std::uint8_t>(n[0]))));
  if (bits < policy.min_rsa_bits) {
    return RefuseCsr(Reason::kCsrKeyTooSmall,
                     "RSA key of " + std::to_string(bits) + " bits is too small: at least " +
                         std::to_string(policy.min_rsa_bits) + " bits are required");
  }
  if (bits > policy.max_rsa_bits) {
    return RefuseCsr(Reason::kCsrKeyTooLarge,
                     "RSA key of " + std::to_string(bits) + " bits is too large: at most " +
                         std::to_string(policy.max_rsa_bits) + " bits are accepted");
  }
  if (e != std::string_view("\x01\x00\x01", 3)) {
    std::string shown = "a " + std::to_string(e.size() * 8) + "-bit number";
    if (e.size() <= 8) {
      std::uint64_t value = 0;
      for (char c : e) value = (value << 8) | static_cast<std::uint8_t>(c);
      shown = std::to_string(value);
    }
    return RefuseCsr(Reason::kCsrBadExponent,
                     "the RSA public exponent is " + shown + ": only 65537 is accepted");
  }
  std::string n_native = NativeOrder(n);
  std::string e_native = NativeOrder(e);
  std::array<OSSL_PARAM, 3> params = {
      OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_N,
                              reinterpret_cast<unsigned char*>(n_native.data()), n_native.size()),
      OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_E,
                              reinterpret_cast<unsigned char*>(e_native.data()), e_native.size()),
      OSSL_PARAM_construct_end()};
  return KeyFromData("RSA", params.data());
}

// A curve's domain parameters, built once: EVP_PKEY_fromdata() would rebuild the EC_GROUP
// (~10 µs) for every request, EVP_PKEY_dup() copies it. Never modified, so threads may dup
// it at once; never freed (it lives as long as the process).
EVP_PKEY* CurveParameters(const char* group) {
  internal::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  std::array<OSSL_PARAM, 2> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(group), 0),
      OSSL_PARAM_construct_end()};
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_KEY_PARAMETERS, params.data()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return key;
}

core::Result<internal::PkeyPtr> TakeEcKey(const X509_ALGOR* algorithm, std::string_view key,
                                          const CsrPolicy& policy) {
  if (!policy.allow_ec) return KeyTypeNotAllowed("EC keys are", policy);
  // RFC 5480 §2.1.1: the parameters name the curve.
  int type = V_ASN1_UNDEF;
  const void* value = nullptr;
  X509_ALGOR_get0(nullptr, &type, &value, algorithm);
  if (type != V_ASN1_OBJECT) {
    return KeyTypeNotAllowed("EC keys with explicit curve parameters are", policy);
  }
  const auto* curve = static_cast<const ASN1_OBJECT*>(value);
  EVP_PKEY* parameters = nullptr;
  switch (OBJ_obj2nid(curve)) {
    case NID_X9_62_prime256v1: {
      static EVP_PKEY* const kP256 = CurveParameters("P-256");
      parameters = kP256;
      break;
    }
    case NID_secp384r1: {
      static EVP_PKEY* const kP384 = CurveParameters("P-384");
      parameters = kP384;
      break;
    }
    default:
      return KeyTypeNotAllowed("EC keys on the curve " + OidText(curve, false) + " are", policy);
  }
  // RFC 5480 §2.2: a compressed (02, 03) or uncompressed (04) point. OpenSSL would also
  // take 00, the point at infinity, with which any signature verifies (SEC 1 §3.2.2.1
  // refuses it), and the hybrid forms.
  auto form = key.empty() ? 0 : static_cast<unsigned char>(key.front());
  if (form != 0x02 && form != 0x03 && form != 0x04) return DamagedKey("EC");
  internal::PkeyPtr ec(parameters != nullptr ? EVP_PKEY_dup(parameters) : nullptr);
  if (!ec) return tl::unexpected(internal::CryptoError("building an EC public key"));
  // Setting the point checks that it is on the curve; with a cofactor of 1 (P-256, P-384)
  // every point on it but infinity has the group's order.
  if (EVP_PKEY_set1_encoded_public_key(ec.get(), reinterpret_cast<const unsigned char*>(key.data()),
                                       key.size()) != 1) {
    return DamagedKey("EC");
  }
  return ec;
}

core::Result<internal::PkeyPtr> TakeKey(const RequestParts& parts, const CsrPolicy& policy) {
  auto algorithm = DecodeAlgorithm(parts.key_algorithm);
  if (!algorithm) return tl::unexpected(std::move(algorithm).error());
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, algorithm->get());
  switch (int nid = OBJ_obj2nid(oid)) {
    case NID_rsaEncryption:
      return TakeRsaKey(parts.key, policy);
    case NID_X9_62_id_ecPublicKey:
      return TakeEcKey(algorithm->get(), parts.key, policy);
    case NID_ED25519: {
      if (!policy.allow_ed25519) return KeyTypeNotAllowed("Ed25519 keys are", policy);
      std::array<OSSL_PARAM, 2> params = {
          OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
                                            const_cast<char*>(parts.key.data()), parts.key.size()),
          OSSL_PARAM_construct_end()};
      return KeyFromData("ED25519", params.data());
    }
    case NID_rsassaPss:
      // CA/B Forum BR §7.1.3.1.1 allows only rsaEncryption for RSA subject keys.
      return KeyTypeNotAllowed("RSASSA-PSS-only (id-RSASSA-PSS) keys are", policy);
    case NID_undef:
      return KeyTypeNotAllowed("keys of type " + Quote(OidText(oid, true)) + " are", policy);
    default:
      return KeyTypeNotAllowed(std::string(OBJ_nid2sn(nid)) + " keys are", policy);
  }
}

}  // namespace

core::Result<ParsedCsr> ParseCsr(std::string_view pem_or_der, const CsrPolicy& policy) {
  auto der = ToDer(pem_or_der);
  if (!der) return tl::unexpected(std::move(der).error());
  auto parts = SplitRequest(*der);
  if (!parts) return tl::unexpected(std::move(parts).error());
  // Cheap refusals first: the algorithm and the key are checked before the signature is
  // verified, so an oversized key or a weak digest costs no verification.
  auto algorithm = CheckSignatureAlgorithm(parts->signature_algorithm);
  if (!algorithm) return tl::unexpected(std::move(algorithm).error());
  auto key = TakeKey(*parts, policy);
  if (!key) return tl::unexpected(std::move(key).error());
  if (auto verified = VerifySignature(*parts, algorithm->get(), key->get()); !verified) {
    return tl::unexpected(std::move(verified).error());
  }
  auto names = internal::TakeCsrNames(parts->subject, parts->attributes, policy);
  if (!names) return tl::unexpected(std::move(names).error());
  return ParsedCsr{
      .public_key = PublicKey::Share(key->get()),
      .common_name = std::move(names->common_name),
      .dns_names = std::move(names->dns),
      .ip_addresses = std::move(names->ips),
      .emails = std::move(names->emails),
      .spki_der = std::string(parts->spki),  // before `der` moves: parts views into it
      .der = std::move(*der),
  };
}

}  // namespace certkeep::pki
