#include "store/internal/ssl_repository.h"

#include <algorithm>
#include <array>

#include "store/internal/certificate_repository.h"

namespace certkeep::store::internal {

namespace {

// Selected in the order of core::SslCertificate's fields; SslFromRow reads them by index.
constexpr std::string_view kSelected =
    "s.id, s.customer_id, s.org_id, s.profile_id, s.term_days, s.status, s.csr, "
    "s.common_name, s.names, s.key_type, s.requester, s.requester_id, s.requested_via, "
    "s.external_requester, s.comments, s.custom_fields, s.dcv_mode, s.auto_renew, "
    "s.auto_renew_days, s.renew_id, s.renewed_from, s.replaced_by, s.message, s.approver_id, "
    "s.certificate_id, s.serial, s.requested_at, s.approved_at, s.declined_at, s.issued_at, "
    "s.expires_at, s.revoked_at, s.replaced_at, s.revocation_reason, s.suspend_notifications";
constexpr std::size_t kColumnCount = std::ranges::count(kSelected, ',') + 1;
const std::string kColumns = "SELECT " + std::string(kSelected) + " FROM ssl_certificate s ";

// The certificate with serial ? (twice): found by certificate.serial (UNIQUE), then by
// its certificate_id (0015 keeps no index on the random s.serial). An equality, so that
// SQLite's planner takes that index even beside an equality on customer_id.
constexpr std::string_view kOfSerial =
    "s.certificate_id = (SELECT id FROM certificate WHERE serial = ?) AND s.serial = ?";

// The columns Update writes (all but id, customer_id and requested_at), in the order of
// WrittenValues. Adding a field to core::SslCertificate? Add its column here, in
// WrittenValues, in kSelected and SslFromRow, and in a migration.
constexpr std::array<std::string_view, 32> kWritten = {"org_id",
                                                       "profile_id",
                                                       "term_days",
                                                       "status",
                                                       "csr",
                                                       "common_name",
                                                       "names",
                                                       "key_type",
                                                       "requester",
                                                       "requester_id",
                                                       "requested_via",
                                                       "external_requester",
                                                       "comments",
                                                       "custom_fields",
                                                       "dcv_mode",
                                                       "auto_renew",
                                                       "auto_renew_days",
                                                       "renew_id",
                                                       "renewed_from",
                                                       "replaced_by",
                                                       "message",
                                                       "approver_id",
                                                       "certificate_id",
                                                       "serial",
                                                       "approved_at",
                                                       "declined_at",
                                                       "issued_at",
                                                       "expires_at",
                                                       "revoked_at",
                                                       "replaced_at",
                                                       "revocation_reason",
                                                       "suspend_notifications"};

constexpr std::array kRequestedVia = {
    core::RequestedVia::kRestApi, core::RequestedVia::kClientAdmin,
    core::RequestedVia::kEnrollmentForm, core::RequestedVia::kAcme};

core::RequestedVia ParseRequestedVia(std::string_view text) {
  for (auto via : kRequestedVia) {
    if (core::ToString(via) == text) return via;
  }
  return core::RequestedVia::kRestApi;
}

// DNS names never hold a comma, so ",a,b," is a faithful column, and a leading and
// trailing comma let LIKE find one name exactly (",a,") as well as any substring.
std::string JoinNames(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::string out = ",";
  for (const auto& n : names) {
    out += n;
    out += ',';
  }
  return out;
}

std::vector<std::string> SplitNames(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    if (comma != 0) out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

std::optional<core::TimePoint> TimeAt(const SqlRow& row, std::size_t i) {
  if (auto v = row.OptionalInt(i)) return core::FromUnixSeconds(*v);
  return std::nullopt;
}

template <typename I>
std::optional<I> IdAt(const SqlRow& row, std::size_t i) {
  if (auto v = row.OptionalInt(i)) return I{*v};
  return std::nullopt;
}

SqlValue TimeParam(const std::optional<core::TimePoint>& t) {
  if (t) return core::ToUnixSeconds(*t);
  return nullptr;
}

template <typename I>
SqlValue IdParam(const std::optional<I>& id) {
  if (id) return id->value;
  return nullptr;
}

core::SslCertificate SslFromRow(const SqlRow& row) {
  core::SslCertificate c{
      .id = core::SslId{row.Int(0)},
      .customer_id = core::CustomerId{row.Int(1)},
      .org_id = core::OrgId{row.Int(2)},
      .profile_id = core::ProfileId{row.Int(3)},
      .term_days = static_cast<int>(row.Int(4)),
      .status = core::ParseSslStatus(row.Text(5)).value_or(core::SslStatus::kInvalid),
      .csr = row.Text(6),
      .common_name = row.Text(7),
      .names = SplitNames(row.Text(8)),
      .key_type = row.Text(9),
      .requester = row.Text(10),
      .requester_id = IdAt<core::AdminId>(row, 11),
      .requested_via = ParseRequestedVia(row.Text(12)),
      .external_requester = row.Text(13),
      .comments = row.Text(14),
      .custom_fields = row.Text(15),
      .dcv_mode = row.Text(16),
      .auto_renew = row.Int(17) != 0,
      .auto_renew_days = static_cast<int>(row.Int(18)),
      .renew_id = row.IsNull(19) ? std::string() : row.Text(19),
      .renewed_from = IdAt<core::SslId>(row, 20),
      .replaced_by = IdAt<core::SslId>(row, 21),
      .message = row.Text(22),
      .approver_id = IdAt<core::AdminId>(row, 23),
      .certificate_id = IdAt<core::CertificateId>(row, 24),
      .serial = row.Text(25),
      .requested_at = core::FromUnixSeconds(row.Int(26)),
      .approved_at = TimeAt(row, 27),
      .declined_at = TimeAt(row, 28),
      .issued_at = TimeAt(row, 29),
      .expires_at = TimeAt(row, 30),
      .revoked_at = TimeAt(row, 31),
      .replaced_at = TimeAt(row, 32)};
  if (auto r = row.OptionalInt(33)) c.revocation_reason = static_cast<int>(*r);
  c.suspend_notifications = row.Int(34) != 0;
  return c;
}

// The values of kWritten's columns, in its order.
std::vector<SqlValue> WrittenValues(const core::SslCertificate& c) {
  SqlValue renew_id = nullptr;  // NULL, not '', so that requests without one never collide
  if (!c.renew_id.empty()) renew_id = c.renew_id;
  SqlValue reason = nullptr;
  if (c.revocation_reason) reason = std::int64_t{*c.revocation_reason};
  return {c.org_id.value,
          c.profile_id.value,
          std::int64_t{c.term_days},
          std::string(core::ToString(c.status)),
          c.csr,
          c.common_name,
          JoinNames(c.names),
          c.key_type,
          c.requester,
          IdParam(c.requester_id),
          std::string(core::ToString(c.requested_via)),
          c.external_requester,
          c.comments,
          c.custom_fields,
          c.dcv_mode,
          std::int64_t{c.auto_renew},
          std::int64_t{c.auto_renew_days},
          renew_id,
          IdParam(c.renewed_from),
          IdParam(c.replaced_by),
          c.message,
          IdParam(c.approver_id),
          IdParam(c.certificate_id),
          c.serial,
          TimeParam(c.approved_at),
          TimeParam(c.declined_at),
          TimeParam(c.issued_at),
          TimeParam(c.expires_at),
          TimeParam(c.revoked_at),
          TimeParam(c.replaced_at),
          reason,
          std::int64_t{c.suspend_notifications}};
}

const std::string& InsertSql() {
  static const std::string kSql = [] {
    std::string columns = "customer_id";
    std::string marks = "?";
    for (auto c : kWritten) {
      columns += ", ";
      columns += c;
      marks += ", ?";
    }
    // A taken renew_id inserts nothing, without aborting a PostgreSQL transaction.
    return "INSERT INTO ssl_certificate (" + columns + ", requested_at) VALUES (" + marks +
           ", ?) ON CONFLICT DO NOTHING";
  }();
  return kSql;
}

const std::string& UpdateSql() {
  static const std::string kSql = [] {
    std::string set;
    for (auto c : kWritten) {
      if (!set.empty()) set += ", ";
      set += c;
      set += " = ?";
    }
    return "UPDATE ssl_certificate SET " + set + " WHERE id = ?";
  }();
  return kSql;
}

core::Error RenewIdTaken() {
  return core::Error(core::ErrorCode::kConflict, core::Reason::kStoreConstraint,
                     "the renewId is already taken");
}

std::string Containing(std::string_view text) {
  return "%" + LikeEscaped(text) + "%";
}

// The WHERE clause (on alias s) of a certificate list and its parameters.
struct SslFilter {
  std::string sql;
  std::vector<SqlValue> params;
};

SslFilter FilterOf(const SslQuery& q, Dialect dialect) {
  SslFilter f{"WHERE s.customer_id = ?", {q.customer.value}};
  auto narrow = [&f](std::string_view clause, SqlValue value) {
    f.sql += " AND ";
    f.sql += clause;
    f.params.push_back(std::move(value));
  };
  if (q.within) {
    // An empty scope selects nothing: IN of an empty list is false.
    std::vector<std::int64_t> ids;
    for (auto id : *q.within) ids.push_back(id.value);
    narrow("s.org_id IN " + std::string(IdsFromParam(dialect)), JsonIdArray(ids));
  }
  if (q.org_id) narrow("s.org_id = ?", q.org_id->value);
  // common_name and names are stored lower case, so lowering the needle makes the match
  // case-insensitive on both back ends (PostgreSQL's LIKE is case-sensitive, SQLite's is
  // not); DNS names are ASCII, which both LOWER()s handle alike.
  if (q.common_name) {
    narrow("s.common_name LIKE LOWER(?) ESCAPE '\\'", Containing(*q.common_name));
  }
  if (q.name) narrow("s.names LIKE LOWER(?) ESCAPE '\\'", Containing(*q.name));
  if (q.status) narrow("s.status = ?", std::string(core::ToString(*q.status)));
  if (q.profile_id) narrow("s.profile_id = ?", q.profile_id->value);
  if (q.serial) {
    narrow(kOfSerial, *q.serial);
    f.params.emplace_back(*q.serial);
  }
  if (q.requester) narrow("s.requester = ?", *q.requester);
  // Addresses are stored as given. Both LOWER()s agree on ASCII; beyond it SQLite's
  // leaves letters as they are, so a non-ASCII local part matches only in its own case.
  if (q.external_requester) {
    narrow("LOWER(s.external_requester) LIKE LOWER(?) ESCAPE '\\'",
           Containing(*q.external_requester));
  }
  if (!q.statuses.empty()) {
    std::vector<std::string> words;
    for (auto st : q.statuses) words.emplace_back(core::ToString(st));
    narrow("s.status IN " + std::string(TextsFromParam(dialect)), JsonTextArray(words));
  }
  if (q.requested_via) {
    narrow("s.requested_via = ?", std::string(core::ToString(*q.requested_via)));
  }
  // key_type is "<algorithm> - <bits>" ("RSA - 2048", "EC - 256"), as the CSR's key had.
  if (q.key_algorithm) narrow("s.key_type LIKE ? ESCAPE '\\'", *q.key_algorithm + " - %");
  if (q.key_size) narrow("s.key_type LIKE ? ESCAPE '\\'", "% - " + std::to_string(*q.key_size));
  if (q.date_of) {
    using D = SslQuery::DateOf;
    std::string column = *q.date_of == D::kRequested ? "s.requested_at"
                         : *q.date_of == D::kIssued  ? "s.issued_at"
                         : *q.date_of == D::kExpires ? "s.expires_at"
                                                     : "s.revoked_at";
    narrow(column + " >= ?", core::ToUnixSeconds(q.from));
    narrow(column + " < ?", core::ToUnixSeconds(q.to));
  }
  return f;
}

constexpr std::string_view kIssued = "s.status = 'Issued'";

}  // namespace

core::Result<core::SslId> SqlSslRepository::Insert(const core::SslCertificate& cert) {
  auto params = WrittenValues(cert);
  params.insert(params.begin(), cert.customer_id.value);
  params.emplace_back(core::ToUnixSeconds(cert.requested_at));
  auto id = InsertReturningId(conn_, InsertSql(), params);
  if (!id) return core::Fail(id.error());
  if (!*id) return core::Fail(RenewIdTaken());
  return core::SslId{**id};
}

core::Result<core::SslCertificate> SqlSslRepository::Get(core::SslId id) {
  std::vector<SqlValue> params{id.value};
  return One("WHERE s.id = ?", params, "SSL certificate");
}

core::Result<std::pair<core::SslCertificate, std::optional<core::CertificateRecord>>>
SqlSslRepository::GetWithRecord(core::SslId id) {
  // The request's columns, then its certificate's.
  static const std::string kJoined =
      "SELECT " + std::string(kSelected) + ", " + CertificateColumns("c") +
      " FROM ssl_certificate s LEFT JOIN certificate c ON c.id = s.certificate_id "
      "WHERE s.id = ?";
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, kJoined, params, "SSL certificate");
  if (!row) return core::Fail(row.error());
  std::optional<core::CertificateRecord> record;
  if (!row->IsNull(kColumnCount)) record = CertificateFromRow(*row, kColumnCount);
  return std::pair{SslFromRow(*row), std::move(record)};
}

core::Result<core::SslCertificate> SqlSslRepository::FindBySerial(core::CustomerId customer,
                                                                  const std::string& serial) {
  // Requests not yet signed have serial ''; none of them is "the" certificate of ''.
  std::vector<SqlValue> params{customer.value, serial, serial};
  return One("WHERE s.customer_id = ? AND " + std::string(kOfSerial) + " AND s.serial <> ''",
             params, "SSL certificate with serial '" + serial + "'");
}

core::Result<core::SslCertificate> SqlSslRepository::FindByRenewId(core::CustomerId customer,
                                                                   const std::string& renew_id) {
  std::vector<SqlValue> params{customer.value, renew_id};
  return One("WHERE s.customer_id = ? AND s.renew_id = ?", params, "SSL certificate");
}

core::Result<core::SslCertificate> SqlSslRepository::FindByCertificate(
    const core::CertificateRecord& record) {
  std::vector<SqlValue> params{record.id.value};
  return One("WHERE s.certificate_id = ?", params, "SSL certificate");
}

core::Result<void> SqlSslRepository::Update(const core::SslCertificate& cert) {
  if (!cert.renew_id.empty()) {
    if (auto r = CheckRenewIdFree(cert.renew_id, cert.id); !r) return r;
  }
  auto params = WrittenValues(cert);
  params.emplace_back(cert.id.value);
  return ChangeOne(conn_, UpdateSql(), params, "SSL certificate");
}

core::Result<SslPage> SqlSslRepository::List(const SslQuery& query) {
  auto filter = FilterOf(query, conn_.dialect());
  SslPage page;
  auto count = CountRows(conn_, "FROM ssl_certificate s " + filter.sql, filter.params, "SSL count");
  if (!count) return core::Fail(count.error());
  page.total = *count;

  auto params = WithPage(filter.params, query.size, query.position);
  auto certificates = Many(filter.sql + " ORDER BY s.id DESC LIMIT ? OFFSET ?", params);
  if (!certificates) return core::Fail(certificates.error());
  page.certificates = std::move(*certificates);
  return page;
}

core::Result<std::vector<core::SslCertificate>> SqlSslRepository::WithStatus(core::SslStatus status,
                                                                             int limit) {
  std::vector<SqlValue> params{std::string(core::ToString(status)), std::int64_t{limit}};
  return Many("WHERE s.status = ? ORDER BY s.id LIMIT ?", params);
}

core::Result<std::vector<core::SslCertificate>> SqlSslRepository::ExpiredAt(core::TimePoint now,
                                                                            int limit) {
  // RFC 5280 §4.1.2.5: "The validity period for a certificate is the period of time from
  // notBefore through notAfter, inclusive." Expired once `now` is past notAfter.
  std::vector<SqlValue> params{core::ToUnixSeconds(now), std::int64_t{limit}};
  return Many("WHERE " + std::string(kIssued) +
                  " AND s.expires_at IS NOT NULL AND s.expires_at < ? "
                  "ORDER BY s.expires_at, s.id LIMIT ?",
              params);
}

core::Result<std::vector<core::SslCertificate>> SqlSslRepository::DueForRenewal(core::TimePoint now,
                                                                                int limit) {
  std::vector<SqlValue> params{core::ToUnixSeconds(now), std::int64_t{limit}};
  return Many("WHERE " + std::string(kIssued) +
                  " AND s.auto_renew = 1 AND s.expires_at IS NOT NULL "
                  "AND s.expires_at - s.auto_renew_days * 86400 <= ? "
                  "AND NOT EXISTS (SELECT 1 FROM ssl_certificate r WHERE r.renewed_from = s.id) "
                  "ORDER BY s.expires_at, s.id LIMIT ?",
              params);
}

core::Result<core::SslCertificate> SqlSslRepository::One(const std::string& where,
                                                         std::span<const SqlValue> params,
                                                         std::string_view what) {
  auto row = QueryOne(conn_, kColumns + where, params, what);
  if (!row) return core::Fail(row.error());
  return SslFromRow(*row);
}

core::Result<std::vector<core::SslCertificate>> SqlSslRepository::Many(
    const std::string& rest, std::span<const SqlValue> params) {
  auto rows = conn_.Query(kColumns + rest, params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::SslCertificate> out;
  for (const auto& row : *rows) out.push_back(SslFromRow(row));
  return out;
}

core::Result<void> SqlSslRepository::CheckRenewIdFree(const std::string& renew_id,
                                                      core::SslId self) {
  std::vector<SqlValue> params{renew_id, self.value};
  auto rows = conn_.Query("SELECT id FROM ssl_certificate WHERE renew_id = ? AND id <> ?", params);
  if (!rows) return core::Fail(rows.error());
  if (!rows->empty()) return core::Fail(RenewIdTaken());
  return core::Ok();
}

}  // namespace certkeep::store::internal
