// /api/dcv/v1 and v2: domain control validation (scm-api.md §2.8, §3.4), and the page an
// email validation's link opens (/dcv/confirm: the GET shows a button, only the POST
// confirms, because mail scanners follow links by themselves).

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "core/date_format.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

// DCV dates are yyyy-MM-dd, check times ISO timestamps (scm-api.md §1.6).
std::string Day(core::TimePoint t) {
  return core::FormatDate(t, kIsoDatePattern);
}

core::Result<std::string> DomainOf(const json& body) {
  auto domain = OptString(body, "domain");
  if (!domain) return core::Fail(domain.error());
  if (!*domain || (*domain)->empty()) {
    // OpenAPI v2 also takes domains[] with one entry.
    auto list = OptStringList(body, "domains");
    if (list && *list && (*list)->size() == 1) return (*list)->front();
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "domain is required but missing");
  }
  return **domain;
}

core::Result<std::string> DomainOf(http::Request& rq) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  return DomainOf(*body);
}

}  // namespace

json DcvOrderJson(const core::DcvOrder& o, const std::string& second_line) {
  json j = {{"orderStatus", core::ToString(o.state)},
            {"orderMode", core::OrderModeName(o.method)},
            {"orderBackendId", std::to_string(o.id.value)}};
  dcv::Evidence e{
      .method = o.method, .name = o.domain_name, .token = o.token, .expected = o.expected};
  switch (o.method) {
    case core::DcvMethod::kHttp:
    case core::DcvMethod::kHttps:
      j["url"] = dcv::EvidenceLocation(e);
      j["firstLine"] = o.expected;
      j["secondLine"] = second_line;
      break;
    case core::DcvMethod::kCname:
      j["host"] = dcv::EvidenceLocation(e);
      j["point"] = o.expected + ".";
      break;
    case core::DcvMethod::kTxt:
      j["host"] = dcv::EvidenceLocation(e);
      j["point"] = o.expected;
      break;
    case core::DcvMethod::kEmail:
      j["validationEmail"] = o.email;
      j["emailValidationReferenceNumber"] = std::to_string(o.id.value);
      break;
  }
  if (o.submitted_at) j["submittedDate"] = core::ToRfc3339(*o.submitted_at);
  if (o.last_check) j["lastCheck"] = core::ToRfc3339(*o.last_check);
  if (o.next_check) j["nextCheck"] = core::ToRfc3339(*o.next_check);
  // certkeep's addition: why the last check did not find the evidence.
  if (!o.last_error.empty()) j["failureReason"] = o.last_error;
  return j;
}

namespace {

json StatusJson(const service::DcvStatus& s, const std::string& second_line) {
  json j = {{"status", core::ToString(s.state)}, {"orderStatus", "NOT_INITIATED"}};
  if (s.validation) {
    j["validationDate"] = Day(s.validation->validated_at);
    j["expirationDate"] = Day(s.validation->expires_at);
    j["validationMethod"] = core::ToString(s.validation->method);
    j["provedName"] = s.validation->proved_name;
    j["covers"] = s.covers;
  }
  if (s.order) j.update(DcvOrderJson(*s.order, second_line));
  return j;
}

}  // namespace

Reply DcvStatusOf(service::DomainControl& dc, http::Request& rq, const Authed& who) {
  auto domain = DomainOf(rq);
  if (!domain) return core::Fail(domain.error());
  auto s = dc.Status(who.principal, *domain);
  if (!s) return core::Fail(s.error());
  return JsonResponse(200, StatusJson(*s, dc.options().file_second_line));
}

Reply StartDcv(service::DomainControl& dc, core::DcvMethod method, http::Request& rq,
               const Authed& who) {
  auto domain = DomainOf(rq);
  if (!domain) return core::Fail(domain.error());
  auto o = dc.Start(who.principal, *domain, method);
  if (!o) return core::Fail(o.error());
  auto j = DcvOrderJson(*o, dc.options().file_second_line);
  // start answers only what to publish (scm-api.md §2.8).
  json out = json::object();
  for (const char* k : {"url", "firstLine", "secondLine", "host", "point"}) {
    if (j.contains(k)) out[k] = j[k];
  }
  return JsonResponse(200, out);
}

