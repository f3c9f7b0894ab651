#pragma once
// ACME (RFC 8555) as certkeep keeps it: the external accounts admins create (SCM's "ACME
// accounts", scm-api.md §2.9: the External Account Binding credentials bound to an
// organization or department), the accounts clients register with them, and orders with
// their authorizations and challenges. Plain values and the status rules of RFC 8555
// §7.1.6; no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/profile.h"
#include "core/ssl_certificate.h"
#include "core/tenancy.h"

namespace certkeep::core {

struct ExternalAccountTag {};
struct AcmeAccountTag {};
struct AcmeOrderTag {};
struct AcmeAuthorizationTag {};
struct AcmeChallengeTag {};
/// Identifies an external account (SCM's ACME account).
using ExternalAccountId = Id<ExternalAccountTag>;
/// Identifies an ACME account (RFC 8555 §7.1.2).
using AcmeAccountId = Id<AcmeAccountTag>;
using AcmeOrderId = Id<AcmeOrderTag>;
using AcmeAuthorizationId = Id<AcmeAuthorizationTag>;
using AcmeChallengeId = Id<AcmeChallengeTag>;

/// SCM's status of an ACME account, lower case: `pending` until a client has registered
/// with its EAB credentials, then `valid`; `deactivated` refuses new registrations.
enum class ExternalAccountStatus { kPending, kValid, kDeactivated };
[[nodiscard]] std::string_view ToString(ExternalAccountStatus status);
[[nodiscard]] std::optional<ExternalAccountStatus> ParseExternalAccountStatus(std::string_view s);

/// The EAB credentials an admin hands to a web server's ACME client: a key identifier
/// (SCM's macId, the JWS `kid` of RFC 8555 §7.3.4) and an HMAC key, bound to one
/// organization or department. Several clients may register with one of them.
struct ExternalAccount {
  ExternalAccountId id{};
  CustomerId customer_id{};
  OrgId org_id{};  ///< organization or department: the scope of every order
  std::string name{};
  std::string acme_server{};  ///< the directory URL it is for (SCM's acmeServer)
  std::string key_id{};       ///< macId: unique, URL-safe
  std::string mac_key{};      ///< base64url of the HMAC key (SCM shows it to admins)
  ExternalAccountStatus status = ExternalAccountStatus::kPending;
  std::string cert_validation_type = "DV";
  /// When not empty, orders are limited to these registered domains and names below them.
  std::vector<std::string> domains{};
  TimePoint created_at{};
};

/// RFC 8555 §7.1.6 account status.
enum class AcmeAccountStatus { kValid, kDeactivated, kRevoked };
[[nodiscard]] std::string_view ToString(AcmeAccountStatus status);
[[nodiscard]] std::optional<AcmeAccountStatus> ParseAcmeAccountStatus(std::string_view s);

/// An ACME account: a client's key, registered on one directory, acting in the scope of
/// its external account (or of the directory's own organization, for one without EAB).
struct AcmeAccount {
  AcmeAccountId id{};
  CustomerId customer_id{};
  OrgId org_id{};
  std::optional<ExternalAccountId> external_account_id{};
  std::string directory{};   ///< the directory's name, e.g. "v2"
  std::string jwk{};         ///< the public key's required members as JSON (RFC 7638 §3.2)
  std::string thumbprint{};  ///< RFC 7638, base64url: how the account is found by its key
  AcmeAccountStatus status = AcmeAccountStatus::kValid;
  std::vector<std::string> contacts{};  ///< "mailto:" URLs
  TimePoint created_at{};
};

/// The status of an order, authorization or challenge (RFC 8555 §7.1.6): each uses some.
enum class AcmeStatus {
  kPending,
  kReady,
  kProcessing,
  kValid,
  kInvalid,
  kExpired,
  kDeactivated,
  kRevoked
};
[[nodiscard]] std::string_view ToString(AcmeStatus status);
[[nodiscard]] std::optional<AcmeStatus> ParseAcmeStatus(std::string_view s);

/// The challenge types certkeep offers.
enum class ChallengeType { kHttp01, kDns01, kTlsAlpn01 };
[[nodiscard]] std::string_view ToString(ChallengeType type);
[[nodiscard]] std::optional<ChallengeType> ParseChallengeType(std::string_view s);

struct AcmeOrder {
  AcmeOrderId id{};
  AcmeAccountId account_id{};
  AcmeStatus status = AcmeStatus::kPending;
  /// The dns identifiers as ordered, lower case; a wildcard keeps its "*." (§7.1.3).
  std::vector<std::string> identifiers{};
  ProfileId profile_id{};
  TimePoint expires{};
  std::optional<TimePoint> not_before{};
  std::optional<TimePoint> not_after{};
  std::string error{};  ///< a problem document (JSON) once invalid
  std::optional<SslId> certificate_id{};
  TimePoint created_at{};
  std::string replaces{};                  ///< RFC 9773 §5: the certID given, or ""
  std::optional<SslId> replaces_ssl_id{};  ///< the certificate it names
};

struct AcmeAuthorization {
  AcmeAuthorizationId id{};
  AcmeOrderId order_id{};
  AcmeAccountId account_id{};
  std::string identifier{};  ///< the dns name without "*." (RFC 8555 §7.1.4)
  bool wildcard = false;
  AcmeStatus status = AcmeStatus::kPending;
  TimePoint expires{};
};

struct AcmeChallenge {
  AcmeChallengeId id{};
  AcmeAuthorizationId authorization_id{};
  ChallengeType type = ChallengeType::kHttp01;
  std::string token{};  ///< base64url, 128 bits or more (§8.1)
  AcmeStatus status = AcmeStatus::kPending;
  std::optional<TimePoint> validated_at{};
  std::string error{};  ///< a problem document (JSON) once invalid
};

/// An order's status from its authorizations' (§7.1.6): invalid if one is invalid
/// (or deactivated, expired, revoked), ready when all are valid, pending otherwise.
/// Orders past `pending`/`ready` keep theirs.
[[nodiscard]] AcmeStatus OrderStatusFrom(AcmeStatus current,
                                         const std::vector<AcmeStatus>& authorizations);

/// The order's status as a client sees it at `now`: a pending or ready order past its
/// expiry is `invalid` (§7.1.6: "expires" ... the order becomes invalid).
[[nodiscard]] AcmeStatus OrderStatusAt(const AcmeOrder& order, TimePoint now);

/// An authorization's status at `now`: pending or valid past `expires` is `expired`.
[[nodiscard]] AcmeStatus AuthorizationStatusAt(const AcmeAuthorization& authz, TimePoint now);

}  // namespace certkeep::core
