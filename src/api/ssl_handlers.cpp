// /api/ssl/v1 (and its v2 twins): SSL certificates over SCM's REST API (scm-api.md §2.1,
// §3.1, §3.7, §4).

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "core/random.h"
#include "core/tenancy.h"
#include "pki/digest.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

json KeyTypes(const core::CertificateProfile& p) {
  json out = json::object();
  if (p.allow_rsa) {
    json sizes = json::array();
    for (int bits : {2048, 3072, 4096, 8192}) {
      if (bits >= p.min_rsa_bits && bits <= p.max_rsa_bits) sizes.push_back(std::to_string(bits));
    }
    out["RSA"] = sizes;
  }
  if (p.allow_ec) out["EC"] = json::array({"P-256", "P-384"});
  if (p.allow_ed25519) out["EdDSA"] = json::array({"Ed25519"});
  return out;
}

json TypeJson(const core::CertificateProfile& p) {
  return {{"id", p.id.value}, {"name", p.name},          {"description", p.description},
          {"terms", p.terms}, {"keyTypes", KeyTypes(p)}, {"useSecondaryOrgName", false}};
}

// An action's body: JSON object, "" (the JSON string some clients send), or nothing.
core::Result<json> ActionBody(const http::Request& rq) {
  auto trimmed = rq.body;
  std::erase_if(trimmed, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (trimmed == "\"\"") return json::object();
  return ParseObject(rq);
}

// §2.1's externalRequester: an email address or a comma-separated list of them (or none).
bool IsEmailList(std::string_view text) {
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!core::IsPlausibleEmail(item)) return false;
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return true;
}

// A term in days that an int holds (a larger one is refused, never wrapped to a valid one).
bool FitsTerm(std::int64_t days) {
  return days > 0 && days <= std::numeric_limits<int>::max();
}

core::Result<std::string> Message(const json& body, const char* field) {
  auto m = OptString(body, field);
  if (!m) return core::Fail(m.error());
  return m->value_or("");
}

// What a signed certificate says of itself (§2.1's certificateDetails, signatureAlg, key
// usages): fingerprints as upper-case hex, the alternative names as SCM writes them.
void AddCertificateFacts(json& j, const pki::Certificate& issued) {
  std::string alt_names;
  for (const auto& name : issued.DnsNames()) {
    alt_names += (alt_names.empty() ? "dNSName=" : ", dNSName=") + name;
  }
  auto der = issued.ToDer();
  auto fingerprint = [&der](std::vector<std::uint8_t> (*digest)(std::string_view)) {
    return der ? UpperSerial(core::Hex(digest(*der))) : std::string();
  };
  j["certificateDetails"] = {{"issuer", issued.Issuer()},
                             {"subject", issued.Subject()},
                             {"subjectAltNames", alt_names},
                             {"md5Hash", fingerprint(&pki::Md5)},
                             {"sha1Hash", fingerprint(&pki::Sha1)}};
  j["signatureAlg"] = issued.SignatureAlgorithm();
  j["keyUsages"] = issued.KeyUsages();
  j["extendedKeyUsages"] = issued.ExtendedKeyUsages();
}

