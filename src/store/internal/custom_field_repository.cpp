#include "store/internal/custom_field_repository.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kColumns =
    "SELECT id, customer_id, cert_type, name, input, options, mandatory, state "
    "FROM custom_field ";

std::string NameKey(std::string_view name) {
  std::string key(name);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

core::CustomField FieldFromRow(const SqlRow& row) {
  return core::CustomField{
      .id = core::CustomFieldId{row.Int(0)},
      .customer_id = core::CustomerId{row.Int(1)},
      .name = row.Text(3),
      .cert_type = core::ParseCustomFieldCertType(row.Text(2)).value_or(core::CertType::kSsl),
      .input = core::ParseCustomFieldInput(row.Text(4))
                   .value_or(core::CustomFieldInput::kTextSingleLine),
      .options = TextsOfJson(row.Text(5)),
      .mandatory = row.Int(6) != 0,
      .state =
          core::ParseCustomFieldState(row.Text(7)).value_or(core::CustomFieldState::kInactive)};
}

core::Error NameTaken(const core::CustomField& f) {
  return core::Error(core::ErrorCode::kConflict, core::Reason::kCustomFieldNameTaken,
                     "a " + std::string(core::CustomFieldCertTypeName(f.cert_type)) +
                         " custom field named '" + f.name + "' exists already");
}

}  // namespace

core::Result<core::CustomFieldId> SqlCustomFieldRepository::Insert(const core::CustomField& f) {
  if (auto r = CheckNameFree(f); !r) return core::Fail(r.error());
  std::vector<SqlValue> params{f.customer_id.value,
                               std::string(core::CustomFieldCertTypeName(f.cert_type)),
                               f.name,
                               NameKey(f.name),
                               std::string(core::ToString(f.input)),
                               nlohmann::json(f.options).dump(),
                               std::int64_t{f.mandatory},
                               std::string(core::ToString(f.state))};
  auto id = InsertId(conn_,
                     "INSERT INTO custom_field (customer_id, cert_type, name, name_key, input, "
                     "options, mandatory, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     params);
  if (!id) return core::Fail(id.error());
  return core::CustomFieldId{*id};
}

core::Result<void> SqlCustomFieldRepository::Update(const core::CustomField& f) {
  if (auto r = CheckNameFree(f); !r) return r;
  std::vector<SqlValue> params{std::string(core::CustomFieldCertTypeName(f.cert_type)),
                               f.name,
                               NameKey(f.name),
                               std::string(core::ToString(f.input)),
                               nlohmann::json(f.options).dump(),
                               std::int64_t{f.mandatory},
                               std::string(core::ToString(f.state)),
                               f.id.value};
  return ChangeOne(conn_,
                   "UPDATE custom_field SET cert_type = ?, name = ?, name_key = ?, input = ?, "
                   "options = ?, mandatory = ?, state = ? WHERE id = ?",
                   params, "custom field");
}

core::Result<void> SqlCustomFieldRepository::Delete(core::CustomFieldId id) {
  std::vector<SqlValue> params{id.value};
  auto row =
      QueryOne(conn_, "DELETE FROM custom_field WHERE id = ? RETURNING id", params, "custom field");
  if (!row) return core::Fail(row.error());
  return core::Ok();
}

core::Result<core::CustomField> SqlCustomFieldRepository::Get(core::CustomFieldId id) {
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, std::string(kColumns) + "WHERE id = ?", params, "custom field");
  if (!row) return core::Fail(row.error());
  return FieldFromRow(*row);
}

core::Result<std::vector<core::CustomField>> SqlCustomFieldRepository::List(
    core::CustomerId customer, std::optional<core::CertType> cert_type) {
  return registry_.Read(
      &RegistryCache::Maps::custom_fields,
      std::to_string(customer.value) + " " +
          (cert_type ? std::string(core::CustomFieldCertTypeName(*cert_type)) : "*"),
      [&]() -> core::Result<std::vector<core::CustomField>> {
        std::vector<SqlValue> params{customer.value};
        std::string sql = std::string(kColumns) + "WHERE customer_id = ?";
        if (cert_type) {
          sql += " AND cert_type = ?";
          params.emplace_back(std::string(core::CustomFieldCertTypeName(*cert_type)));
        }
        auto rows = conn_.Query(sql + " ORDER BY id", params);
        if (!rows) return core::Fail(rows.error());
        std::vector<core::CustomField> out;
        for (const auto& row : *rows) out.push_back(FieldFromRow(row));
        return out;
      });
}

core::Result<void> SqlCustomFieldRepository::CheckNameFree(const core::CustomField& f) {
  std::vector<SqlValue> params{f.customer_id.value,
                               std::string(core::CustomFieldCertTypeName(f.cert_type)),
                               NameKey(f.name), f.id.value};
  auto rows = conn_.Query(
      "SELECT id FROM custom_field WHERE customer_id = ? AND cert_type = ? AND name_key = ? "
      "AND id <> ?",
      params);
  if (!rows) return core::Fail(rows.error());
  if (!rows->empty()) return core::Fail(NameTaken(f));
  return core::Ok();
}

}  // namespace certkeep::store::internal
