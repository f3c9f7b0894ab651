#include "pki/ocsp.h"

#include <openssl/evp.h>

#include <array>
#include <tuple>

#include "pki/crl.h"
#include "pki/internal/der.h"
#include "pki/internal/der_reader.h"
#include "pki/internal/handles.h"
#include "pki/internal/x509_fields.h"

namespace certkeep::pki {

namespace der = internal::der;
using core::ErrorCode;
using core::Reason;

namespace {

constexpr std::uint8_t kContext0 = 0xa0;  // [0] constructed
constexpr std::uint8_t kContext1 = 0xa1;
constexpr std::uint8_t kContext2 = 0xa2;
// Far above any honest request (20 CertIDs, a signature and its certificates).
constexpr std::size_t kMaxRequestSize = 64 * 1024;
// Base64 adds a third, percent-encoding of '/' and '+' at most triples some of that.
constexpr std::size_t kMaxGetPathLength = 4 * kMaxRequestSize;
// RFC 9654 §2.1: "An OCSP server MUST reject any OCSP request that has a nonce in the
// Nonce extension with a length of either 0 octets or more than 128 octets, with the
// malformedRequest OCSPResponseStatus".
constexpr std::size_t kMaxNonceOctets = 128;

const std::string& Sha1Oid() {
  static const std::string oid = der::Oid("1.3.14.3.2.26");
  return oid;
}
const std::string& Sha256Oid() {
  static const std::string oid = der::Oid("2.16.840.1.101.3.4.2.1");
  return oid;
}
const std::string& NonceOid() {
  static const std::string oid = der::Oid("1.3.6.1.5.5.7.48.1.2");  // id-pkix-ocsp-nonce
  return oid;
}

core::Error Malformed(std::string internal) {
  return core::Error(ErrorCode::kMalformed, Reason::kOcspMalformed, "the OCSP request is malformed",
                     std::move(internal));
}

core::Error BadArgument(Reason reason, std::string what) {
  return core::InternalError(reason, "building an OCSP response: " + std::move(what));
}

// Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension, inside an [n] EXPLICIT tag.
// RFC 6960 §4.4: "Unrecognized extensions MUST be ignored (unless they have the critical
// flag set and are not understood)": a critical extension other than the nonce fails.
core::Result<void> ReadRequestExtensions(der::Reader& outer, std::uint8_t tag, OcspRequest* out) {
  auto tagged = outer.Enter(tag);
  if (!tagged) return core::Fail(tagged.error());
  auto list = tagged->Enter(der::kSequence);
  if (!list) return core::Fail(list.error());
  if (auto end = tagged->ExpectEnd(); !end) return end;
  while (!list->AtEnd()) {
    auto extension = list->Enter(der::kSequence);
    if (!extension) return core::Fail(extension.error());
    auto oid = extension->Read(der::kOid);
    if (!oid) return core::Fail(oid.error());
    bool critical = false;
    if (extension->PeekTag() == der::kBoolean) {
      auto flag = extension->Read(der::kBoolean);
      if (!flag) return core::Fail(flag.error());
      if (flag->content.size() != 1) return core::Fail(Malformed("BOOLEAN of the wrong size"));
      critical = flag->content[0] != '\0';
    }
    auto value = extension->Read(der::kOctetString);
    if (!value) return core::Fail(value.error());
    if (auto end = extension->ExpectEnd(); !end) return end;

    const bool is_nonce = out != nullptr && oid->encoding == NonceOid();
    if (!is_nonce) {
      if (critical) return core::Fail(Malformed("an unsupported critical extension"));
      continue;
    }
    if (out->nonce) return core::Fail(Malformed("two nonce extensions"));
    // RFC 9654 §2.1: the extnValue holds Nonce ::= OCTET STRING (SIZE(1..128)). Some old
    // clients put the raw bytes there instead; their length is checked the same way.
    std::size_t nonce_length = value->content.size();
    der::Reader inner(value->content, Reason::kOcspMalformed);
    if (auto nonce = inner.Read(der::kOctetString); nonce && inner.AtEnd()) {
      nonce_length = nonce->content.size();
    }
    if (nonce_length == 0 || nonce_length > kMaxNonceOctets) {
      return core::Fail(Malformed("nonce of " + std::to_string(nonce_length) + " octets"));
    }
    out->nonce = std::string(value->content);
  }
  return core::Ok();
}

// CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber }.
core::Result<OcspCertId> ReadCertId(der::Reader& request) {
  auto cert_id = request.Enter(der::kSequence);
  if (!cert_id) return core::Fail(cert_id.error());
  auto algorithm = cert_id->Enter(der::kSequence);
  if (!algorithm) return core::Fail(algorithm.error());
  auto oid = algorithm->Read(der::kOid);
  if (!oid) return core::Fail(oid.error());
  if (!algorithm->AtEnd()) {  // parameters: NULL, or absent
    if (auto parameters = algorithm->ReadAny(); !parameters) return core::Fail(parameters.error());
  }
  if (auto end = algorithm->ExpectEnd(); !end) return core::Fail(end.error());
  auto name_hash = cert_id->Read(der::kOctetString);
  if (!name_hash) return core::Fail(name_hash.error());
  auto key_hash = cert_id->Read(der::kOctetString);
  if (!key_hash) return core::Fail(key_hash.error());
  auto serial = cert_id->ReadUnsignedInteger();
  if (!serial) return core::Fail(serial.error());
  if (auto end = cert_id->ExpectEnd(); !end) return core::Fail(end.error());
  return OcspCertId{std::string(cert_id->encoding()), std::string(oid->encoding),
                    std::string(name_hash->content), std::string(key_hash->content),
                    std::string(*serial)};
}

core::Result<OcspRequest> ReadOcspRequest(std::string_view input) {
  // OCSPRequest ::= SEQUENCE { tbsRequest, optionalSignature [0] EXPLICIT OPTIONAL }
  der::Reader top(input, Reason::kOcspMalformed);
  auto ocsp_request = top.Enter(der::kSequence);
  if (!ocsp_request) return core::Fail(ocsp_request.error());
  if (auto end = top.ExpectEnd(); !end) return core::Fail(end.error());
  auto tbs = ocsp_request->Enter(der::kSequence);
  if (!tbs) return core::Fail(tbs.error());
  // RFC 6960 §4.1.2: "The requestor MAY choose to sign the OCSP request." certkeep answers
  // anyone, so the signature (and the requestorName) are read past, not checked.
  if (ocsp_request->PeekTag() == kContext0) {
    if (auto signature = ocsp_request->ReadAny(); !signature) return core::Fail(signature.error());
  }
  if (auto end = ocsp_request->ExpectEnd(); !end) return core::Fail(end.error());

  // TBSRequest ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, requestorName [1] EXPLICIT
  // OPTIONAL, requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT OPTIONAL }
  if (tbs->PeekTag() == kContext0) {
    auto version_tag = tbs->Enter(kContext0);
    if (!version_tag) return core::Fail(version_tag.error());
    auto version = version_tag->ReadUnsignedInteger();
    if (!version) return core::Fail(version.error());
    if (*version != std::string_view("\0", 1))
      return core::Fail(Malformed("version other than v1"));
    if (auto end = version_tag->ExpectEnd(); !end) return core::Fail(end.error());
  }
  if (tbs->PeekTag() == kContext1) {
    if (auto requestor = tbs->ReadAny(); !requestor) return core::Fail(requestor.error());
  }
  OcspRequest out;
  auto list = tbs->Enter(der::kSequence);
  if (!list) return core::Fail(list.error());
  while (!list->AtEnd()) {
    if (out.ids.size() == kMaxOcspCertIds) {
      return core::Fail(Malformed("more than " + std::to_string(kMaxOcspCertIds) + " CertIDs"));
    }
    // Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT OPTIONAL }
    auto request = list->Enter(der::kSequence);
    if (!request) return core::Fail(request.error());
    auto cert_id = ReadCertId(*request);
    if (!cert_id) return core::Fail(cert_id.error());
    if (request->PeekTag() == kContext0) {
      if (auto ext = ReadRequestExtensions(*request, kContext0, nullptr); !ext) {
        return core::Fail(ext.error());
      }
    }
    if (auto end = request->ExpectEnd(); !end) return core::Fail(end.error());
    out.ids.push_back(std::move(*cert_id));
  }
  if (out.ids.empty()) return core::Fail(Malformed("no CertID"));
  if (tbs->PeekTag() == kContext2) {
    if (auto ext = ReadRequestExtensions(*tbs, kContext2, &out); !ext)
      return core::Fail(ext.error());
  }
  if (auto end = tbs->ExpectEnd(); !end) return core::Fail(end.error());
  return out;
}

// RFC 4648 §4 alphabet; -1 for any other byte.
constexpr std::array<std::int8_t, 256> MakeBase64Table() {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table) v = -1;
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  }
  return table;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string EncodeCertStatus(const OcspSingleResponse& response) {
  // CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo,
  // unknown [2] IMPLICIT UnknownInfo }; RevokedInfo ::= SEQUENCE { revocationTime
  // GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
  switch (response.status) {
    case OcspCertStatus::kGood:
      return der::ImplicitPrimitive(0, {});
    case OcspCertStatus::kUnknown:
      return der::ImplicitPrimitive(2, {});
    case OcspCertStatus::kRevoked: {
      std::string info = der::GeneralizedTime(response.revoked_at);
      // Like the CRL (RFC 5280 §5.3.1), unspecified is stated by leaving the reason out.
      if (response.reason > 0) info += der::Explicit(0, der::Enumerated(response.reason));
      return der::Explicit(1, info);
    }
  }
  return der::ImplicitPrimitive(2, {});
}

core::Result<void> CheckSingleResponse(const OcspSingleResponse& response) {
  der::Reader reader(response.cert_id_der, Reason::kUnspecified);
  if (!reader.Read(der::kSequence) || !reader.AtEnd()) {
    return core::Fail(BadArgument(Reason::kUnspecified, "cert_id_der is not one SEQUENCE"));
  }
  if (response.next_update <= response.this_update) {
    return core::Fail(BadArgument(Reason::kUnspecified, "nextUpdate is not after thisUpdate"));
  }
  if (response.status == OcspCertStatus::kRevoked && response.reason != -1 &&
      !IsRevocationReasonAllowed(response.reason)) {
    return core::Fail(BadArgument(Reason::kBadRevocationReason,
                                  "reason code " + std::to_string(response.reason)));
  }
  return core::Ok();
}

}  // namespace

