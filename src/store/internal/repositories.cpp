#include "store/internal/repositories.h"

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kCaColumns =
    "SELECT id, name, role, parent_id, certificate_pem, key_ref, created_at "
    "FROM certificate_authority ";

core::CertificateAuthority CaFromRow(const SqlRow& row) {
  core::CertificateAuthority ca;
  ca.id = core::CaId{row.Int(0)};
  ca.name = row.Text(1);
  ca.role = core::ParseCaRole(row.Text(2)).value_or(core::CaRole::kIssuing);
  if (auto parent = row.OptionalInt(3)) ca.parent_id = core::CaId{*parent};
  ca.certificate_pem = row.Text(4);
  ca.key_ref = row.Text(5);
  ca.created_at = core::FromUnixSeconds(row.Int(6));
  return ca;
}

constexpr std::string_view kAuditColumns =
    "SELECT id, at, customer_id, actor, source, action, object_type, object_id, detail, "
    "prev_hash, hash FROM audit_log ";

core::AuditRecord AuditFromRow(const SqlRow& row) {
  return {.id = core::AuditId{row.Int(0)},
          .at = core::FromUnixSeconds(row.Int(1)),
          .customer_id = core::CustomerId{row.Int(2)},
          .actor = row.Text(3),
          .source = row.Text(4),
          .action = row.Text(5),
          .object_type = row.Text(6),
          .object_id = row.Text(7),
          .detail = row.Text(8),
          .prev_hash = row.Text(9),
          .hash = row.Text(10)};
}

}  // namespace

core::Result<core::CaId> SqlCaRepository::Insert(const core::CertificateAuthority& ca) {
  SqlValue parent = ca.parent_id ? SqlValue(ca.parent_id->value) : SqlValue(nullptr);
  std::vector<SqlValue> params{ca.name,    std::string(core::ToString(ca.role)),
                               parent,     ca.certificate_pem,
                               ca.key_ref, core::ToUnixSeconds(ca.created_at)};
  auto id = InsertId(conn_,
                     "INSERT INTO certificate_authority (name, role, parent_id, "
                     "certificate_pem, key_ref, created_at) VALUES (?, ?, ?, ?, ?, ?) ",
                     params);
  if (!id) return core::Fail(id.error());
  return core::CaId{*id};
}

core::Result<core::CertificateAuthority> SqlCaRepository::Get(core::CaId id) {
  std::vector<SqlValue> params{id.value};
  auto row =
      QueryOne(conn_, std::string(kCaColumns) + "WHERE id = ?", params, "certificate authority");
  if (!row) return core::Fail(row.error());
  return CaFromRow(*row);
}

core::Result<core::CertificateAuthority> SqlCaRepository::FindByName(const std::string& name) {
  std::vector<SqlValue> params{name};
  auto row = QueryOne(conn_, std::string(kCaColumns) + "WHERE name = ?", params,
                      "certificate authority '" + name + "'");
  if (!row) return core::Fail(row.error());
  return CaFromRow(*row);
}

core::Result<std::vector<core::CertificateAuthority>> SqlCaRepository::List() {
  return registry_.Read(&RegistryCache::Maps::cas, std::string(),
                        [&]() -> core::Result<std::vector<core::CertificateAuthority>> {
                          auto rows = conn_.Query(std::string(kCaColumns) + "ORDER BY id");
                          if (!rows) return core::Fail(rows.error());
                          std::vector<core::CertificateAuthority> out;
                          for (const auto& row : *rows) out.push_back(CaFromRow(row));
                          return out;
                        });
}

core::Result<std::int64_t> SqlCaRepository::AddCross(const core::CrossCertificate& cross) {
  std::vector<SqlValue> params{cross.ca_id.value, cross.certificate_pem, cross.chain_pem,
                               core::ToUnixSeconds(cross.created_at)};
  return InsertId(conn_,
                  "INSERT INTO ca_cross_certificate (ca_id, certificate_pem, chain_pem, "
                  "created_at) VALUES (?, ?, ?, ?) ",
                  params);
}

