// Self-enrollment over HTTP: the admins' settings beside the organization
// (/api/organization/v1/{id}/self-enrollment), and the form's own calls, which need no
// admin login (/api/enroll/v1/{token}/...): the right access code opens a session cookie
// (HttpOnly, Secure, SameSite=Strict, limited to the link's path) and every later call
// sends the CSRF token that came with it. Bodies are small: a CSR of at most 16 KiB.

#include "api/authentication.h"
#include "api/internal/handlers.h"
#include "api/internal/json_body.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

constexpr std::string_view kEnrollCookie = "certkeep_enroll";
constexpr std::size_t kMaxFormBody = 64 * 1024;

json SettingsJson(const core::SelfEnrollment& s, const std::string& console_url) {
  return {{"enabled", s.is_enabled},
          {"accessMode", core::ToString(s.access_mode)},
          {"accessCodeSet", !s.access_code_hash.empty()},
          {"accessCodeSetAt",
           s.access_code_set_at ? json(core::ToRfc3339(*s.access_code_set_at)) : json(nullptr)},
          {"enrollmentUrl", console_url + "/enroll/" + s.token},
          {"autoApprove", s.auto_approve},
          {"serverSoftware", s.server_software},
          {"sslTypes", s.ssl_types},
          {"allowedEmailDomains", s.allowed_email_domains}};
}

core::Result<json> SmallObject(const http::Request& rq) {
  if (rq.body.size() > kMaxFormBody) {
    return core::Fail(core::ErrorCode::kPayloadTooLarge, core::Reason::kUnspecified,
                      "the request body is larger than 64 KiB");
  }
  return ParseObject(rq);
}

// The session cookie and the CSRF header of a form call.
std::pair<std::string, std::string> SessionOf(const http::Request& rq) {
  auto cookie = CookieValue(rq, kEnrollCookie).value_or("");
  auto csrf = rq.Header("x-csrf-token");
  return {cookie, csrf ? std::string(*csrf) : std::string()};
}

}  // namespace

Reply GetSelfEnrollment(service::SelfEnrollments& e, const service::Notifier& n, http::Request& rq,
                        const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  auto s = e.Settings(who.principal, core::OrgId{*id});
  if (!s) return core::Fail(s.error());
  return JsonResponse(200, SettingsJson(*s, n.settings().console_url));
}

Reply UpdateSelfEnrollment(service::SelfEnrollments& e, const service::Notifier& n,
                           http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  service::SelfEnrollmentPatch patch;
  auto enabled = OptBool(*body, "enabled");
  if (!enabled) return core::Fail(enabled.error());
  patch.enabled = *enabled;
  auto auto_approve = OptBool(*body, "autoApprove");
  if (!auto_approve) return core::Fail(auto_approve.error());
  patch.auto_approve = *auto_approve;
  auto software = OptStringList(*body, "serverSoftware");
  if (!software) return core::Fail(software.error());
  patch.server_software = *software;
  auto domains = OptStringList(*body, "allowedEmailDomains");
  if (!domains) return core::Fail(domains.error());
  patch.allowed_email_domains = *domains;
  if (auto it = body->find("sslTypes"); it != body->end() && !it->is_null()) {
    if (!it->is_array()) return core::Fail(InvalidField("sslTypes", "a list of SSL type ids"));
    std::vector<std::int64_t> types;
    for (const auto& v : *it) {
      if (!v.is_number_integer()) return core::Fail(InvalidField("sslTypes", "a list of SSL type ids"));
      types.push_back(v.get<std::int64_t>());
    }
    patch.ssl_types = std::move(types);
  }
  if (auto mode = OptString(*body, "accessMode"); !mode) {
    return core::Fail(mode.error());
  } else if (*mode && **mode != "ACCESS_CODE") {
    return core::Fail(InvalidField("accessMode", "ACCESS_CODE (SAML enrollment comes later)"));
  }
  auto s = e.Update(who.principal, core::OrgId{*id}, patch);
  if (!s) return core::Fail(s.error());
  return JsonResponse(200, SettingsJson(*s, n.settings().console_url));
}

