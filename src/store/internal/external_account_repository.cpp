#include <nlohmann/json.hpp>

#include "store/internal/acme_repository.h"

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kColumns =
    "SELECT id, customer_id, org_id, name, acme_server, key_id, mac_key, status, "
    "cert_validation_type, domains, created_at FROM acme_external_account ";

core::ExternalAccount FromRow(const SqlRow& row) {
  return core::ExternalAccount{.id = core::ExternalAccountId{row.Int(0)},
                               .customer_id = core::CustomerId{row.Int(1)},
                               .org_id = core::OrgId{row.Int(2)},
                               .name = row.Text(3),
                               .acme_server = row.Text(4),
                               .key_id = row.Text(5),
                               .mac_key = row.Text(6),
                               .status = core::ParseExternalAccountStatus(row.Text(7))
                                             .value_or(core::ExternalAccountStatus::kDeactivated),
                               .cert_validation_type = row.Text(8),
                               .domains = TextsOfJson(row.Text(9)),
                               .created_at = core::FromUnixSeconds(row.Int(10))};
}

}  // namespace

core::Result<core::ExternalAccountId> SqlExternalAccountRepository::Insert(
    const core::ExternalAccount& a) {
  std::vector<SqlValue> params{a.customer_id.value,
                               a.org_id.value,
                               a.name,
                               a.acme_server,
                               a.key_id,
                               a.mac_key,
                               std::string(core::ToString(a.status)),
                               a.cert_validation_type,
                               nlohmann::json(a.domains).dump(),
                               core::ToUnixSeconds(a.created_at)};
  // A taken key_id returns no row, without aborting a PostgreSQL transaction.
  auto rows = conn_.Query(
      "INSERT INTO acme_external_account (customer_id, org_id, name, acme_server, key_id, "
      "mac_key, status, cert_validation_type, domains, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
      params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) {
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kStoreConstraint,
                      "the macId is taken");
  }
  return core::ExternalAccountId{rows->front().Int(0)};
}

core::Result<void> SqlExternalAccountRepository::Update(const core::ExternalAccount& a) {
  std::vector<SqlValue> params{a.name, std::string(core::ToString(a.status)),
                               nlohmann::json(a.domains).dump(), a.id.value};
  return ChangeOne(conn_,
                   "UPDATE acme_external_account SET name = ?, status = ?, domains = ? "
                   "WHERE id = ?",
                   params, "ACME account");
}

core::Result<void> SqlExternalAccountRepository::MarkUsed(core::ExternalAccountId id) {
  std::vector<SqlValue> params{id.value};
  auto rows = conn_.Query(
      "UPDATE acme_external_account SET status = 'valid' WHERE id = ? AND status = 'pending'",
      params);
  if (!rows) return core::Fail(rows.error());
  return core::Ok();
}

core::Result<void> SqlExternalAccountRepository::Delete(core::ExternalAccountId id) {
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, "DELETE FROM acme_external_account WHERE id = ? RETURNING id", params,
                      "ACME account");
  if (!row) return core::Fail(row.error());
  return core::Ok();
}

core::Result<core::ExternalAccount> SqlExternalAccountRepository::Get(core::ExternalAccountId id) {
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, std::string(kColumns) + "WHERE id = ?", params, "ACME account");
  if (!row) return core::Fail(row.error());
  return FromRow(*row);
}

core::Result<core::ExternalAccount> SqlExternalAccountRepository::FindByKeyId(
    const std::string& key_id) {
  std::vector<SqlValue> params{key_id};
  auto row = QueryOne(conn_, std::string(kColumns) + "WHERE key_id = ?", params, "ACME account");
  if (!row) return core::Fail(row.error());
  return FromRow(*row);
}

core::Result<ExternalAccountPage> SqlExternalAccountRepository::List(
    const ExternalAccountQuery& q) {
  std::string where = "WHERE customer_id = ?";
  std::vector<SqlValue> params{q.customer.value};
  if (q.within) {
    std::vector<std::int64_t> ids;
    for (auto id : *q.within) ids.push_back(id.value);
    where += " AND org_id IN " + std::string(IdsFromParam(conn_.dialect()));
    params.emplace_back(JsonIdArray(ids));
  }
  if (q.org && q.with_departments) {
    where += " AND org_id IN (SELECT id FROM organization WHERE id = ? OR parent_id = ?)";
    params.emplace_back(q.org->value);
    params.emplace_back(q.org->value);
  } else if (q.org) {
    where += " AND org_id = ?";
    params.emplace_back(q.org->value);
  }
  if (q.name) {
    where += " AND LOWER(name) LIKE LOWER(?) ESCAPE '\\'";
    params.emplace_back("%" + LikeEscaped(*q.name) + "%");
  }
  if (q.acme_server) {
    where += " AND acme_server = ?";
    params.emplace_back(*q.acme_server);
  }
  if (q.status) {
    where += " AND status = ?";
    params.emplace_back(std::string(core::ToString(*q.status)));
  }
  auto total = CountRows(conn_, "FROM acme_external_account " + where, params, "ACME accounts");
  if (!total) return core::Fail(total.error());
  auto rows = conn_.Query(std::string(kColumns) + where + " ORDER BY id LIMIT ? OFFSET ?",
                          WithPage(params, q.size, q.position));
  if (!rows) return core::Fail(rows.error());
  ExternalAccountPage page{.items = {}, .total = *total};
  for (const auto& row : *rows) page.items.push_back(FromRow(row));
  return page;
}

}  // namespace certkeep::store::internal
