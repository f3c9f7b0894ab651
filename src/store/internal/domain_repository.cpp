#include "store/internal/domain_repository.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/domain_coverage.h"

namespace certkeep::store::internal {

namespace {

// In enum order (a std::set's), so equal sets are stored as equal text.
template <typename E>
std::string JoinNames(const std::set<E>& values) {
  std::string out;
  for (auto v : values) {
    if (!out.empty()) out += ',';
    out += core::ToString(v);
  }
  return out;
}

// Names this certkeep does not know (written by a newer one) grant nothing.
template <typename E, typename Parse>
std::set<E> SplitNames(std::string_view text, Parse parse) {
  std::set<E> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    if (auto v = parse(text.substr(0, comma))) out.insert(*v);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

// Columns: domain_id, org_id, cert_types, privileges, status, requested_by.
core::Delegation DelegationFromRow(const SqlRow& row) {
  core::Delegation d{
      .org_id = core::OrgId{row.Int(1)},
      .cert_types = SplitNames<core::CertType>(row.Text(2), core::ParseCertType),
      .privileges = SplitNames<core::DomainPrivilege>(row.Text(3), core::ParseDomainPrivilege),
      .status = row.Text(4) == core::ToString(core::DelegationStatus::kActive)
                    ? core::DelegationStatus::kActive
                    : core::DelegationStatus::kRequested};
  if (auto by = row.OptionalInt(5)) d.requested_by = core::AdminId{*by};
  return d;
}

// A domain's columns, its delegations (by org) as one JSON array of
// [org_id, cert_types, privileges, status, requested_by] in the last: the domain and its
// delegations in one statement.
std::string_view Columns(Dialect dialect) {
  return dialect == Dialect::kPostgres
             ? "SELECT d.id, d.customer_id, d.name, d.description, d.active, d.created_at, "
               "(SELECT COALESCE(json_agg(json_build_array(x.org_id, x.cert_types, "
               "x.privileges, x.status, x.requested_by) ORDER BY x.org_id), '[]') "
               "FROM domain_delegation x WHERE x.domain_id = d.id) FROM domain d "
             : "SELECT d.id, d.customer_id, d.name, d.description, d.active, d.created_at, "
               "(SELECT json_group_array(json_array(x.org_id, x.cert_types, x.privileges, "
               "x.status, x.requested_by)) FROM (SELECT * FROM domain_delegation "
               "WHERE domain_id = d.id ORDER BY org_id) x) FROM domain d ";
}

core::Domain DomainFromRow(const SqlRow& row) {
  core::Domain d{.id = core::DomainId{row.Int(0)},
                 .customer_id = core::CustomerId{row.Int(1)},
                 .name = row.Text(2),
                 .description = row.Text(3),
                 .active = row.Int(4) != 0,
                 .created_at = core::FromUnixSeconds(row.Int(5))};
  for (const auto& e : nlohmann::json::parse(row.Text(6))) {
    std::vector<std::optional<std::string>> columns{std::to_string(d.id.value)};
    for (const auto& v : e) {
      if (v.is_null()) {
        columns.emplace_back(std::nullopt);
      } else {
        columns.emplace_back(v.is_string() ? v.get<std::string>() : v.dump());
      }
    }
    d.delegations.push_back(DelegationFromRow(SqlRow(std::move(columns))));
  }
  return d;
}

// The WHERE clause (on alias d) of a domain list and its parameters.
struct DomainFilter {
  std::string sql;
  std::vector<SqlValue> params;
};

DomainFilter FilterOf(const DomainQuery& q, Dialect dialect) {
  DomainFilter f{"WHERE d.customer_id = ?", {q.customer.value}};
  auto narrow = [&f](std::string_view clause, SqlValue value) {
    f.sql += " AND ";
    f.sql += clause;
    f.params.push_back(std::move(value));
  };
  // Stored names are lower case, so lowering the needle makes the match case-insensitive
  // on both back ends (PostgreSQL's LIKE is case-sensitive, SQLite's is not); A-labels are
  // ASCII, which both LOWER()s handle alike.
  if (q.name) narrow("d.name LIKE LOWER(?) ESCAPE '\\'", "%" + LikeEscaped(*q.name) + "%");
  if (q.active) narrow("d.active = ?", std::int64_t{*q.active});
  constexpr std::string_view kDelegated =
      "EXISTS (SELECT 1 FROM domain_delegation g WHERE g.domain_id = d.id AND ";
  if (q.status) {
    narrow(std::string(kDelegated) + "g.status = ?)", std::string(core::ToString(*q.status)));
  }
  if (q.org_id) narrow(std::string(kDelegated) + "g.org_id = ?)", q.org_id->value);
  if (q.within) {
    // An empty scope selects nothing: IN of an empty list is false.
    std::vector<std::int64_t> ids;
    for (auto id : *q.within) ids.push_back(id.value);
    narrow(std::string(kDelegated) + "g.org_id IN " + std::string(IdsFromParam(dialect)) + ")",
           JsonIdArray(ids));
  }
  return f;
}

// The names of the rows that could cover `name`: the name itself, each parent down to
// (not including) the last label, and the wildcard row of each of those. A wildcard name
// "*.a.example.org" is looked up as itself and by its base "a.example.org".
std::vector<std::string> CandidateNames(std::string_view name) {
  auto [base, is_wildcard] = core::SplitWildcard(name);
  std::vector<std::string> out;
  if (base.empty()) return out;
  if (is_wildcard) out.emplace_back(name);
  for (std::string_view rest = base;;) {
    out.emplace_back(rest);
    out.push_back("*." + std::string(rest));
    auto dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
    if (rest.find('.') == std::string_view::npos) break;  // a TLD alone is never a row
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Byte order on both back ends: a PostgreSQL database's collation may be a locale's,
// which ignores punctuation ("*." among it), and pages would differ from SQLite's.
std::string_view ByName(Dialect dialect) {
  return dialect == Dialect::kPostgres ? " ORDER BY d.name COLLATE \"C\", d.id"
                                       : " ORDER BY d.name, d.id";
}

core::Error DomainExists(const std::string& name) {
  return core::Error(core::ErrorCode::kConflict, core::Reason::kDomainExists,
                     "the domain '" + name + "' already exists");
}

}  // namespace

core::Result<core::DomainId> SqlDomainRepository::Insert(const core::Domain& d) {
  std::vector<SqlValue> params{d.customer_id.value, d.name, d.description, std::int64_t{d.active},
                               core::ToUnixSeconds(d.created_at)};
  // UNIQUE (customer_id, name) is the only unique constraint besides the id: no row back
  // means the customer has the name (found without aborting a PostgreSQL transaction).
  auto rows = conn_.Query(
      "INSERT INTO domain (customer_id, name, description, active, created_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
      params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::Fail(DomainExists(d.name));
  core::DomainId id{rows->front().Int(0)};
  for (const auto& delegation : d.delegations) {
    if (auto r = WriteDelegation(id, delegation); !r) return core::Fail(r.error());
  }
  return id;
}

core::Result<core::Domain> SqlDomainRepository::Get(core::DomainId id) {
  std::vector<SqlValue> params{id.value};
  return One("WHERE d.id = ?", params, "domain");
}

core::Result<core::Domain> SqlDomainRepository::FindByName(core::CustomerId customer,
                                                           const std::string& name) {
  std::vector<SqlValue> params{customer.value, name};
  return One("WHERE d.customer_id = ? AND d.name = ?", params, "domain '" + name + "'");
}

core::Result<DomainPage> SqlDomainRepository::List(const DomainQuery& query) {
  auto filter = FilterOf(query, conn_.dialect());
  DomainPage page;
  auto count = CountRows(conn_, "FROM domain d " + filter.sql, filter.params, "domain count");
  if (!count) return core::Fail(count.error());
  page.total = *count;

  auto params = WithPage(filter.params, query.size, query.position);
  auto domains =
      Many(filter.sql + std::string(ByName(conn_.dialect())) + " LIMIT ? OFFSET ?", params);
  if (!domains) return core::Fail(domains.error());
  page.domains = std::move(*domains);
  return page;
}

core::Result<std::vector<core::Domain>> SqlDomainRepository::ListCandidates(
    core::CustomerId customer, const std::string& name) {
  return registry_.Read(
      &RegistryCache::Maps::domain_candidates, std::to_string(customer.value) + " " + name,
      [&]() -> core::Result<std::vector<core::Domain>> {
        // One statement for any depth: the names travel as one JSON list.
        std::vector<SqlValue> params{customer.value, JsonTextArray(CandidateNames(name))};
        return Many("WHERE d.customer_id = ? AND d.active = 1 AND d.name IN " +
                        std::string(TextsFromParam(conn_.dialect())) +
                        std::string(ByName(conn_.dialect())),
                    params);
      });
}

core::Result<void> SqlDomainRepository::Delete(core::DomainId id) {
  // Its delegations go with it (ON DELETE CASCADE).
  std::vector<SqlValue> params{id.value};
  return ChangeOne(conn_, "DELETE FROM domain WHERE id = ?", params, "domain");
}

core::Result<void> SqlDomainRepository::SetActive(core::DomainId id, bool active) {
  std::vector<SqlValue> params{std::int64_t{active}, id.value};
  auto row =
      QueryOne(conn_, "UPDATE domain SET active = ? WHERE id = ? RETURNING id", params, "domain");
  if (!row) return core::Fail(row.error());
  return core::Ok();
}

core::Result<void> SqlDomainRepository::PutDelegation(core::DomainId id,
                                                      const core::Delegation& delegation) {
  // Looked up first so a missing domain is NotFound, not a foreign-key failure that
  // would abort a PostgreSQL transaction.
  std::vector<SqlValue> key{id.value};
  auto exists = QueryOne(conn_, "SELECT id FROM domain WHERE id = ?", key, "domain");
  if (!exists) return core::Fail(exists.error());
  return WriteDelegation(id, delegation);
}

core::Result<void> SqlDomainRepository::RemoveDelegation(core::DomainId id, core::OrgId org) {
  std::vector<SqlValue> params{id.value, org.value};
  auto rows = conn_.Query(
      "DELETE FROM domain_delegation WHERE domain_id = ? AND org_id = ? RETURNING domain_id",
      params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kDelegationMissing,
                      "the domain is not delegated to that organization or department");
  }
  return core::Ok();
}

core::Result<core::Domain> SqlDomainRepository::One(const std::string& where,
                                                    std::span<const SqlValue> params,
                                                    std::string_view what) {
  auto row = QueryOne(conn_, std::string(Columns(conn_.dialect())) + where, params, what);
  if (!row) return core::Fail(row.error());
  return DomainFromRow(*row);
}

core::Result<std::vector<core::Domain>> SqlDomainRepository::Many(
    const std::string& rest, std::span<const SqlValue> params) {
  auto rows = conn_.Query(std::string(Columns(conn_.dialect())) + rest, params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::Domain> out;
  for (const auto& row : *rows) out.push_back(DomainFromRow(row));
  return out;
}

core::Result<void> SqlDomainRepository::WriteDelegation(core::DomainId id,
                                                        const core::Delegation& d) {
  std::vector<SqlValue> params{
      id.value,
      d.org_id.value,
      JoinNames(d.cert_types),
      JoinNames(d.privileges),
      std::string(core::ToString(d.status)),
      d.requested_by ? SqlValue(d.requested_by->value) : SqlValue(nullptr)};
  auto r = conn_.Query(
      "INSERT INTO domain_delegation "
      "(domain_id, org_id, cert_types, privileges, status, requested_by) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (domain_id, org_id) DO UPDATE SET "
      "cert_types = excluded.cert_types, privileges = excluded.privileges, "
      "status = excluded.status, requested_by = excluded.requested_by",
      params);
  if (!r) return core::Fail(r.error());
  return core::Ok();
}

}  // namespace certkeep::store::internal
