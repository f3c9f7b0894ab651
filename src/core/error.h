#pragma once
// The one error vocabulary every module speaks. Protocol adapters map an Error to
// their wire shape once, at the edge (api/error_mapping.cpp for SCM, acme/ later).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certkeep::core {

/// The class of a failure; decides the HTTP status family at the edge.
/// Adding an ErrorCode? Add its row in api/error_mapping.cpp.
enum class ErrorCode : std::uint8_t {
  kNotFound,
  kConflict,
  kUnauthenticated,
  kForbidden,
  kMalformed,
  kBadCsr,
  kRejectedIdentifier,
  kDcvIncomplete,
  kRateLimited,
  kPayloadTooLarge,
  kUnavailable,
  kInternal,
};

/// The precise cause, stable across releases, so each protocol's table can map it to
/// an exact SCM code or ACME error type. Values are grouped by the module raising them.
/// Adding a Reason? Map it in api/error_mapping.cpp if SCM has a code for it.
enum class Reason : std::uint16_t {
  kUnspecified = 0,
  // http
  kRouteNotFound = 100,
  kMethodNotAllowed,
  kBodyTooLarge,
  kHeaderTooLarge,
  kBadRequestSyntax,
  kBadJson,
  kTlsRequired,
  // store
  kStoreUnavailable = 200,
  kStoreConstraint,
  kStoreMigration,
  kStoreQuery,
  // pki
  kCryptoFailure = 300,
  kBadKey,
  kBadPassphrase,
  kBadCertificate,
  kPkcs11,
  // pki: CSR intake (each says exactly what the requester must change)
  kCsrUndecodable = 320,
  kCsrBadSignature,
  kCsrWeakSignature,
  kCsrKeyTypeNotAllowed,
  kCsrKeyTooSmall,
  kCsrKeyTooLarge,
  kCsrBadExponent,
  kCsrNoNames,
  kCsrTooManyNames,
  kCsrBadName,
  kCsrWildcardNotAllowed,
  kCsrIpNotAllowed,
  kCsrInternalName,
  kCsrNotALabel,
  kCsrEmailNotAllowed,
  // pki: profiles, linting, issuance, revocation
  kProfileInvalid = 360,
  kLintFailed,
  kSerialCollision,
  kAlreadyRevoked,
  kBadRevocationReason,
  kOcspMalformed,
  kOcspUnknownIssuer,
  kUnsupportedFormat,
  // config
  kBadConfig = 400,
  // authentication (auth/, service/authenticator)
  kUnknownUser = 500,
  kAccountLocked,
  kAccountSuspended,
  kPasswordMustChange,
  kPasswordExpired,
  kPasswordPolicy,
  kSessionInvalid,
  kCsrfMismatch,
  kApiOnlyAdmin,
  kWebApiDisabled,
  // authorization (authz/): each names the scope, role or privilege that is missing
  kOutOfScope = 520,
  kCertTypeNotHeld,
  kPrivilegeMissing,
  kCannotGrantRole,
  kCannotGrantPrivilege,
  kCannotManageAdmin,
  kLastMrao,
  kRoleWithoutOrg,
  kRolesMixedLevels,
  kOneOrgPerRole,
  // tenancy and admins
  kMissingField = 540,
  kInvalidField,
  kLoginTaken,
  kOrgNameTaken,
  kOrgHasDependents,
  // domains and delegations (scm-api.md §3.5)
  kDomainExists = 560,
  kDomainInvalidName,
  kDelegationNotRequested,
  kDelegationMissing,
  kDomainInactive,
  kNameNotDelegated,
  kDcvIncomplete,
  kDomainNotFound,
  // domain control validation (dcv/)
  kDnsNoRecord = 600,
  kDnsFailure,
  kCaaForbids,             ///< a CAA record set names no issuer domain of ours
  kFetchForbiddenAddress,  ///< an outbound fetch would reach a private/loopback address
  kFetchFailed,            ///< connection, TLS or HTTP status failure
  kFetchTimeout,
  kFetchTooLarge,
  kFetchTooManyRedirects,
  kDcvContentMismatch,  ///< the file, TXT value or CNAME target is not the expected one
  kDcvNotStarted,       ///< submit or confirm without a started order
  kDcvCodeInvalid,      ///< an email confirmation code that is wrong or used
  kDcvNotEnabled,
  // SSL certificates over the REST API (scm-api.md §2.1, §3.6)
  kSslBadTransition = 620,  ///< the action does not apply to the certificate's status
  kSslUnknownId,            ///< -124
  kSslNotReady,             ///< collect before it is issued: "Being processed by Sectigo"
  kSslRevokedNoDownload,    ///< -110
  kSslUnknownFormat,        ///< -126
  kSslTermInvalid,          ///< -36
  kSslProfileUnknown,       ///< -39
  kSslMissingCustomField,   ///< -62
  kSslNotIssued,            ///< -102: only issued certificates can be revoked or renewed
  kCustomFieldNameTaken,    ///< a custom field of that type and name exists
  // email (notify/)
  kSmtpFailure = 640,  ///< transient: connection, 4xx; retried
  kSmtpRejected,       ///< permanent: 5xx from the server; not retried
  // ACME (acme/, RFC 8555): each maps to one error type in acme/problem.cpp
  kAcmeUnsupportedMediaType = 660,  ///< not application/jose+json
  kAcmeBadJws,                      ///< not a flattened JWS of RFC 8555 §6.2
  kAcmeBadSignature,                ///< the signature does not verify
  kAcmeBadSignatureAlgorithm,       ///< an `alg` we do not accept
  kAcmeBadPublicKey,                ///< a JWK we cannot use
  kAcmeBadNonce,
  kAcmeUrlMismatch,  ///< the protected `url` is not the request's
  kAcmeUnknownAccount,
  kAcmeAccountNotValid,
  kAcmeExternalAccountRequired,
  kAcmeExternalAccountInvalid,
  kAcmeInvalidContact,
  kAcmeUnsupportedContact,
  kAcmeNotFound,
  kAcmeNotOwner,  ///< the resource belongs to another account
  kAcmeUnsupportedIdentifier,
  kAcmeIdentifierNotAllowed,
  kAcmeOrderNotReady,
  kAcmeCsrNamesDiffer,
  kAcmeCsrAccountKey,
  kAcmeInvalidProfile,
  kAcmeAlreadyReplaced,
  kAcmeKeyInUse,
  kAcmeRevocationNotAuthorized,
  kAcmeIncorrectResponse,
  kAcmeTlsFailure,
};

