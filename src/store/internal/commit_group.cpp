#include "store/internal/commit_group.h"

#include <exception>

namespace certkeep::store::internal {

core::Result<void> CommitGroup::Run(
    const std::function<core::Result<void>(SqlConnection&)>& work) {
  std::unique_lock lock(mu_);
  ++waiting_;
  turn_.wait(lock, [&] { return !busy_; });
  --waiting_;
  busy_ = true;
  const auto transaction = transaction_;
  lock.unlock();

  bool lost = false;  // the open transaction ended under the work (SQLite rolls back on I/O errors)
  std::exception_ptr thrown;
  core::Result<void> own = core::Ok();
  try {
    own = RunInOpenTransaction(work, lost);
  } catch (...) {
    thrown = std::current_exception();
  }
  const bool kept = own && !thrown;  // the work is in the transaction, to be committed

  lock.lock();
  if (conn_ && !lost && waiting_ > 0 && ran_ < max_members_) {
    // Another writer waits: it goes on in this transaction, and the last one commits.
    busy_ = false;
    turn_.notify_one();
    if (!kept) {
      lock.unlock();
      if (thrown) std::rethrow_exception(thrown);
      return own;
    }
    ended_.wait(lock, [&] { return outcomes_.contains(transaction); });
    auto it = outcomes_.find(transaction);
    auto result = it->second.result;
    if (--it->second.unread == 0) outcomes_.erase(it);
    return result;
  }
  core::Result<void> ended = core::Ok();
  if (conn_) {
    std::optional<core::Error> why_lost;
    if (lost) {
      why_lost = own ? core::InternalError(core::Reason::kStoreQuery, "a writer's work threw")
                     : own.error();
    }
    ended = End(lock, why_lost, committing_ - (kept ? 1 : 0));
  }
  busy_ = false;
  turn_.notify_one();
  lock.unlock();
  if (thrown) std::rethrow_exception(thrown);
  if (!kept) return own;
  return ended;
}

core::Result<void> CommitGroup::RunInOpenTransaction(
    const std::function<core::Result<void>(SqlConnection&)>& work, bool& lost) {
  if (!conn_) {
    auto conn = pool_.Acquire();
    if (!conn) return core::Fail(conn.error());
    if (auto r = (*conn)->Control(begin_); !r) return r;
    conn_.emplace(std::move(*conn));
  }
  SqlConnection& c = **conn_;
  ++ran_;
  // A failed work leaves the transaction as it found it; if its savepoint is gone, so is
  // the transaction, with the work of every writer before it.
  auto undo = [&] {
    if (!c.Control("ROLLBACK TO writer") || !c.Control("RELEASE writer")) lost = true;
  };
  if (auto r = c.Control("SAVEPOINT writer"); !r) {
    lost = true;
    return r;
  }
  core::Result<void> done = core::Ok();
  try {
    done = work(c);
  } catch (...) {
    undo();
    throw;
  }
  if (!done) {
    undo();
    return done;
  }
  if (auto r = c.Control("RELEASE writer"); !r) {
    lost = true;
    return r;
  }
  ++committing_;
  return core::Ok();
}

core::Result<void> CommitGroup::End(std::unique_lock<std::mutex>& lock,
                                    const std::optional<core::Error>& lost, int readers) {
  const auto transaction = transaction_;
  const bool any = committing_ > 0;
  ++transaction_;
  ran_ = 0;
  committing_ = 0;
  lock.unlock();
  core::Result<void> result = core::Ok();
  {
    auto conn = std::move(*conn_);  // back to the pool at the end of this block
    conn_.reset();
    if (lost) {
      (void)conn->Control("ROLLBACK");
      result = core::Fail(core::ErrorCode::kUnavailable, core::Reason::kStoreUnavailable,
                          "the store could not write, try again",
                          "a write transaction shared with this one ended: " + lost->internal());
    } else if (!any) {
      (void)conn->Control("ROLLBACK");
    } else {
      around_commit_();
      result = conn->Control("COMMIT");
      around_commit_();
      if (!result) (void)conn->Control("ROLLBACK");
    }
  }
  lock.lock();
  if (readers > 0) {
    outcomes_.emplace(transaction, Outcome{result, readers});
    ended_.notify_all();
  }
  return result;
}

}  // namespace certkeep::store::internal