core::Result<std::vector<core::CrossCertificate>> SqlCaRepository::Crosses(core::CaId ca) {
  return registry_.Read(
      &RegistryCache::Maps::cross_certificates, std::to_string(ca.value),
      [&]() -> core::Result<std::vector<core::CrossCertificate>> {
        std::vector<SqlValue> params{ca.value};
        auto rows = conn_.Query(
            "SELECT id, ca_id, certificate_pem, chain_pem, created_at FROM ca_cross_certificate "
            "WHERE ca_id = ? ORDER BY id",
            params);
        if (!rows) return core::Fail(rows.error());
        std::vector<core::CrossCertificate> out;
        for (const auto& row : *rows) {
          out.push_back({.id = row.Int(0),
                         .ca_id = core::CaId{row.Int(1)},
                         .certificate_pem = row.Text(2),
                         .chain_pem = row.Text(3),
                         .created_at = core::FromUnixSeconds(row.Int(4))});
        }
        return out;
      });
}

core::Result<void> SqlCaRepository::RemoveCross(core::CaId ca, std::int64_t id) {
  std::vector<SqlValue> params{id, ca.value};
  auto changed =
      conn_.Execute("DELETE FROM ca_cross_certificate WHERE id = ? AND ca_id = ?", params);
  if (!changed) return core::Fail(changed.error());
  if (changed->rows == 0) {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                      "the CA has no cross-certificate " + std::to_string(id));
  }
  return core::Ok();
}

core::Result<void> SqlAuditRepository::Add(core::AuditRecord record, AuditSeal seal) {
  added_.emplace_back(std::move(record), std::move(seal));
  return core::Ok();
}

core::Result<void> SqlAuditRepository::Seal() {
  auto added = std::move(added_);
  added_.clear();
  if (added.empty()) return core::Ok();
  // Every chain this transaction extends, locked in customer order: two writers that
  // both extend customer 0's chain and their own never wait for each other in a cycle.
  std::set<core::CustomerId> chains;
  for (const auto& [record, seal] : added) chains.insert(record.customer_id);
  if (auto r = LockHeads(chains); !r) return r;
  std::map<core::CustomerId, std::string> last;  // each chain's hash as the records join
  for (auto customer : chains) {
    const auto& head = locked_.at(customer);
    last[customer] = head ? head->hash : std::string();
  }
  std::vector<core::AuditRecord> records;
  for (auto& [record, seal] : added) {
    record.prev_hash = last[record.customer_id];
    seal(record);
    last[record.customer_id] = record.hash;
    records.push_back(std::move(record));
  }
  if (conn_.dialect() != Dialect::kPostgres) {
    for (const auto& r : records) {
      if (auto id = Append(r); !id) return core::Fail(id.error());  // moves the head
    }
    return core::Ok();
  }
  // PostgreSQL: the chain stays locked until COMMIT, so the records go in one statement,
  // sent with the COMMIT (nothing reads its answer, and its failure fails the COMMIT). The
  // heads it moves are no longer known here: a later record would lock them afresh.
  auto [sql, params] = AppendAllStatement(records);
  if (auto r = conn_.ExecuteLater(sql, params); !r) return r;
  for (auto customer : chains) locked_.erase(customer);
  return core::Ok();
}

namespace {

constexpr std::string_view kAuditInsert =
    "INSERT INTO audit_log (at, customer_id, actor, source, action, object_type, object_id, "
    "detail, prev_hash, hash) VALUES ";
constexpr std::string_view kAuditValues = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kMoveHead =
    " ON CONFLICT (customer_id) DO UPDATE SET head_id = excluded.head_id, "
    "head_hash = excluded.head_hash";

void AddAuditValues(std::vector<SqlValue>& params, const core::AuditRecord& r) {
  for (SqlValue v :
       {SqlValue(core::ToUnixSeconds(r.at)), SqlValue(r.customer_id.value), SqlValue(r.actor),
        SqlValue(r.source), SqlValue(r.action), SqlValue(r.object_type), SqlValue(r.object_id),
        SqlValue(r.detail), SqlValue(r.prev_hash), SqlValue(r.hash)}) {
    params.push_back(std::move(v));
  }
}

}  // namespace

std::pair<std::string, std::vector<SqlValue>> SqlAuditRepository::AppendAllStatement(
    std::span<const core::AuditRecord> records) {
  // The records, in order (their ids follow the VALUES), and each chain's newest of them
  // as its head.
  std::string sql = "WITH added AS (" + std::string(kAuditInsert);
  std::vector<SqlValue> params;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += kAuditValues;
    AddAuditValues(params, records[i]);
  }
  sql +=
      " RETURNING id, customer_id, hash) INSERT INTO audit_chain (customer_id, head_id, "
      "head_hash) SELECT DISTINCT ON (customer_id) customer_id, id, hash FROM added "
      "ORDER BY customer_id, id DESC";
  sql += kMoveHead;
  return {std::move(sql), std::move(params)};
}

