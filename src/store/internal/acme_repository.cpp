#include "store/internal/acme_repository.h"

#include <nlohmann/json.hpp>

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kAccountColumns =
    "SELECT id, customer_id, org_id, external_account_id, directory, jwk, thumbprint, status, "
    "contacts, created_at FROM acme_account ";
constexpr std::string_view kOrderColumns =
    "SELECT id, account_id, status, identifiers, profile_id, expires_at, not_before, not_after, "
    "error, ssl_id, created_at, replaces, replaces_ssl_id FROM acme_order ";
constexpr std::string_view kAuthzColumns =
    "SELECT id, order_id, account_id, identifier, wildcard, status, expires_at "
    "FROM acme_authorization ";
constexpr std::string_view kChallengeColumns =
    "SELECT id, authorization_id, type, token, status, validated_at, error FROM acme_challenge ";

SqlValue TimeParam(const std::optional<core::TimePoint>& t) {
  return t ? SqlValue(core::ToUnixSeconds(*t)) : SqlValue(nullptr);
}

std::optional<core::TimePoint> TimeOf(const SqlRow& row, std::size_t i) {
  auto v = row.OptionalInt(i);
  if (!v) return std::nullopt;
  return core::FromUnixSeconds(*v);
}

core::AcmeAccount AccountFromRow(const SqlRow& row) {
  core::AcmeAccount a{
      .id = core::AcmeAccountId{row.Int(0)},
      .customer_id = core::CustomerId{row.Int(1)},
      .org_id = core::OrgId{row.Int(2)},
      .external_account_id = std::nullopt,
      .directory = row.Text(4),
      .jwk = row.Text(5),
      .thumbprint = row.Text(6),
      .status =
          core::ParseAcmeAccountStatus(row.Text(7)).value_or(core::AcmeAccountStatus::kDeactivated),
      .contacts = TextsOfJson(row.Text(8)),
      .created_at = core::FromUnixSeconds(row.Int(9))};
  if (auto e = row.OptionalInt(3)) a.external_account_id = core::ExternalAccountId{*e};
  return a;
}

core::AcmeOrder OrderFromRow(const SqlRow& row) {
  core::AcmeOrder o{
      .id = core::AcmeOrderId{row.Int(0)},
      .account_id = core::AcmeAccountId{row.Int(1)},
      .status = core::ParseAcmeStatus(row.Text(2)).value_or(core::AcmeStatus::kInvalid),
      .identifiers = TextsOfJson(row.Text(3)),
      .profile_id = core::ProfileId{row.Int(4)},
      .expires = core::FromUnixSeconds(row.Int(5)),
      .not_before = TimeOf(row, 6),
      .not_after = TimeOf(row, 7),
      .error = row.Text(8),
      .certificate_id = std::nullopt,
      .created_at = core::FromUnixSeconds(row.Int(10)),
      .replaces = row.Text(11),
      .replaces_ssl_id = std::nullopt};
  if (auto replaced = row.OptionalInt(12)) o.replaces_ssl_id = core::SslId{*replaced};
  if (auto s = row.OptionalInt(9)) o.certificate_id = core::SslId{*s};
  return o;
}

core::AcmeAuthorization AuthzFromRow(const SqlRow& row) {
  return {.id = core::AcmeAuthorizationId{row.Int(0)},
          .order_id = core::AcmeOrderId{row.Int(1)},
          .account_id = core::AcmeAccountId{row.Int(2)},
          .identifier = row.Text(3),
          .wildcard = row.Int(4) != 0,
          .status = core::ParseAcmeStatus(row.Text(5)).value_or(core::AcmeStatus::kInvalid),
          .expires = core::FromUnixSeconds(row.Int(6))};
}

core::AcmeChallenge ChallengeFromRow(const SqlRow& row) {
  return {.id = core::AcmeChallengeId{row.Int(0)},
          .authorization_id = core::AcmeAuthorizationId{row.Int(1)},
          .type = core::ParseChallengeType(row.Text(2)).value_or(core::ChallengeType::kHttp01),
          .token = row.Text(3),
          .status = core::ParseAcmeStatus(row.Text(4)).value_or(core::AcmeStatus::kInvalid),
          .validated_at = TimeOf(row, 5),
          .error = row.Text(6)};
}

