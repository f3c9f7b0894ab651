#pragma once
// Certificate revocation lists (RFC 5280 §5), streamed: entries are encoded as they
// arrive from a serial-ordered store query into one growing buffer, and only the
// to-be-signed bytes go to the key, so a CRL of a million entries costs about its own
// size in memory and works the same with PKCS#11 keys.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "pki/certificate.h"
#include "pki/key.h"

namespace certkeep::pki {

/// Parses an RFC 5280 §5.3.1 CRLReason name ("keyCompromise", "cACompromise", ...;
/// case-insensitive) into its code, 0..10.
[[nodiscard]] std::optional<int> ParseRevocationReason(std::string_view name);
/// The RFC 5280 name of a CRLReason code ("keyCompromise"), or "" for a code with none.
[[nodiscard]] std::string_view RevocationReasonName(int reason);
/// True for a code a CA may give a revoked certificate: 0..10 except 7 (unused) and 8
/// (removeFromCRL, which only delta CRLs carry; certkeep publishes full CRLs).
[[nodiscard]] bool IsRevocationReasonAllowed(int reason);

/// One revoked certificate, as the store yields it.
struct RevokedEntry {
  std::string_view serial;  ///< big-endian magnitude bytes, as in the certificate
  core::TimePoint revoked_at;
  int reason = 0;  ///< CRLReason; 0 (unspecified) omits the reasonCode extension
};

/// Writes one CRL of an issuing CA. Add every entry (any order; the caller feeds a
/// serial-ordered query), then Finish once. Add never fails: the first bad entry is
/// remembered, later entries are ignored, and Finish reports it.
class CrlWriter {
 public:
  /// Starts a v2 CRL signed by `issuer_key` for `issuer`; `crl_number` must be >= 0 and
  /// `next_update` after `this_update`. Both references must outlive the writer.
  CrlWriter(const Certificate& issuer, const PrivateKey& issuer_key, std::int64_t crl_number,
            core::TimePoint this_update, core::TimePoint next_update);

  /// Makes room for `entries` more entries, so the buffer never grows while adding them.
  void Reserve(std::size_t entries);
  /// Appends one revokedCertificates entry.
  void Add(const RevokedEntry& entry);
  /// How many entries have been added.
  [[nodiscard]] std::size_t size() const { return count_; }
  /// The signed CertificateList DER; the writer is spent afterwards.
  [[nodiscard]] core::Result<std::string> Finish();

 private:
  [[nodiscard]] core::Result<void> Start(const Certificate& issuer, std::int64_t crl_number,
                                         core::TimePoint this_update, core::TimePoint next_update);
  void SetError(core::Error error);

  const PrivateKey& issuer_key_;
  std::string signature_algorithm_;               // AlgorithmIdentifier DER
  std::string tbs_prefix_;                        // version .. nextUpdate, fixed at construction
  std::string crl_extensions_;                    // [0] { authorityKeyIdentifier, cRLNumber }
  std::array<std::string, 11> entry_extensions_;  // crlEntryExtensions per reason code
  std::size_t gap_ = 0;   // bytes reserved before the entries for the headers
  std::size_t tail_ = 0;  // the most that follows the entries
  std::string buffer_;    // gap, then the entries as they are added
  std::size_t count_ = 0;
  std::optional<core::Error> error_;
  bool finished_ = false;
};

}  // namespace certkeep::pki
