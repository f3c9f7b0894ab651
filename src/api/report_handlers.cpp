// /api/report/v1 (scm-api.md §2.11): always POST with a JSON filter body, answering
// {"statusCode": 0, "reports": [...]}. activity is the audit log; ssl-certificates the
// SSL certificates, also as CSV (RFC 4180) for `Accept: text/csv` or `?format=csv`, which
// the console's Reports page downloads.

#include <charconv>

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "core/date_format.h"
#include "service/activity.h"
#include "service/reports.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

// `from` and `to` of a filter body as [from, to); a bare `to` date names the whole day.
core::Result<std::pair<core::TimePoint, core::TimePoint>> RangeOf(const json& body) {
  auto from_text = OptString(body, "from");
  if (!from_text) return core::Fail(from_text.error());
  auto to_text = OptString(body, "to");
  if (!to_text) return core::Fail(to_text.error());
  core::TimePoint from{}, to = core::TimePoint::max();
  if (*from_text) {
    auto t = core::ParseIsoTime(**from_text);
    if (!t) return core::Fail(InvalidField("from", "an ISO date, e.g. 2026-11-24"));
    from = *t;
  }
  if (*to_text) {
    auto t = core::ParseIsoTime(**to_text);
    if (!t) return core::Fail(InvalidField("to", "an ISO date, e.g. 2026-11-24"));
    to = *t + ((*to_text)->size() == 10 ? std::chrono::days(1) : std::chrono::seconds(0));
  }
  return std::pair{from, to};
}

// organizationIds: a list of ids, or one comma-separated string.
core::Result<std::vector<core::OrgId>> OrgIdsOf(const json& body) {
  std::vector<core::OrgId> out;
  auto it = body.find("organizationIds");
  if (it == body.end() || it->is_null()) return out;
  auto bad = [] { return InvalidField("organizationIds", "a list of organization ids"); };
  json items = *it;
  if (items.is_string()) {
    auto list = OptStringList(body, "organizationIds");
    if (!list || !*list) return core::Fail(bad());
    items = json::array();
    for (const auto& s : **list) {
      std::int64_t id = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
      if (ec != std::errc() || p != s.data() + s.size()) return core::Fail(bad());  // "12abc"
      items.push_back(id);
    }
  }
  if (!items.is_array()) return core::Fail(bad());
  for (const auto& v : items) {
    if (!v.is_number_integer()) return core::Fail(bad());
    out.push_back(core::OrgId{v.get<std::int64_t>()});
  }
  return out;
}

// The report's filter body as a list query; nullopt: a source certkeep never records
// (Discovery, SCEP, ...), so nothing matches.
core::Result<std::optional<store::SslQuery>> SslFilterOf(const json& body) {
  using core::SslStatus;
  store::SslQuery q;
  auto cn = OptString(body, "commonName");
  if (!cn) return core::Fail(cn.error());
  if (*cn && !(*cn)->empty()) q.common_name = **cn;
  auto ext = OptString(body, "externalRequester");
  if (!ext) return core::Fail(ext.error());
  if (*ext && !(*ext)->empty()) q.external_requester = **ext;
  auto status = OptInt(body, "certificateStatus");
  if (!status) return core::Fail(status.error());
  switch (status->value_or(0)) {
    case 0:
      break;
    case 1:
      q.statuses = {SslStatus::kRequested, SslStatus::kApproved, SslStatus::kApplied};
      break;
    case 2:
      q.statuses = {SslStatus::kIssued};
      break;
    case 3:
      q.statuses = {SslStatus::kRevoked};
      break;
    case 4:
      q.statuses = {SslStatus::kExpired};
      break;
    default:
      return core::Fail(InvalidField(
          "certificateStatus", "0 (any), 1 (requested), 2 (issued), 3 (revoked), 4 (expired)"));
  }
  auto range = RangeOf(body);
  if (!range) return core::Fail(range.error());
  auto attribute = OptInt(body, "certificateDateAttribute");
  if (!attribute) return core::Fail(attribute.error());
  using D = store::SslQuery::DateOf;
  bool ranged = range->first != core::TimePoint{} || range->second != core::TimePoint::max();
  if (*attribute || ranged) {
    switch (attribute->value_or(4)) {
      case 2:
        q.date_of = D::kRevoked;
        break;
      case 3:
        q.date_of = D::kExpires;
        break;
      case 4:
        q.date_of = D::kRequested;
        break;
      case 5:
        q.date_of = D::kIssued;
        break;
      default:
        return core::Fail(
            InvalidField("certificateDateAttribute",
                         "2 (revocation), 3 (expiration), 4 (request), 5 (issuance)"));
    }
    q.from = range->first;
    q.to = range->second;
  }
  auto source = OptInt(body, "certificateRequestSource");
  if (!source) return core::Fail(source.error());
  if (*source) {
    switch (**source) {
      case 0:
        q.requested_via = core::RequestedVia::kEnrollmentForm;
        break;
      case 1:
        q.requested_via = core::RequestedVia::kClientAdmin;
        break;
      case 2:
      case 12:
        q.requested_via = core::RequestedVia::kRestApi;
        break;
      case 10:
        q.requested_via = core::RequestedVia::kAcme;
        break;
      case 3:
      case 4:
      case 5:
      case 7:
      case 9:
      case 11:
        return std::optional<store::SslQuery>();
      default:
        return core::Fail(InvalidField("certificateRequestSource",
                                       "0, 1, 2, 3, 4, 5, 7, 9, 10, 11 or 12 (scm-api.md §2.11)"));
    }
  }
  return std::optional<store::SslQuery>(std::move(q));
}