Reply StartEmailDcv(service::DomainControl& dc, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  std::vector<std::string> domains;
  if (auto one = OptString(*body, "domain"); one && *one && !(*one)->empty()) {
    domains.push_back(**one);
  } else if (auto list = OptStringList(*body, "domains"); list && *list) {
    domains = **list;
  }
  if (domains.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "domain is required but missing");
  }
  json emails = json::array(), per_domain = json::array();
  for (const auto& d : domains) {
    auto choices = dc.EmailChoices(who.principal, d);
    if (!choices) return core::Fail(choices.error());
    json admin = json::array();
    for (const auto& c : *choices) {
      for (const auto& a : c.addresses) {
        admin.push_back(a);
        if (std::find(emails.begin(), emails.end(), a) == emails.end()) emails.push_back(a);
      }
    }
    // certkeep looks up no WHOIS or DNS TXT contacts: only the constructed addresses
    // of BR 3.2.2.4.4.
    per_domain.push_back({{"domainName", d},
                          {"whoisEmails", json::array()},
                          {"adminEmails", admin},
                          {"dnsTxtEmails", json::array()}});
  }
  return JsonResponse(200, {{"emails", emails}, {"dcvEmails", per_domain}});
}

Reply SubmitDcv(service::DomainControl& dc, core::DcvMethod method, http::Request& rq,
                const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto domain = DomainOf(*body);
  if (!domain) return core::Fail(domain.error());
  std::string email;
  if (method == core::DcvMethod::kEmail) {
    auto e = OptString(*body, "email");
    if (!e) return core::Fail(e.error());
    if (!*e) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                        "email is required but missing");
    }
    email = **e;
  }
  auto s = dc.Submit(who.principal, *domain, method, email);
  if (!s) return core::Fail(s.error());
  auto j = StatusJson(*s, dc.options().file_second_line);
  j["message"] = "Submitted successfully";
  return JsonResponse(200, j);
}

Reply SubmitBulkEmailDcv(service::DomainControl& dc, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto domains = OptStringList(*body, "domains");
  auto email = OptString(*body, "email");
  if (!domains) return core::Fail(domains.error());
  if (!email) return core::Fail(email.error());
  if (!*domains || (*domains)->empty() || !*email) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "domains and email are required");
  }
  // Every name checked first: one refused, none submitted (each submit is its own change,
  // a mail sent through the outbox).
  for (const auto& d : **domains) {
    if (auto r = dc.CheckEmail(who.principal, d, **email); !r) return core::Fail(r.error());
  }
  std::string last_id;
  for (const auto& d : **domains) {
    auto s = dc.Submit(who.principal, d, core::DcvMethod::kEmail, **email);
    if (!s) return core::Fail(s.error());
    if (s->order) last_id = std::to_string(s->order->id.value);
  }
  return JsonResponse(200, {{"message", "Submitted successfully"},
                            {"orderStatus", "SUBMITTED"},
                            {"orderBackendId", last_id}});
}

