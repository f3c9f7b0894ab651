#include "store/internal/dcv_repository.h"

#include "core/domain_coverage.h"

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kOrderColumns =
    "SELECT id, customer_id, domain_name, method, state, token, expected, email, code_hash, "
    "started_by, started_at, submitted_at, last_check, next_check, last_error FROM dcv_order ";

std::optional<core::TimePoint> OptionalTime(const SqlRow& row, std::size_t i) {
  if (auto v = row.OptionalInt(i)) return core::FromUnixSeconds(*v);
  return std::nullopt;
}

SqlValue TimeValue(const std::optional<core::TimePoint>& t) {
  if (t) return core::ToUnixSeconds(*t);
  return nullptr;
}

core::DcvOrder OrderFromRow(const SqlRow& row) {
  core::DcvOrder o{.id = core::DcvOrderId{row.Int(0)},
                   .customer_id = core::CustomerId{row.Int(1)},
                   .domain_name = row.Text(2),
                   .method = core::ParseOrderMode(row.Text(3)).value_or(core::DcvMethod::kTxt),
                   .state = row.Text(4) == "SUBMITTED" ? core::DcvOrderState::kSubmitted
                                                       : core::DcvOrderState::kStarted,
                   .token = row.Text(5),
                   .expected = row.Text(6),
                   .email = row.Text(7),
                   .code_hash = row.Text(8),
                   .started_at = core::FromUnixSeconds(row.Int(10)),
                   .submitted_at = OptionalTime(row, 11),
                   .last_check = OptionalTime(row, 12),
                   .next_check = OptionalTime(row, 13),
                   .last_error = row.Text(14)};
  if (auto by = row.OptionalInt(9)) o.started_by = core::AdminId{*by};
  return o;
}

std::string_view StateText(core::DcvOrderState s) {
  return s == core::DcvOrderState::kSubmitted ? "SUBMITTED" : "STARTED";
}

constexpr std::string_view kValidationColumns =
    "SELECT id, customer_id, proved_name, method, validated_at, expires_at, token, expected, "
    "last_recheck, recheck_error FROM domain_validation ";

core::DomainValidation ValidationFromRow(const SqlRow& row) {
  return {.proved_name = row.Text(2),
          .method = core::ParseDcvMethod(row.Text(3)).value_or(core::DcvMethod::kTxt),
          .validated_at = core::FromUnixSeconds(row.Int(4)),
          .expires_at = core::FromUnixSeconds(row.Int(5)),
          .id = core::DomainValidationId{row.Int(0)},
          .customer_id = core::CustomerId{row.Int(1)},
          .token = row.Text(6),
          .expected = row.Text(7),
          .last_recheck = OptionalTime(row, 8),
          .recheck_error = row.Text(9)};
}

// `name` (a wildcard by its base) and each of its parents with at least two labels.
std::vector<std::string> NameAndParents(std::string_view name) {
  auto [rest, is_wildcard] = core::SplitWildcard(name);
  std::vector<std::string> out;
  while (!rest.empty()) {
    out.emplace_back(rest);
    auto dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
    if (rest.find('.') == std::string_view::npos) break;
  }
  return out;
}

}  // namespace

core::Result<core::DcvOrderId> SqlDcvRepository::PutOrder(const core::DcvOrder& o) {
  std::vector<SqlValue> key{o.customer_id.value, o.domain_name};
  if (auto r = conn_.Query("DELETE FROM dcv_order WHERE customer_id = ? AND domain_name = ?", key);
      !r) {
    return core::Fail(r.error());
  }
  SqlValue by = nullptr;
  if (o.started_by) by = o.started_by->value;
  std::vector<SqlValue> params{o.customer_id.value,
                               o.domain_name,
                               std::string(core::OrderModeName(o.method)),
                               std::string(StateText(o.state)),
                               o.token,
                               o.expected,
                               o.email,
                               o.code_hash,
                               by,
                               core::ToUnixSeconds(o.started_at),
                               TimeValue(o.submitted_at),
                               TimeValue(o.last_check),
                               TimeValue(o.next_check),
                               o.last_error};
  auto id = InsertId(conn_,
                     "INSERT INTO dcv_order (customer_id, domain_name, method, state, token, "
                     "expected, email, code_hash, started_by, started_at, submitted_at, "
                     "last_check, next_check, last_error) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     params);
  if (!id) return core::Fail(id.error());
  return core::DcvOrderId{*id};
}

core::Result<core::DcvOrder> SqlDcvRepository::GetOrder(core::DcvOrderId id) {
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, std::string(kOrderColumns) + "WHERE id = ?", params, "dcv order");
  if (!row) return core::Fail(row.error());
  return OrderFromRow(*row);
}

core::Result<core::DcvOrder> SqlDcvRepository::FindOrder(core::CustomerId customer,
                                                         const std::string& name) {
  std::vector<SqlValue> params{customer.value, name};
  auto row =
      QueryOne(conn_, std::string(kOrderColumns) + "WHERE customer_id = ? AND domain_name = ?",
               params, "dcv order for '" + name + "'");
  if (!row) return core::Fail(row.error());
  return OrderFromRow(*row);
}

core::Result<std::vector<core::DcvOrder>> SqlDcvRepository::ListOrders(core::CustomerId customer) {
  std::vector<SqlValue> params{customer.value};
  return Orders("WHERE customer_id = ? ORDER BY id", params);
}