core::Error KeyInUse() {
  return core::Error(core::ErrorCode::kConflict, core::Reason::kAcmeKeyInUse,
                     "an account with this key exists already");
}

}  // namespace

// Accounts.

core::Result<core::AcmeAccountId> SqlAcmeRepository::InsertAccount(const core::AcmeAccount& a) {
  SqlValue external =
      a.external_account_id ? SqlValue(a.external_account_id->value) : SqlValue(nullptr);
  std::vector<SqlValue> params{a.customer_id.value,
                               a.org_id.value,
                               external,
                               a.directory,
                               a.jwk,
                               a.thumbprint,
                               std::string(core::ToString(a.status)),
                               nlohmann::json(a.contacts).dump(),
                               core::ToUnixSeconds(a.created_at)};
  auto id = InsertReturningId(
      conn_,
      "INSERT INTO acme_account (customer_id, org_id, external_account_id, directory, jwk, "
      "thumbprint, status, contacts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING",
      params);
  if (!id) return core::Fail(id.error());
  if (!*id) return core::Fail(KeyInUse());
  return core::AcmeAccountId{**id};
}

core::Result<void> SqlAcmeRepository::UpdateAccount(const core::AcmeAccount& a) {
  // A key change to a key registered already finds the row taken: checked first, so the
  // constraint never aborts a PostgreSQL transaction.
  std::vector<SqlValue> check{a.directory, a.thumbprint, a.id.value};
  auto taken = conn_.Query(
      "SELECT id FROM acme_account WHERE directory = ? AND thumbprint = ? AND id <> ?", check);
  if (!taken) return core::Fail(taken.error());
  if (!taken->empty()) return core::Fail(KeyInUse());
  std::vector<SqlValue> params{std::string(core::ToString(a.status)),
                               nlohmann::json(a.contacts).dump(), a.jwk, a.thumbprint, a.id.value};
  return ChangeOne(conn_,
                   "UPDATE acme_account SET status = ?, contacts = ?, jwk = ?, thumbprint = ? "
                   "WHERE id = ?",
                   params, "ACME account");
}

core::Result<std::vector<core::AcmeAccount>> SqlAcmeRepository::Accounts(
    std::string_view where, std::span<const SqlValue> params) {
  auto rows = conn_.Query(std::string(kAccountColumns) + std::string(where), params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::AcmeAccount> out;
  for (const auto& row : *rows) out.push_back(AccountFromRow(row));
  return out;
}

core::Result<core::AcmeAccount> SqlAcmeRepository::GetAccount(core::AcmeAccountId id) {
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, std::string(kAccountColumns) + "WHERE id = ?", params, "ACME account");
  if (!row) return core::Fail(row.error());
  return AccountFromRow(*row);
}

core::Result<core::AcmeAccount> SqlAcmeRepository::FindAccount(const std::string& directory,
                                                               const std::string& thumbprint) {
  std::vector<SqlValue> params{directory, thumbprint};
  auto row =
      QueryOne(conn_, std::string(kAccountColumns) + "WHERE directory = ? AND thumbprint = ?",
               params, "ACME account");
  if (!row) return core::Fail(row.error());
  return AccountFromRow(*row);
}

core::Result<std::vector<core::AcmeAccount>> SqlAcmeRepository::AccountsOf(
    core::ExternalAccountId external) {
  std::vector<SqlValue> params{external.value};
  return Accounts("WHERE external_account_id = ? ORDER BY id", params);
}

// Nonces.

core::Result<void> SqlAcmeRepository::InsertNonce(const std::string& value,
                                                  core::TimePoint expires) {
  std::vector<SqlValue> params{value, core::ToUnixSeconds(expires)};
  auto rows = conn_.Query("INSERT INTO acme_nonce (value, expires_at) VALUES (?, ?)", params);
  if (!rows) return core::Fail(rows.error());
  return core::Ok();
}