json Details(const core::SslCertificate& c, const std::optional<core::CertificateProfile>& type,
             const std::optional<pki::Certificate>& issued, const DateWriter& date) {
  json j = {{"id", c.id.value},
            {"sslId", c.id.value},
            {"commonName", c.common_name},
            {"orgId", c.org_id.value},
            {"status", core::ToString(c.status)},
            {"orderNumber", c.id.value},
            {"backendCertId", std::to_string(c.id.value)},
            {"vendor", "certkeep"},
            {"term", c.term_days},
            {"owner", c.requester},
            {"requester", c.requester},
            {"requestedVia", core::ToString(c.requested_via)},
            {"externalRequester", c.external_requester},
            {"comments", c.comments},
            {"requested", date(c.requested_at)},
            {"renewed", c.renewed_from.has_value()},
            {"keyType", c.key_type},
            {"subjectAlternativeNames", c.names},
            {"autoRenewDetails",
             {{"state", c.auto_renew ? "Scheduled" : "Not scheduled"},
              {"daysBeforeExpiration", c.auto_renew_days}}},
            {"suspendNotifications", c.suspend_notifications}};
  if (c.requester_id) {
    j["ownerId"] = c.requester_id->value;
    j["requesterId"] = c.requester_id->value;
  }
  if (type) j["certType"] = TypeJson(*type);
  auto space = c.key_type.find(" - ");
  if (space != std::string::npos) {
    j["keyAlgorithm"] = c.key_type.substr(0, space);
    j["keySize"] = std::atoi(c.key_type.c_str() + space + 3);
  }
  auto custom = json::parse(c.custom_fields, nullptr, false);
  j["customFields"] = custom.is_array() ? custom : json::array();
  if (c.approved_at) j["approved"] = date(*c.approved_at);
  if (c.declined_at) j["declined"] = date(*c.declined_at);
  if (c.issued_at) j["issued"] = date(*c.issued_at);
  if (c.expires_at) j["expires"] = date(*c.expires_at);
  if (c.revoked_at) j["revoked"] = date(*c.revoked_at);
  if (c.revocation_reason) j["reasonCode"] = *c.revocation_reason;
  if (!c.serial.empty()) j["serialNumber"] = UpperSerial(c.serial);
  if (!c.message.empty()) j["message"] = c.message;
  if (c.renewed_from) j["renewedFrom"] = c.renewed_from->value;
  if (issued) AddCertificateFacts(j, *issued);
  return j;
}

// The details of `c`, with its certificate type.
Reply DetailsReply(service::SslCertificates& ssl, http::Request& rq, const Authed& who,
                   const service::SslView& view) {
  const auto& c = view.cert;
  auto date = DateWriter::Of(rq, kUsDatePattern);
  if (!date) return core::Fail(date.error());
  std::optional<core::CertificateProfile> type;
  if (auto types = ssl.Types(who)) {
    for (const auto& p : *types) {
      if (p.id == c.profile_id) type = p;
    }
  }
  return JsonResponse(200, Details(c, type, view.certificate, *date));
}

}  // namespace

Reply ListSslTypes(service::SslCertificates& ssl, http::Request&, const Authed& who) {
  auto types = ssl.Types(who);
  if (!types) return core::Fail(types.error());
  json out = json::array();
  for (const auto& p : *types) out.push_back(TypeJson(p));
  return JsonResponse(200, out);
}

// certkeep's own: the console shows the names of a pasted CSR before submitting it.
Reply PreviewSslCsr(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto csr = OptString(*body, "csr");
  if (!csr) return core::Fail(csr.error());
  if (!*csr || (*csr)->empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "csr is required but missing");
  }
  auto type = OptInt(*body, "certType");
  if (!type) return core::Fail(type.error());
  auto preview = ssl.PreviewCsr(who, **csr, type->value_or(0));
  if (!preview) return core::Fail(preview.error());
  return JsonResponse(200, {{"commonName", preview->common_name},
                            {"subjectAlternativeNames", preview->dns_names},
                            {"keyType", preview->key_type}});
}