Reply SetEnrollmentAccessCode(service::SelfEnrollments& e, const service::Notifier& n,
                              http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto chosen = OptString(*body, "accessCode");
  if (!chosen) return core::Fail(chosen.error());
  auto code = e.SetAccessCode(who.principal, core::OrgId{*id}, *chosen);
  if (!code) return core::Fail(code.error());
  auto s = e.Settings(who.principal, core::OrgId{*id});
  if (!s) return core::Fail(s.error());
  auto response = JsonResponse(
      200, {{"accessCode", *code}, {"settings", SettingsJson(*s, n.settings().console_url)}});
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Reply OpenEnrollment(service::SelfEnrollments& e, http::Request& rq) {
  auto body = SmallObject(rq);
  if (!body) return core::Fail(body.error());
  auto code = OptString(*body, "accessCode");
  if (!code) return core::Fail(code.error());
  std::string token = PathText(rq, "token");
  auto opened = e.Open(token, code->value_or(""), rq.remote_address);
  if (!opened) return core::Fail(opened.error());
  json types = json::array();
  for (const auto& p : opened->form.ssl_types) {
    types.push_back({{"id", p.id.value},
                     {"name", p.name},
                     {"description", p.description},
                     {"terms", p.terms}});
  }
  auto response = JsonResponse(200, {{"csrfToken", opened->csrf_token},
                                     {"organization", opened->form.organization},
                                     {"sslTypes", types},
                                     {"serverSoftware", opened->form.server_software},
                                     {"allowedEmailDomains", opened->form.allowed_email_domains}});
  response.SetHeader("Set-Cookie", std::string(kEnrollCookie) + "=" + opened->session +
                                       "; Path=/api/enroll/v1/" + token +
                                       "; Max-Age=1800; HttpOnly; Secure; SameSite=Strict");
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Reply PreviewEnrollmentCsr(service::SelfEnrollments& e, http::Request& rq) {
  auto body = SmallObject(rq);
  if (!body) return core::Fail(body.error());
  auto csr = OptString(*body, "csr");
  if (!csr) return core::Fail(csr.error());
  auto type = OptInt(*body, "certType");
  if (!type) return core::Fail(type.error());
  auto [session, csrf] = SessionOf(rq);
  auto preview = e.Preview(PathText(rq, "token"), session, csrf, csr->value_or(""),
                           type->value_or(0));
  if (!preview) return core::Fail(preview.error());
  return JsonResponse(200, {{"commonName", preview->common_name},
                            {"subjectAlternativeNames", preview->dns_names},
                            {"keyType", preview->key_type}});
}

Reply SubmitEnrollment(service::SelfEnrollments& e, const service::Notifier& n, http::Request& rq) {
  auto body = SmallObject(rq);
  if (!body) return core::Fail(body.error());
  service::FormRequest form;
  for (auto [field, into] : {std::pair{"csr", &form.csr}, std::pair{"serverSoftware", &form.server_software},
                             std::pair{"name", &form.name}, std::pair{"email", &form.email},
                             std::pair{"comments", &form.comments}}) {
    auto v = OptString(*body, field);
    if (!v) return core::Fail(v.error());
    *into = v->value_or("");
  }
  auto type = OptInt(*body, "certType");
  if (!type) return core::Fail(type.error());
  form.profile_id = type->value_or(0);
  auto term = OptInt(*body, "term");
  if (!term) return core::Fail(term.error());
  form.term_days = static_cast<int>(std::clamp<std::int64_t>(term->value_or(0), 0, 10000));
  auto [session, csrf] = SessionOf(rq);
  auto receipt = e.Submit(PathText(rq, "token"), session, csrf, form, rq.remote_address);
  if (!receipt) return core::Fail(receipt.error());
  return JsonResponse(201, {{"referenceNumber", receipt->reference},
                            {"status", core::ToString(receipt->status)},
                            {"statusUrl", n.settings().console_url + "/enroll/status/" +
                                              receipt->status_token}});
}

Reply EnrollmentStatusOf(service::SelfEnrollments& e, http::Request& rq) {
  auto status = e.Status(PathText(rq, "statusToken"));
  if (!status) return core::Fail(status.error());
  const auto& c = status->cert;
  auto response = JsonResponse(
      200, {{"referenceNumber", status->reference},
            {"commonName", c.common_name},
            {"names", c.names},
            {"organization", status->organization},
            {"status", core::ToString(c.status)},
            {"requested", core::ToRfc3339(c.requested_at)},
            {"expires", c.expires_at ? json(core::ToRfc3339(*c.expires_at)) : json(nullptr)},
            {"message", c.status == core::SslStatus::kDeclined ? c.message : std::string()}});
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Reply EnrollmentCertificate(service::SelfEnrollments& e, http::Request& rq) {
  auto pem = e.Certificate(PathText(rq, "statusToken"));
  if (!pem) return core::Fail(pem.error());
  http::Response response{200, {}, std::move(*pem)};
  response.SetHeader("Content-Type", "application/pem-certificate-chain");
  response.SetHeader("Content-Disposition", "attachment; filename=\"certificate.pem\"");
  return response;
}

}  // namespace certkeep::api::internal