core::Result<bool> SqlAcmeRepository::ConsumeNonce(const std::string& value, core::TimePoint now) {
  // One statement: of two nodes using the same nonce at once, one deletes the row.
  std::vector<SqlValue> params{value, core::ToUnixSeconds(now)};
  auto changed = conn_.Execute("DELETE FROM acme_nonce WHERE value = ? AND expires_at > ?", params);
  if (!changed) return core::Fail(changed.error());
  return changed->rows > 0;
}

core::Result<std::int64_t> SqlAcmeRepository::PurgeNonces(core::TimePoint now) {
  std::vector<SqlValue> params{core::ToUnixSeconds(now)};
  auto changed = conn_.Execute("DELETE FROM acme_nonce WHERE expires_at <= ?", params);
  if (!changed) return core::Fail(changed.error());
  return changed->rows;
}

// Orders.

core::Result<core::AcmeOrderId> SqlAcmeRepository::InsertOrder(const core::AcmeOrder& o) {
  SqlValue ssl = o.certificate_id ? SqlValue(o.certificate_id->value) : SqlValue(nullptr);
  std::vector<SqlValue> params{
      o.account_id.value,
      std::string(core::ToString(o.status)),
      nlohmann::json(o.identifiers).dump(),
      o.profile_id.value,
      core::ToUnixSeconds(o.expires),
      TimeParam(o.not_before),
      TimeParam(o.not_after),
      o.error,
      ssl,
      core::ToUnixSeconds(o.created_at),
      o.replaces,
      o.replaces_ssl_id ? SqlValue(o.replaces_ssl_id->value) : SqlValue(nullptr)};
  auto id = InsertId(conn_,
                     "INSERT INTO acme_order (account_id, status, identifiers, profile_id, "
                     "expires_at, not_before, not_after, error, ssl_id, created_at, replaces, "
                     "replaces_ssl_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     params);
  if (!id) return core::Fail(id.error());
  return core::AcmeOrderId{*id};
}

core::Result<void> SqlAcmeRepository::UpdateOrder(const core::AcmeOrder& o) {
  SqlValue ssl = o.certificate_id ? SqlValue(o.certificate_id->value) : SqlValue(nullptr);
  std::vector<SqlValue> params{std::string(core::ToString(o.status)), o.error, ssl, o.id.value};
  return ChangeOne(conn_, "UPDATE acme_order SET status = ?, error = ?, ssl_id = ? WHERE id = ? ",
                   params, "ACME order");
}

core::Result<std::vector<core::AcmeOrder>> SqlAcmeRepository::Orders(
    std::string_view tail, std::span<const SqlValue> params) {
  auto rows = conn_.Query(std::string(kOrderColumns) + std::string(tail), params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::AcmeOrder> out;
  for (const auto& row : *rows) out.push_back(OrderFromRow(row));
  return out;
}

core::Result<core::AcmeOrder> SqlAcmeRepository::GetOrder(core::AcmeOrderId id) {
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, std::string(kOrderColumns) + "WHERE id = ?", params, "ACME order");
  if (!row) return core::Fail(row.error());
  return OrderFromRow(*row);
}

core::Result<std::vector<core::AcmeOrder>> SqlAcmeRepository::OrdersReplacing(core::SslId ssl) {
  std::vector<SqlValue> params{ssl.value};
  return Orders("WHERE replaces_ssl_id = ? ORDER BY id", params);
}

core::Result<std::vector<core::AcmeOrder>> SqlAcmeRepository::OrdersOf(core::AcmeAccountId account,
                                                                       core::AcmeOrderId after,
                                                                       int limit) {
  std::vector<SqlValue> params{account.value, after.value, std::int64_t{limit}};
  return Orders("WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?", params);
}

core::Result<std::optional<core::AcmeOrder>> SqlAcmeRepository::OrderOfCertificate(
    core::SslId ssl) {
  std::vector<SqlValue> params{ssl.value};
  auto orders = Orders("WHERE ssl_id = ? ORDER BY id LIMIT 1", params);
  if (!orders) return core::Fail(orders.error());
  if (orders->empty()) return std::optional<core::AcmeOrder>{};
  return std::optional<core::AcmeOrder>{orders->front()};
}

// Authorizations.

core::Result<core::AcmeAuthorizationId> SqlAcmeRepository::InsertAuthorization(
    const core::AcmeAuthorization& a) {
  std::vector<SqlValue> params{a.order_id.value,
                               a.account_id.value,
                               a.identifier,
                               std::int64_t{a.wildcard},
                               std::string(core::ToString(a.status)),
                               core::ToUnixSeconds(a.expires)};
  auto id = InsertId(conn_,
                     "INSERT INTO acme_authorization (order_id, account_id, identifier, "
                     "wildcard, status, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                     params);
  if (!id) return core::Fail(id.error());
  return core::AcmeAuthorizationId{*id};
}

core::Result<void> SqlAcmeRepository::UpdateAuthorization(const core::AcmeAuthorization& a) {
  std::vector<SqlValue> params{std::string(core::ToString(a.status)),
                               core::ToUnixSeconds(a.expires), a.id.value};
  return ChangeOne(conn_, "UPDATE acme_authorization SET status = ?, expires_at = ? WHERE id = ? ",
                   params, "ACME authorization");
}

core::Result<core::AcmeAuthorization> SqlAcmeRepository::GetAuthorization(
    core::AcmeAuthorizationId id) {
  std::vector<SqlValue> params{id.value};
  auto row =
      QueryOne(conn_, std::string(kAuthzColumns) + "WHERE id = ?", params, "ACME authorization");
  if (!row) return core::Fail(row.error());
  return AuthzFromRow(*row);
}

core::Result<std::vector<core::AcmeAuthorization>> SqlAcmeRepository::AuthorizationsOf(
    core::AcmeOrderId order) {
  std::vector<SqlValue> params{order.value};
  auto rows = conn_.Query(std::string(kAuthzColumns) + "WHERE order_id = ? ORDER BY id", params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::AcmeAuthorization> out;
  for (const auto& row : *rows) out.push_back(AuthzFromRow(row));
  return out;
}

// Challenges.

core::Result<core::AcmeChallengeId> SqlAcmeRepository::InsertChallenge(
    const core::AcmeChallenge& c) {
  std::vector<SqlValue> params{c.authorization_id.value,
                               std::string(core::ToString(c.type)),
                               c.token,
                               std::string(core::ToString(c.status)),
                               TimeParam(c.validated_at),
                               c.error};
  auto id = InsertId(conn_,
                     "INSERT INTO acme_challenge (authorization_id, type, token, status, "
                     "validated_at, error) VALUES (?, ?, ?, ?, ?, ?)",
                     params);
  if (!id) return core::Fail(id.error());
  return core::AcmeChallengeId{*id};
}

core::Result<void> SqlAcmeRepository::UpdateChallenge(const core::AcmeChallenge& c) {
  std::vector<SqlValue> params{std::string(core::ToString(c.status)), TimeParam(c.validated_at),
                               c.error, c.id.value};
  return ChangeOne(conn_,
                   "UPDATE acme_challenge SET status = ?, validated_at = ?, error = ? "
                   "WHERE id = ?",
                   params, "ACME challenge");
}

core::Result<core::AcmeChallenge> SqlAcmeRepository::GetChallenge(core::AcmeChallengeId id) {
  std::vector<SqlValue> params{id.value};
  auto row =
      QueryOne(conn_, std::string(kChallengeColumns) + "WHERE id = ?", params, "ACME challenge");
  if (!row) return core::Fail(row.error());
  return ChallengeFromRow(*row);
}

core::Result<std::vector<core::AcmeChallenge>> SqlAcmeRepository::ChallengesOf(
    core::AcmeAuthorizationId authz) {
  std::vector<SqlValue> params{authz.value};
  auto rows = conn_.Query(std::string(kChallengeColumns) + "WHERE authorization_id = ? ORDER BY id",
                          params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::AcmeChallenge> out;
  for (const auto& row : *rows) out.push_back(ChallengeFromRow(row));
  return out;
}

}  // namespace certkeep::store::internal
