// /api/ssl/v1/{id}/dcv and its recheck: the domain validation a request waits on
// (scm-api.md §2.1).

#include <nlohmann/json.hpp>

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"

namespace certkeep::api::internal {

using nlohmann::json;

namespace {

// §2.1's {dcvLog, instructions} of a request's names.
json DcvLogJson(const std::vector<service::SslCertificates::NameDcv>& names) {
  json log = json::array(), instructions = json::array();
  for (const auto& n : names) {
    json entry = {{"domainName", n.name}, {"dcvStatus", core::ToString(n.validation.state)}};
    if (n.order) {
      const auto& o = *n.order;
      if (o.last_check) entry["lastCheck"] = core::ToRfc3339(*o.last_check);
      if (o.next_check) entry["nextCheck"] = core::ToRfc3339(*o.next_check);
      if (o.method == core::DcvMethod::kEmail) {
        entry["dcvEmailRefNumber"] = std::to_string(o.id.value);
      }
      auto published = DcvOrderJson(o, {});
      json how = {{"domainName", o.domain_name}, {"dcvMode", core::OrderModeName(o.method)}};
      for (auto [from, to] :
           {std::pair{"url", "url"}, std::pair{"firstLine", "file"}, std::pair{"host", "host"},
            std::pair{"point", "point"}, std::pair{"validationEmail", "dcvEmail"}}) {
        if (published.contains(from)) how[to] = published[from];
      }
      instructions.push_back(std::move(how));
    }
    log.push_back(std::move(entry));
  }
  return {{"dcvLog", {{"log", log}}}, {"instructions", instructions}};
}

}  // namespace

Reply SslDcv(service::SslCertificates& ssl, http::Request& rq, const Authed& who) {
  auto id = SslIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto names = ssl.DcvOf(who, *id);
  if (!names) return core::Fail(names.error());
  return JsonResponse(200, DcvLogJson(*names));
}

// §2.1: POST {id}/dcv/recheck looks again at once at each name's evidence (an order's
// file, CNAME or TXT record) and answers 202 with the log as it then stands. Submit records
// a check that finds nothing in the log, not as an error; an order that lapsed meanwhile
// has nothing to look at; an email order is left to its recipient.
Reply RecheckSslDcv(service::SslCertificates& ssl, service::DomainControl& dcv, http::Request& rq,
                    const Authed& who) {
  auto id = SslIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto names = ssl.DcvOf(who, *id);
  if (!names) return core::Fail(names.error());
  for (const auto& n : *names) {
    if (!n.order || n.order->method == core::DcvMethod::kEmail) continue;
    auto checked = dcv.Submit(who.principal, n.order->domain_name, n.order->method);
    if (!checked && checked.error().reason() != core::Reason::kDcvNotStarted) {
      return core::Fail(checked.error());
    }
  }
  auto after = ssl.DcvOf(who, *id);
  if (!after) return core::Fail(after.error());
  return JsonResponse(202, DcvLogJson(*after));
}

}  // namespace certkeep::api::internal
