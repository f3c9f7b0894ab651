#pragma once
// The Store: one repository per aggregate, reached only inside an explicit transaction.
// Two back ends share one SQL implementation of the repositories (store/internal/):
// SQLite (embedded default, store/sqlite/) and PostgreSQL (scale-out, store/postgres/).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/admin.h"
#include "core/audit.h"
#include "core/certificate.h"
#include "core/certificate_authority.h"
#include "core/custom_field.h"
#include "core/domain.h"
#include "core/domain_validation.h"
#include "core/outbox.h"
#include "core/profile.h"
#include "core/result.h"
#include "core/session.h"
#include "core/ssl_certificate.h"
#include "core/tenancy.h"
#include "store/acme_repositories.h"
#include "store/enrollment_repositories.h"
#include "store/notification_repositories.h"
#include "store/revocation_repositories.h"
#include "store/ssl_query.h"

namespace certkeep::store {

/// The CAs of certkeep's own hierarchy.
class CaRepository {
 public:
  virtual ~CaRepository() = default;
  /// Inserts `ca` (its id is ignored) and returns the new id; Conflict on a taken name.
  [[nodiscard]] virtual core::Result<core::CaId> Insert(const core::CertificateAuthority& ca) = 0;
  /// The CA with `id`, or NotFound.
  [[nodiscard]] virtual core::Result<core::CertificateAuthority> Get(core::CaId id) = 0;
  /// The CA named `name`, or NotFound.
  [[nodiscard]] virtual core::Result<core::CertificateAuthority> FindByName(
      const std::string& name) = 0;
  /// Every CA, oldest first.
  [[nodiscard]] virtual core::Result<std::vector<core::CertificateAuthority>> List() = 0;
  /// Stores a cross-certificate of `cross.ca_id` (its id ignored); returns the new id.
  [[nodiscard]] virtual core::Result<std::int64_t> AddCross(
      const core::CrossCertificate& cross) = 0;
  /// The cross-certificates of `ca`, oldest first.
  [[nodiscard]] virtual core::Result<std::vector<core::CrossCertificate>> Crosses(
      core::CaId ca) = 0;
  /// Deletes `ca`'s cross-certificate `id`, or NotFound.
  [[nodiscard]] virtual core::Result<void> RemoveCross(core::CaId ca, std::int64_t id) = 0;
};

/// The head of one audit chain.
struct AuditChainHead {
  core::AuditId id{};
  std::string hash{};
};

/// Completes an audit record once it has its place in the chain (its prev_hash set):
/// its time and its hash.
using AuditSeal = std::function<void(core::AuditRecord&)>;

/// The hash-chained audit log: one chain per customer (0 is certkeep's own).
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  /// Adds `record` (id, prev_hash and hash ignored) to its customer's chain when the
  /// transaction's work is done, just before it commits: then the chain heads are locked
  /// (in customer order), each record in the order added gets its head's hash as
  /// prev_hash, is completed by its `seal`, and becomes the new head. So a use case may
  /// record at any point while the chain stays locked only for the transaction's last
  /// statements — on PostgreSQL every writer of a chain waits for that lock. A
  /// transaction that fails adds nothing.
  [[nodiscard]] virtual core::Result<void> Add(core::AuditRecord record, AuditSeal seal) = 0;
  /// Appends `record` (id ignored; hashes already computed by the writer) as the new head
  /// of its customer's chain at once; LockHead first, in the same transaction. Add does
  /// both at the end of the transaction.
  [[nodiscard]] virtual core::Result<core::AuditId> Append(const core::AuditRecord& record) = 0;
  /// The head of `customer`'s chain, locked until the transaction ends (PostgreSQL: a
  /// row lock; SQLite: the write lock), so two writers never fork a chain. nullopt for an
  /// empty chain.
  [[nodiscard]] virtual core::Result<std::optional<AuditChainHead>> LockHead(
      core::CustomerId customer) = 0;
  /// The newest record of any chain, if any.
  [[nodiscard]] virtual core::Result<std::optional<core::AuditRecord>> Last() = 0;
  /// Records of every chain with id greater than `after`, oldest first, at most `limit`.
  [[nodiscard]] virtual core::Result<std::vector<core::AuditRecord>> List(core::AuditId after,
                                                                          int limit) = 0;
  /// Records of `customer`'s chain with id greater than `after`, oldest first.
  [[nodiscard]] virtual core::Result<std::vector<core::AuditRecord>> ListChain(
      core::CustomerId customer, core::AuditId after, int limit) = 0;
  /// Records of `customer` with from <= at < to, oldest first, at most `limit`.
  [[nodiscard]] virtual core::Result<std::vector<core::AuditRecord>> ListBetween(
      core::CustomerId customer, core::TimePoint from, core::TimePoint to, int limit) = 0;
  /// Every chain's head.
  [[nodiscard]] virtual core::Result<std::vector<std::pair<core::CustomerId, AuditChainHead>>>
  Heads() = 0;
  /// Stores a signed checkpoint.
  [[nodiscard]] virtual core::Result<void> AddCheckpoint(
      const core::AuditCheckpoint& checkpoint) = 0;
  /// The checkpoints of `customer`'s chain, oldest first.
  [[nodiscard]] virtual core::Result<std::vector<core::AuditCheckpoint>> Checkpoints(
      core::CustomerId customer) = 0;
};

