#pragma once
// The Store: one repository per aggregate, reached only inside an explicit transaction.
// Two back ends share one SQL implementation of the repositories (store/internal/):
// SQLite (embedded default, store/sqlite/) and PostgreSQL (scale-out, store/postgres/).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/audit.h"
#include "core/certificate_authority.h"
#include "core/result.h"

namespace certkeep::store {

/// The CAs of certkeep's own hierarchy.
class CaRepository {
 public:
  virtual ~CaRepository() = default;
  /// Inserts `ca` (its id is ignored) and returns the new id; Conflict on a taken name.
  [[nodiscard]] virtual core::Result<core::CaId> Insert(const core::CertificateAuthority& ca) = 0;
  /// The CA with `id`, or NotFound.
  [[nodiscard]] virtual core::Result<core::CertificateAuthority> Get(core::CaId id) = 0;
  /// The CA named `name`, or NotFound.
  [[nodiscard]] virtual core::Result<core::CertificateAuthority> FindByName(
      const std::string& name) = 0;
  /// Every CA, oldest first.
  [[nodiscard]] virtual core::Result<std::vector<core::CertificateAuthority>> List() = 0;
};

/// The hash-chained audit log.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  /// Appends `record` (id ignored; hashes already computed by the writer).
  [[nodiscard]] virtual core::Result<core::AuditId> Append(const core::AuditRecord& record) = 0;
  /// The newest record, if any; read inside the writing transaction to chain onto it.
  [[nodiscard]] virtual core::Result<std::optional<core::AuditRecord>> Last() = 0;
  /// Records with id greater than `after`, oldest first, at most `limit`.
  [[nodiscard]] virtual core::Result<std::vector<core::AuditRecord>> List(core::AuditId after,
                                                                          int limit) = 0;
};

/// The repositories, valid only during one transaction.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual CaRepository& cas() = 0;
  virtual AuditRepository& audit() = 0;
};

/// The whole persistent state.
class Store {
 public:
  virtual ~Store() = default;

  /// Runs `work` (a callable taking Transaction& and returning Result<T>) in one
  /// transaction: committed if it returns a value, rolled back if it returns an error
  /// or throws (the exception is rethrown).
  template <typename F>
  [[nodiscard]] std::invoke_result_t<F, Transaction&> Transact(F&& work) {
    using R = std::invoke_result_t<F, Transaction&>;
    if constexpr (std::is_void_v<typename R::value_type>) {
      return RunInTransaction(work);
    } else {
      std::optional<typename R::value_type> value;
      auto done = RunInTransaction([&](Transaction& tx) -> core::Result<void> {
        auto r = work(tx);
        if (!r) return core::Fail(r.error());
        value.emplace(std::move(*r));
        return core::Ok();
      });
      if (!done) return core::Fail(done.error());
      return std::move(*value);
    }
  }

  /// Runs `work` in one transaction; see the template above.
  [[nodiscard]] virtual core::Result<void> RunInTransaction(
      const std::function<core::Result<void>(Transaction&)>& work) = 0;

  /// Checks that the store answers (for /healthz).
  [[nodiscard]] virtual core::Result<void> Ping() = 0;
  /// The highest applied migration.
  [[nodiscard]] virtual core::Result<int> SchemaVersion() = 0;
  /// "sqlite" or "postgres".
  [[nodiscard]] virtual std::string_view backend() const = 0;
};

/// How to open the store.
struct StoreOptions {
  enum class Backend { kSqlite, kPostgres };
  Backend backend = Backend::kSqlite;
  std::string sqlite_path;     ///< a file, or ":memory:" (one connection)
  std::string postgres_dsn;    ///< libpq connection string or URI
  int pool_size = 8;           ///< connections kept open
  int busy_timeout_ms = 5000;  ///< SQLite lock wait; pool wait on both back ends
};

/// Opens the store and applies pending migrations (each in its own transaction).
[[nodiscard]] core::Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options,
                                                             const core::Clock& clock);

}  // namespace certkeep::store
