#include "store/internal/sql.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace certkeep::store::internal {

const std::string& SqlRow::Text(std::size_t i) const {
  static const std::string kEmpty;
  const auto& c = columns_.at(i);
  return c ? *c : kEmpty;
}

std::int64_t SqlRow::Int(std::size_t i) const {
  const std::string& t = Text(i);
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size()) {
    // Only our own schema's integer columns are read with Int(): a mismatch is a bug.
    throw std::logic_error("store: column " + std::to_string(i) + " is not an integer: " + t);
  }
  return v;
}

std::optional<std::int64_t> SqlRow::OptionalInt(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

core::Result<std::int64_t> CountRows(SqlConnection& conn, const std::string& from_where,
                                     std::span<const SqlValue> params, std::string_view what) {
  auto row = QueryOne(conn, "SELECT COUNT(*) " + from_where, params, what);
  if (!row) return core::Fail(row.error());
  return row->Int(0);
}

std::vector<SqlValue> WithPage(std::vector<SqlValue> params, std::int64_t size,
                               std::int64_t position) {
  params.emplace_back(std::max<std::int64_t>(size, 0));
  params.emplace_back(std::max<std::int64_t>(position, 0));
  return params;
}

core::Result<SqlRow> QueryOne(SqlConnection& conn, std::string_view sql,
                              std::span<const SqlValue> params, std::string_view what) {
  auto rows = conn.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                      std::string(what) + " not found");
  }
  return std::move(rows->front());
}

core::Result<std::optional<std::int64_t>> InsertReturningId(SqlConnection& conn,
                                                            std::string_view sql,
                                                            std::span<const SqlValue> params) {
  if (conn.dialect() == Dialect::kSqlite) {
    auto changed = conn.Execute(sql, params);
    if (!changed) return core::Fail(changed.error());
    if (changed->rows == 0) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(changed->last_id);
  }
  auto rows = conn.Query(std::string(sql) + " RETURNING id", params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(rows->front().Int(0));
}

core::Result<std::int64_t> InsertId(SqlConnection& conn, std::string_view sql,
                                    std::span<const SqlValue> params) {
  auto id = InsertReturningId(conn, sql, params);
  if (!id) return core::Fail(id.error());
  if (!*id)
    return core::Fail(core::InternalError(core::Reason::kStoreQuery,
                                          "insert without a row: " + std::string(sql)));
  return **id;
}

core::Result<void> ChangeOne(SqlConnection& conn, std::string_view sql,
                             std::span<const SqlValue> params, std::string_view what) {
  auto changed = conn.Execute(sql, params);
  if (!changed) return core::Fail(changed.error());
  if (changed->rows == 0) {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                      std::string(what) + " not found");
  }
  return core::Ok();
}

std::string LikeEscaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string_view IdsFromParam(Dialect dialect) {
  return dialect == Dialect::kPostgres
             ? "(SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST(? AS jsonb)))"
             : "(SELECT value FROM json_each(?))";
}

std::string JsonIdArray(std::span<const std::int64_t> ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "]";
}

std::string_view TextsFromParam(Dialect dialect) {
  return dialect == Dialect::kPostgres
             ? "(SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)))"
             : "(SELECT value FROM json_each(?))";
}

std::vector<std::string> TextsOfJson(const std::string& json_text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string JsonTextArray(std::span<const std::string> texts) {
  // Replace, not throw, on invalid UTF-8: such a text matches nothing stored anyway.
  return nlohmann::json(std::vector<std::string>(texts.begin(), texts.end()))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace certkeep::store::internal
