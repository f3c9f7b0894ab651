#include "store/internal/profile_repository.h"

#include "store/internal/profile_json.h"

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kColumns =
    "SELECT id, name, definition, updated_at FROM certificate_profile ";

core::Result<core::CertificateProfile> FromRow(const SqlRow& row) {
  auto p = ProfileFromJson(row.Text(2));
  if (!p) return p;
  p->id = core::ProfileId{row.Int(0)};
  p->name = row.Text(1);
  p->updated_at = core::FromUnixSeconds(row.Int(3));
  return p;
}

}  // namespace

core::Result<core::ProfileId> SqlProfileRepository::Insert(const core::CertificateProfile& p,
                                                           core::TimePoint now) {
  std::vector<SqlValue> params{p.name, ProfileToJson(p), core::ToUnixSeconds(now),
                               core::ToUnixSeconds(now)};
  auto id = InsertId(conn_,
                     "INSERT INTO certificate_profile (name, definition, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?)",
                     params);
  if (!id) return core::Fail(id.error());
  return core::ProfileId{*id};
}

core::Result<void> SqlProfileRepository::Update(const core::CertificateProfile& p,
                                                core::TimePoint now) {
  std::vector<SqlValue> params{p.name, ProfileToJson(p), core::ToUnixSeconds(now), p.id.value};
  return ChangeOne(conn_,
                   "UPDATE certificate_profile SET name = ?, definition = ?, updated_at = ? "
                   "WHERE id = ?",
                   params, "profile");
}

core::Result<core::CertificateProfile> SqlProfileRepository::Get(core::ProfileId id) {
  return registry_.Read(&RegistryCache::Maps::profiles, std::to_string(id.value),
                        [&]() -> core::Result<core::CertificateProfile> {
                          std::vector<SqlValue> params{id.value};
                          auto row = QueryOne(conn_, std::string(kColumns) + "WHERE id = ?", params,
                                              "profile");
                          if (!row) return core::Fail(row.error());
                          return FromRow(*row);
                        });
}

core::Result<core::CertificateProfile> SqlProfileRepository::FindByName(const std::string& name) {
  // Keyed apart from Get's ids: a name is never all digits after "name ".
  return registry_.Read(&RegistryCache::Maps::profiles, "name " + name,
                        [&]() -> core::Result<core::CertificateProfile> {
                          std::vector<SqlValue> params{name};
                          auto row = QueryOne(conn_, std::string(kColumns) + "WHERE name = ?",
                                              params, "profile '" + name + "'");
                          if (!row) return core::Fail(row.error());
                          return FromRow(*row);
                        });
}

core::Result<std::vector<core::CertificateProfile>> SqlProfileRepository::List() {
  auto rows = conn_.Query(std::string(kColumns) + "ORDER BY id");
  if (!rows) return core::Fail(rows.error());
  std::vector<core::CertificateProfile> out;
  for (const auto& row : *rows) {
    auto p = FromRow(row);
    if (!p) return core::Fail(p.error());
    out.push_back(std::move(*p));
  }
  return out;
}

}  // namespace certkeep::store::internal