core::Result<OcspRequest> ParseOcspRequest(std::string_view der) {
  if (der.size() > kMaxRequestSize) return core::Fail(Malformed("request over 64 KiB"));
  auto request = ReadOcspRequest(der);
  if (!request) {
    return core::Fail(core::Error(ErrorCode::kMalformed, Reason::kOcspMalformed,
                                  "the OCSP request is malformed", request.error().internal()));
  }
  return request;
}

core::Result<std::string> DecodeOcspGetPath(std::string_view path_tail) {
  if (path_tail.size() > kMaxGetPathLength) return core::Fail(Malformed("GET path too long"));
  // A base64 DER SEQUENCE starts with 'M', so leading slashes (a base URL ending in '/')
  // can only be separators.
  while (!path_tail.empty() && path_tail.front() == '/') path_tail.remove_prefix(1);
  static constexpr auto kBase64 = MakeBase64Table();
  std::string out;
  out.reserve(path_tail.size() * 3 / 4);
  std::uint32_t bits = 0;
  int bit_count = 0;
  std::size_t symbols = 0;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < path_tail.size(); ++i) {
    char c = path_tail[i];
    // RFC 6960 App. A.1: "{url-encoding of base-64 encoding of the DER encoding of the
    // OCSPRequest}"; a path keeps '+' as it is (it means a space only in form data).
    if (c == '%') {
      const int high = i + 2 < path_tail.size() ? HexValue(path_tail[i + 1]) : -1;
      const int low = high >= 0 ? HexValue(path_tail[i + 2]) : -1;
      if (low < 0) return core::Fail(Malformed("bad percent-encoding in the GET path"));
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (c == '=') {
      ++padding;
      continue;
    }
    const int value = kBase64[static_cast<unsigned char>(c)];
    if (value < 0 || padding > 0) return core::Fail(Malformed("bad base64 in the GET path"));
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    bit_count += 6;
    ++symbols;
    if (bit_count >= 8) {
      bit_count -= 8;
      out += static_cast<char>((bits >> bit_count) & 0xff);
    }
  }
  if (symbols % 4 == 1 || padding > 2 || (padding > 0 && (symbols + padding) % 4 != 0)) {
    return core::Fail(Malformed("bad base64 length in the GET path"));
  }
  if (out.empty()) return core::Fail(Malformed("empty GET path"));
  return out;
}

