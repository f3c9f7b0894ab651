#include "service/custom_fields.h"

#include <nlohmann/json.hpp>

#include "service/audit_log.h"

namespace certkeep::service {

namespace {

using authz::Action;
using authz::Place;
using nlohmann::json;

core::Error NotFound(core::CustomFieldId id) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                     "Custom field " + std::to_string(id.value) + " not found");
}

json Summary(const core::CustomField& f) {
  return {{"name", f.name},
          {"certType", core::CustomFieldCertTypeName(f.cert_type)},
          {"input", core::ToString(f.input)},
          {"options", f.options},
          {"mandatory", f.mandatory},
          {"state", core::ToString(f.state)}};
}

void Apply(const CustomFieldPatch& p, core::CustomField& f) {
  auto set = [](const auto& from, auto& to) {
    if (from) to = *from;
  };
  set(p.name, f.name);
  set(p.cert_type, f.cert_type);
  set(p.input, f.input);
  set(p.options, f.options);
  set(p.mandatory, f.mandatory);
  set(p.state, f.state);
  // A field that is no longer a choice drops its options rather than refusing the change.
  if (p.input && !p.options && f.input != core::CustomFieldInput::kTextOption) f.options.clear();
}

// Loads `id`, hiding other customers' fields as NotFound.
core::Result<core::CustomField> Load(store::Transaction& tx, const authz::Principal& who,
                                     core::CustomFieldId id) {
  auto f = tx.custom_fields().Get(id);
  if (!f) {
    if (f.error().code() == core::ErrorCode::kNotFound) return core::Fail(NotFound(id));
    return core::Fail(f.error());
  }
  if (f->customer_id != who.customer_id) return core::Fail(NotFound(id));
  return f;
}

core::Result<void> Manage(const authz::Principal& who) {
  return authz::Authorize(who, Action::kManageCustomFields, Place::Customer(who.customer_id));
}

}  // namespace

core::Result<std::vector<core::CustomField>> CustomFields::List(
    const authz::Principal& who, std::optional<core::CertType> cert_type) {
  if (auto r = authz::Authorize(who, Action::kListCustomFields, Place::Customer(who.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  return store_.Read(
      [&](store::Transaction& tx) { return tx.custom_fields().List(who.customer_id, cert_type); });
}

core::Result<core::CustomField> CustomFields::Get(const authz::Principal& who,
                                                  core::CustomFieldId id) {
  if (auto r = authz::Authorize(who, Action::kListCustomFields, Place::Customer(who.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  return store_.Read([&](store::Transaction& tx) { return Load(tx, who, id); });
}

core::Result<core::CustomFieldId> CustomFields::Create(const authz::Principal& who,
                                                       const CustomFieldPatch& fields) {
  if (auto r = Manage(who); !r) return core::Fail(r.error());
  if (!fields.cert_type) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "certType is required but missing (SSL, SMIME or CODE_SIGNING)");
  }
  core::CustomField f{.customer_id = who.customer_id};
  Apply(fields, f);
  auto checked = core::CheckCustomFieldDefinition(std::move(f));
  if (!checked) return core::Fail(checked.error());
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::CustomFieldId> {
    auto id = tx.custom_fields().Insert(*checked);
    if (!id) return core::Fail(id.error());
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, "customField.create", "customField", id->value,
                                 json{{"after", Summary(*checked)}}.dump()));
    if (!a) return core::Fail(a.error());
    return *id;
  });
}

core::Result<void> CustomFields::Update(const authz::Principal& who, core::CustomFieldId id,
                                        const CustomFieldPatch& patch) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto f = Load(tx, who, id);
    if (!f) return core::Fail(f.error());
    if (auto r = Manage(who); !r) return r;
    auto before = *f;
    Apply(patch, *f);
    auto checked = core::CheckCustomFieldDefinition(std::move(*f));
    if (!checked) return core::Fail(checked.error());
    if (auto r = tx.custom_fields().Update(*checked); !r) return r;
    auto a = RecordAudit(
        tx, clock_,
        AuditBy(who, "customField.edit", "customField", id.value,
                json{{"before", Summary(before)}, {"after", Summary(*checked)}}.dump()));
    if (!a) return core::Fail(a.error());
    return core::Ok();
  });
}

core::Result<void> CustomFields::Delete(const authz::Principal& who, core::CustomFieldId id) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto f = Load(tx, who, id);
    if (!f) return core::Fail(f.error());
    if (auto r = Manage(who); !r) return r;
    if (auto r = tx.custom_fields().Delete(id); !r) return r;
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, "customField.delete", "customField", id.value,
                                 json{{"before", Summary(*f)}}.dump()));
    if (!a) return core::Fail(a.error());
    return core::Ok();
  });
}

core::Result<std::string> CheckedCustomFields(store::Transaction& tx, core::CustomerId customer,
                                              core::CertType type, const std::string& json_values,
                                              core::CustomFieldCheck check) {
  std::vector<core::CustomFieldValue> values;
  auto parsed = json::parse(json_values.empty() ? "[]" : json_values, nullptr, false);
  if (!parsed.is_array()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "customFields: a list of {name, value}");
  }
  for (const auto& v : parsed) {
    if (!v.is_object() || !v.contains("name") || !v["name"].is_string()) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                        "customFields: a list of {name, value}");
    }
    std::string value;
    if (auto it = v.find("value"); it != v.end() && !it->is_null()) {
      // A number or a boolean is taken as written: "value": 42 is the text "42".
      value = it->is_string() ? it->get<std::string>() : it->dump();
    }
    values.push_back({v["name"].get<std::string>(), std::move(value)});
  }
  auto fields = tx.custom_fields().List(customer, type);
  if (!fields) return core::Fail(fields.error());
  auto checked = core::CheckCustomFieldValues(*fields, values, check);
  if (!checked) return core::Fail(checked.error());
  json out = json::array();
  for (const auto& v : *checked) out.push_back({{"name", v.name}, {"value", v.value}});
  return out.dump();
}

}  // namespace certkeep::service
