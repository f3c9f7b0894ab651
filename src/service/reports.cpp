#include "service/reports.h"

#include <algorithm>
#include <map>

#include "core/random.h"
#include "pki/certificate.h"
#include "pki/digest.h"
#include "service/scope.h"

namespace certkeep::service {

core::Result<std::vector<SslReportRow>> SslCertificateReport(store::Store& store,
                                                             const authz::Principal& who,
                                                             store::SslQuery query,
                                                             const std::vector<core::OrgId>& org_ids) {
  if (auto r = authz::Authorize(who, authz::Action::kListSsl,
                                authz::Place::Customer(who.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  query.customer = who.customer_id;
  query.position = 0;
  query.size = kReportMaxRows;
  return store.Read([&](store::Transaction& tx) -> core::Result<std::vector<SslReportRow>> {
    auto orgs = tx.organizations().List(who.customer_id);
    if (!orgs) return core::Fail(orgs.error());
    std::map<std::int64_t, const core::Organization*> by_id;
    for (const auto& o : *orgs) by_id[o.id.value] = &o;
    auto within = CoveredOrgs(tx, who, core::CertType::kSsl);
    if (!within) return core::Fail(within.error());
    query.within = std::move(*within);
    if (!org_ids.empty()) {
      // The organizations asked for, with their departments, inside the caller's part.
      std::vector<core::OrgId> asked;
      for (const auto& o : *orgs) {
        bool named = std::find(org_ids.begin(), org_ids.end(), o.id) != org_ids.end() ||
                     (o.parent_id &&
                      std::find(org_ids.begin(), org_ids.end(), *o.parent_id) != org_ids.end());
        bool visible = !query.within || std::find(query.within->begin(), query.within->end(),
                                                  o.id) != query.within->end();
        if (named && visible) asked.push_back(o.id);
      }
      query.within = std::move(asked);
    }
    auto page = tx.ssl().List(query);
    if (!page) return core::Fail(page.error());
    auto profiles = tx.profiles().List();
    if (!profiles) return core::Fail(profiles.error());
    std::map<std::int64_t, std::string> type_names;
    for (const auto& p : *profiles) type_names[p.id.value] = p.name;
    std::map<std::int64_t, std::string> logins;
    std::vector<SslReportRow> rows;
    rows.reserve(page->certificates.size());
    for (auto& c : page->certificates) {
      SslReportRow row;
      if (auto it = by_id.find(c.org_id.value); it != by_id.end()) row.organization = it->second->name;
      row.type = type_names[c.profile_id.value];
      if (c.approver_id) {
        auto [it, fresh] = logins.try_emplace(c.approver_id->value);
        if (fresh) {
          if (auto admin = tx.admins().Get(*c.approver_id)) it->second = admin->login;
        }
        row.approver = it->second;
      }
      if (c.certificate_id) {
        auto record = tx.certificates().Get(*c.certificate_id);
        if (!record) return core::Fail(record.error());
        if (!record->pem.empty()) {
          auto cert = pki::Certificate::FromPem(record->pem);
          if (!cert) return core::Fail(cert.error());
          auto der = cert->ToDer();
          if (!der) return core::Fail(der.error());
          row.sha1 = core::Hex(pki::Sha1(*der));
          row.md5 = core::Hex(pki::Md5(*der));
        }
      }
      row.cert = std::move(c);
      rows.push_back(std::move(row));
    }
    std::reverse(rows.begin(), rows.end());  // the list is newest first; a report reads in order
    return rows;
  });
}

}  // namespace certkeep::service