/// Customers (tenants).
class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;
  /// Inserts `customer` (id ignored); Conflict on a taken uri.
  [[nodiscard]] virtual core::Result<core::CustomerId> Insert(const core::Customer& customer) = 0;
  [[nodiscard]] virtual core::Result<core::Customer> Get(core::CustomerId id) = 0;
  /// The customer whose customerUri is `uri` (exact match), or NotFound.
  [[nodiscard]] virtual core::Result<core::Customer> FindByUri(const std::string& uri) = 0;
  [[nodiscard]] virtual core::Result<std::vector<core::Customer>> List() = 0;
};

/// Organizations and departments.
class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;
  /// Inserts `org` (id ignored); Conflict (kOrgNameTaken) when its parent (or the customer,
  /// for an organization) already has one of that name.
  [[nodiscard]] virtual core::Result<core::OrgId> Insert(const core::Organization& org) = 0;
  /// Replaces every field of the row `org.id` but customer and parent.
  [[nodiscard]] virtual core::Result<void> Update(const core::Organization& org) = 0;
  /// Deletes the row; Conflict (kOrgHasDependents) while departments, admins or domain
  /// delegations refer to it.
  [[nodiscard]] virtual core::Result<void> Delete(core::OrgId id) = 0;
  [[nodiscard]] virtual core::Result<core::Organization> Get(core::OrgId id) = 0;
  /// Every organization and department of `customer`, by id.
  [[nodiscard]] virtual core::Result<std::vector<core::Organization>> List(
      core::CustomerId customer) = 0;
};

/// What an admin list asks for; every field narrows it.
struct AdminQuery {
  core::CustomerId customer{};
  std::optional<std::string> login{};  ///< exact
  std::optional<std::string> email{};  ///< exact
  std::optional<core::AdminType> type{};
  std::optional<bool> suspended{};
  std::optional<core::OrgId> org_id{};  ///< holds a credential at this org/department
  std::optional<core::Role> role{};     ///< holds this role (with org_id: at that place)
  std::optional<std::string> identity_provider_id{};
  /// When set, only admins whose every credential is at one of these orgs/departments
  /// (the caller's scope); MRAOs are then never listed.
  std::optional<std::vector<core::OrgId>> within{};
  std::int64_t position = 0;
  std::int64_t size = 200;
};

/// One page of admins and how many match in all.
struct AdminPage {
  std::vector<core::Admin> admins;
  std::int64_t total = 0;
};

