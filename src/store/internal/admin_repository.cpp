#include "store/internal/admin_repository.h"

#include <algorithm>
#include <unordered_map>

#include "store/internal/registry_cache.h"

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kColumns =
    "SELECT a.id, a.customer_id, a.login, a.email, a.forename, a.surname, a.title, "
    "a.telephone, a.street, a.locality, a.state, a.postal_code, a.country, a.type, "
    "a.identity_provider_id, a.idp_person_id, a.auth_cert_issuer, a.auth_cert_serial, "
    "a.privileges, a.suspended, a.password_hash, a.must_change_password, "
    "a.password_changed_at, a.password_expires_at, a.failed_attempts, a.lockouts, "
    "a.locked_until, a.credential_version, a.created_by, a.created_at, a.modified_at "
    "FROM admin a ";

// The columns Insert and Update both write, in the order of AdminValues.
// clang-format off
constexpr std::string_view kWritten[] = {
    "login", "email", "forename", "surname", "title", "telephone", "street", "locality",
    "state", "postal_code", "country", "type", "identity_provider_id", "idp_person_id",
    "auth_cert_issuer", "auth_cert_serial", "privileges", "suspended", "password_hash",
    "must_change_password", "password_changed_at", "password_expires_at", "failed_attempts",
    "lockouts", "locked_until", "credential_version", "modified_at"};
// clang-format on

// UNIQUE (customer_id, login) is the only unique constraint besides the id: no row back
// means the login is taken (found without aborting a PostgreSQL transaction).
const std::string& InsertSql() {
  static const std::string sql = [] {
    std::string columns = "customer_id, created_by, created_at";
    std::string marks = "?, ?, ?";
    for (auto column : kWritten) {
      columns += ", " + std::string(column);
      marks += ", ?";
    }
    return "INSERT INTO admin (" + columns + ") VALUES (" + marks +
           ") ON CONFLICT DO NOTHING RETURNING id";
  }();
  return sql;
}

const std::string& UpdateSql() {
  static const std::string sql = [] {
    std::string out = "UPDATE admin SET ";
    for (std::size_t i = 0; i < std::size(kWritten); ++i) {
      if (i > 0) out += ", ";
      out += std::string(kWritten[i]) + " = ?";
    }
    return out + " WHERE id = ? RETURNING id";
  }();
  return sql;
}

SqlValue OptionalTime(const std::optional<core::TimePoint>& t) {
  return t ? SqlValue(core::ToUnixSeconds(*t)) : SqlValue(nullptr);
}

std::optional<core::TimePoint> OptionalTimeAt(const SqlRow& row, std::size_t i) {
  if (auto s = row.OptionalInt(i)) return core::FromUnixSeconds(*s);
  return std::nullopt;
}

