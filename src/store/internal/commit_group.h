#pragma once
// SQLite's write transactions, shared by writers that meet. SQLite has one writer at a
// time, so the writers of a busy process queue; the one whose turn it is need not commit
// alone. A writer that finds others waiting leaves its transaction open for them: each
// runs its work in a savepoint of its own (a failed one rolls back only itself), and the
// last one in commits for all. The pages they share — the tables' last leaves, the audit
// chain's head, the indexes' right edges — go to the WAL once per commit instead of once
// per writer, and a commit costs one round of the WAL's locks. A writer's call returns
// only once its work is committed, with the commit's outcome: what it reports is durable
// exactly as before.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/error.h"
#include "store/internal/pool.h"

namespace certkeep::store::internal {

class CommitGroup {
 public:
  /// Transactions run on connections of `pool` (one at a time), begun with `begin`; one
  /// commit takes the work of at most `max_members` writers, so no writer waits behind an
  /// endless line. `around_commit` runs just before and just after each COMMIT.
  CommitGroup(ConnectionPool& pool, std::string begin, int max_members,
              std::function<void()> around_commit)
      : pool_(pool),
        begin_(std::move(begin)),
        max_members_(max_members),
        around_commit_(std::move(around_commit)) {}

  /// Runs `work` in a write transaction: committed (possibly with other writers' work)
  /// if it returns a value, rolled back alone if it returns an error or throws (the
  /// exception is rethrown once the transaction is handed on or ended).
  [[nodiscard]] core::Result<void> Run(
      const std::function<core::Result<void>(SqlConnection&)>& work);

 private:
  // What the open transaction's work and end are; runs with the turn held.
  core::Result<void> RunInOpenTransaction(
      const std::function<core::Result<void>(SqlConnection&)>& work, bool& transaction_lost);
  // Ends the open transaction — COMMIT when any work is in it, ROLLBACK when none is or
  // when it was `lost` — and leaves its outcome for the `readers` writers waiting for it.
  // Runs with the turn held and `lock` locked; unlocks it while the store works.
  core::Result<void> End(std::unique_lock<std::mutex>& lock,
                         const std::optional<core::Error>& lost, int readers);

  ConnectionPool& pool_;
  const std::string begin_;
  const int max_members_;
  const std::function<void()> around_commit_;

  std::mutex mu_;
  std::condition_variable turn_;   // signalled when the turn is free
  std::condition_variable ended_;  // signalled when a transaction with readers has ended
  int waiting_ = 0;    // writers waiting for their turn
  bool busy_ = false;  // someone has the turn: runs its work or ends the transaction
  std::optional<ConnectionLease> conn_;  // the open transaction's, while one is open
  std::uint64_t transaction_ = 0;        // numbers transactions, the open one or the next
  int ran_ = 0;                          // writers whose work ran in the open transaction
  int committing_ = 0;                   // of them, those whose work is in it, kept
  struct Outcome {
    core::Result<void> result;
    int unread;  // writers yet to take it
  };
  std::map<std::uint64_t, Outcome> outcomes_;  // of ended transactions, until all read it
};

}  // namespace certkeep::store::internal