/// Administrators with their credentials, privileges and password state.
class AdminRepository {
 public:
  virtual ~AdminRepository() = default;
  /// Inserts `admin` (id ignored); Conflict (kLoginTaken) if its customer has the login.
  [[nodiscard]] virtual core::Result<core::AdminId> Insert(const core::Admin& admin) = 0;
  /// Replaces the whole admin `admin.id` (credentials and privileges included).
  [[nodiscard]] virtual core::Result<void> Update(const core::Admin& admin) = 0;
  [[nodiscard]] virtual core::Result<void> Delete(core::AdminId id) = 0;
  [[nodiscard]] virtual core::Result<core::Admin> Get(core::AdminId id) = 0;
  /// The admin of `customer` with `login` (exact), or NotFound.
  [[nodiscard]] virtual core::Result<core::Admin> FindByLogin(core::CustomerId customer,
                                                              const std::string& login) = 0;
  [[nodiscard]] virtual core::Result<AdminPage> List(const AdminQuery& query) = 0;
  /// How many unsuspended admins of `customer` hold `role`.
  [[nodiscard]] virtual core::Result<std::int64_t> CountActiveWithRole(core::CustomerId customer,
                                                                       core::Role role) = 0;
  /// The admin's credential version: the one indexed read a cached login costs.
  [[nodiscard]] virtual core::Result<std::int64_t> CredentialVersion(core::AdminId id) = 0;
  /// The admin's email address (NotFound if no such admin): what a notice to it needs,
  /// read without its credentials.
  [[nodiscard]] virtual core::Result<std::string> Email(core::AdminId id) = 0;
  /// How many admins hold a credential at `org` (an org cannot go while they do).
  [[nodiscard]] virtual core::Result<std::int64_t> CountAt(core::OrgId org) = 0;
};

/// What a domain list asks for; every field narrows it.
struct DomainQuery {
  core::CustomerId customer{};
  std::optional<std::string> name{};  ///< a substring of the name
  std::optional<bool> active{};
  std::optional<core::DelegationStatus> status{};  ///< has a delegation in this status
  std::optional<core::OrgId> org_id{};             ///< delegated to this org/department
  /// When set, only domains delegated to at least one of these (the caller's scope).
  std::optional<std::vector<core::OrgId>> within{};
  std::int64_t position = 0;
  std::int64_t size = 200;
};

/// One page of domains and how many match in all.
struct DomainPage {
  std::vector<core::Domain> domains;
  std::int64_t total = 0;
};

/// The domain registry with its delegations.
class DomainRepository {
 public:
  virtual ~DomainRepository() = default;
  /// Inserts `domain` with its delegations; Conflict (kDomainExists) when its customer
  /// has the name.
  [[nodiscard]] virtual core::Result<core::DomainId> Insert(const core::Domain& domain) = 0;
  [[nodiscard]] virtual core::Result<core::Domain> Get(core::DomainId id) = 0;
  /// The domain of `customer` named `name` (exact), or NotFound.
  [[nodiscard]] virtual core::Result<core::Domain> FindByName(core::CustomerId customer,
                                                              const std::string& name) = 0;
  /// Filtered and paged, by name; each with its delegations.
  [[nodiscard]] virtual core::Result<DomainPage> List(const DomainQuery& query) = 0;
  /// Every active domain of `customer` that could cover `name`: the rows named `name`,
  /// its parents, and the wildcard rows of those (for the issuance gate).
  [[nodiscard]] virtual core::Result<std::vector<core::Domain>> ListCandidates(
      core::CustomerId customer, const std::string& name) = 0;
  [[nodiscard]] virtual core::Result<void> Delete(core::DomainId id) = 0;
  [[nodiscard]] virtual core::Result<void> SetActive(core::DomainId id, bool active) = 0;
  /// Adds the delegation to `delegation.org_id`, or replaces the existing one.
  [[nodiscard]] virtual core::Result<void> PutDelegation(core::DomainId id,
                                                         const core::Delegation& delegation) = 0;
  /// Removes the delegation to `org`; NotFound (kDelegationMissing) if there is none.
  [[nodiscard]] virtual core::Result<void> RemoveDelegation(core::DomainId id, core::OrgId org) = 0;
};

