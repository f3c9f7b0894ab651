#include "core/profile.h"

#include <algorithm>

namespace certkeep::core {

namespace {

// Extended key usages (RFC 5280 §4.2.1.12) and policy OIDs (CA/Browser Forum BRs §7.1.6.1,
// EV Guidelines §9.3.2, Code Signing BRs §7.1.6, S/MIME BRs §7.1.6.1, IGTF).
constexpr std::string_view kServerAuth = "1.3.6.1.5.5.7.3.1";
constexpr std::string_view kClientAuth = "1.3.6.1.5.5.7.3.2";
constexpr std::string_view kCodeSigning = "1.3.6.1.5.5.7.3.3";
constexpr std::string_view kEmailProtection = "1.3.6.1.5.5.7.3.4";
constexpr std::string_view kOcspSigning = "1.3.6.1.5.5.7.3.9";
constexpr std::string_view kPolicyDv = "2.23.140.1.2.1";
constexpr std::string_view kPolicyOv = "2.23.140.1.2.2";
constexpr std::string_view kPolicyEv = "2.23.140.1.1";
constexpr std::string_view kPolicyCodeSigning = "2.23.140.1.4.1";
constexpr std::string_view kPolicySmimeOrgMultipurpose = "2.23.140.1.5.2.2";
constexpr std::string_view kPolicyIgtfClassic = "1.2.840.113612.5.2.2.1";

constexpr std::string_view kKeyUsages[] = {"digitalSignature", "nonRepudiation", "keyEncipherment",
                                           "dataEncipherment", "keyAgreement",   "keyCertSign",
                                           "cRLSign",          "encipherOnly",   "decipherOnly"};

bool IsDottedOid(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  int dots = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i - 1] == '.') return false;
      ++dots;
    } else if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  return dots >= 1 && (s[0] == '0' || s[0] == '1' || s[0] == '2');
}

CertificateProfile Tls(std::string name, std::string description, std::string_view policy) {
  CertificateProfile p;
  p.name = std::move(name);
  p.description = std::move(description);
  p.kind = ProfileKind::kTlsServer;
  p.terms = {90, 200, 365, 397};
  p.max_validity_days = 397;
  p.key_usage = {"digitalSignature"};  // keyEncipherment is added for RSA keys
  p.extended_key_usage = {std::string(kServerAuth), std::string(kClientAuth)};
  p.policies = {std::string(policy)};
  return p;
}

}  // namespace

std::string_view ToString(ProfileKind kind) {
  switch (kind) {
    case ProfileKind::kTlsServer:
      return "tls-server";
    case ProfileKind::kClient:
      return "client";
    case ProfileKind::kCodeSigning:
      return "code-signing";
    case ProfileKind::kOcspSigning:
      return "ocsp-signing";
  }
  return "unknown";
}

std::optional<ProfileKind> ParseProfileKind(std::string_view text) {
  for (auto k : {ProfileKind::kTlsServer, ProfileKind::kClient, ProfileKind::kCodeSigning,
                 ProfileKind::kOcspSigning}) {
    if (ToString(k) == text) return k;
  }
  return std::nullopt;
}

std::string_view ToString(SubjectField field) {
  switch (field) {
    case SubjectField::kOrganization:
      return "O";
    case SubjectField::kLocality:
      return "L";
    case SubjectField::kState:
      return "ST";
    case SubjectField::kCountry:
      return "C";
    case SubjectField::kBusinessCategory:
      return "businessCategory";
    case SubjectField::kJurisdictionCountry:
      return "jurisdictionC";
    case SubjectField::kSerialNumber:
      return "serialNumber";
  }
  return "unknown";
}

std::optional<SubjectField> ParseSubjectField(std::string_view text) {
  for (auto f : {SubjectField::kOrganization, SubjectField::kLocality, SubjectField::kState,
                 SubjectField::kCountry, SubjectField::kBusinessCategory,
                 SubjectField::kJurisdictionCountry, SubjectField::kSerialNumber}) {
    if (ToString(f) == text) return f;
  }
  return std::nullopt;
}