json Date(const std::optional<core::TimePoint>& t) {
  return t ? json(UsDate(*t)) : json(nullptr);
}

json RowJson(const service::SslReportRow& r, bool leading_zeros) {
  const auto& c = r.cert;
  std::string serial = UpperSerial(c.serial);
  if (leading_zeros && serial.size() % 2 == 1) serial = "0" + serial;
  std::string names;
  for (const auto& n : c.names) names += (names.empty() ? "" : ",") + n;
  json fields = json::parse(c.custom_fields.empty() ? "[]" : c.custom_fields, nullptr, false);
  return {{"id", c.id.value},
          {"commonName", c.common_name},
          {"orgId", c.org_id.value},
          {"organizationName", r.organization},
          {"status", core::ToString(c.status)},
          {"type", r.type},
          {"typeId", c.profile_id.value},
          {"term", c.term_days},
          {"requester", c.requester},
          {"approver", r.approver},
          {"externalRequester", c.external_requester},
          {"requested", UsDate(c.requested_at)},
          {"approved", Date(c.approved_at)},
          {"expires", Date(c.expires_at)},
          {"revoked", Date(c.revoked_at)},
          {"serialNumber", serial},
          {"subjAltNames", names},
          {"publicKeyType", c.key_type},
          {"requestedVia", core::ToString(c.requested_via)},
          {"sha1", r.sha1},
          {"md5", r.md5},
          {"customFields", fields.is_array() ? fields : json::array()}};
}

constexpr const char* kCsvColumns[] = {"id",
                                       "commonName",
                                       "orgId",
                                       "organizationName",
                                       "status",
                                       "type",
                                       "typeId",
                                       "term",
                                       "requester",
                                       "approver",
                                       "externalRequester",
                                       "requested",
                                       "approved",
                                       "expires",
                                       "revoked",
                                       "serialNumber",
                                       "subjAltNames",
                                       "publicKeyType",
                                       "requestedVia",
                                       "sha1",
                                       "md5",
                                       "customFields"};

// One RFC 4180 field. A cell a spreadsheet would read as a formula (= + - @) is prefixed
// with ' (OWASP's CSV injection advice): names and requesters come from outside.
std::string CsvField(const json& v) {
  std::string text;
  if (v.is_null()) {
    text = "";
  } else if (v.is_string()) {
    text = v.get<std::string>();
  } else if (v.is_array()) {
    for (const auto& f : v) {
      if (!text.empty()) text += "; ";
      text += f.value("name", "") + "=" + f.value("value", "");
    }
  } else {
    text = v.dump();
  }
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    text = "'" + text;
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

bool WantsCsv(const http::Request& rq) {
  if (auto f = rq.QueryParam("format"); f && *f == "csv") return true;
  auto accept = rq.Header("Accept");
  return accept && accept->find("text/csv") != std::string_view::npos;
}

}  // namespace

Reply ActivityReport(store::Store& store, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto range = RangeOf(*body);
  if (!range) return core::Fail(range.error());
  auto records = service::ActivityReport(store, who.principal, range->first, range->second, 10000);
  if (!records) return core::Fail(records.error());
  json reports = json::array();
  for (const auto& r : *records) {
    reports.push_back({{"id", r.id.value},
                       {"guid", r.hash.substr(0, 32)},
                       {"action", {{"id", r.id.value}, {"actionName", r.action}}},
                       {"admin", {{"login", r.actor}}},
                       {"accessMethod", r.source.empty() ? "CLI" : "REST API"},
                       {"date", core::ToRfc3339(r.at)},
                       {"address", r.source},
                       {"description", r.object_type + " " + r.object_id + " " + r.detail}});
  }
  auto response = JsonResponse(200, {{"statusCode", 0}, {"reports", reports}});
  response.SetHeader("Content-Disposition", "attachment; filename=\"rest_api_activity.json\"");
  return response;
}

Reply SslCertificateReport(store::Store& store, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto query = SslFilterOf(*body);
  if (!query) return core::Fail(query.error());
  auto orgs = OrgIdsOf(*body);
  if (!orgs) return core::Fail(orgs.error());
  auto format = OptString(*body, "serialNumberFormat");
  if (!format) return core::Fail(format.error());
  bool leading_zeros = format->value_or("") == "HEXWithLeadingZeros";
  std::vector<service::SslReportRow> rows;
  if (*query) {
    auto found = service::SslCertificateReport(store, who.principal, std::move(**query), *orgs);
    if (!found) return core::Fail(found.error());
    rows = std::move(*found);
  }
  if (WantsCsv(rq)) {
    std::string csv;
    for (const char* column : kCsvColumns) csv += std::string(csv.empty() ? "" : ",") + column;
    csv += "\r\n";
    for (const auto& r : rows) {
      auto j = RowJson(r, leading_zeros);
      bool first = true;
      for (const char* column : kCsvColumns) {
        if (!first) csv += ',';
        first = false;
        csv += CsvField(j[column]);
      }
      csv += "\r\n";
    }
    http::Response response{200, {}, std::move(csv)};
    response.SetHeader("Content-Type", "text/csv; charset=utf-8; header=present");
    response.SetHeader("Content-Disposition", "attachment; filename=\"ssl-certificates.csv\"");
    return response;
  }
  json reports = json::array();
  for (const auto& r : rows) reports.push_back(RowJson(r, leading_zeros));
  return JsonResponse(200, {{"statusCode", 0}, {"reports", reports}});
}

}  // namespace certkeep::api::internal