/// Domain control validation: the current order of each name, and the validations.
class DcvRepository {
 public:
  virtual ~DcvRepository() = default;
  /// Stores `order` as the current order of its name, replacing any other.
  [[nodiscard]] virtual core::Result<core::DcvOrderId> PutOrder(const core::DcvOrder& order) = 0;
  [[nodiscard]] virtual core::Result<core::DcvOrder> GetOrder(core::DcvOrderId id) = 0;
  /// The current order of `name`, or NotFound.
  [[nodiscard]] virtual core::Result<core::DcvOrder> FindOrder(core::CustomerId customer,
                                                               const std::string& name) = 0;
  /// The orders of `customer` (all of them: a customer has one per name it validates).
  [[nodiscard]] virtual core::Result<std::vector<core::DcvOrder>> ListOrders(
      core::CustomerId customer) = 0;
  /// Records a check of the order: its state, when checked, the next check, the error.
  [[nodiscard]] virtual core::Result<void> UpdateOrder(const core::DcvOrder& order) = 0;
  [[nodiscard]] virtual core::Result<void> DeleteOrder(core::DcvOrderId id) = 0;
  /// Submitted orders whose next check is due at `now`, oldest first.
  [[nodiscard]] virtual core::Result<std::vector<core::DcvOrder>> DueOrders(core::TimePoint now,
                                                                            int limit) = 0;
  /// Stores a validation, replacing the one of the same name and method.
  [[nodiscard]] virtual core::Result<core::DomainValidationId> PutValidation(
      const core::DomainValidation& validation) = 0;
  /// The validations that could cover `name`: of the name and of each parent.
  [[nodiscard]] virtual core::Result<std::vector<core::DomainValidation>> ValidationsFor(
      core::CustomerId customer, const std::string& name) = 0;
  /// Every validation of `customer`.
  [[nodiscard]] virtual core::Result<std::vector<core::DomainValidation>> ListValidations(
      core::CustomerId customer) = 0;
  /// Removes the validations of exactly `name`; returns how many.
  [[nodiscard]] virtual core::Result<std::int64_t> DeleteValidations(core::CustomerId customer,
                                                                     const std::string& name) = 0;
  /// Validations of any customer expiring before `expiring_before`, not yet lapsed at
  /// `now`, and not re-checked since `checked_before`: the re-check job's work.
  [[nodiscard]] virtual core::Result<std::vector<core::DomainValidation>> DueRechecks(
      core::TimePoint now, core::TimePoint expiring_before, core::TimePoint checked_before,
      int limit) = 0;
  /// Records a re-check: its time, its error (empty: passed) and the validity.
  [[nodiscard]] virtual core::Result<void> UpdateValidation(
      const core::DomainValidation& validation) = 0;
};

/// SSL certificate requests and their certificates.
class SslRepository {
 public:
  virtual ~SslRepository() = default;
  /// Stores a new request (id ignored) and returns its id.
  [[nodiscard]] virtual core::Result<core::SslId> Insert(const core::SslCertificate& cert) = 0;
  [[nodiscard]] virtual core::Result<core::SslCertificate> Get(core::SslId id) = 0;
  /// The request `id` with, once signed, its certificate record (one statement: what a
  /// download needs), or NotFound.
  [[nodiscard]] virtual core::Result<
      std::pair<core::SslCertificate, std::optional<core::CertificateRecord>>>
  GetWithRecord(core::SslId id) = 0;
  /// By customer and serial (normalized hex), or NotFound.
  [[nodiscard]] virtual core::Result<core::SslCertificate> FindBySerial(
      core::CustomerId customer, const std::string& serial) = 0;
  [[nodiscard]] virtual core::Result<core::SslCertificate> FindByRenewId(
      core::CustomerId customer, const std::string& renew_id) = 0;
  /// The request whose certificate is `record` (of any customer), or NotFound.
  [[nodiscard]] virtual core::Result<core::SslCertificate> FindByCertificate(
      const core::CertificateRecord& record) = 0;
  /// Writes every field of `cert` (by id) but customer and requested_at.
  [[nodiscard]] virtual core::Result<void> Update(const core::SslCertificate& cert) = 0;
  /// Filtered and paged, newest first.
  [[nodiscard]] virtual core::Result<SslPage> List(const SslQuery& query) = 0;
  /// Certificates of any customer in `status`, oldest first (the jobs' work).
  [[nodiscard]] virtual core::Result<std::vector<core::SslCertificate>> WithStatus(
      core::SslStatus status, int limit) = 0;
  /// Issued certificates past `expires_at` at `now`.
  [[nodiscard]] virtual core::Result<std::vector<core::SslCertificate>> ExpiredAt(
      core::TimePoint now, int limit) = 0;
  /// Issued certificates with auto-renew on whose renewal is due at `now` (expires_at
  /// minus auto_renew_days) and that no renewal links back to yet.
  [[nodiscard]] virtual core::Result<std::vector<core::SslCertificate>> DueForRenewal(
      core::TimePoint now, int limit) = 0;
};