core::Result<std::map<core::CustomerId, AuditChainHead>> SqlAuditRepository::AppendAll(
    std::span<const core::AuditRecord> records) {
  auto [sql, params] = AppendAllStatement(records);
  auto rows = conn_.Query(sql + " RETURNING customer_id, head_id, head_hash", params);
  if (!rows) return core::Fail(rows.error());
  std::map<core::CustomerId, AuditChainHead> heads;
  for (const auto& row : *rows) {
    heads[core::CustomerId{row.Int(0)}] = AuditChainHead{core::AuditId{row.Int(1)}, row.Text(2)};
  }
  return heads;
}

core::Result<core::AuditId> SqlAuditRepository::Append(const core::AuditRecord& r) {
  core::AuditId id;
  if (conn_.dialect() == Dialect::kPostgres) {
    auto heads = AppendAll(std::span(&r, 1));  // the record and its chain's new head
    if (!heads) return core::Fail(heads.error());
    auto head = heads->find(r.customer_id);
    if (head == heads->end()) {
      return core::Fail(core::InternalError(core::Reason::kStoreQuery, "audit append: no head"));
    }
    id = head->second.id;
  } else {
    std::vector<SqlValue> params;
    AddAuditValues(params, r);
    auto added = InsertId(conn_, std::string(kAuditInsert) + std::string(kAuditValues), params);
    if (!added) return core::Fail(added.error());
    id = core::AuditId{*added};
    std::vector<SqlValue> head{r.customer_id.value, id.value, r.hash};
    static const std::string kSqliteHead =
        "INSERT INTO audit_chain (customer_id, head_id, head_hash) VALUES (?, ?, ?)" +
        std::string(kMoveHead);
    if (auto moved = conn_.Execute(kSqliteHead, head); !moved) return core::Fail(moved.error());
  }
  if (auto it = locked_.find(r.customer_id); it != locked_.end()) {
    it->second = AuditChainHead{id, r.hash};
  }
  return id;
}

core::Result<void> SqlAuditRepository::LockHeads(const std::set<core::CustomerId>& chains) {
  if (conn_.dialect() == Dialect::kPostgres && chains.size() > 1) {
    // One statement locks the chains' rows in customer order (the sort is below the
    // row locks); a chain without its row yet is created by LockHead below.
    std::string sql =
        "SELECT customer_id, head_id, head_hash FROM audit_chain WHERE customer_id IN (";
    std::vector<SqlValue> params;
    for (auto customer : chains) {
      if (locked_.contains(customer)) continue;
      sql += params.empty() ? "?" : ", ?";
      params.emplace_back(customer.value);
    }
    if (!params.empty()) {
      auto rows = conn_.Query(sql + ") ORDER BY customer_id FOR UPDATE", params);
      if (!rows) return core::Fail(rows.error());
      for (const auto& row : *rows) {
        std::optional<AuditChainHead> head;
        if (row.Int(1) != 0) head = AuditChainHead{core::AuditId{row.Int(1)}, row.Text(2)};
        locked_.emplace(core::CustomerId{row.Int(0)}, head);
      }
    }
  }
  for (auto customer : chains) {
    if (auto head = LockHead(customer); !head) return core::Fail(head.error());
  }
  return core::Ok();
}

core::Result<std::optional<AuditChainHead>> SqlAuditRepository::LockHead(
    core::CustomerId customer) {
  if (auto it = locked_.find(customer); it != locked_.end()) return it->second;
  // PostgreSQL: the row lock serialises the writers of one chain. SQLite: the write
  // transaction (BEGIN IMMEDIATE) already holds the database's only write lock.
  std::string_view select =
      conn_.dialect() == Dialect::kPostgres
          ? "SELECT head_id, head_hash FROM audit_chain WHERE customer_id = ? FOR UPDATE"
          : "SELECT head_id, head_hash FROM audit_chain WHERE customer_id = ?";
  std::vector<SqlValue> params{customer.value};
  auto rows = conn_.Query(select, params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) {
    // The chain's first writer creates its row. A concurrent first writer waits on this
    // insert, does nothing once it commits, and then locks the committed row.
    auto created = conn_.Query(
        "INSERT INTO audit_chain (customer_id, head_id, head_hash) VALUES (?, 0, '') "
        "ON CONFLICT DO NOTHING",
        params);
    if (!created) return core::Fail(created.error());
    rows = conn_.Query(select, params);
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) {
      return core::Fail(core::InternalError(
          core::Reason::kStoreQuery,
          "audit chain of customer " + std::to_string(customer.value) + " not created"));
    }
  }
  const auto& row = rows->front();
  std::optional<AuditChainHead> head;
  if (row.Int(0) != 0) head = AuditChainHead{core::AuditId{row.Int(0)}, row.Text(1)};
  locked_.emplace(customer, head);
  return head;
}

