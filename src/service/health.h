#pragma once
// The health check behind /healthz.

#include "core/result.h"
#include "store/store.h"

namespace certkeep::service {

/// Answers whether certkeep can serve: today, whether the store answers.
class HealthCheck {
 public:
  explicit HealthCheck(store::Store& store) : store_(store) {}
  /// Ok when healthy; the store's error otherwise.
  [[nodiscard]] core::Result<void> Check() { return store_.Ping(); }

 private:
  store::Store& store_;
};

}  // namespace certkeep::service
