#include "pki/crl.h"

#include <openssl/evp.h>

#include <algorithm>

#include "pki/internal/der.h"
#include "pki/internal/handles.h"
#include "pki/internal/x509_fields.h"

namespace certkeep::pki {

namespace der = internal::der;
using core::Reason;

namespace {

// RFC 5280 §5.3.1, CRLReason ::= ENUMERATED; value 7 is not used.
constexpr std::array<std::string_view, 11> kReasonNames = {
    "unspecified",   "keyCompromise",        "cACompromise",    "affiliationChanged",
    "superseded",    "cessationOfOperation", "certificateHold", "",
    "removeFromCRL", "privilegeWithdrawn",   "aACompromise"};

// A tag and a length of up to sizeof(size_t) octets.
constexpr std::size_t kMaxHeader = 2 + sizeof(std::size_t);
// RFC 5280 §4.1.2.2: "Conforming CAs MUST NOT use serialNumber values longer than 20 octets."
constexpr std::size_t kMaxSerialOctets = 20;
// SEQUENCE header, INTEGER of 20 octets, GeneralizedTime, reasonCode extensions:
// always under 128 bytes, so an entry's own length takes one octet.
constexpr std::size_t kMaxEntrySize = 2 + (2 + kMaxSerialOctets) + 17 + 14;

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

core::Error BadArgument(Reason reason, std::string what) {
  return core::InternalError(reason, "building a CRL: " + std::move(what));
}

}  // namespace

std::optional<int> ParseRevocationReason(std::string_view name) {
  if (name.empty()) return std::nullopt;
  for (std::size_t code = 0; code < kReasonNames.size(); ++code) {
    if (EqualsIgnoringCase(name, kReasonNames[code])) return static_cast<int>(code);
  }
  return std::nullopt;
}

std::string_view RevocationReasonName(int reason) {
  if (reason < 0 || reason >= static_cast<int>(kReasonNames.size())) return {};
  return kReasonNames[static_cast<std::size_t>(reason)];
}

bool IsRevocationReasonAllowed(int reason) {
  // RFC 5280 §5.3.1: "removeFromCRL (8) ... is used only in delta CRLs".
  return reason >= 0 && reason <= 10 && reason != 7 && reason != 8;
}

CrlWriter::CrlWriter(const Certificate& issuer, const PrivateKey& issuer_key,
                     std::int64_t crl_number, core::TimePoint this_update,
                     core::TimePoint next_update)
    : issuer_key_(issuer_key) {
  if (auto started = Start(issuer, crl_number, this_update, next_update); !started) {
    SetError(started.error());
  }
}

core::Result<void> CrlWriter::Start(const Certificate& issuer, std::int64_t crl_number,
                                    core::TimePoint this_update, core::TimePoint next_update) {
  if (crl_number < 0) return core::Fail(BadArgument(Reason::kUnspecified, "negative CRL number"));
  if (next_update <= this_update) {
    return core::Fail(BadArgument(Reason::kUnspecified, "nextUpdate is not after thisUpdate"));
  }
  auto algorithm = issuer_key_.SignatureAlgorithmDer();
  if (!algorithm) return core::Fail(algorithm.error());
  signature_algorithm_ = std::move(*algorithm);
  // RFC 5280 §5.1.2.3: the issuer field "MUST contain a non-empty X.500 distinguished
  // name"; it is the CA certificate's subject, copied byte for byte so name matching works.
  auto issuer_name = internal::SubjectNameDer(issuer);
  if (!issuer_name) return core::Fail(issuer_name.error());
  // RFC 5280 §5.2.1: "Conforming CRL issuers MUST use the key identifier method, and MUST
  // include this extension in all CRLs issued."
  auto key_id = internal::KeyIdentifier(issuer);
  if (!key_id) return core::Fail(key_id.error());
  const int max_signature = EVP_PKEY_get_size(issuer_key_.get());
  if (max_signature <= 0) return core::Fail(internal::CryptoError("sizing the CRL signature"));

  // TBSCertList up to nextUpdate; version v2 (INTEGER 1) because the CRL has extensions
  // (RFC 5280 §5.1.2.1).
  tbs_prefix_ = der::Integer(1) + signature_algorithm_ + *issuer_name + der::Time(this_update) +
                der::Time(next_update);
  // RFC 5280 §5.2.3: cRLNumber is non-critical, "monotonically increasing", at most 20 octets.
  const std::string extensions =
      internal::Extension(der::Oid("2.5.29.35"),
                          der::Sequence(der::ImplicitPrimitive(0, *key_id))) +
      internal::Extension(der::Oid("2.5.29.20"), der::Integer(crl_number));
  crl_extensions_ = der::Explicit(0, der::Sequence(extensions));
  // RFC 5280 §5.3.1: "reason code unspecified (0) ... SHOULD be absent instead of using
  // the unspecified (0) reasonCode value", so entry_extensions_[0] stays empty.
  const std::string reason_code_oid = der::Oid("2.5.29.21");
  for (int code = 1; code < static_cast<int>(entry_extensions_.size()); ++code) {
    if (!IsRevocationReasonAllowed(code)) continue;
    entry_extensions_[static_cast<std::size_t>(code)] =
        der::Sequence(internal::Extension(reason_code_oid, der::Enumerated(code)));
  }

  // Layout: [gap][entries ...][crlExtensions][signatureAlgorithm][signature]. The gap
  // holds, right-aligned at Finish, the CertificateList, TBSCertList and
  // revokedCertificates headers and the fixed fields, so the entries never move before
  // signing; Finish closes the gap with one move.
  gap_ = 3 * kMaxHeader + tbs_prefix_.size();
  tail_ = crl_extensions_.size() + signature_algorithm_.size() + kMaxHeader + 1 +
          static_cast<std::size_t>(max_signature);
  buffer_.reserve(gap_ + tail_);
  buffer_.assign(gap_, '\0');
  return core::Ok();
}

void CrlWriter::SetError(core::Error error) {
  if (!error_) error_ = std::move(error);
}

void CrlWriter::Reserve(std::size_t entries) {
  if (error_ || finished_) return;
  const std::size_t limit = (buffer_.max_size() - buffer_.size() - tail_) / kMaxEntrySize;
  // Untouched reserved pages are never resident, so reserving the maximum per entry
  // costs address space, not memory.
  buffer_.reserve(buffer_.size() + std::min(entries, limit) * kMaxEntrySize + tail_);
}

void CrlWriter::Add(const RevokedEntry& entry) {
  if (error_) return;
  if (finished_) return SetError(BadArgument(Reason::kUnspecified, "entry added after Finish"));
  std::string_view serial = entry.serial;
  while (!serial.empty() && serial.front() == '\0') serial.remove_prefix(1);
  // RFC 5280 §4.1.2.2: "The serial number MUST be a positive integer".
  if (serial.empty()) return SetError(BadArgument(Reason::kBadCertificate, "zero serial number"));
  const bool needs_pad = (static_cast<std::uint8_t>(serial.front()) & 0x80) != 0;
  if (serial.size() + (needs_pad ? 1 : 0) > kMaxSerialOctets) {
    return SetError(BadArgument(Reason::kBadCertificate, "serial number longer than 20 octets"));
  }
  if (!IsRevocationReasonAllowed(entry.reason)) {
    return SetError(BadArgument(Reason::kBadRevocationReason,
                                "reason code " + std::to_string(entry.reason) + " in a full CRL"));
  }
  if (buffer_.capacity() - buffer_.size() < kMaxEntrySize + tail_) {
    buffer_.reserve(2 * buffer_.capacity() + kMaxEntrySize + tail_);
  }

  // RFC 5280 §5.1: SEQUENCE { userCertificate, revocationDate, crlEntryExtensions OPTIONAL }.
  // The entry is under 128 bytes: its length is one octet, filled in once it is known.
  const std::size_t start = buffer_.size();
  buffer_ += static_cast<char>(der::kSequence);
  buffer_ += '\0';
  der::AppendUnsignedInteger(buffer_,
                             {reinterpret_cast<const std::uint8_t*>(serial.data()), serial.size()});
  der::AppendTime(buffer_, entry.revoked_at);
  buffer_ += entry_extensions_[static_cast<std::size_t>(entry.reason)];
  buffer_[start + 1] = static_cast<char>(buffer_.size() - start - 2);
  ++count_;
}

core::Result<std::string> CrlWriter::Finish() {
  if (finished_) return core::Fail(BadArgument(Reason::kUnspecified, "Finish called twice"));
  finished_ = true;
  if (error_) return core::Fail(*error_);

  const std::size_t entries_length = buffer_.size() - gap_;
  // RFC 5280 §5.1.2.6: "When there are no revoked certificates, the revoked certificates
  // list MUST be absent."
  std::string revoked_header;
  if (count_ > 0) {
    revoked_header += static_cast<char>(der::kSequence);
    der::AppendLength(revoked_header, entries_length);
  }
  std::string tbs_header(1, static_cast<char>(der::kSequence));
  der::AppendLength(tbs_header, tbs_prefix_.size() + revoked_header.size() + entries_length +
                                    crl_extensions_.size());
  std::size_t at = gap_ - revoked_header.size();
  buffer_.replace(at, revoked_header.size(), revoked_header);
  at -= tbs_prefix_.size();
  buffer_.replace(at, tbs_prefix_.size(), tbs_prefix_);
  at -= tbs_header.size();
  buffer_.replace(at, tbs_header.size(), tbs_header);
  const std::size_t tbs_start = at;
  buffer_ += crl_extensions_;

  // Only the TBSCertList goes to the key (RFC 5280 §5.1.1.3), so PKCS#11 keys work alike.
  auto signature = issuer_key_.Sign(std::string_view(buffer_).substr(tbs_start));
  if (!signature) return core::Fail(signature.error().Context("signing a CRL"));
  buffer_ += signature_algorithm_;
  buffer_ += static_cast<char>(der::kBitString);
  der::AppendLength(buffer_, signature->size() + 1);
  buffer_ += '\0';  // no unused bits
  buffer_ += *signature;

  std::string list_header(1, static_cast<char>(der::kSequence));
  der::AppendLength(list_header, buffer_.size() - tbs_start);
  const std::size_t list_start = tbs_start - list_header.size();
  buffer_.replace(list_start, list_header.size(), list_header);
  buffer_.erase(0, list_start);  // the one move of the entries
  return std::move(buffer_);
}

}  // namespace certkeep::pki
