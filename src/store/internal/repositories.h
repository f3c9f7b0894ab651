#pragma once
// The repositories, written once in portable SQL over SqlConnection.

#include <map>
#include <optional>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "store/internal/registry_cache.h"
#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlCaRepository final : public CaRepository {
 public:
  /// `registry` answers the registry lookups (from its cache in a read transaction).
  SqlCaRepository(SqlConnection& conn, RegistryView& registry) : conn_(conn), registry_(registry) {}
  core::Result<core::CaId> Insert(const core::CertificateAuthority& ca) override;
  core::Result<core::CertificateAuthority> Get(core::CaId id) override;
  core::Result<core::CertificateAuthority> FindByName(const std::string& name) override;
  core::Result<std::vector<core::CertificateAuthority>> List() override;
  core::Result<std::int64_t> AddCross(const core::CrossCertificate& cross) override;
  core::Result<std::vector<core::CrossCertificate>> Crosses(core::CaId ca) override;
  core::Result<void> RemoveCross(core::CaId ca, std::int64_t id) override;

 private:
  SqlConnection& conn_;
  RegistryView& registry_;
};

class SqlAuditRepository final : public AuditRepository {
 public:
  explicit SqlAuditRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<void> Add(core::AuditRecord record, AuditSeal seal) override;
  /// Chains and stores what Add took; the store runs it when the work is done.
  core::Result<void> Seal();
  core::Result<core::AuditId> Append(const core::AuditRecord& record) override;
  core::Result<std::optional<AuditChainHead>> LockHead(core::CustomerId customer) override;
  core::Result<std::optional<core::AuditRecord>> Last() override;
  core::Result<std::vector<core::AuditRecord>> List(core::AuditId after, int limit) override;
  core::Result<std::vector<core::AuditRecord>> ListChain(core::CustomerId customer,
                                                         core::AuditId after, int limit) override;
  core::Result<std::vector<core::AuditRecord>> ListBetween(core::CustomerId customer,
                                                           core::TimePoint from, core::TimePoint to,
                                                           int limit) override;
  core::Result<std::vector<std::pair<core::CustomerId, AuditChainHead>>> Heads() override;
  core::Result<void> AddCheckpoint(const core::AuditCheckpoint& checkpoint) override;
  core::Result<std::vector<core::AuditCheckpoint>> Checkpoints(core::CustomerId customer) override;

 private:
  // PostgreSQL: stores `records` and moves their chains' heads in one statement; returns
  // the new heads.
  core::Result<std::map<core::CustomerId, AuditChainHead>> AppendAll(
      std::span<const core::AuditRecord> records);
  // That statement and its parameters, without its RETURNING.
  static std::pair<std::string, std::vector<SqlValue>> AppendAllStatement(
      std::span<const core::AuditRecord> records);
  // LockHead for each of `chains` (PostgreSQL: in one statement where their rows exist).
  core::Result<void> LockHeads(const std::set<core::CustomerId>& chains);
  // The records `tail` (WHERE, ORDER BY, LIMIT) selects, given its parameters.
  core::Result<std::vector<core::AuditRecord>> Records(std::string_view tail,
                                                       std::span<const SqlValue> params);

  SqlConnection& conn_;
  // The chain heads this transaction locked, as its own appends moved them: no one else
  // can move them before the transaction ends, so a second LockHead needs no query. An
  // issuance appends to two chains (the customer's and the CA's own, customer 0).
  std::map<core::CustomerId, std::optional<AuditChainHead>> locked_;
  // What Add took, in order, until Seal.
  std::vector<std::pair<core::AuditRecord, AuditSeal>> added_;
};

}  // namespace certkeep::store::internal
