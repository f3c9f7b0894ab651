#pragma once
// Administrators: one admin row (privileges as a sorted, comma-separated list of SCM
// names) and one admin_credential row per role held.

#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

/// AdminRepository in portable SQL. Update keeps the row's customer, creator and
/// creation time: an admin never moves to another customer.
class SqlAdminRepository final : public AdminRepository {
 public:
  explicit SqlAdminRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<core::AdminId> Insert(const core::Admin& admin) override;
  core::Result<void> Update(const core::Admin& admin) override;
  core::Result<void> Delete(core::AdminId id) override;
  core::Result<core::Admin> Get(core::AdminId id) override;
  core::Result<core::Admin> FindByLogin(core::CustomerId customer,
                                        const std::string& login) override;
  core::Result<AdminPage> List(const AdminQuery& query) override;
  core::Result<std::int64_t> CountActiveWithRole(core::CustomerId customer,
                                                 core::Role role) override;
  core::Result<std::int64_t> CredentialVersion(core::AdminId id) override;
  core::Result<std::string> Email(core::AdminId id) override;
  core::Result<std::int64_t> CountAt(core::OrgId org) override;

 private:
  // The one admin matching `where` (on alias a), credentials included, or NotFound.
  core::Result<core::Admin> One(const std::string& where, std::span<const SqlValue> params,
                                std::string_view what);
  // Reads the credentials of `admins` in one query.
  core::Result<void> LoadCredentials(std::vector<core::Admin>& admins);
  core::Result<void> WriteCredentials(core::AdminId admin,
                                      const std::vector<core::Credential>& credentials);

  SqlConnection& conn_;
};

}  // namespace certkeep::store::internal
