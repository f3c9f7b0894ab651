#include "store/internal/sql_store.h"

#include "store/internal/acme_repository.h"
#include "store/internal/admin_repository.h"
#include "store/internal/certificate_repository.h"
#include "store/internal/custom_field_repository.h"
#include "store/internal/dcv_repository.h"
#include "store/internal/domain_repository.h"
#include "store/internal/enrollment_repository.h"
#include "store/internal/migrations.h"
#include "store/internal/notification_repository.h"
#include "store/internal/outbox_repository.h"
#include "store/internal/profile_repository.h"
#include "store/internal/repositories.h"
#include "store/internal/revocation_repositories.h"
#include "store/internal/session_repository.h"
#include "store/internal/ssl_repository.h"
#include "store/internal/tenancy_repositories.h"

namespace certkeep::store::internal {

namespace {

class SqlTransaction final : public Transaction {
 public:
  /// `registry` is given to read transactions only (see RegistryCache).
  explicit SqlTransaction(SqlConnection& conn, RegistryCache* registry = nullptr)
      : registry_(conn, registry),
        cas_(conn, registry_),
        audit_(conn),
        profiles_(conn, registry_),
        certificates_(conn),
        crls_(conn),
        ocsp_responses_(conn),
        leases_(conn),
        customers_(conn),
        organizations_(conn, registry_),
        admins_(conn),
        sessions_(conn),
        domains_(conn, registry_),
        dcv_(conn, registry_),
        outbox_(conn),
        ssl_(conn),
        custom_fields_(conn, registry_),
        external_accounts_(conn),
        acme_(conn),
        notifications_(conn, registry_),
        enrollments_(conn) {}
  CaRepository& cas() override { return cas_; }
  AuditRepository& audit() override { return audit_; }
  ProfileRepository& profiles() override { return profiles_; }
  CertificateRepository& certificates() override { return certificates_; }
  CrlRepository& crls() override { return crls_; }
  OcspResponseRepository& ocsp_responses() override { return ocsp_responses_; }
  JobLeaseRepository& job_leases() override { return leases_; }
  CustomerRepository& customers() override { return customers_; }
  OrganizationRepository& organizations() override { return organizations_; }
  AdminRepository& admins() override { return admins_; }
  SessionRepository& sessions() override { return sessions_; }
  DomainRepository& domains() override { return domains_; }
  DcvRepository& dcv() override { return dcv_; }
  OutboxRepository& outbox() override { return outbox_; }
  SslRepository& ssl() override { return ssl_; }
  CustomFieldRepository& custom_fields() override { return custom_fields_; }
  ExternalAccountRepository& external_accounts() override { return external_accounts_; }
  AcmeRepository& acme() override { return acme_; }
  NotificationRepository& notifications() override { return notifications_; }
  EnrollmentRepository& enrollments() override { return enrollments_; }

  /// Runs `work` and then what it left for the end of the transaction (the audit
  /// records it added), all before the commit.
  core::Result<void> Do(const std::function<core::Result<void>(Transaction&)>& work) {
    if (auto r = work(*this); !r) return r;
    return audit_.Seal();
  }

 private:
  RegistryView registry_;
  SqlCaRepository cas_;
  SqlAuditRepository audit_;
  SqlProfileRepository profiles_;
  SqlCertificateRepository certificates_;
  SqlCrlRepository crls_;
  SqlOcspResponseRepository ocsp_responses_;
  SqlJobLeaseRepository leases_;
  SqlCustomerRepository customers_;
  SqlOrganizationRepository organizations_;
  SqlAdminRepository admins_;
  SqlSessionRepository sessions_;
  SqlDomainRepository domains_;
  SqlDcvRepository dcv_;
  SqlOutboxRepository outbox_;
  SqlSslRepository ssl_;
  SqlCustomFieldRepository custom_fields_;
  SqlExternalAccountRepository external_accounts_;
  SqlAcmeRepository acme_;
  SqlNotificationRepository notifications_;
  SqlEnrollmentRepository enrollments_;
};

}  // namespace

core::Result<void> SqlStore::RunInTransaction(
    const std::function<core::Result<void>(Transaction&)>& work) {
  return Run(work, false);
}

core::Result<void> SqlStore::RunInReadTransaction(
    const std::function<core::Result<void>(Transaction&)>& work) {
  return Run(work, true);
}

core::Result<void> SqlStore::Run(const std::function<core::Result<void>(Transaction&)>& work,
                                 bool read_only) {
  if (!read_only) {
    // A write may change the registry: the request's later reads read the version again.
    if (auto* scoped = RequestRegistryVersion()) scoped->reset();
  }
  if (!read_only && sqlite_writes_) {
    return sqlite_writes_->Run([&](SqlConnection& c) { return SqlTransaction(c).Do(work); });
  }
  // Reads, and PostgreSQL's writes (SQLite's went to its commit group, on the writer).
  auto conn = pool_->Acquire();
  if (!conn) return core::Fail(conn.error());
  SqlConnection& c = **conn;
  auto begin = read_only ? c.BeginReadStatement() : c.BeginStatement();
  if (read_only && begin.empty()) return SqlTransaction(c, &registry_).Do(work);  // one by one
  if (auto r = c.Control(begin); !r) return r;
  core::Result<void> result;
  try {
    result = SqlTransaction(c, read_only ? &registry_ : nullptr).Do(work);
  } catch (...) {
    (void)c.Control("ROLLBACK");
    throw;
  }
  if (!result) {
    (void)c.Control("ROLLBACK");
    return result;
  }
  if (!read_only) local_commits_.fetch_add(1, std::memory_order_acq_rel);
  auto committed = c.Control("COMMIT");
  if (!read_only) local_commits_.fetch_add(1, std::memory_order_acq_rel);
  if (!committed) {
    (void)c.Control("ROLLBACK");
    return committed;
  }
  return core::Ok();
}

std::optional<std::uint64_t> SqlStore::ChangeToken() const {
  if (!external_changes_) return std::nullopt;
  auto local = local_commits_.load(std::memory_order_acquire);
  return external_changes_() * 0x9e3779b97f4a7c15ULL + local;
}

core::Result<void> SqlStore::RunSingleStatement(
    const std::function<core::Result<void>(Transaction&)>& work) {
  auto conn = pool_->Acquire();
  if (!conn) return core::Fail(conn.error());
  return SqlTransaction(**conn).Do(work);
}

core::Result<void> SqlStore::Ping() {
  auto conn = pool_->Acquire();
  if (!conn) return core::Fail(conn.error());
  auto rows = (*conn)->Query("SELECT 1");
  if (!rows) return core::Fail(rows.error());
  return core::Ok();
}

core::Result<int> SqlStore::SchemaVersion() {
  auto conn = pool_->Acquire();
  if (!conn) return core::Fail(conn.error());
  auto rows = (*conn)->Query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!rows) return core::Fail(rows.error());
  return static_cast<int>(rows->front().Int(0));
}

core::Result<int> SqlStore::Migrate(std::int64_t now) {
  auto conn = pool_->Acquire();
  if (!conn) return core::Fail(conn.error());
  return ApplyMigrations(**conn, EmbeddedMigrations(), now);
}

}  // namespace certkeep::store::internal