Reply EnrollSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  service::EnrollRequest r;
  auto org = OptInt(*body, "orgId");
  auto type = OptInt(*body, "certType");
  auto term = OptInt(*body, "term");
  auto csr = OptString(*body, "csr");
  for (auto* f : {&org, &type, &term}) {
    if (!*f) return core::Fail(f->error());
  }
  if (!csr) return core::Fail(csr.error());
  for (auto [value, name] :
       {std::pair{org->has_value(), "orgId"}, std::pair{csr->has_value(), "csr"},
        std::pair{type->has_value(), "certType"}, std::pair{term->has_value(), "term"}}) {
    if (!value) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                        std::string(name) + " is required but missing");
    }
  }
  r.org_id = core::OrgId{**org};
  r.csr = **csr;
  r.profile_id = **type;
  if (!FitsTerm(**term)) return core::Fail(InvalidField("term", "a number of days, 1 or more"));
  r.term_days = static_cast<int>(**term);
  // subjAltNames: SCM's comma-separated string; a JSON list or null is taken too.
  auto sans = OptStringList(*body, "subjAltNames");
  if (!sans) return core::Fail(sans.error());
  // Whitespace around a name goes; inside one it stays, for the name check to refuse.
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  for (auto& n : sans->value_or(std::vector<std::string>{})) {
    auto first = std::find_if_not(n.begin(), n.end(), space);
    auto last = std::find_if_not(n.rbegin(), n.rend(), space).base();
    if (first < last) r.subject_alt_names.emplace_back(first, last);
  }
  auto external = OptString(*body, "externalRequester");
  auto comments = OptString(*body, "comments");
  auto dcv_mode = OptString(*body, "dcvMode");
  auto auto_renew = OptBool(*body, "autoRenew");
  if (!external) return core::Fail(external.error());
  if (!comments) return core::Fail(comments.error());
  if (!dcv_mode) return core::Fail(dcv_mode.error());
  if (!auto_renew) return core::Fail(auto_renew.error());
  r.external_requester = external->value_or("");
  if (r.external_requester.size() > 512 || !IsEmailList(r.external_requester)) {
    return core::Fail(InvalidField("externalRequester",
                                   "email addresses, comma-separated, at most 512 characters"));
  }
  r.comments = comments->value_or("");
  if (r.comments.size() > 1024)
    return core::Fail(InvalidField("comments", "at most 1024 characters"));
  r.dcv_mode = dcv_mode->value_or("");
  if (!r.dcv_mode.empty() && !core::ParseOrderMode(r.dcv_mode)) {
    return core::Fail(InvalidField("dcvMode", "CNAME, EMAIL, HTTP, HTTPS or TXT"));
  }
  r.auto_renew = auto_renew->value_or(false);
  if (auto it = body->find("customFields"); it != body->end() && !it->is_null()) {
    if (!it->is_array()) return core::Fail(InvalidField("customFields", "a list of {name, value}"));
    for (const auto& f : *it) {
      if (!f.is_object() || !f.contains("name") || !f["name"].is_string()) {
        return core::Fail(InvalidField("customFields", "a list of {name, value}"));
      }
    }
    r.custom_fields = it->dump();
  }
  // numberServers, serverType and other legacy fields: ignored (scm-api.md §5.2 12).
  auto enrolled = ssl.Enroll(who, r);
  if (!enrolled) return core::Fail(enrolled.error());
  return JsonResponse(200, {{"sslId", enrolled->id.value}, {"renewId", enrolled->renew_id}});
}

Reply GetSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  auto id = SslIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto c = ssl.Get(who, *id);
  if (!c) return core::Fail(c.error());
  return DetailsReply(ssl, rq, who, *c);
}

