#pragma once
// A bounded pool of connections. A connection goes back to the pool when its lease
// ends; a broken one is dropped and a new one is opened on demand.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/internal/sql.h"

namespace certkeep::store::internal {

class ConnectionPool;

/// Exclusive use of one connection until destroyed.
class ConnectionLease {
 public:
  ConnectionLease(ConnectionPool* pool, std::unique_ptr<SqlConnection> conn)
      : pool_(pool), conn_(std::move(conn)) {}
  ConnectionLease(ConnectionLease&&) = default;
  ConnectionLease& operator=(ConnectionLease&&) = delete;
  ~ConnectionLease();
  SqlConnection& operator*() const { return *conn_; }
  SqlConnection* operator->() const { return conn_.get(); }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<SqlConnection> conn_;
};

/// Opens connections with `factory`, keeps at most `size` of them.
class ConnectionPool {
 public:
  using Factory = std::function<core::Result<std::unique_ptr<SqlConnection>>()>;
  ConnectionPool(Factory factory, int size, std::chrono::milliseconds wait)
      : factory_(std::move(factory)), size_(size), wait_(wait) {}

  /// A connection, waiting up to the configured time for one to be free.
  [[nodiscard]] core::Result<ConnectionLease> Acquire();

 private:
  friend class ConnectionLease;
  void Release(std::unique_ptr<SqlConnection> conn);

  Factory factory_;
  int size_;
  std::chrono::milliseconds wait_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
  int open_ = 0;
};

}  // namespace certkeep::store::internal