/// A customer's custom fields.
class CustomFieldRepository {
 public:
  virtual ~CustomFieldRepository() = default;
  /// Inserts `field` (id ignored); Conflict (kCustomFieldNameTaken) when the customer has
  /// a field of that type and name (any case).
  [[nodiscard]] virtual core::Result<core::CustomFieldId> Insert(
      const core::CustomField& field) = 0;
  /// Rewrites every column but the customer; Conflict as Insert.
  [[nodiscard]] virtual core::Result<void> Update(const core::CustomField& field) = 0;
  [[nodiscard]] virtual core::Result<void> Delete(core::CustomFieldId id) = 0;
  [[nodiscard]] virtual core::Result<core::CustomField> Get(core::CustomFieldId id) = 0;
  /// The customer's fields (of one type, if given), in id order.
  [[nodiscard]] virtual core::Result<std::vector<core::CustomField>> List(
      core::CustomerId customer, std::optional<core::CertType> cert_type) = 0;
};

/// What an outbox list asks for.
struct OutboxQuery {
  std::optional<core::CustomerId> customer{};
  std::optional<core::OutboxStatus> status{};
  std::int64_t position = 0;
  std::int64_t size = 200;
};

/// Email waiting for delivery, and what became of it.
class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  /// Writes `mail`; false (and nothing written) when its dedup key was written before.
  [[nodiscard]] virtual core::Result<bool> Enqueue(const core::OutboxMail& mail) = 0;
  /// Enqueue for a caller that does not ask whether the dedup key was taken: PostgreSQL
  /// sends it with the transaction's next statement or its COMMIT, in the same round trip.
  [[nodiscard]] virtual core::Result<void> Post(const core::OutboxMail& mail) = 0;
  /// Pending mail due at `now`, oldest first.
  [[nodiscard]] virtual core::Result<std::vector<core::OutboxMail>> Due(core::TimePoint now,
                                                                        int limit) = 0;
  /// Records a delivery attempt: status, attempts, next attempt, sent time, error.
  [[nodiscard]] virtual core::Result<void> Update(const core::OutboxMail& mail) = 0;
  [[nodiscard]] virtual core::Result<core::OutboxMail> Get(core::OutboxId id) = 0;
  /// Newest first.
  [[nodiscard]] virtual core::Result<std::vector<core::OutboxMail>> List(
      const OutboxQuery& query) = 0;
  /// How many List would find without paging.
  [[nodiscard]] virtual core::Result<std::int64_t> Count(const OutboxQuery& query) = 0;
};

/// Console sessions, by the SHA-256 of their token.
class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  [[nodiscard]] virtual core::Result<void> Insert(const core::Session& session) = 0;
  [[nodiscard]] virtual core::Result<core::Session> Find(const std::string& token_hash) = 0;
  [[nodiscard]] virtual core::Result<void> Touch(const std::string& token_hash,
                                                 core::TimePoint at) = 0;
  [[nodiscard]] virtual core::Result<void> Delete(const std::string& token_hash) = 0;
  /// Ends every session of `admin`.
  [[nodiscard]] virtual core::Result<void> DeleteForAdmin(core::AdminId admin) = 0;
  /// Removes sessions idle since before `idle_before` or created before `created_before`;
  /// returns how many.
  [[nodiscard]] virtual core::Result<std::int64_t> DeleteExpired(
      core::TimePoint idle_before, core::TimePoint created_before) = 0;
};

/// Certificate profiles.
class ProfileRepository {
 public:
  virtual ~ProfileRepository() = default;
  /// Inserts `profile` (id ignored); Conflict on a taken name.
  [[nodiscard]] virtual core::Result<core::ProfileId> Insert(
      const core::CertificateProfile& profile, core::TimePoint now) = 0;
  /// Replaces the definition of the profile with `profile.id`.
  [[nodiscard]] virtual core::Result<void> Update(const core::CertificateProfile& profile,
                                                  core::TimePoint now) = 0;
  [[nodiscard]] virtual core::Result<core::CertificateProfile> Get(core::ProfileId id) = 0;
  [[nodiscard]] virtual core::Result<core::CertificateProfile> FindByName(
      const std::string& name) = 0;
  /// Every profile, by id.
  [[nodiscard]] virtual core::Result<std::vector<core::CertificateProfile>> List() = 0;
};

