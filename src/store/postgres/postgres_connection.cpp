#include "store/postgres/postgres_connection.h"

#include <libpq-fe.h>

#include <optional>
#include <string>
#include <vector>

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

// Parameters as libpq wants them: text, or null for SQL NULL.
struct Params {
  explicit Params(std::span<const SqlValue> params) : texts(params.size()), values(params.size()) {
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
  }
  std::vector<std::string> texts;
  std::vector<const char*> values;
};

internal::SqlRow Row(const PGresult* res, int r) {
  int columns = PQnfields(res);
  std::vector<std::optional<std::string>> row;
  row.reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    if (PQgetisnull(res, r, c)) {
      row.emplace_back();
    } else {
      row.emplace_back(
          std::string(PQgetvalue(res, r, c), static_cast<std::size_t>(PQgetlength(res, r, c))));
    }
  }
  return internal::SqlRow(std::move(row));
}

class PostgresConnection final : public internal::SqlConnection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  core::Result<void> ExecScript(std::string_view sql) override {
    if (auto r = SendWaiting(); !r) return r;
    std::string text(sql);
    ResultPtr res(PQexec(conn_, text.c_str()));
    auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return core::Fail(PostgresError(conn_, res.get(), "exec"));
    }
    return core::Ok();
  }

  core::Result<SqlRows> Query(std::string_view sql, std::span<const SqlValue> params) override {
    auto res = ExecPrepared(sql, params, "query");
    if (!res) return core::Fail(res.error());
    SqlRows rows;
    rows.reserve(static_cast<std::size_t>(PQntuples(res->get())));
    for (int r = 0; r < PQntuples(res->get()); ++r) rows.push_back(Row(res->get(), r));
    return rows;
  }

  core::Result<void> QueryEach(std::string_view sql, std::span<const SqlValue> params,
                               const std::function<void(const internal::SqlRow&)>& visit) override {
    if (auto r = SendWaiting(); !r) return r;
    auto name = Prepare(sql);
    if (!name) return core::Fail(name.error());
    Params p(params);
    if (PQsendQueryPrepared(conn_, name->c_str(), static_cast<int>(params.size()), p.values.data(),
                            nullptr, nullptr, 0) != 1 ||
        PQsetSingleRowMode(conn_) != 1) {
      return core::Fail(PostgresError(conn_, nullptr, "query"));
    }
    std::optional<core::Error> failure;
    // Every result must be consumed, even after a failure, before the connection is reused.
    while (PGresult* raw = PQgetResult(conn_)) {
      ResultPtr res(raw);
      auto status = PQresultStatus(raw);
      if (status == PGRES_SINGLE_TUPLE) {
        if (!failure) visit(Row(raw, 0));
      } else if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && !failure) {
        failure = PostgresError(conn_, raw, "query");
      }
    }
    if (failure) return core::Fail(*failure);
    return core::Ok();
  }

  core::Result<internal::Changes> Execute(std::string_view sql,
                                          std::span<const SqlValue> params) override {
    auto res = ExecPrepared(sql, params, "execute");
    if (!res) return core::Fail(res.error());
    return internal::Changes{.rows = std::strtoll(PQcmdTuples(res->get()), nullptr, 10)};
  }

  core::Result<void> ExecuteLater(std::string_view sql, std::span<const SqlValue> params) override {
    if (!in_transaction_) return SqlConnection::ExecuteLater(sql, params);  // at once
    auto name = Prepare(sql);
    if (!name) return core::Fail(name.error());
    Params p(params);
    Waiting w{.name = std::move(*name), .texts = {}};
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (p.values[i] == nullptr) {
        w.texts.emplace_back();
      } else {
        w.texts.emplace_back(p.values[i]);
      }
    }
    waiting_.push_back(std::move(w));
    return core::Ok();
  }

  // A BEGIN is not sent on its own: it goes with the transaction's first statement, in one
  // round trip, and a transaction that ran none sends neither it nor its COMMIT. A COMMIT
  // takes the writes that wait (ExecuteLater) with it.
  core::Result<void> Control(std::string_view sql) override {
    if (sql.starts_with("BEGIN")) {
      begin_ = std::string(sql);
      in_transaction_ = true;
      return core::Ok();
    }
    if (sql != "COMMIT" && sql != "ROLLBACK") return ExecScript(sql);  // after what waits
    in_transaction_ = false;
    bool unsent = !begin_.empty();
    if (sql == "ROLLBACK" || (unsent && waiting_.empty())) {
      waiting_.clear();
      begin_.clear();
      return unsent ? core::Ok() : ExecScript(sql);
    }
    std::string text(sql);
    auto res = Pipelined(
        [&] { return PQsendQueryParams(conn_, text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0); },
        "commit");
    if (!res) return core::Fail(res.error());
    // A COMMIT of a transaction that failed answers ROLLBACK.
    if (std::string_view(PQcmdStatus(res->get())) != "COMMIT") {
      return core::Fail(core::InternalError(core::Reason::kStoreQuery,
                                            std::string("commit: ") + PQcmdStatus(res->get())));
    }
    return core::Ok();
  }

  internal::Dialect dialect() const override { return internal::Dialect::kPostgres; }
  bool IsBroken() const override { return PQstatus(conn_) != CONNECTION_OK; }
  // Sessions are read-only by default (see OpenPostgresConnection): a write transaction
  // says READ WRITE; a read runs its statements each on its own. At READ COMMITTED
  // every statement of a transaction reads its own snapshot anyway, so a BEGIN and a
  // COMMIT around reads bought no consistency, only two round trips.
  std::string_view BeginStatement() const override { return "BEGIN READ WRITE"; }
  std::string_view BeginReadStatement() const override { return ""; }

 private:
  // A write that waits to be sent (ExecuteLater): its statement's name and parameters.
  struct Waiting {
    std::string name;
    std::vector<std::optional<std::string>> texts;
  };

  // Sends the BEGIN and the writes that wait, then what `send_last` queues, in one pipeline
  // with one Sync, and answers the last result, or the first failure (after which the
  // server skips the rest up to the Sync, and the transaction is aborted).
  template <typename SendLast>
  core::Result<ResultPtr> Pipelined(const SendLast& send_last, std::string_view what) {
    auto begin = std::move(begin_);
    auto waiting = std::move(waiting_);
    begin_.clear();
    waiting_.clear();
    if (PQenterPipelineMode(conn_) != 1) return core::Fail(PostgresError(conn_, nullptr, what));
    int queued = 0;
    bool sent = true;
    if (!begin.empty()) {
      sent = PQsendQueryParams(conn_, begin.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
      ++queued;
    }
    for (const auto& w : waiting) {
      std::vector<const char*> values;
      for (const auto& t : w.texts) values.push_back(t ? t->c_str() : nullptr);
      sent = sent && PQsendQueryPrepared(conn_, w.name.c_str(), static_cast<int>(values.size()),
                                         values.data(), nullptr, nullptr, 0) == 1;
      ++queued;
    }
    sent = sent && send_last() == 1;
    ++queued;
    sent = PQpipelineSync(conn_) == 1 && sent;
    std::optional<core::Error> failure;
    if (!sent) failure = PostgresError(conn_, nullptr, what);
    // Each statement's results end with a null; the Sync's result ends the pipeline.
    ResultPtr last;
    for (int done = 0; done <= queued;) {  // `done`: statements whose results have ended
      PGresult* raw = PQgetResult(conn_);
      if (raw == nullptr) {
        if (PQstatus(conn_) != CONNECTION_OK) break;
        ++done;
        continue;
      }
      ResultPtr res(raw);
      auto status = PQresultStatus(raw);
      if (status == PGRES_PIPELINE_SYNC) break;
      if (status == PGRES_PIPELINE_ABORTED) continue;  // skipped after a failure
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        if (!failure) failure = PostgresError(conn_, raw, what);
      } else if (done == queued - 1) {
        last = std::move(res);
      }
    }
    PQexitPipelineMode(conn_);
    if (failure) return core::Fail(*failure);
    if (!last) return core::Fail(PostgresError(conn_, nullptr, what));
    return last;
  }

  // Sends what waits (a BEGIN, writes) on its own, before a statement that cannot join a
  // pipeline.
  core::Result<void> SendWaiting() {
    if (begin_.empty() && waiting_.empty()) return core::Ok();
    auto res = Pipelined(
        [&] { return PQsendQueryParams(conn_, "SELECT 1", 0, nullptr, nullptr, nullptr, nullptr, 0); },
        "begin");
    if (!res) return core::Fail(res.error());
    return core::Ok();
  }

  // The whole result of the prepared statement of `sql` with `params`.
  core::Result<ResultPtr> ExecPrepared(std::string_view sql, std::span<const SqlValue> params,
                                       std::string_view what) {
    auto name = Prepare(sql);
    if (!name) return core::Fail(name.error());
    Params p(params);
    if (!begin_.empty() || !waiting_.empty()) {
      return Pipelined(
          [&] {
            return PQsendQueryPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                                       p.values.data(), nullptr, nullptr, 0);
          },
          what);
    }
    ResultPtr res(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                                 p.values.data(), nullptr, nullptr, 0));
    auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return core::Fail(PostgresError(conn_, res.get(), what));
    }
    return res;
  }

  core::Result<std::string> Prepare(std::string_view sql) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
    std::string key(sql);
    std::string name = "ck" + std::to_string(statements_.size() + 1);
    ResultPtr res(PQprepare(conn_, name.c_str(), NumberPlaceholders(sql).c_str(), 0, nullptr));
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      return core::Fail(PostgresError(conn_, res.get(), "prepare"));
    }
    statements_.emplace(key, name);
    return name;
  }

  PGconn* conn_;
  internal::StatementCache<std::string> statements_;  // statement names by SQL text
  bool in_transaction_ = false;    // between a BEGIN and its COMMIT or ROLLBACK
  std::string begin_;              // the BEGIN, until the first statement takes it along
  std::vector<Waiting> waiting_;   // ExecuteLater's writes, until a statement takes them
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
  // Quiet NOTICEs (e.g. "relation already exists, skipping"), fix the time zone, and
  // refuse writes outside a write transaction (reads run without one).
  if (auto r = pg->ExecScript("SET client_min_messages = warning; SET TIME ZONE 'UTC'; "
                              "SET default_transaction_read_only = on");
      !r) {
    return core::Fail(r.error());
  }
  return std::unique_ptr<internal::SqlConnection>(std::move(pg));
}

}  // namespace certkeep::store::postgres