struct Subproblem;

/// A failure: class, precise reason, client-safe detail, and log-only internal text.
class Error {
 public:
  Error(ErrorCode code, Reason reason, std::string detail, std::string internal = {})
      : code_(code), reason_(reason), detail_(std::move(detail)), internal_(std::move(internal)) {}

  /// The class of the failure.
  [[nodiscard]] ErrorCode code() const { return code_; }
  /// The precise, stable cause.
  [[nodiscard]] Reason reason() const { return reason_; }
  /// Text safe to show the client.
  [[nodiscard]] const std::string& detail() const { return detail_; }
  /// Text for logs only: never sent to a client.
  [[nodiscard]] const std::string& internal() const { return internal_; }

  /// Returns a copy whose internal text is prefixed with what the caller was doing.
  [[nodiscard]] Error Context(std::string_view doing) const;

  /// A copy that says when to try again (kRateLimited; HTTP's Retry-After at the edge).
  [[nodiscard]] Error WithRetryAfter(std::chrono::seconds wait) const {
    Error e = *this;
    e.retry_after_ = wait;
    return e;
  }
  [[nodiscard]] std::optional<std::chrono::seconds> retry_after() const { return retry_after_; }

  /// A copy that carries one failure per item of a request that named several (RFC 8555
  /// §6.7.1's subproblems: each refused identifier of an order).
  [[nodiscard]] Error WithSubproblems(std::vector<Subproblem> parts) const;
  /// Those failures; empty when there are none.
  [[nodiscard]] const std::vector<Subproblem>& subproblems() const;

 private:
  ErrorCode code_;
  Reason reason_;
  std::string detail_;
  std::string internal_;
  std::optional<std::chrono::seconds> retry_after_{};
  std::shared_ptr<const std::vector<Subproblem>> subproblems_{};
};

/// The failure of one item (a DNS name) of a request that named several.
struct Subproblem {
  std::string identifier;
  Error error;
};

/// Shorthand for an internal error: generic detail, the real cause kept internal.
[[nodiscard]] Error InternalError(Reason reason, std::string internal);

/// A readable name for logs, e.g. "NotFound".
[[nodiscard]] std::string_view ToString(ErrorCode code);

}  // namespace certkeep::core