core::Result<void> SqlDcvRepository::UpdateOrder(const core::DcvOrder& o) {
  std::vector<SqlValue> params{std::string(StateText(o.state)),
                               TimeValue(o.submitted_at),
                               TimeValue(o.last_check),
                               TimeValue(o.next_check),
                               o.last_error,
                               o.id.value};
  return ChangeOne(conn_,
                   "UPDATE dcv_order SET state = ?, submitted_at = ?, last_check = ?, "
                   "next_check = ?, last_error = ? WHERE id = ?",
                   params, "dcv order");
}

core::Result<void> SqlDcvRepository::DeleteOrder(core::DcvOrderId id) {
  std::vector<SqlValue> params{id.value};
  auto row =
      QueryOne(conn_, "DELETE FROM dcv_order WHERE id = ? RETURNING id", params, "dcv order");
  if (!row) return core::Fail(row.error());
  return core::Ok();
}

core::Result<std::vector<core::DcvOrder>> SqlDcvRepository::DueOrders(core::TimePoint now,
                                                                      int limit) {
  std::vector<SqlValue> params{core::ToUnixSeconds(now), std::int64_t{limit}};
  return Orders(
      "WHERE state = 'SUBMITTED' AND next_check IS NOT NULL AND next_check <= ? "
      "ORDER BY next_check, id LIMIT ?",
      params);
}

core::Result<core::DomainValidationId> SqlDcvRepository::PutValidation(
    const core::DomainValidation& v) {
  std::vector<SqlValue> key{v.customer_id.value, v.proved_name,
                            std::string(core::ToString(v.method))};
  if (auto r = conn_.Query(
          "DELETE FROM domain_validation WHERE customer_id = ? AND proved_name = ? AND method = ?",
          key);
      !r) {
    return core::Fail(r.error());
  }
  std::vector<SqlValue> params{v.customer_id.value,
                               v.proved_name,
                               std::string(core::ToString(v.method)),
                               core::ToUnixSeconds(v.validated_at),
                               core::ToUnixSeconds(v.expires_at),
                               v.token,
                               v.expected,
                               TimeValue(v.last_recheck),
                               v.recheck_error};
  auto id = InsertId(conn_,
                     "INSERT INTO domain_validation (customer_id, proved_name, method, "
                     "validated_at, expires_at, token, expected, last_recheck, recheck_error) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     params);
  if (!id) return core::Fail(id.error());
  return core::DomainValidationId{*id};
}

core::Result<std::vector<core::DomainValidation>> SqlDcvRepository::ValidationsFor(
    core::CustomerId customer, const std::string& name) {
  return registry_.Read(
      &RegistryCache::Maps::validations, std::to_string(customer.value) + " " + name,
      [&]() -> core::Result<std::vector<core::DomainValidation>> {
        std::vector<SqlValue> params{customer.value, JsonTextArray(NameAndParents(name))};
        return Validations("WHERE customer_id = ? AND proved_name IN " +
                               std::string(TextsFromParam(conn_.dialect())) + " ORDER BY id",
                           params);
      });
}

core::Result<std::vector<core::DomainValidation>> SqlDcvRepository::ListValidations(
    core::CustomerId customer) {
  std::vector<SqlValue> params{customer.value};
  return Validations("WHERE customer_id = ? ORDER BY id", params);
}

core::Result<std::int64_t> SqlDcvRepository::DeleteValidations(core::CustomerId customer,
                                                               const std::string& name) {
  std::vector<SqlValue> params{customer.value, name};
  auto rows = conn_.Query(
      "DELETE FROM domain_validation WHERE customer_id = ? AND proved_name = ? RETURNING id",
      params);
  if (!rows) return core::Fail(rows.error());
  return static_cast<std::int64_t>(rows->size());
}

core::Result<std::vector<core::DomainValidation>> SqlDcvRepository::DueRechecks(
    core::TimePoint now, core::TimePoint expiring_before, core::TimePoint checked_before,
    int limit) {
  std::vector<SqlValue> params{core::ToUnixSeconds(now), core::ToUnixSeconds(expiring_before),
                               core::ToUnixSeconds(checked_before), std::int64_t{limit}};
  // Email validations need a person to answer again: a job cannot re-check them. Nor can
  // it re-check an ACME challenge's (no evidence is kept: expected is ''); the client
  // proves the name again with a later order.
  return Validations(
      "WHERE method <> 'EMAIL' AND expected <> '' AND expires_at > ? AND expires_at <= ? "
      "AND (last_recheck IS NULL OR last_recheck < ?) ORDER BY expires_at, id LIMIT ?",
      params);
}

core::Result<void> SqlDcvRepository::UpdateValidation(const core::DomainValidation& v) {
  std::vector<SqlValue> params{core::ToUnixSeconds(v.validated_at),
                               core::ToUnixSeconds(v.expires_at), TimeValue(v.last_recheck),
                               v.recheck_error, v.id.value};
  return ChangeOne(conn_,
                   "UPDATE domain_validation SET validated_at = ?, expires_at = ?, "
                   "last_recheck = ?, recheck_error = ? WHERE id = ?",
                   params, "domain validation");
}

core::Result<std::vector<core::DcvOrder>> SqlDcvRepository::Orders(
    const std::string& rest, std::span<const SqlValue> params) {
  auto rows = conn_.Query(std::string(kOrderColumns) + rest, params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::DcvOrder> out;
  for (const auto& row : *rows) out.push_back(OrderFromRow(row));
  return out;
}

core::Result<std::vector<core::DomainValidation>> SqlDcvRepository::Validations(
    const std::string& rest, std::span<const SqlValue> params) {
  auto rows = conn_.Query(std::string(kValidationColumns) + rest, params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::DomainValidation> out;
  for (const auto& row : *rows) out.push_back(ValidationFromRow(row));
  return out;
}

}  // namespace certkeep::store::internal