Reply ListDcv(service::DomainControl& dc, http::Request& rq, const Authed& who) {
  auto date = DateWriter::Of(rq, kIsoDatePattern);
  if (!date) return core::Fail(date.error());
  service::DcvQuery q;
  auto size = QueryInt(rq, "size", 200);
  auto position = QueryInt(rq, "position", 0);
  auto org = QueryInt(rq, "org", 0);
  auto department = QueryInt(rq, "department", 0);
  auto expires_in = QueryInt(rq, "expiresIn", -1);
  for (auto* r : {&size, &position, &org, &department, &expires_in}) {
    if (!*r) return core::Fail(r->error());
  }
  q.size = *size;
  q.position = *position;
  if (*department > 0) {
    q.org = core::OrgId{*department};
  } else if (*org > 0) {
    q.org = core::OrgId{*org};
  }
  // Past a century every validation is in: the cap keeps the sum from overflowing.
  if (*expires_in >= 0)
    q.expires_in = std::chrono::days(std::min<std::int64_t>(*expires_in, 36500));
  if (auto v = rq.QueryParam("domain"); v && !v->empty()) q.domain = *v;
  if (auto v = rq.QueryParam("dcvStatus"); v && !v->empty()) {
    for (auto s : {core::ValidationState::kNotValidated, core::ValidationState::kValidated,
                   core::ValidationState::kExpired}) {
      if (*v == core::ToString(s)) q.state = s;
    }
    if (!q.state) {
      return core::Fail(InvalidField("dcvStatus", "NOT_VALIDATED, VALIDATED or EXPIRED"));
    }
  }
  if (auto v = rq.QueryParam("orderStatus"); v && !v->empty()) {
    if (*v == "SUBMITTED") {
      q.order_state = core::DcvOrderState::kSubmitted;
    } else if (*v == "NOT_INITIATED") {
      q.order_state = core::DcvOrderState::kStarted;
    } else {
      return core::Fail(InvalidField("orderStatus", "NOT_INITIATED or SUBMITTED"));
    }
  }
  auto page = dc.List(who.principal, q);
  if (!page) return core::Fail(page.error());
  json out = json::array();
  for (const auto& row : page->rows) {
    const auto& s = row.status;
    // Every row has §2.5's fields, null where there is no order or validation.
    json j = {{"domain", row.domain},
              {"dcvStatus", core::ToString(s.state)},
              {"dcvOrderStatus", s.order ? core::ToString(s.order->state) : "NOT_INITIATED"},
              {"dcvOrderMethod", nullptr},
              {"dcvMethod", nullptr},
              {"expirationDate", nullptr}};
    if (s.order) j["dcvOrderMethod"] = core::OrderModeName(s.order->method);
    if (s.validation) {
      j["dcvMethod"] = core::ToString(s.validation->method);
      j["expirationDate"] = (*date)(s.validation->expires_at);
    }
    out.push_back(std::move(j));
  }
  auto response = JsonResponse(200, out);
  response.SetHeader("X-Total-Count", std::to_string(page->total));
  return response;
}

Reply SyncDcv(service::DomainControl& dc, http::Request& rq, const Authed& who) {
  auto domain = DomainOf(rq);
  if (!domain) return core::Fail(domain.error());
  auto s = dc.Status(who.principal, *domain);
  if (!s) return core::Fail(s.error());
  // A submitted order is looked at now rather than at its next check.
  if (s->order && s->order->state == core::DcvOrderState::kSubmitted &&
      s->order->method != core::DcvMethod::kEmail) {
    s = dc.Submit(who.principal, *domain, s->order->method);
    if (!s) return core::Fail(s.error());
  }
  return JsonResponse(200, StatusJson(*s, dc.options().file_second_line));
}

Reply ClearDcv(service::DomainControl& dc, http::Request& rq, const Authed& who) {
  auto domain = DomainOf(rq);
  if (!domain) return core::Fail(domain.error());
  auto s = dc.Clear(who.principal, *domain);
  if (!s) return core::Fail(s.error());
  auto j = StatusJson(*s, dc.options().file_second_line);
  j["message"] = "DCV status: " + std::string(core::ToString(s->state)) +
                 "; DCV order status: " + j["orderStatus"].get<std::string>();
  return JsonResponse(200, j);
}

Reply DeleteDcv(service::DomainControl& dc, http::Request& rq, const Authed& who) {
  auto domain = DomainOf(rq);
  if (!domain) return core::Fail(domain.error());
  if (auto r = dc.Delete(who.principal, *domain); !r) return core::Fail(r.error());
  return http::Response{200, {}, ""};
}

