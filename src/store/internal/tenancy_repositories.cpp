#include "store/internal/tenancy_repositories.h"

#include <nlohmann/json.hpp>

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kCustomerColumns = "SELECT id, uri, name, created_at FROM customer ";

core::Customer CustomerFromRow(const SqlRow& row) {
  return {.id = core::CustomerId{row.Int(0)},
          .uri = row.Text(1),
          .name = row.Text(2),
          .created_at = core::FromUnixSeconds(row.Int(3))};
}

constexpr std::string_view kOrgColumns =
    "SELECT id, customer_id, parent_id, name, alias, secondary_name, address1, address2, "
    "address3, city, state_or_province, postal_code, country, contact_emails, "
    "ssl_certs_api_enabled, client_certs_api_enabled, created_at, updated_at FROM organization ";

core::Organization OrgFromRow(const SqlRow& row) {
  core::Organization o;
  o.id = core::OrgId{row.Int(0)};
  o.customer_id = core::CustomerId{row.Int(1)};
  if (auto parent = row.OptionalInt(2)) o.parent_id = core::OrgId{*parent};
  o.name = row.Text(3);
  o.alias = row.Text(4);
  o.secondary_name = row.Text(5);
  o.address = {.address1 = row.Text(6),
               .address2 = row.Text(7),
               .address3 = row.Text(8),
               .city = row.Text(9),
               .state_or_province = row.Text(10),
               .postal_code = row.Text(11),
               .country = row.Text(12)};
  auto emails = nlohmann::json::parse(row.Text(13), nullptr, false);
  if (emails.is_array()) {
    for (const auto& e : emails) {
      if (e.is_string()) o.contact_emails.push_back(e.get<std::string>());
    }
  }
  o.ssl_certs_api_enabled = row.Int(14) != 0;
  o.client_certs_api_enabled = row.Int(15) != 0;
  o.created_at = core::FromUnixSeconds(row.Int(16));
  o.updated_at = core::FromUnixSeconds(row.Int(17));
  return o;
}

// The columns Insert and Update both write, in this order, and a last slot for Update's id.
std::vector<SqlValue> OrgValues(const core::Organization& o) {
  return {o.name,
          o.alias,
          o.secondary_name,
          o.address.address1,
          o.address.address2,
          o.address.address3,
          o.address.city,
          o.address.state_or_province,
          o.address.postal_code,
          o.address.country,
          nlohmann::json(o.contact_emails).dump(),
          std::int64_t{o.ssl_certs_api_enabled},
          std::int64_t{o.client_certs_api_enabled},
          core::ToUnixSeconds(o.updated_at),
          nullptr};  // the row id, for Update
}

core::Error NameTaken(const std::string& name, bool is_department) {
  return core::Error(core::ErrorCode::kConflict, core::Reason::kOrgNameTaken,
                     std::string(is_department ? "a department" : "an organization") + " named '" +
                         name + "' already exists");
}

}  // namespace

core::Result<core::CustomerId> SqlCustomerRepository::Insert(const core::Customer& c) {
  std::vector<SqlValue> params{c.uri, c.name, core::ToUnixSeconds(c.created_at)};
  // ON CONFLICT DO NOTHING reports a taken uri as no row, without aborting a PostgreSQL
  // transaction and without reading the driver's message.
  auto rows = conn_.Query(
      "INSERT INTO customer (uri, name, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT DO NOTHING RETURNING id",
      params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) {
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kStoreConstraint,
                      "customerUri '" + c.uri + "' is already taken");
  }
  return core::CustomerId{rows->front().Int(0)};
}

core::Result<core::Customer> SqlCustomerRepository::Get(core::CustomerId id) {
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, std::string(kCustomerColumns) + "WHERE id = ?", params, "customer");
  if (!row) return core::Fail(row.error());
  return CustomerFromRow(*row);
}

core::Result<core::Customer> SqlCustomerRepository::FindByUri(const std::string& uri) {
  std::vector<SqlValue> params{uri};
  auto row = QueryOne(conn_, std::string(kCustomerColumns) + "WHERE uri = ?", params,
                      "customer '" + uri + "'");
  if (!row) return core::Fail(row.error());
  return CustomerFromRow(*row);
}

core::Result<std::vector<core::Customer>> SqlCustomerRepository::List() {
  auto rows = conn_.Query(std::string(kCustomerColumns) + "ORDER BY id");
  if (!rows) return core::Fail(rows.error());
  std::vector<core::Customer> out;
  for (const auto& row : *rows) out.push_back(CustomerFromRow(row));
  return out;
}

