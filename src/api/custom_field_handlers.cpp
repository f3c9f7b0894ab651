// /api/customField/v2 (and the legacy v1 lists): a customer's custom fields
// (scm-api.md §2.12); GET /api/ssl/v1/customFields, the ACTIVE SSL ones a request form
// asks for (§2.1).

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

json FieldJson(const core::CustomField& f) {
  json input{{"type", core::ToString(f.input)}};
  if (f.input == core::CustomFieldInput::kTextOption) input["options"] = f.options;
  return {{"id", f.id.value},
          {"name", f.name},
          {"certType", core::CustomFieldCertTypeName(f.cert_type)},
          {"state", core::ToString(f.state)},
          {"mandatory", f.mandatory},
          {"input", input}};
}

// Reads a word field through `parse`, naming the accepted words when it is not one.
template <typename T, typename Parse>
core::Result<std::optional<T>> OptWord(const json& body, const char* field, Parse parse,
                                       std::string_view words) {
  auto text = OptString(body, field);
  if (!text) return core::Fail(text.error());
  if (!*text) return std::optional<T>();
  auto v = parse(**text);
  if (!v) return core::Fail(InvalidField(field, words));
  return std::optional<T>(*v);
}

core::Result<service::CustomFieldPatch> PatchFrom(const json& body) {
  service::CustomFieldPatch p;
  auto name = OptString(body, "name");
  if (!name) return core::Fail(name.error());
  p.name = std::move(*name);
  auto type = OptWord<core::CertType>(body, "certType", core::ParseCustomFieldCertType,
                                      "SSL, SMIME or CODE_SIGNING");
  if (!type) return core::Fail(type.error());
  p.cert_type = *type;
  auto state = OptWord<core::CustomFieldState>(
      body, "state", core::ParseCustomFieldState,
      "ACTIVE, INACTIVE, SUSPENDED_ACTIVE or SUSPENDED_INACTIVE");
  if (!state) return core::Fail(state.error());
  p.state = *state;
  auto mandatory = OptBool(body, "mandatory");
  if (!mandatory) return core::Fail(mandatory.error());
  p.mandatory = *mandatory;
  // "input": {"type": ..., "options": [...]}; a bare "input": "EMAIL" is read as its type.
  constexpr std::string_view kInputs =
      "TEXT_SINGLE_LINE, TEXT_MULTI_LINE, EMAIL, NUMBER, TEXT_OPTION or DATE";
  if (auto it = body.find("input"); it != body.end() && !it->is_null()) {
    json input = it->is_string() ? json{{"type", *it}} : *it;
    if (!input.is_object()) return core::Fail(InvalidField("input", "an object {type, options}"));
    auto kind = OptWord<core::CustomFieldInput>(input, "type", core::ParseCustomFieldInput, kInputs);
    if (!kind) return core::Fail(InvalidField("input.type", kInputs));
    p.input = *kind;
    auto options = OptStringList(input, "options");
    if (!options) return core::Fail(InvalidField("input.options", "a list of strings"));
    p.options = std::move(*options);
  }
  return p;
}

core::Result<std::optional<core::CertType>> CertTypeFilter(const http::Request& rq) {
  auto text = rq.QueryParam("certType");
  if (!text || text->empty()) return std::optional<core::CertType>();
  auto type = core::ParseCustomFieldCertType(*text);
  if (!type) return core::Fail(InvalidField("certType", "SSL, SMIME or CODE_SIGNING"));
  return std::optional<core::CertType>(*type);
}

}  // namespace

Reply ListCustomFields(service::CustomFields& fields, std::optional<core::CertType> only,
                       http::Request& rq, const Authed& who) {
  auto type = only ? core::Result<std::optional<core::CertType>>(only) : CertTypeFilter(rq);
  if (!type) return core::Fail(type.error());
  auto all = fields.List(who.principal, *type);
  if (!all) return core::Fail(all.error());
  json out = json::array();
  for (const auto& f : *all) out.push_back(FieldJson(f));
  return JsonResponse(200, out);
}

Reply ListSslCustomFields(service::CustomFields& fields, http::Request&, const Authed& who) {
  auto all = fields.List(who.principal, core::CertType::kSsl);
  if (!all) return core::Fail(all.error());
  json out = json::array();
  for (const auto& f : *all) {
    if (!f.IsActive()) continue;
    json j = FieldJson(f);
    j.erase("state");
    j.erase("certType");
    out.push_back(std::move(j));
  }
  return JsonResponse(200, out);
}

Reply GetCustomField(service::CustomFields& fields, http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  auto f = fields.Get(who.principal, core::CustomFieldId{*id});
  if (!f) return core::Fail(f.error());
  return JsonResponse(200, FieldJson(*f));
}

Reply CreateCustomField(service::CustomFields& fields, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto patch = PatchFrom(*body);
  if (!patch) return core::Fail(patch.error());
  auto id = fields.Create(who.principal, *patch);
  if (!id) return core::Fail(id.error());
  return Created(rq, "/api/customField/v2", id->value);
}

// PUT /api/customField/v2 names the field in the body, as SCM has it.
Reply UpdateCustomField(service::CustomFields& fields, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto id = OptInt(*body, "id");
  if (!id) return core::Fail(id.error());
  if (!*id) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "id is required but missing");
  }
  auto patch = PatchFrom(*body);
  if (!patch) return core::Fail(patch.error());
  core::CustomFieldId field{**id};
  if (auto r = fields.Update(who.principal, field, *patch); !r) return core::Fail(r.error());
  auto f = fields.Get(who.principal, field);
  if (!f) return core::Fail(f.error());
  return JsonResponse(200, FieldJson(*f));
}

Reply DeleteCustomField(service::CustomFields& fields, http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  if (auto r = fields.Delete(who.principal, core::CustomFieldId{*id}); !r) {
    return core::Fail(r.error());
  }
  return http::Response{204, {}, ""};
}

}  // namespace certkeep::api::internal