json DomainValidationJson(const service::DcvStatus& s, const DateWriter& date) {
  // §2.4's fields are always there, null until the domain is validated: a script reads
  // d["dcvExpiration"] of every domain. certkeep watches no CT logs: monitoring is off.
  json j = {{"validationStatus", core::ToString(s.state)},
            {"validationMethod", nullptr},
            {"dcvValidation", nullptr},
            {"dcvExpiration", nullptr},
            {"ctLogMonitoring",
             {{"enabled", false}, {"includeSubdomains", false}, {"bucketId", nullptr}}}};
  if (s.validation) {
    j["validationMethod"] = core::ToString(s.validation->method);
    j["dcvValidation"] = core::ToString(s.validation->method);
    j["dcvExpiration"] = date(s.validation->expires_at);
    j["validationCovers"] = s.covers;
  }
  return j;
}

namespace {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

http::Response Page(int status, const std::string& title, const std::string& body) {
  http::Response r{status, {}, ""};
  r.body =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      HtmlEscape(title) +
      "</title><style>body{font-family:sans-serif;"
      "max-width:40em;margin:3em auto;padding:0 1em;line-height:1.5}"
      "button{font-size:1.1em;padding:.5em 1.5em}</style></head><body><h1>" +
      HtmlEscape(title) + "</h1>" + body + "</body></html>";
  r.SetHeader("Content-Type", "text/html; charset=utf-8");
  // The code travels in the URL: never to another site, never cached, never framed.
  r.SetHeader("Referrer-Policy", "no-referrer");
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Content-Security-Policy",
              "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
              "frame-ancestors 'none'");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  return r;
}

// One field of an application/x-www-form-urlencoded body.
std::string FormField(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    auto amp = body.find('&');
    auto pair = body.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name && eq != std::string_view::npos) {
      std::string raw(pair.substr(eq + 1));
      std::replace(raw.begin(), raw.end(), '+', ' ');
      return http::PercentDecode(raw).value_or("");
    }
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
  }
  return {};
}

std::optional<core::DcvOrderId> OrderIdOf(const std::string& text) {
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  return core::DcvOrderId{std::stoll(text)};
}

const char* kInvalidLink =
    "<p>This confirmation link is not valid: it is wrong, was used already, or has "
    "expired. Ask the administrator who started the validation to send a new one.</p>";

}  // namespace

http::Response EmailConfirmationPage(service::DomainControl& dc, http::Request& rq) {
  auto order = OrderIdOf(rq.QueryParam("order").value_or(""));
  auto code = rq.QueryParam("code").value_or("");
  auto name = order ? dc.PeekEmailOrder(*order, code)
                    : core::Result<std::string>(core::Fail(core::ErrorCode::kForbidden,
                                                           core::Reason::kDcvCodeInvalid, ""));
  if (!name) return Page(404, "Domain control validation", kInvalidLink);
  return Page(200, "Confirm control of " + *name,
              "<p>An administrator of the certificate service asked to confirm that you "
              "control <strong>" +
                  HtmlEscape(*name) +
                  "</strong>, so that certificates can "
                  "be issued for it and the names below it.</p>"
                  "<form method=\"post\" action=\"/dcv/confirm\">"
                  "<input type=\"hidden\" name=\"order\" value=\"" +
                  std::to_string(order->value) +
                  "\">"
                  "<input type=\"hidden\" name=\"code\" value=\"" +
                  HtmlEscape(code) +
                  "\">"
                  "<button type=\"submit\">Confirm</button></form>"
                  "<p>If you did not expect this, close this page: nothing happens unless you "
                  "press Confirm.</p>");
}

http::Response ConfirmEmailValidation(service::DomainControl& dc, http::Request& rq) {
  auto order = OrderIdOf(FormField(rq.body, "order"));
  auto code = FormField(rq.body, "code");
  if (!order) return Page(400, "Domain control validation", kInvalidLink);
  auto name = dc.ConfirmEmail(*order, code, rq.remote_address);
  if (!name) {
    if (name.error().reason() == core::Reason::kDcvCodeInvalid) {
      return Page(403, "Domain control validation", kInvalidLink);
    }
    return Page(503, "Domain control validation",
                "<p>The confirmation could not be recorded just now. Please try again in a "
                "few minutes.</p>");
  }
  return Page(200, "Thank you",
              "<p>Control of <strong>" + HtmlEscape(*name) +
                  "</strong> is confirmed. You can close this page.</p>");
}

}  // namespace certkeep::api::internal