std::vector<std::string> KeyUsageFor(const CertificateProfile& profile, bool is_rsa) {
  std::vector<std::string> out;
  for (const auto& ku : profile.key_usage) {
    if (ku != "keyEncipherment") out.push_back(ku);
  }
  bool wants = std::find(profile.key_usage.begin(), profile.key_usage.end(), "keyEncipherment") !=
               profile.key_usage.end();
  if (is_rsa &&
      (wants || profile.kind == ProfileKind::kTlsServer || profile.kind == ProfileKind::kClient)) {
    out.push_back("keyEncipherment");
  }
  return out;
}

std::optional<std::string> ValidateProfile(const CertificateProfile& p) {
  if (p.name.empty() || p.name.size() > 64) return "name must be 1 to 64 characters";
  for (char c : p.name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return "name may hold only a-z, 0-9 and '-'";
    }
  }
  if (p.max_validity_days < 1 || p.max_validity_days > 3650) {
    return "max_validity_days must be between 1 and 3650";
  }
  // CA/Browser Forum BRs §6.3.2: subscriber TLS certificates at most 398 days.
  if (p.kind == ProfileKind::kTlsServer && p.max_validity_days > 398) {
    return "TLS server certificates may not be valid for more than 398 days";
  }
  if (p.terms.empty()) return "terms must offer at least one validity";
  for (int t : p.terms) {
    if (t < 1 || t > p.max_validity_days) {
      return "term " + std::to_string(t) + " is outside 1.." + std::to_string(p.max_validity_days);
    }
  }
  for (const auto& ku : p.key_usage) {
    if (std::find(std::begin(kKeyUsages), std::end(kKeyUsages), ku) == std::end(kKeyUsages)) {
      return "unknown key usage '" + ku + "'";
    }
    if (ku == "keyCertSign" || ku == "cRLSign")
      return "end-entity profiles may not sign certificates or CRLs";
  }
  if (p.key_usage.empty()) return "key_usage must not be empty";
  for (const auto& oid : p.extended_key_usage) {
    if (!IsDottedOid(oid)) return "extended key usage '" + oid + "' is not a dotted OID";
  }
  if (p.extended_key_usage.empty()) return "extended_key_usage must not be empty";
  for (const auto& oid : p.policies) {
    if (!IsDottedOid(oid)) return "policy '" + oid + "' is not a dotted OID";
  }
  if (!p.allow_rsa && !p.allow_ec && !p.allow_ed25519) return "no key type is allowed";
  if (p.min_rsa_bits < 2048 || p.max_rsa_bits > 8192 || p.min_rsa_bits > p.max_rsa_bits) {
    return "RSA key sizes must lie within 2048..8192";
  }
  if (p.max_names < 1 || p.max_names > 1000) return "max_names must be between 1 and 1000";
  auto has_eku = [&](std::string_view oid) {
    return std::find(p.extended_key_usage.begin(), p.extended_key_usage.end(), oid) !=
           p.extended_key_usage.end();
  };
  switch (p.kind) {
    case ProfileKind::kTlsServer:
      if (!has_eku(kServerAuth)) return "a TLS server profile needs the serverAuth EKU";
      if (p.allow_email) return "a TLS server profile cannot certify email addresses";
      break;
    case ProfileKind::kClient:
      if (!has_eku(kEmailProtection) && !has_eku(kClientAuth)) {
        return "a client profile needs emailProtection or clientAuth";
      }
      break;
    case ProfileKind::kCodeSigning:
      if (!has_eku(kCodeSigning) || p.extended_key_usage.size() != 1) {
        return "a code signing profile needs exactly the codeSigning EKU";
      }
      break;
    case ProfileKind::kOcspSigning:
      if (!has_eku(kOcspSigning) || p.extended_key_usage.size() != 1) {
        return "an OCSP signing profile needs exactly the OCSPSigning EKU";
      }
      break;
  }
  return std::nullopt;
}