/// A revoked certificate as a CRL lists it.
struct RevokedSerial {
  std::string serial;  ///< lower-case hex
  core::TimePoint revoked_at;
  int reason;
};

/// The certificates the CA issued (and the serials it reserved).
class CertificateRepository {
 public:
  virtual ~CertificateRepository() = default;
  /// Records `record` with status reserved — or issued, when it is issued and carries its
  /// PEM (signed before its serial was recorded); Conflict (kSerialCollision) if the serial
  /// exists.
  [[nodiscard]] virtual core::Result<core::CertificateId> Reserve(
      const core::CertificateRecord& record) = 0;
  /// Stores the signed certificate of a reserved record and marks it issued.
  [[nodiscard]] virtual core::Result<void> MarkIssued(core::CertificateId id,
                                                      const std::string& pem) = 0;
  /// Marks an issued certificate revoked; Conflict (kAlreadyRevoked) if it already is.
  [[nodiscard]] virtual core::Result<void> Revoke(core::CertificateId id, core::TimePoint at,
                                                  int reason) = 0;
  [[nodiscard]] virtual core::Result<core::CertificateRecord> Get(core::CertificateId id) = 0;
  [[nodiscard]] virtual core::Result<core::CertificateRecord> FindBySerial(
      const std::string& serial) = 0;
  /// Revoked certificates of `issuer` not yet expired at `now`, in serial order, one at a
  /// time (a CRL of a million entries is streamed, never held as rows).
  [[nodiscard]] virtual core::Result<void> ForEachRevoked(
      core::CaId issuer, core::TimePoint now,
      const std::function<void(const RevokedSerial&)>& visit) = 0;
  /// When a certificate of `issuer` was last revoked (epoch if never).
  [[nodiscard]] virtual core::Result<core::TimePoint> LastRevokedAt(core::CaId issuer) = 0;
  /// How many records have `status`.
  [[nodiscard]] virtual core::Result<std::int64_t> Count(core::CertificateStatus status) = 0;
};

/// Leases that keep several nodes from running one job at once.
class JobLeaseRepository {
 public:
  virtual ~JobLeaseRepository() = default;
  /// Takes (or renews) the lease of job `name` for `holder` until `until`, if it is free,
  /// expired, or already ours and the job's last run is older than `due_before`. True
  /// when the caller now holds it and should run the job.
  [[nodiscard]] virtual core::Result<bool> Acquire(const std::string& name,
                                                   const std::string& holder, core::TimePoint now,
                                                   core::TimePoint until,
                                                   core::TimePoint due_before) = 0;
  /// Records a finished run and releases the lease.
  [[nodiscard]] virtual core::Result<void> Finish(const std::string& name,
                                                  const std::string& holder,
                                                  core::TimePoint now) = 0;
};

/// The repositories, valid only during one transaction.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual CaRepository& cas() = 0;
  virtual AuditRepository& audit() = 0;
  virtual ProfileRepository& profiles() = 0;
  virtual CertificateRepository& certificates() = 0;
  virtual CrlRepository& crls() = 0;
  virtual OcspResponseRepository& ocsp_responses() = 0;
  virtual JobLeaseRepository& job_leases() = 0;
  virtual CustomerRepository& customers() = 0;
  virtual OrganizationRepository& organizations() = 0;
  virtual AdminRepository& admins() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual DomainRepository& domains() = 0;
  virtual DcvRepository& dcv() = 0;
  virtual OutboxRepository& outbox() = 0;
  virtual SslRepository& ssl() = 0;
  virtual CustomFieldRepository& custom_fields() = 0;
  virtual ExternalAccountRepository& external_accounts() = 0;
  virtual AcmeRepository& acme() = 0;
  virtual NotificationRepository& notifications() = 0;
  virtual EnrollmentRepository& enrollments() = 0;
};

/// The whole persistent state.
class Store {
 public:
  virtual ~Store() = default;

