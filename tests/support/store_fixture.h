#pragma once
// A value-parameterized fixture over both store back ends, with one-line helpers that
// add the customers, organizations and admins a test of the tenancy repositories needs.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "store/store.h"
#include "support/test_store.h"

namespace certkeep::testing {

/// Unix seconds as a TimePoint, for short test rows.
inline core::TimePoint At(std::int64_t unix_seconds) {
  return core::FromUnixSeconds(unix_seconds);
}

/// The value of `r`, or (with the test failed) a default one.
template <typename T>
T Must(core::Result<T> r) {
  if (!r) {
    ADD_FAILURE() << r.error().detail() << " (" << r.error().internal() << ")";
    return T{};
  }
  return std::move(*r);
}

/// A fresh store on GetParam()'s back end; skips when that back end is unavailable.
class StoreFixture : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
  }
  store::Store& store() { return db_->store(); }

  core::CustomerId AddCustomer(const std::string& uri) {
    return Must(store().Transact([&](store::Transaction& tx) {
      return tx.customers().Insert({.uri = uri, .name = uri + " Inc."});
    }));
  }
  core::OrgId AddOrg(core::CustomerId customer, const std::string& name,
                     std::optional<core::OrgId> parent = {}) {
    return Must(store().Transact([&](store::Transaction& tx) {
      return tx.organizations().Insert(
          {.customer_id = customer, .parent_id = parent, .name = name});
    }));
  }
  core::AdminId AddAdmin(const core::Admin& admin) {
    return Must(
        store().Transact([&](store::Transaction& tx) { return tx.admins().Insert(admin); }));
  }

  std::unique_ptr<TestStore> db_;
};

}  // namespace certkeep::testing