std::vector<CertificateProfile> DefaultProfiles() {
  std::vector<CertificateProfile> out;
  auto dv = Tls("ssl-dv", "Domain-validated SSL: one name, several names or a wildcard", kPolicyDv);
  out.push_back(dv);

  auto ov =
      Tls("ssl-ov", "Organization-validated SSL (O, L, ST, C from the organization)", kPolicyOv);
  ov.subject_fields = {SubjectField::kOrganization, SubjectField::kLocality, SubjectField::kState,
                       SubjectField::kCountry};
  out.push_back(ov);

  auto ev = Tls("ssl-ev", "Extended Validation SSL", kPolicyEv);
  ev.subject_fields = {SubjectField::kOrganization,
                       SubjectField::kLocality,
                       SubjectField::kState,
                       SubjectField::kCountry,
                       SubjectField::kBusinessCategory,
                       SubjectField::kJurisdictionCountry,
                       SubjectField::kSerialNumber};
  ev.allow_wildcard = false;  // EV Guidelines §9.2.1: no wildcards
  out.push_back(ev);

  auto grid = Tls("grid-host", "Grid host certificate (IGTF classic profile)", kPolicyIgtfClassic);
  grid.subject_fields = {SubjectField::kOrganization, SubjectField::kCountry};
  grid.allow_wildcard = false;
  grid.require_common_name = true;
  out.push_back(grid);

  CertificateProfile smime;
  smime.name = "smime";
  smime.description = "Client / S/MIME certificate for a person's mailbox";
  smime.kind = ProfileKind::kClient;
  smime.terms = {365, 730};
  smime.max_validity_days = 825;  // S/MIME BRs §6.3.2
  smime.key_usage = {"digitalSignature", "keyEncipherment"};
  smime.extended_key_usage = {std::string(kEmailProtection), std::string(kClientAuth)};
  smime.policies = {std::string(kPolicySmimeOrgMultipurpose)};
  smime.subject_fields = {SubjectField::kOrganization, SubjectField::kCountry};
  smime.allow_email = true;
  smime.allow_wildcard = false;
  smime.max_names = 10;
  out.push_back(smime);

  CertificateProfile cs;
  cs.name = "code-signing";
  cs.description = "Code signing certificate for an organization";
  cs.kind = ProfileKind::kCodeSigning;
  cs.terms = {365, 460};
  cs.max_validity_days = 460;  // Code Signing BRs §6.3.2: 39 months max; kept short here
  cs.min_rsa_bits = 3072;      // Code Signing BRs §6.1.5
  cs.key_usage = {"digitalSignature"};
  cs.extended_key_usage = {std::string(kCodeSigning)};
  cs.policies = {std::string(kPolicyCodeSigning)};
  cs.subject_fields = {SubjectField::kOrganization, SubjectField::kLocality, SubjectField::kState,
                       SubjectField::kCountry};
  cs.require_common_name = true;
  cs.allow_wildcard = false;
  cs.max_names = 1;
  out.push_back(cs);

  CertificateProfile ocsp;
  ocsp.name = "ocsp-signing";
  ocsp.description = "Delegated OCSP responder (short-lived, rotated automatically)";
  ocsp.kind = ProfileKind::kOcspSigning;
  ocsp.terms = {7};
  ocsp.max_validity_days = 14;
  ocsp.key_usage = {"digitalSignature"};
  ocsp.extended_key_usage = {std::string(kOcspSigning)};
  ocsp.require_common_name = true;
  ocsp.allow_wildcard = false;
  ocsp.ocsp_no_check = true;  // RFC 6960 §4.2.2.2.1
  ocsp.max_names = 1;
  out.push_back(ocsp);
  return out;
}

}  // namespace certkeep::core