namespace {

// The list's filters on the key and on how a certificate was requested, into `q`; false
// when they name what no certificate here has. Filters of what certkeep does not keep
// (discovery, installation, hashes, usages) are refused rather than ignored: a script
// would otherwise take the whole list for the answer.
core::Result<bool> KeyAndSourceFilters(http::Request& rq, store::SslQuery& q) {
  for (const char* unsupported :
       {"discoveryStatus", "vendor", "installStatus", "renewalStatus", "issuer",
        "signatureAlgorithm", "sha1Hash", "md5Hash", "keyUsage", "extendedKeyUsage"}) {
    if (auto v = rq.QueryParam(unsupported); v && !v->empty()) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                        std::string(unsupported) + ": this filter is not supported");
    }
  }
  auto upper = [](std::string v) {
    for (auto& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return v;
  };
  if (auto v = rq.QueryParam("keyAlgorithm"); v && !v->empty()) {
    auto algorithm = upper(*v);
    if (algorithm == "ECDSA" || algorithm == "ECC") algorithm = "EC";
    if (algorithm != "RSA" && algorithm != "EC" && algorithm != "ED25519") {
      return core::Fail(InvalidField("keyAlgorithm", "RSA or EC"));
    }
    q.key_algorithm = algorithm;
  }
  // keySize in bits; keyParam a size or a NIST curve ("P-256", "secp384r1").
  for (const char* name : {"keySize", "keyParam"}) {
    auto v = rq.QueryParam(name);
    if (!v || v->empty()) continue;
    auto text = upper(*v);
    for (auto [curve, bits] :
         {std::pair{"P-256", "256"}, std::pair{"SECP256R1", "256"}, std::pair{"PRIME256V1", "256"},
          std::pair{"P-384", "384"}, std::pair{"SECP384R1", "384"}, std::pair{"P-521", "521"},
          std::pair{"SECP521R1", "521"}}) {
      if (text == curve) text = bits;
    }
    int bits = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bits);
    if (ec != std::errc() || end != text.data() + text.size() || bits <= 0) {
      return core::Fail(InvalidField(name, "a key size in bits"));
    }
    if (q.key_size && *q.key_size != bits) return false;
    q.key_size = bits;
  }
  if (auto v = rq.QueryParam("requestedVia"); v && !v->empty()) {
    // The details' words ("REST API", "ACME", "Enrollment Form", "Client Admin", §3.6), in
    // any case, with or without spaces or underscores; "Web API" is SCM's for the REST API.
    auto key = [&upper](std::string_view t) {
      std::string out;
      for (char c : t) {
        if (c != ' ' && c != '_') out += c;
      }
      return upper(out);
    };
    auto wanted = key(*v);
    if (wanted == "WEBAPI") wanted = "RESTAPI";
    for (auto via : {core::RequestedVia::kRestApi, core::RequestedVia::kClientAdmin,
                     core::RequestedVia::kEnrollmentForm, core::RequestedVia::kAcme}) {
      if (key(core::ToString(via)) == wanted) q.requested_via = via;
    }
    if (!q.requested_via) return false;  // Discovery, Imported, SCEP, ...: none here
  }
  return true;
}

}  // namespace

Reply ListSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  store::SslQuery q;
  auto size = QueryInt(rq, "size", 200);
  auto position = QueryInt(rq, "position", 0);
  auto org = QueryInt(rq, "orgId", 0);
  auto type = QueryInt(rq, "sslTypeId", 0);
  for (auto* r : {&size, &position, &org, &type}) {
    if (!*r) return core::Fail(r->error());
  }
  q.size = *size;
  q.position = *position;
  if (*org > 0) q.org_id = core::OrgId{*org};
  if (*type > 0) q.profile_id = core::ProfileId{*type};
  auto text = [&rq](const char* name) -> std::optional<std::string> {
    auto v = rq.QueryParam(name);
    if (v && !v->empty()) return v;
    return std::nullopt;
  };
  q.common_name = text("commonName");
  q.name = text("subjectAlternativeName");
  q.requester = text("requester");
  q.external_requester = text("externalRequester");
  if (auto s = text("serialNumber")) q.serial = core::NormalizeSerialHex(*s);
  bool none = false;  // a filter no certificate here can match: an empty page
  if (auto s = text("status")) {
    q.status = core::ParseSslStatus(*s);
    // §3.6's words for states certkeep's certificates are never in (Unmanaged: "the filter
    // returns nothing").
    none = !q.status &&
           (*s == "Unmanaged" || *s == "SAApproved" || *s == "SA Approved" || *s == "Init");
    if (!q.status && !none) {
      return core::Fail(InvalidField("status", "an SSL status such as Issued"));
    }
  }
  auto filters = KeyAndSourceFilters(rq, q);
  if (!filters) return core::Fail(filters.error());
  none = none || !*filters;
  auto page = none ? core::Result<store::SslPage>(store::SslPage{}) : ssl.List(who, q);
  if (!page) return core::Fail(page.error());
  json out = json::array();
  for (const auto& c : page->certificates) {
    json row = {
        {"sslId", c.id.value}, {"commonName", c.common_name}, {"subjectAlternativeNames", c.names}};
    if (!c.serial.empty()) row["serialNumber"] = UpperSerial(c.serial);
    out.push_back(std::move(row));
  }
  auto response = JsonResponse(200, out);
  response.SetHeader("X-Total-Count", std::to_string(page->total));
  return response;
}