// Sorted by name, so equal sets are stored as equal text.
std::string JoinPrivileges(const core::PrivilegeSet& privileges) {
  std::vector<std::string_view> names;
  for (auto p : privileges) names.push_back(core::ToString(p));
  std::sort(names.begin(), names.end());
  std::string out;
  for (auto name : names) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

// Names this certkeep does not know (written by a newer one) grant nothing.
core::PrivilegeSet SplitPrivileges(std::string_view text) {
  core::PrivilegeSet out;
  while (!text.empty()) {
    auto comma = text.find(',');
    if (auto p = core::ParsePrivilege(text.substr(0, comma))) out.insert(*p);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

std::vector<SqlValue> AdminValues(const core::Admin& a) {
  const auto& pw = a.password;
  return {a.login,
          a.email,
          a.forename,
          a.surname,
          a.contact.title,
          a.contact.telephone,
          a.contact.street,
          a.contact.locality,
          a.contact.state,
          a.contact.postal_code,
          a.contact.country,
          std::string(core::ToString(a.type)),
          a.identity_provider_id,
          a.idp_person_id,
          a.auth_cert_issuer,
          a.auth_cert_serial,
          JoinPrivileges(a.privileges),
          std::int64_t{a.suspended},
          pw.hash,
          std::int64_t{pw.must_change},
          core::ToUnixSeconds(pw.changed_at),
          OptionalTime(pw.expires_at),
          std::int64_t{pw.failed_attempts},
          std::int64_t{pw.lockouts},
          OptionalTime(pw.locked_until),
          a.credential_version,
          core::ToUnixSeconds(a.modified_at)};
}

core::Admin AdminFromRow(const SqlRow& row) {
  core::Admin a;
  a.id = core::AdminId{row.Int(0)};
  a.customer_id = core::CustomerId{row.Int(1)};
  a.login = row.Text(2);
  a.email = row.Text(3);
  a.forename = row.Text(4);
  a.surname = row.Text(5);
  a.contact = {.title = row.Text(6),
               .telephone = row.Text(7),
               .street = row.Text(8),
               .locality = row.Text(9),
               .state = row.Text(10),
               .postal_code = row.Text(11),
               .country = row.Text(12)};
  a.type = core::ParseAdminType(row.Text(13)).value_or(core::AdminType::kStandard);
  a.identity_provider_id = row.Text(14);
  a.idp_person_id = row.Text(15);
  a.auth_cert_issuer = row.Text(16);
  a.auth_cert_serial = row.Text(17);
  a.privileges = SplitPrivileges(row.Text(18));
  a.suspended = row.Int(19) != 0;
  a.password = {.hash = row.Text(20),
                .must_change = row.Int(21) != 0,
                .changed_at = core::FromUnixSeconds(row.Int(22)),
                .expires_at = OptionalTimeAt(row, 23),
                .failed_attempts = static_cast<int>(row.Int(24)),
                .lockouts = static_cast<int>(row.Int(25)),
                .locked_until = OptionalTimeAt(row, 26)};
  a.credential_version = row.Int(27);
  if (auto by = row.OptionalInt(28)) a.created_by = core::AdminId{*by};
  a.created_at = core::FromUnixSeconds(row.Int(29));
  a.modified_at = core::FromUnixSeconds(row.Int(30));
  return a;
}

core::Error LoginTaken(const std::string& login) {
  return core::Error(core::ErrorCode::kConflict, core::Reason::kLoginTaken,
                     "the login '" + login + "' is already taken");
}

// The WHERE clause (on alias a) of an admin list and its parameters.
struct AdminFilter {
  std::string sql;
  std::vector<SqlValue> params;
};

AdminFilter FilterOf(const AdminQuery& q, Dialect dialect) {
  AdminFilter f{"WHERE a.customer_id = ?", {q.customer.value}};
  auto narrow = [&f](std::string_view clause, SqlValue value) {
    f.sql += " AND ";
    f.sql += clause;
    f.params.push_back(std::move(value));
  };
  if (q.login) narrow("a.login = ?", *q.login);
  if (q.email) narrow("a.email = ?", *q.email);
  if (q.type) narrow("a.type = ?", std::string(core::ToString(*q.type)));
  if (q.suspended) narrow("a.suspended = ?", std::int64_t{*q.suspended});
  if (q.identity_provider_id) narrow("a.identity_provider_id = ?", *q.identity_provider_id);
  if (q.org_id || q.role) {
    // Both set: the same credential, i.e. that role at that place.
    f.sql += " AND EXISTS (SELECT 1 FROM admin_credential c WHERE c.admin_id = a.id";
    if (q.org_id) {
      f.sql += " AND c.org_id = ?";
      f.params.emplace_back(q.org_id->value);
    }
    if (q.role) {
      f.sql += " AND c.role = ?";
      f.params.emplace_back(std::string(core::ToString(*q.role)));
    }
    f.sql += ")";
  }
  if (q.within) {
    // At least one credential, and none elsewhere: an MRAO's (org_id NULL) never is.
    std::vector<std::int64_t> ids;
    for (auto id : *q.within) ids.push_back(id.value);
    f.sql +=
        " AND EXISTS (SELECT 1 FROM admin_credential c WHERE c.admin_id = a.id)"
        " AND NOT EXISTS (SELECT 1 FROM admin_credential c WHERE c.admin_id = a.id"
        " AND (c.org_id IS NULL OR c.org_id NOT IN ";
    f.sql += IdsFromParam(dialect);
    f.sql += "))";
    f.params.emplace_back(JsonIdArray(ids));
  }
  return f;
}

}  // namespace

core::Result<core::AdminId> SqlAdminRepository::Insert(const core::Admin& a) {
  std::vector<SqlValue> params{a.customer_id.value,
                               a.created_by ? SqlValue(a.created_by->value) : SqlValue(nullptr),
                               core::ToUnixSeconds(a.created_at)};
  auto values = AdminValues(a);
  params.insert(params.end(), values.begin(), values.end());
  auto rows = conn_.Query(InsertSql(), params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::Fail(LoginTaken(a.login));
  core::AdminId id{rows->front().Int(0)};
  if (auto r = WriteCredentials(id, a.credentials); !r) return core::Fail(r.error());
  return id;
}

core::Result<void> SqlAdminRepository::Update(const core::Admin& a) {
  // UPDATE has no ON CONFLICT: look for the login first (a concurrent rename on
  // PostgreSQL still fails, as a plain constraint Conflict).
  std::vector<SqlValue> check{a.id.value, a.login};
  auto other = conn_.Query(
      "SELECT s.id FROM admin s JOIN admin t ON t.id = ? "
      "WHERE s.customer_id = t.customer_id AND s.login = ? AND s.id <> t.id",
      check);
  if (!other) return core::Fail(other.error());
  if (!other->empty()) return core::Fail(LoginTaken(a.login));

  auto params = AdminValues(a);
  params.emplace_back(a.id.value);
  auto row = QueryOne(conn_, UpdateSql(), params, "admin");
  if (!row) return core::Fail(row.error());
  std::vector<SqlValue> key{a.id.value};
  if (auto r = conn_.Query("DELETE FROM admin_credential WHERE admin_id = ?", key); !r) {
    return core::Fail(r.error());
  }
  return WriteCredentials(a.id, a.credentials);
}

core::Result<void> SqlAdminRepository::Delete(core::AdminId id) {
  // Credentials and sessions go with it (ON DELETE CASCADE).
  std::vector<SqlValue> params{id.value};
  return ChangeOne(conn_, "DELETE FROM admin WHERE id = ?", params, "admin");
}

core::Result<core::Admin> SqlAdminRepository::Get(core::AdminId id) {
  std::vector<SqlValue> params{id.value};
  return One("WHERE a.id = ?", params, "admin");
}

core::Result<core::Admin> SqlAdminRepository::FindByLogin(core::CustomerId customer,
                                                          const std::string& login) {
  std::vector<SqlValue> params{customer.value, login};
  return One("WHERE a.customer_id = ? AND a.login = ?", params, "admin '" + login + "'");
}

core::Result<AdminPage> SqlAdminRepository::List(const AdminQuery& query) {
  auto filter = FilterOf(query, conn_.dialect());
  AdminPage page;
  auto count = CountRows(conn_, "FROM admin a " + filter.sql, filter.params, "admin count");
  if (!count) return core::Fail(count.error());
  page.total = *count;

  auto params = WithPage(filter.params, query.size, query.position);
  auto rows =
      conn_.Query(std::string(kColumns) + filter.sql + " ORDER BY a.id LIMIT ? OFFSET ?", params);
  if (!rows) return core::Fail(rows.error());
  for (const auto& row : *rows) page.admins.push_back(AdminFromRow(row));
  if (auto r = LoadCredentials(page.admins); !r) return core::Fail(r.error());
  return page;
}

core::Result<std::int64_t> SqlAdminRepository::CountActiveWithRole(core::CustomerId customer,
                                                                   core::Role role) {
  std::vector<SqlValue> params{customer.value, std::string(core::ToString(role))};
  auto row = QueryOne(conn_,
                      "SELECT COUNT(*) FROM admin a WHERE a.customer_id = ? AND a.suspended = 0 "
                      "AND EXISTS (SELECT 1 FROM admin_credential c "
                      "WHERE c.admin_id = a.id AND c.role = ?)",
                      params, "admin count");
  if (!row) return core::Fail(row.error());
  return row->Int(0);
}

core::Result<std::int64_t> SqlAdminRepository::CredentialVersion(core::AdminId id) {
  std::vector<SqlValue> params{id.value};
  // The first check of a request on PostgreSQL reads the registry version along with it,
  // for the request's reads that follow (RequestScope).
  auto* scoped = conn_.dialect() == Dialect::kPostgres ? RequestRegistryVersion() : nullptr;
  bool with_registry = scoped != nullptr && !*scoped;
  auto row = QueryOne(conn_,
                      with_registry ? "SELECT a.credential_version, r.version FROM admin a, "
                                      "registry_version r WHERE a.id = ? AND r.id = 1"
                                    : "SELECT credential_version FROM admin WHERE id = ?",
                      params, "admin");
  if (!row) return core::Fail(row.error());
  if (with_registry) *scoped = row->Int(1);
  return row->Int(0);
}

core::Result<std::string> SqlAdminRepository::Email(core::AdminId id) {
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, "SELECT email FROM admin WHERE id = ?", params, "admin");
  if (!row) return core::Fail(row.error());
  return row->Text(0);
}

core::Result<std::int64_t> SqlAdminRepository::CountAt(core::OrgId org) {
  std::vector<SqlValue> params{org.value};
  auto row =
      QueryOne(conn_, "SELECT COUNT(DISTINCT admin_id) FROM admin_credential WHERE org_id = ?",
               params, "admin count");
  if (!row) return core::Fail(row.error());
  return row->Int(0);
}

core::Result<core::Admin> SqlAdminRepository::One(const std::string& where,
                                                  std::span<const SqlValue> params,
                                                  std::string_view what) {
  auto row = QueryOne(conn_, std::string(kColumns) + where, params, what);
  if (!row) return core::Fail(row.error());
  std::vector<core::Admin> one{AdminFromRow(*row)};
  if (auto r = LoadCredentials(one); !r) return core::Fail(r.error());
  return std::move(one.front());
}

core::Result<void> SqlAdminRepository::LoadCredentials(std::vector<core::Admin>& admins) {
  if (admins.empty()) return core::Ok();
  std::vector<std::int64_t> ids;
  std::unordered_map<std::int64_t, core::Admin*> by_id;
  for (auto& a : admins) {
    ids.push_back(a.id.value);
    by_id[a.id.value] = &a;
  }
  std::vector<SqlValue> params{JsonIdArray(ids)};
  auto rows = conn_.Query("SELECT admin_id, role, org_id FROM admin_credential WHERE admin_id IN " +
                              std::string(IdsFromParam(conn_.dialect())) + " ORDER BY admin_id, id",
                          params);
  if (!rows) return core::Fail(rows.error());
  for (const auto& row : *rows) {
    // A role this certkeep does not know (written by a newer one) grants nothing.
    auto role = core::ParseRole(row.Text(1));
    if (!role) continue;
    core::Credential c{.role = *role};
    if (auto org = row.OptionalInt(2)) c.org_id = core::OrgId{*org};
    by_id.at(row.Int(0))->credentials.push_back(c);
  }
  return core::Ok();
}

core::Result<void> SqlAdminRepository::WriteCredentials(
    core::AdminId admin, const std::vector<core::Credential>& credentials) {
  for (const auto& c : credentials) {
    std::vector<SqlValue> params{admin.value, std::string(core::ToString(c.role)),
                                 c.org_id ? SqlValue(c.org_id->value) : SqlValue(nullptr)};
    auto r = conn_.Query("INSERT INTO admin_credential (admin_id, role, org_id) VALUES (?, ?, ?)",
                         params);
    if (!r) return core::Fail(r.error());
  }
  return core::Ok();
}

}  // namespace certkeep::store::internal