core::Result<std::optional<core::AuditRecord>> SqlAuditRepository::Last() {
  auto records = Records("ORDER BY id DESC LIMIT 1", {});
  if (!records) return core::Fail(records.error());
  if (records->empty()) return std::optional<core::AuditRecord>();
  return std::optional<core::AuditRecord>(std::move(records->front()));
}

core::Result<std::vector<core::AuditRecord>> SqlAuditRepository::List(core::AuditId after,
                                                                      int limit) {
  std::vector<SqlValue> params{after.value, std::int64_t{limit}};
  return Records("WHERE id > ? ORDER BY id LIMIT ?", params);
}

core::Result<std::vector<core::AuditRecord>> SqlAuditRepository::ListChain(
    core::CustomerId customer, core::AuditId after, int limit) {
  std::vector<SqlValue> params{customer.value, after.value, std::int64_t{limit}};
  return Records("WHERE customer_id = ? AND id > ? ORDER BY id LIMIT ?", params);
}

core::Result<std::vector<core::AuditRecord>> SqlAuditRepository::ListBetween(
    core::CustomerId customer, core::TimePoint from, core::TimePoint to, int limit) {
  // In chain order: clocks of several nodes may disagree by a second, the chain cannot.
  std::vector<SqlValue> params{customer.value, core::ToUnixSeconds(from), core::ToUnixSeconds(to),
                               std::int64_t{limit}};
  return Records("WHERE customer_id = ? AND at >= ? AND at < ? ORDER BY id LIMIT ?", params);
}

core::Result<std::vector<std::pair<core::CustomerId, AuditChainHead>>> SqlAuditRepository::Heads() {
  auto rows = conn_.Query(
      "SELECT customer_id, head_id, head_hash FROM audit_chain WHERE head_id <> 0 "
      "ORDER BY customer_id");
  if (!rows) return core::Fail(rows.error());
  std::vector<std::pair<core::CustomerId, AuditChainHead>> out;
  for (const auto& row : *rows) {
    out.emplace_back(core::CustomerId{row.Int(0)},
                     AuditChainHead{core::AuditId{row.Int(1)}, row.Text(2)});
  }
  return out;
}

core::Result<void> SqlAuditRepository::AddCheckpoint(const core::AuditCheckpoint& c) {
  std::vector<SqlValue> params{c.customer_id.value, c.audit_id.value, c.hash,
                               core::ToUnixSeconds(c.at), c.signature};
  auto rows = conn_.Query(
      "INSERT INTO audit_checkpoint (customer_id, audit_id, hash, at, signature) "
      "VALUES (?, ?, ?, ?, ?)",
      params);
  if (!rows) return core::Fail(rows.error());
  return core::Ok();
}

core::Result<std::vector<core::AuditCheckpoint>> SqlAuditRepository::Checkpoints(
    core::CustomerId customer) {
  std::vector<SqlValue> params{customer.value};
  auto rows = conn_.Query(
      "SELECT customer_id, audit_id, hash, at, signature FROM audit_checkpoint "
      "WHERE customer_id = ? ORDER BY id",
      params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::AuditCheckpoint> out;
  for (const auto& row : *rows) {
    out.push_back({.customer_id = core::CustomerId{row.Int(0)},
                   .audit_id = core::AuditId{row.Int(1)},
                   .hash = row.Text(2),
                   .at = core::FromUnixSeconds(row.Int(3)),
                   .signature = row.Text(4)});
  }
  return out;
}

core::Result<std::vector<core::AuditRecord>> SqlAuditRepository::Records(
    std::string_view tail, std::span<const SqlValue> params) {
  auto rows = conn_.Query(std::string(kAuditColumns) + std::string(tail), params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::AuditRecord> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) out.push_back(AuditFromRow(row));
  return out;
}

}  // namespace certkeep::store::internal