  /// Runs `work` (a callable taking Transaction& and returning Result<T>) in one
  /// transaction: committed if it returns a value, rolled back if it returns an error
  /// or throws (the exception is rethrown).
  template <typename F>
  [[nodiscard]] std::invoke_result_t<F, Transaction&> Transact(F&& work) {
    return Collect(work, [this](const auto& run) { return RunInTransaction(run); });
  }

  /// Like Transact, for work that only reads: it takes no write lock (SQLite: a deferred
  /// transaction, one snapshot for all its statements; PostgreSQL: its statements one by
  /// one on a read-only session, each with its own snapshot as READ COMMITTED gives inside
  /// a transaction too), so readers never queue behind writers.
  template <typename F>
  [[nodiscard]] std::invoke_result_t<F, Transaction&> Read(F&& work) {
    return Collect(work, [this](const auto& run) { return RunInReadTransaction(run); });
  }

  /// Like Read, for work that is a single statement: no BEGIN/COMMIT around it (one
  /// statement is atomic by itself), so the hottest lookups — the credential version a
  /// cached login checks on every request — cost one step instead of three on SQLite
  /// (PostgreSQL's reads have no BEGIN anyway) and never meet the registry cache.
  template <typename F>
  [[nodiscard]] std::invoke_result_t<F, Transaction&> ReadOne(F&& work) {
    return Collect(work, [this](const auto& run) { return RunSingleStatement(run); });
  }

  /// Runs `work`, which issues exactly one statement, outside a transaction; see ReadOne.
  [[nodiscard]] virtual core::Result<void> RunSingleStatement(
      const std::function<core::Result<void>(Transaction&)>& work) = 0;

  /// Runs `work` in one read-only transaction; see Read.
  [[nodiscard]] virtual core::Result<void> RunInReadTransaction(
      const std::function<core::Result<void>(Transaction&)>& work) = 0;

  /// Runs `work` in one transaction; see the template above.
  [[nodiscard]] virtual core::Result<void> RunInTransaction(
      const std::function<core::Result<void>(Transaction&)>& work) = 0;

  /// A value that changes whenever a write transaction commits, in this process or any
  /// other; nullopt when the back end cannot tell without a query (PostgreSQL: other
  /// nodes write too). Take it before reading: an unchanged token means an earlier read
  /// is still current.
  [[nodiscard]] virtual std::optional<std::uint64_t> ChangeToken() const = 0;

  /// Checks that the store answers (for /healthz).
  [[nodiscard]] virtual core::Result<void> Ping() = 0;
  /// The highest applied migration.
  [[nodiscard]] virtual core::Result<int> SchemaVersion() = 0;
  /// "sqlite" or "postgres".
  [[nodiscard]] virtual std::string_view backend() const = 0;

 private:
  // Runs `work` through `run_in` (a write or a read transaction) and hands back its value.
  template <typename F, typename Runner>
  static std::invoke_result_t<F, Transaction&> Collect(F& work, const Runner& run_in) {
    using R = std::invoke_result_t<F, Transaction&>;
    if constexpr (std::is_void_v<typename R::value_type>) {
      return run_in(std::function<core::Result<void>(Transaction&)>(work));
    } else {
      std::optional<typename R::value_type> value;
      auto done = run_in(std::function<core::Result<void>(Transaction&)>(
          [&](Transaction& tx) -> core::Result<void> {
            auto r = work(tx);
            if (!r) return core::Fail(r.error());
            value.emplace(std::move(*r));
            return core::Ok();
          }));
      if (!done) return core::Fail(done.error());
      return std::move(*value);
    }
  }
};

/// How to open the store.
struct StoreOptions {
  enum class Backend { kSqlite, kPostgres };
  Backend backend = Backend::kSqlite;
  std::string sqlite_path;     ///< a file, or ":memory:" (one connection)
  std::string postgres_dsn;    ///< libpq connection string or URI
  int pool_size = 8;           ///< connections kept open
  int busy_timeout_ms = 5000;  ///< SQLite lock wait; pool wait on both back ends
  /// SQLite: how stale ChangeToken's view of commits by other processes may be.
  std::chrono::nanoseconds foreign_change_max_age = std::chrono::milliseconds(1);
};

/// Opens the store and applies pending migrations (each in its own transaction).
[[nodiscard]] core::Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options,
                                                             const core::Clock& clock);

}  // namespace certkeep::store
