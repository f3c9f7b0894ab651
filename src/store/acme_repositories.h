#pragma once
// The Store's repositories of the ACME server (RFC 8555) and of the external accounts that
// bind its clients (scm-api.md §2.9); part of store.h's public face, kept apart by concept.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/acme.h"
#include "core/result.h"
#include "core/ssl_certificate.h"
#include "core/tenancy.h"

namespace certkeep::store {

/// What an external-account list asks for (scm-api.md §2.9); every field narrows it.
struct ExternalAccountQuery {
  core::CustomerId customer{};
  /// Only these organizations and departments (the caller's scope); unset: all.
  std::optional<std::vector<core::OrgId>> within{};
  std::optional<core::OrgId> org{};
  /// With `org`: its departments' accounts too (SCM's organizationId without ",-2").
  bool with_departments = false;
  std::optional<std::string> name{};
  std::optional<std::string> acme_server{};
  std::optional<core::ExternalAccountStatus> status{};
  std::int64_t position = 0;
  std::int64_t size = 200;
};

struct ExternalAccountPage {
  std::vector<core::ExternalAccount> items;
  std::int64_t total = 0;
};

/// SCM's ACME accounts: the EAB credentials bound to an organization or department.
class ExternalAccountRepository {
 public:
  virtual ~ExternalAccountRepository() = default;
  /// Inserts `account` (id ignored); Conflict on a taken key_id.
  [[nodiscard]] virtual core::Result<core::ExternalAccountId> Insert(
      const core::ExternalAccount& account) = 0;
  /// Rewrites name, status, domains.
  [[nodiscard]] virtual core::Result<void> Update(const core::ExternalAccount& account) = 0;
  /// pending → valid (a client registered with it); nothing else changes, so a rename
  /// committed meanwhile stays.
  [[nodiscard]] virtual core::Result<void> MarkUsed(core::ExternalAccountId id) = 0;
  /// Deletes it; the ACME accounts registered with it stay, unbound (they keep their scope).
  [[nodiscard]] virtual core::Result<void> Delete(core::ExternalAccountId id) = 0;
  [[nodiscard]] virtual core::Result<core::ExternalAccount> Get(core::ExternalAccountId id) = 0;
  /// The one whose macId is `key_id`, or NotFound.
  [[nodiscard]] virtual core::Result<core::ExternalAccount> FindByKeyId(
      const std::string& key_id) = 0;
  [[nodiscard]] virtual core::Result<ExternalAccountPage> List(
      const ExternalAccountQuery& query) = 0;
};

/// The ACME server's state (RFC 8555): accounts, nonces, orders, authorizations,
/// challenges.
class AcmeRepository {
 public:
  virtual ~AcmeRepository() = default;
  /// Inserts `account` (id ignored); Conflict (kAcmeKeyInUse) when the key is registered on
  /// that directory already.
  [[nodiscard]] virtual core::Result<core::AcmeAccountId> InsertAccount(
      const core::AcmeAccount& account) = 0;
  /// Rewrites status, contacts, key and thumbprint; Conflict as InsertAccount.
  [[nodiscard]] virtual core::Result<void> UpdateAccount(const core::AcmeAccount& account) = 0;
  [[nodiscard]] virtual core::Result<core::AcmeAccount> GetAccount(core::AcmeAccountId id) = 0;
  /// The account of `directory` whose key has `thumbprint`, or NotFound.
  [[nodiscard]] virtual core::Result<core::AcmeAccount> FindAccount(
      const std::string& directory, const std::string& thumbprint) = 0;
  /// The accounts registered with an external account, oldest first.
  [[nodiscard]] virtual core::Result<std::vector<core::AcmeAccount>> AccountsOf(
      core::ExternalAccountId external) = 0;

  /// Records a nonce handed out, good until `expires`.
  [[nodiscard]] virtual core::Result<void> InsertNonce(const std::string& value,
                                                       core::TimePoint expires) = 0;
  /// Uses up `value`: true when it was handed out, unused and not past `now`.
  [[nodiscard]] virtual core::Result<bool> ConsumeNonce(const std::string& value,
                                                        core::TimePoint now) = 0;
  /// Forgets nonces past their expiry; returns how many.
  [[nodiscard]] virtual core::Result<std::int64_t> PurgeNonces(core::TimePoint now) = 0;

  [[nodiscard]] virtual core::Result<core::AcmeOrderId> InsertOrder(
      const core::AcmeOrder& order) = 0;
  /// Rewrites status, error and certificate.
  [[nodiscard]] virtual core::Result<void> UpdateOrder(const core::AcmeOrder& order) = 0;
  [[nodiscard]] virtual core::Result<core::AcmeOrder> GetOrder(core::AcmeOrderId id) = 0;
  /// The account's orders with id greater than `after`, oldest first, at most `limit`.
  [[nodiscard]] virtual core::Result<std::vector<core::AcmeOrder>> OrdersOf(
      core::AcmeAccountId account, core::AcmeOrderId after, int limit) = 0;
  /// The orders that name certificate `ssl` as the one they replace (RFC 9773 §5).
  [[nodiscard]] virtual core::Result<std::vector<core::AcmeOrder>> OrdersReplacing(
      core::SslId ssl) = 0;
  /// The order that issued certificate `ssl`, if one did.
  [[nodiscard]] virtual core::Result<std::optional<core::AcmeOrder>> OrderOfCertificate(
      core::SslId ssl) = 0;

  [[nodiscard]] virtual core::Result<core::AcmeAuthorizationId> InsertAuthorization(
      const core::AcmeAuthorization& authz) = 0;
  /// Rewrites status and expiry.
  [[nodiscard]] virtual core::Result<void> UpdateAuthorization(
      const core::AcmeAuthorization& authz) = 0;
  [[nodiscard]] virtual core::Result<core::AcmeAuthorization> GetAuthorization(
      core::AcmeAuthorizationId id) = 0;
  /// An order's authorizations, by id.
  [[nodiscard]] virtual core::Result<std::vector<core::AcmeAuthorization>> AuthorizationsOf(
      core::AcmeOrderId order) = 0;

  [[nodiscard]] virtual core::Result<core::AcmeChallengeId> InsertChallenge(
      const core::AcmeChallenge& challenge) = 0;
  /// Rewrites status, validated_at and error.
  [[nodiscard]] virtual core::Result<void> UpdateChallenge(
      const core::AcmeChallenge& challenge) = 0;
  [[nodiscard]] virtual core::Result<core::AcmeChallenge> GetChallenge(
      core::AcmeChallengeId id) = 0;
  /// An authorization's challenges, by id.
  [[nodiscard]] virtual core::Result<std::vector<core::AcmeChallenge>> ChallengesOf(
      core::AcmeAuthorizationId authz) = 0;
};

}  // namespace certkeep::store