core::Result<core::OrgId> SqlOrganizationRepository::Insert(const core::Organization& o) {
  std::vector<SqlValue> params{o.customer_id.value,
                               o.parent_id ? SqlValue(o.parent_id->value) : SqlValue(nullptr),
                               core::ToUnixSeconds(o.created_at)};
  auto values = OrgValues(o);
  params.insert(params.end(), values.begin(), values.end() - 1);  // no id slot
  // The only unique index besides the id is organization_name: no row back means the
  // name is taken under this parent.
  auto rows = conn_.Query(
      "INSERT INTO organization (customer_id, parent_id, created_at, name, alias, "
      "secondary_name, address1, address2, address3, city, state_or_province, postal_code, "
      "country, contact_emails, ssl_certs_api_enabled, client_certs_api_enabled, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING RETURNING id",
      params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::Fail(NameTaken(o.name, o.IsDepartment()));
  return core::OrgId{rows->front().Int(0)};
}

core::Result<void> SqlOrganizationRepository::Update(const core::Organization& o) {
  // UPDATE has no ON CONFLICT: look for a sibling of that name first, so the usual case
  // gets its precise reason (a concurrent rename on PostgreSQL still fails, as a plain
  // constraint Conflict).
  std::vector<SqlValue> check{o.id.value, o.name};
  auto sibling = conn_.Query(
      "SELECT s.id, t.parent_id FROM organization s JOIN organization t ON t.id = ? "
      "WHERE s.customer_id = t.customer_id AND COALESCE(s.parent_id, 0) = "
      "COALESCE(t.parent_id, 0) AND s.name = ? AND s.id <> t.id",
      check);
  if (!sibling) return core::Fail(sibling.error());
  if (!sibling->empty()) return core::Fail(NameTaken(o.name, !sibling->front().IsNull(1)));

  // The id last: OrgValues leaves room for it (appending after growth trips a g++ 12
  // false maybe-uninitialized warning on std::variant moves).
  auto params = OrgValues(o);
  params.back() = o.id.value;
  return ChangeOne(conn_,
                   "UPDATE organization SET name = ?, alias = ?, secondary_name = ?, "
                   "address1 = ?, address2 = ?, address3 = ?, city = ?, "
                   "state_or_province = ?, postal_code = ?, country = ?, contact_emails = ?, "
                   "ssl_certs_api_enabled = ?, client_certs_api_enabled = ?, updated_at = ? "
                   "WHERE id = ?",
                   params, "organization");
}

core::Result<void> SqlOrganizationRepository::Delete(core::OrgId id) {
  // Checked here rather than left to the foreign keys, so the caller learns what still
  // depends on the row (and a PostgreSQL transaction is not aborted by the attempt).
  std::vector<SqlValue> params{id.value, id.value, id.value, id.value};
  auto row = QueryOne(conn_,
                      "SELECT name, (SELECT COUNT(*) FROM organization WHERE parent_id = ?), "
                      "(SELECT COUNT(*) FROM admin_credential WHERE org_id = ?), "
                      "(SELECT COUNT(*) FROM domain_delegation WHERE org_id = ?) "
                      "FROM organization WHERE id = ?",
                      params, "organization");
  if (!row) return core::Fail(row.error());
  if (std::int64_t departments = row->Int(1); departments > 0) {
    return core::Fail(
        core::ErrorCode::kConflict, core::Reason::kOrgHasDependents,
        "'" + row->Text(0) + "' still has " + std::to_string(departments) + " department(s)");
  }
  if (std::int64_t credentials = row->Int(2); credentials > 0) {
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kOrgHasDependents,
                      "'" + row->Text(0) + "' still has " + std::to_string(credentials) +
                          " admin role(s) assigned to it");
  }
  if (std::int64_t delegations = row->Int(3); delegations > 0) {
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kOrgHasDependents,
                      "'" + row->Text(0) + "' still has " + std::to_string(delegations) +
                          " domain(s) delegated to it");
  }
  std::vector<SqlValue> key{id.value};
  auto deleted = conn_.Query("DELETE FROM organization WHERE id = ?", key);
  if (!deleted) return core::Fail(deleted.error());
  return core::Ok();
}

core::Result<core::Organization> SqlOrganizationRepository::Get(core::OrgId id) {
  return registry_.Read(&RegistryCache::Maps::organizations, std::to_string(id.value),
                        [&]() -> core::Result<core::Organization> {
                          std::vector<SqlValue> params{id.value};
                          auto row = QueryOne(conn_, std::string(kOrgColumns) + "WHERE id = ?",
                                              params, "organization");
                          if (!row) return core::Fail(row.error());
                          return OrgFromRow(*row);
                        });
}

core::Result<std::vector<core::Organization>> SqlOrganizationRepository::List(
    core::CustomerId customer) {
  std::vector<SqlValue> params{customer.value};
  auto rows = conn_.Query(std::string(kOrgColumns) + "WHERE customer_id = ? ORDER BY id", params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::Organization> out;
  for (const auto& row : *rows) out.push_back(OrgFromRow(row));
  return out;
}

}  // namespace certkeep::store::internal