core::Result<IssuerHashes> ComputeIssuerHashes(const Certificate& issuer) {
  auto name = internal::SubjectNameDer(issuer);
  if (!name) return core::Fail(name.error());
  auto key = internal::SubjectPublicKeyBits(issuer);
  if (!key) return core::Fail(key.error());
  IssuerHashes out;
  for (auto [md, target, input] : {std::tuple{EVP_sha1(), &out.sha1_name, &*name},
                                   std::tuple{EVP_sha1(), &out.sha1_key, &*key},
                                   std::tuple{EVP_sha256(), &out.sha256_name, &*name},
                                   std::tuple{EVP_sha256(), &out.sha256_key, &*key}}) {
    auto hash = internal::Hash(md, *input);
    if (!hash) return core::Fail(hash.error());
    *target = std::move(*hash);
  }
  return out;
}

bool IsIssuedBy(const OcspCertId& id, const IssuerHashes& hashes) {
  if (id.hash_oid_der == Sha1Oid()) {
    return id.issuer_name_hash == hashes.sha1_name && id.issuer_key_hash == hashes.sha1_key;
  }
  if (id.hash_oid_der == Sha256Oid()) {
    return id.issuer_name_hash == hashes.sha256_name && id.issuer_key_hash == hashes.sha256_key;
  }
  return false;
}

