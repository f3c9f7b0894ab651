#pragma once
// Certificate profiles are data, not code: stored, editable, and read by the issuance
// engine. A profile says what a certificate of its kind contains and what requests
// it accepts.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"

namespace certkeep::core {

struct ProfileTag {};
/// Identifies a certificate profile.
using ProfileId = Id<ProfileTag>;

/// The kind of certificate a profile makes; decides the fixed rules lint applies.
enum class ProfileKind { kTlsServer, kClient, kCodeSigning, kOcspSigning };

/// Subject attributes a profile copies from the organization record (OV, EV, S/MIME).
enum class SubjectField {
  kOrganization,
  kLocality,
  kState,
  kCountry,
  kBusinessCategory,
  kJurisdictionCountry,
  kSerialNumber,
};

/// One profile.
struct CertificateProfile {
  ProfileId id{};
  std::string name{};  ///< unique, e.g. "ssl-ov"
  std::string description{};
  ProfileKind kind = ProfileKind::kTlsServer;
  std::vector<int> terms{};              ///< the validity choices offered, in days (SCM `terms`)
  int max_validity_days = 397;           ///< lint refuses anything longer
  std::vector<std::string> key_usage{};  ///< RFC 5280 names, e.g. "digitalSignature"
  std::vector<std::string> extended_key_usage{};  ///< dotted OIDs
  std::vector<std::string> policies{};            ///< dotted OIDs of certificatePolicies
  std::vector<SubjectField> subject_fields{};     ///< copied from the organization record
  // What requests it accepts (the CSR policy).
  bool allow_rsa = true;
  int min_rsa_bits = 2048;
  int max_rsa_bits = 8192;
  bool allow_ec = true;
  bool allow_ed25519 = false;
  bool require_common_name = false;
  bool allow_wildcard = true;
  bool allow_ip = false;
  bool allow_internal_names = false;
  bool allow_email = false;
  int max_names = 100;
  bool ocsp_no_check = false;  ///< id-pkix-ocsp-nocheck (OCSP signers only)
  bool is_active = true;
  TimePoint updated_at{};  ///< set by the store; prepared templates older than this are rebuilt
};

/// "tls-server", "client", "code-signing", "ocsp-signing".
[[nodiscard]] std::string_view ToString(ProfileKind kind);
[[nodiscard]] std::optional<ProfileKind> ParseProfileKind(std::string_view text);
/// "O", "L", "ST", "C", "businessCategory", "jurisdictionC", "serialNumber".
[[nodiscard]] std::string_view ToString(SubjectField field);
[[nodiscard]] std::optional<SubjectField> ParseSubjectField(std::string_view text);

/// The key usages a certificate of `profile` gets for a key of the given type: the
/// profile's, with keyEncipherment only for RSA keys (an EC or Ed25519 key cannot
/// encipher), and added for RSA keys in TLS and client profiles (RSA key transport).
[[nodiscard]] std::vector<std::string> KeyUsageFor(const CertificateProfile& profile, bool is_rsa);

/// Why `profile` is not usable, or nullopt when it is (checked when stored and edited).
[[nodiscard]] std::optional<std::string> ValidateProfile(const CertificateProfile& profile);

/// The profiles a new installation starts with: SSL (DV/OV single, multi-domain and
/// wildcard), EV, grid host (IGTF), client/S-MIME, code signing, OCSP signing.
[[nodiscard]] std::vector<CertificateProfile> DefaultProfiles();

}  // namespace certkeep::core