Reply CollectSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  auto id = SslIdOf(rq);
  if (!id) return core::Fail(id.error());
  std::string name = "base64";
  if (auto it = rq.path_params.find("format"); it != rq.path_params.end()) {
    name = it->second;
  } else if (auto f = rq.QueryParam("format"); f && !f->empty()) {
    name = *f;
  }
  auto format = pki::ParseCertificateFormat(name);
  if (!format) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kSslUnknownFormat,
                      "Unknown SSL certificate file format requested: " + name);
  }
  auto download = ssl.Collect(who, *id, *format);
  if (!download) return core::Fail(download.error());
  // The body is sent whatever Accept says (clients send application/json): never 406; and
  // as application/octet-stream, whatever it holds (scm-api.md §1.6, §4.3.4).
  http::Response response{200, {}, std::move(download->body)};
  response.SetHeader("Content-Type", "application/octet-stream");
  response.SetHeader("Content-Disposition", "attachment; filename=\"" + download->file_name + "\"");
  return response;
}

Reply DecideSsl(service::SslCertificates& ssl, bool approve, http::Request& rq, const Authed& who) {
  auto id = SslIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto body = ActionBody(rq);
  if (!body) return core::Fail(body.error());
  auto message = Message(*body, "message");
  if (!message) return core::Fail(message.error());
  auto r = approve ? ssl.Approve(who, *id, *message) : ssl.Decline(who, *id, *message);
  if (!r) return core::Fail(r.error());
  return http::Response{204, {}, ""};
}

Reply RevokeSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  core::SslId id;
  if (rq.path_params.contains("serial")) {
    auto found = ssl.IdBySerial(who, rq.path_params.at("serial"));
    if (!found) return core::Fail(found.error());
    id = *found;
  } else {
    auto parsed = SslIdOf(rq);
    if (!parsed) return core::Fail(parsed.error());
    id = *parsed;
  }
  auto body = ActionBody(rq);
  if (!body) return core::Fail(body.error());
  auto reason = Message(*body, "reason");
  auto code = OptSmallInt(*body, "reasonCode");
  if (!reason) return core::Fail(reason.error());
  if (!code) return core::Fail(code.error());
  // Older clients send only `reason`: reasonCode defaults to 0 (scm-api.md §5.2 9).
  auto r = ssl.Revoke(who, id, code->value_or(0), *reason);
  if (!r) return core::Fail(r.error());
  return http::Response{204, {}, ""};
}

// §2.1's revoke/manual names the certificate by `certId`, or by `serialNumber` (and its
// `issuer`), and marks it revoked "without telling the CA". certkeep is the CA: the
// certificate is revoked, now, as revoke/{id} does; a `revokeDate` is taken and not kept.
Reply RevokeSslManually(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto cert_id = OptInt(*body, "certId");
  auto serial = OptString(*body, "serialNumber");
  auto code = OptSmallInt(*body, "reasonCode");
  auto date = OptString(*body, "revokeDate");
  if (!cert_id) return core::Fail(cert_id.error());
  if (!serial) return core::Fail(serial.error());
  if (!code) return core::Fail(code.error());
  if (!date) return core::Fail(date.error());
  core::SslId id;
  if (*cert_id) {
    id = core::SslId{**cert_id};
  } else if (*serial && !(*serial)->empty()) {
    auto found = ssl.IdBySerial(who, **serial);
    if (!found) return core::Fail(found.error());
    id = *found;
  } else {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "certId or serialNumber is required but missing");
  }
  auto r = ssl.Revoke(who, id, code->value_or(0), "revoked manually");
  if (!r) return core::Fail(r.error());
  return http::Response{204, {}, ""};
}

namespace {

// Both renew forms: a new request for `id`, with the body's CSR if it has one.
core::Result<service::Enrolled> RenewFrom(service::SslCertificates& ssl, core::SslId id,
                                          const http::Request& rq, const Authed& who) {
  auto body = ActionBody(rq);
  if (!body) return core::Fail(body.error());
  auto csr = Message(*body, "csr");
  if (!csr) return core::Fail(csr.error());
  return ssl.Renew(who, id, *csr);
}

}  // namespace

