#pragma once
// Reports (scm-api.md §2.11): the SSL certificates report, every certificate of the part
// of the customer the caller sees that matches the filters, with what each row shows.

#include <optional>
#include <string>
#include <vector>

#include "authz/authz.h"
#include "core/result.h"
#include "core/ssl_certificate.h"
#include "store/store.h"

namespace certkeep::service {

struct SslReportRow {
  core::SslCertificate cert{};
  std::string organization{};  ///< the organization's (or department's) name
  std::string type{};          ///< the profile's name
  std::string approver{};      ///< the approving admin's login, if any
  std::string sha1{};          ///< of the certificate's DER, lower-case hex; "" unsigned
  std::string md5{};
};

/// At most this many rows per report.
inline constexpr std::int64_t kReportMaxRows = 50000;

/// The caller's SSL certificates matching `query` (its paging ignored) and, when
/// `org_ids` is not empty, of those organizations (with their departments) or
/// departments; oldest request first.
[[nodiscard]] core::Result<std::vector<SslReportRow>> SslCertificateReport(
    store::Store& store, const authz::Principal& who, store::SslQuery query,
    const std::vector<core::OrgId>& org_ids);

}  // namespace certkeep::service
