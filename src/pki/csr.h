#pragma once
// CSR intake (RFC 2986): the CA takes a request's public key and names, checks them
// against the profile's policy, and ignores everything else it asks for — requested
// extensions (basicConstraints, EKU, nameConstraints, ...) are never copied into a
// certificate. Every refusal is a kBadCsr Error whose detail tells the requester what to
// change.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "pki/key.h"

namespace certkeep::pki {

/// What a profile allows; the caller (issuance) fills it from the profile.
struct CsrPolicy {
  bool allow_rsa = true;
  int min_rsa_bits = 2048;
  int max_rsa_bits = 8192;
  bool allow_ec = true;  // P-256 and P-384 only
  bool allow_ed25519 = false;
  // TLS profiles: the CN must be a DNS name (or an IP address); false for S/MIME and code
  // signing, where the CN is a person's or an organization's name, kept as given.
  bool names_are_hostnames = true;
  bool allow_wildcard = true;
  bool allow_ip = false;
  bool allow_internal_names = false;
  bool allow_email = false;  // rfc822Name SANs (S/MIME)
  int max_names = 100;       // SAN entries of all kinds, and the names of the result
};

/// What certkeep takes from a CSR: the public key and the names, nothing else.
struct ParsedCsr {
  PublicKey public_key;
  // As given for non-hostname profiles; the lower-cased hostname (or canonical IP)
  // otherwise; may be empty.
  std::string common_name;
  std::vector<std::string> dns_names;     // lower-cased, deduplicated, CN first if not a SAN
  std::vector<std::string> ip_addresses;  // canonical text form (inet_ntop)
  std::vector<std::string> emails;        // domain part lower-cased, local part as given
  std::string spki_der;                   // the SubjectPublicKeyInfo exactly as the CSR has it
  std::string der;                        // the CSR as DER
};

/// Parses a PEM ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST") or DER CSR, verifies
/// its self-signature and checks its key and names against `policy`. A hostname profile
/// needs at least one DNS name or IP address; other profiles may yield no names at all.
[[nodiscard]] core::Result<ParsedCsr> ParseCsr(std::string_view pem_or_der,
                                               const CsrPolicy& policy);

/// Checks one DNS name (may be a wildcard) and returns it lower-cased, or the BadCsr
/// error. Exposed for reuse: the domain registry validates names the same way.
[[nodiscard]] core::Result<std::string> CheckDnsName(std::string_view name,
                                                     const CsrPolicy& policy);

}  // namespace certkeep::pki