Reply RenewSslByRenewId(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  auto id = ssl.IdByRenewId(who, rq.path_params.at("renewId"));
  if (!id) return core::Fail(id.error());
  auto renewed = RenewFrom(ssl, *id, rq, who);
  if (!renewed) return core::Fail(renewed.error());
  return http::Response{204, {}, ""};
}

Reply RenewSslById(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  auto id = SslIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto renewed = RenewFrom(ssl, *id, rq, who);
  if (!renewed) return core::Fail(renewed.error());
  return JsonResponse(200, {{"sslId", renewed->id.value}});
}

Reply ReplaceSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  auto id = SslIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto csr = Message(*body, "csr");
  auto reason = Message(*body, "reason");
  // subjectAlternativeNames: a JSON array here (scm-api.md §2.1); a comma string is taken.
  auto names = OptStringList(*body, "subjectAlternativeNames");
  if (!csr) return core::Fail(csr.error());
  if (!reason) return core::Fail(reason.error());
  if (!names) return core::Fail(names.error());
  auto replaced = ssl.Replace(who, *id, *csr, names->value_or(std::vector<std::string>{}), *reason);
  if (!replaced) return core::Fail(replaced.error());
  return http::Response{204, {}, ""};
}

Reply EditSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  service::SslEdit edit;
  auto id = OptInt(*body, "sslId");
  if (!id) return core::Fail(id.error());
  if (!*id) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "sslId is required but missing");
  }
  edit.id = core::SslId{**id};
  auto org = OptInt(*body, "orgId");
  auto type = OptInt(*body, "certTypeId");
  auto term = OptInt(*body, "term");
  for (auto* f : {&org, &type, &term}) {
    if (!*f) return core::Fail(f->error());
  }
  if (*org) edit.org_id = core::OrgId{**org};
  if (*type) edit.profile_id = **type;
  if (*term && !FitsTerm(**term)) {
    return core::Fail(InvalidField("term", "a number of days, 1 or more"));
  }
  if (*term) edit.term_days = static_cast<int>(**term);
  auto csr = OptString(*body, "csr");
  auto external = OptString(*body, "externalRequester");
  auto comments = OptString(*body, "comments");
  auto names = OptStringList(*body, "subjectAlternativeNames");
  if (!csr) return core::Fail(csr.error());
  if (!external) return core::Fail(external.error());
  if (!comments) return core::Fail(comments.error());
  if (!names) return core::Fail(names.error());
  edit.csr = *csr;
  if (*external && !IsEmailList(**external)) {
    return core::Fail(InvalidField("externalRequester", "email addresses, comma-separated"));
  }
  edit.external_requester = *external;
  edit.comments = *comments;
  edit.subject_alt_names = *names;
  if (auto it = body->find("customFields"); it != body->end() && !it->is_null()) {
    if (!it->is_array()) return core::Fail(InvalidField("customFields", "a list of {name, value}"));
    edit.custom_fields = it->dump();
  }
  if (auto it = body->find("autoRenewDetails"); it != body->end() && it->is_object()) {
    auto state = OptString(*it, "state");
    auto days = OptSmallInt(*it, "daysBeforeExpiration");
    if (!state) return core::Fail(state.error());
    if (!days) return core::Fail(days.error());
    if (*state) {
      if (**state != "Scheduled" && **state != "Not scheduled") {
        return core::Fail(InvalidField("autoRenewDetails.state", "Scheduled or Not scheduled"));
      }
      edit.auto_renew = **state == "Scheduled";
    }
    if (*days) edit.auto_renew_days = **days;
  }
  auto suspend = OptBool(*body, "suspendNotifications");
  if (!suspend) return core::Fail(suspend.error());
  edit.suspend_notifications = *suspend;
  auto cert = ssl.Edit(who, edit);
  if (!cert) return core::Fail(cert.error());
  auto view = ssl.Get(who, cert->id);  // §2.1: PUT answers "the full details object"
  if (!view) return core::Fail(view.error());
  return DetailsReply(ssl, rq, who, *view);
}

}  // namespace certkeep::api::internal