std::string MakeOcspCertIdDer(const IssuerHashes& hashes, std::string_view serial,
                              OcspHashAlgorithm algorithm) {
  const bool sha1 = algorithm == OcspHashAlgorithm::kSha1;
  // AlgorithmIdentifier with NULL parameters, as OpenSSL and most clients write it.
  std::string content = der::Sequence((sha1 ? Sha1Oid() : Sha256Oid()) + der::Tlv(der::kNull, {}));
  content += der::OctetString(sha1 ? hashes.sha1_name : hashes.sha256_name);
  content += der::OctetString(sha1 ? hashes.sha1_key : hashes.sha256_key);
  content +=
      der::UnsignedInteger({reinterpret_cast<const std::uint8_t*>(serial.data()), serial.size()});
  return der::Sequence(content);
}

core::Result<std::string> BuildOcspResponse(const Certificate& responder,
                                            const PrivateKey& responder_key,
                                            const std::vector<OcspSingleResponse>& responses,
                                            core::TimePoint produced_at,
                                            const std::optional<std::string>& nonce) {
  if (responses.empty()) return core::Fail(BadArgument(Reason::kUnspecified, "no responses"));
  const EVP_PKEY* responder_public = X509_get0_pubkey(responder.get());
  if (responder_public == nullptr || EVP_PKEY_eq(responder_public, responder_key.get()) != 1) {
    return core::Fail(BadArgument(Reason::kBadKey, "the key is not the responder certificate's"));
  }
  auto key_bits = internal::SubjectPublicKeyBits(responder);
  if (!key_bits) return core::Fail(key_bits.error());
  // RFC 6960 §4.2.1: KeyHash ::= OCTET STRING -- SHA-1 hash of responder's public key
  // (excluding the tag and length fields); ResponderID byKey is [2] EXPLICIT.
  auto key_hash = internal::Hash(EVP_sha1(), *key_bits);
  if (!key_hash) return core::Fail(key_hash.error());

  std::string single_responses;
  for (const auto& response : responses) {
    if (auto checked = CheckSingleResponse(response); !checked) return core::Fail(checked.error());
    // SingleResponse ::= SEQUENCE { certID, certStatus, thisUpdate, nextUpdate [0]
    // EXPLICIT OPTIONAL, singleExtensions [1] EXPLICIT OPTIONAL }
    single_responses += der::Sequence(response.cert_id_der + EncodeCertStatus(response) +
                                      der::GeneralizedTime(response.this_update) +
                                      der::Explicit(0, der::GeneralizedTime(response.next_update)));
  }
  // ResponseData ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1 (so absent), responderID,
  // producedAt, responses, responseExtensions [1] EXPLICIT OPTIONAL }
  std::string response_data = der::Explicit(2, der::OctetString(*key_hash)) +
                              der::GeneralizedTime(produced_at) + der::Sequence(single_responses);
  if (nonce) {
    // RFC 6960 §4.4.1: the nonce "would be included as one of the responseExtensions".
    response_data += der::Explicit(1, der::Sequence(internal::Extension(NonceOid(), *nonce)));
  }
  const std::string tbs = der::Sequence(response_data);

  auto algorithm = responder_key.SignatureAlgorithmDer();
  if (!algorithm) return core::Fail(algorithm.error());
  auto signature = responder_key.Sign(tbs);
  if (!signature) return core::Fail(signature.error().Context("signing an OCSP response"));
  auto certificate = internal::CertificateDer(responder);
  if (!certificate) return core::Fail(certificate.error());
  // BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature,
  // certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
  const std::string basic = der::Sequence(tbs + *algorithm + der::BitString(*signature) +
                                          der::Explicit(0, der::Sequence(*certificate)));
  // OCSPResponse ::= SEQUENCE { responseStatus successful (0), responseBytes [0] EXPLICIT
  // SEQUENCE { responseType id-pkix-ocsp-basic, response OCTET STRING } }
  return der::Sequence(
      der::Enumerated(0) +
      der::Explicit(0, der::Sequence(der::Oid("1.3.6.1.5.5.7.48.1.1") + der::OctetString(basic))));
}

std::string OcspErrorResponse(OcspErrorStatus status) {
  // RFC 6960 §4.2.1: unsuccessful responses carry no responseBytes.
  return der::Sequence(der::Enumerated(static_cast<int>(status)));
}

}  // namespace certkeep::pki
