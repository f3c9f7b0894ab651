#include "store/postgres/postgres_connection.h"

#include <libpq-fe.h>

#include <unordered_map>

namespace certkeep::store::postgres {

namespace {

using internal::SqlRows;
using internal::SqlValue;

struct ResultFree {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultFree>;

core::Error PostgresError(PGconn* conn, const PGresult* res, std::string_view what) {
  std::string internal = std::string(what) + ": " + PQerrorMessage(conn);
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view sqlstate = state ? state : "";
  // SQLSTATE class 23: integrity constraint violation.
  if (sqlstate.starts_with("23")) {
    return core::Error(core::ErrorCode::kConflict, core::Reason::kStoreConstraint,
                       "the change conflicts with existing data", internal);
  }
  // 40001 serialization failure, 40P01 deadlock, 55P03 lock not available,
  // class 08 connection exception, 57P0x server shutting down.
  if (sqlstate.starts_with("40") || sqlstate == "55P03" || sqlstate.starts_with("08") ||
      sqlstate.starts_with("57P") || PQstatus(conn) != CONNECTION_OK) {
    return core::Error(core::ErrorCode::kUnavailable, core::Reason::kStoreUnavailable,
                       "the store is unavailable, try again", internal);
  }
  return core::InternalError(core::Reason::kStoreQuery, internal);
}

class PostgresConnection final : public internal::SqlConnection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  core::Result<void> ExecScript(std::string_view sql) override {
    std::string text(sql);
    ResultPtr res(PQexec(conn_, text.c_str()));
    auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return core::Fail(PostgresError(conn_, res.get(), "exec"));
    }
    return core::Ok();
  }

  core::Result<SqlRows> Query(std::string_view sql, std::span<const SqlValue> params) override {
    auto name = Prepare(sql);
    if (!name) return core::Fail(name.error());
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::nullptr_t>) {
              values[i] = nullptr;
            } else if constexpr (std::is_same_v<V, std::int64_t>) {
              texts[i] = std::to_string(v);
              values[i] = texts[i].c_str();
            } else {
              values[i] = v.c_str();
            }
          },
          params[i]);
    }
    ResultPtr res(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, 0));
    auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return core::Fail(PostgresError(conn_, res.get(), "query"));
    }
    SqlRows rows;
    int n = PQntuples(res.get());
    int columns = PQnfields(res.get());
    rows.reserve(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
      std::vector<std::optional<std::string>> row;
      row.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          row.emplace_back();
        } else {
          row.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                       static_cast<std::size_t>(PQgetlength(res.get(), r, c))));
        }
      }
      rows.emplace_back(std::move(row));
    }
    return rows;
  }

  internal::Dialect dialect() const override { return internal::Dialect::kPostgres; }
  bool IsBroken() const override { return PQstatus(conn_) != CONNECTION_OK; }
  std::string_view BeginStatement() const override { return "BEGIN"; }

 private:
  core::Result<std::string> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second;
    std::string name = "ck" + std::to_string(statements_.size() + 1);
    ResultPtr res(PQprepare(conn_, name.c_str(), NumberPlaceholders(sql).c_str(), 0, nullptr));
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      return core::Fail(PostgresError(conn_, res.get(), "prepare"));
    }
    statements_.emplace(key, name);
    return name;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;
};

}  // namespace

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

core::Result<std::unique_ptr<internal::SqlConnection>> OpenPostgresConnection(
    const std::string& dsn) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    // The DSN may carry a password: log libpq's message, never the DSN itself.
    auto err = core::Error(core::ErrorCode::kUnavailable, core::Reason::kStoreUnavailable,
                           "the store cannot be reached",
                           std::string("postgres connect: ") + PQerrorMessage(conn));
    PQfinish(conn);
    return core::Fail(err);
  }
  auto pg = std::make_unique<PostgresConnection>(conn);
  // Quiet NOTICEs (e.g. "relation already exists, skipping") and fix the time zone.
  if (auto r = pg->ExecScript("SET client_min_messages = warning; SET TIME ZONE 'UTC'"); !r) {
    return core::Fail(r.error());
  }
  return std::unique_ptr<internal::SqlConnection>(std::move(pg));
}

}  // namespace certkeep::store::postgres
