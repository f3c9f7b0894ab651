#pragma once
// The ACME server's rows in portable SQL: external accounts (acme_external_account), and
// accounts, nonces, orders, authorizations and challenges.

#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlExternalAccountRepository final : public ExternalAccountRepository {
 public:
  explicit SqlExternalAccountRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<core::ExternalAccountId> Insert(const core::ExternalAccount& account) override;
  core::Result<void> Update(const core::ExternalAccount& account) override;
  core::Result<void> MarkUsed(core::ExternalAccountId id) override;
  core::Result<void> Delete(core::ExternalAccountId id) override;
  core::Result<core::ExternalAccount> Get(core::ExternalAccountId id) override;
  core::Result<core::ExternalAccount> FindByKeyId(const std::string& key_id) override;
  core::Result<ExternalAccountPage> List(const ExternalAccountQuery& query) override;

 private:
  SqlConnection& conn_;
};

class SqlAcmeRepository final : public AcmeRepository {
 public:
  explicit SqlAcmeRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<core::AcmeAccountId> InsertAccount(const core::AcmeAccount& account) override;
  core::Result<void> UpdateAccount(const core::AcmeAccount& account) override;
  core::Result<core::AcmeAccount> GetAccount(core::AcmeAccountId id) override;
  core::Result<core::AcmeAccount> FindAccount(const std::string& directory,
                                              const std::string& thumbprint) override;
  core::Result<std::vector<core::AcmeAccount>> AccountsOf(
      core::ExternalAccountId external) override;
  core::Result<void> InsertNonce(const std::string& value, core::TimePoint expires) override;
  core::Result<bool> ConsumeNonce(const std::string& value, core::TimePoint now) override;
  core::Result<std::int64_t> PurgeNonces(core::TimePoint now) override;
  core::Result<core::AcmeOrderId> InsertOrder(const core::AcmeOrder& order) override;
  core::Result<void> UpdateOrder(const core::AcmeOrder& order) override;
  core::Result<core::AcmeOrder> GetOrder(core::AcmeOrderId id) override;
  core::Result<std::vector<core::AcmeOrder>> OrdersReplacing(core::SslId ssl) override;
  core::Result<std::vector<core::AcmeOrder>> OrdersOf(core::AcmeAccountId account,
                                                      core::AcmeOrderId after, int limit) override;
  core::Result<std::optional<core::AcmeOrder>> OrderOfCertificate(core::SslId ssl) override;
  core::Result<core::AcmeAuthorizationId> InsertAuthorization(
      const core::AcmeAuthorization& authz) override;
  core::Result<void> UpdateAuthorization(const core::AcmeAuthorization& authz) override;
  core::Result<core::AcmeAuthorization> GetAuthorization(core::AcmeAuthorizationId id) override;
  core::Result<std::vector<core::AcmeAuthorization>> AuthorizationsOf(
      core::AcmeOrderId order) override;
  core::Result<core::AcmeChallengeId> InsertChallenge(const core::AcmeChallenge& c) override;
  core::Result<void> UpdateChallenge(const core::AcmeChallenge& c) override;
  core::Result<core::AcmeChallenge> GetChallenge(core::AcmeChallengeId id) override;
  core::Result<std::vector<core::AcmeChallenge>> ChallengesOf(
      core::AcmeAuthorizationId authz) override;

 private:
  core::Result<std::vector<core::AcmeAccount>> Accounts(std::string_view where,
                                                        std::span<const SqlValue> params);
  core::Result<std::vector<core::AcmeOrder>> Orders(std::string_view tail,
                                                    std::span<const SqlValue> params);

  SqlConnection& conn_;
};

}  // namespace certkeep::store::internal
