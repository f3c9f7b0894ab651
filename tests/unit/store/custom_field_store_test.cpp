// Custom fields, on both back ends.
#include <gtest/gtest.h>

#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using testing::Backend;
using testing::Must;
using testing::StoreFixture;

class CustomFieldStoreTest : public StoreFixture {
 protected:
  core::Result<core::CustomFieldId> Insert(const core::CustomField& f) {
    return store().Transact([&](Transaction& tx) { return tx.custom_fields().Insert(f); });
  }
  std::vector<core::CustomField> List(core::CustomerId c, std::optional<core::CertType> t) {
    return Must(store().Transact([&](Transaction& tx) { return tx.custom_fields().List(c, t); }));
  }
};

TEST_P(CustomFieldStoreTest, FieldsAreStoredListedChangedAndRemoved) {
  auto a = AddCustomer("a");
  auto b = AddCustomer("b");
  auto tier = Must(Insert({.customer_id = a,
                           .name = "Tier",
                           .cert_type = core::CertType::kSsl,
                           .input = core::CustomFieldInput::kTextOption,
                           .options = {"Gold", "Silver"},
                           .mandatory = true}));
  auto phone = Must(Insert({.customer_id = a, .name = "Phone", .cert_type = core::CertType::kSmime}));
  Must(Insert({.customer_id = b, .name = "Tier", .cert_type = core::CertType::kSsl}));

  auto ssl = List(a, core::CertType::kSsl);
  ASSERT_EQ(ssl.size(), 1u);
  EXPECT_EQ(ssl[0].id, tier);
  EXPECT_EQ(ssl[0].customer_id, a);
  EXPECT_EQ(ssl[0].name, "Tier");
  EXPECT_EQ(ssl[0].input, core::CustomFieldInput::kTextOption);
  EXPECT_EQ(ssl[0].options, (std::vector<std::string>{"Gold", "Silver"}));
  EXPECT_TRUE(ssl[0].mandatory);
  EXPECT_EQ(ssl[0].state, core::CustomFieldState::kActive);
  EXPECT_EQ(List(a, std::nullopt).size(), 2u);
  EXPECT_EQ(List(b, std::nullopt).size(), 1u);

  auto changed = ssl[0];
  changed.state = core::CustomFieldState::kSuspendedInactive;
  changed.mandatory = false;
  changed.name = "Service tier";
  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.custom_fields().Update(changed); }));
  auto got = Must(store().Transact([&](Transaction& tx) { return tx.custom_fields().Get(tier); }));
  EXPECT_EQ(got.name, "Service tier");
  EXPECT_FALSE(got.mandatory);
  EXPECT_EQ(got.state, core::CustomFieldState::kSuspendedInactive);

  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.custom_fields().Delete(phone); }));
  auto gone = store().Transact([&](Transaction& tx) { return tx.custom_fields().Get(phone); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), core::ErrorCode::kNotFound);
  auto again = store().Transact([&](Transaction& tx) { return tx.custom_fields().Delete(phone); });
  EXPECT_EQ(again.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(CustomFieldStoreTest, ANameIsTakenOncePerCustomerAndTypeWithoutRegardToCase) {
  auto a = AddCustomer("a");
  auto first = Must(Insert({.customer_id = a, .name = "Ticket", .cert_type = core::CertType::kSsl}));
  auto taken = Insert({.customer_id = a, .name = "TICKET", .cert_type = core::CertType::kSsl});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code(), core::ErrorCode::kConflict);
  EXPECT_EQ(taken.error().reason(), core::Reason::kCustomFieldNameTaken);
  // Another type may use it; a rename onto a taken name is refused, and the transaction
  // that met the refusal still commits what else it did (PostgreSQL: not aborted).
  auto other = Must(Insert({.customer_id = a, .name = "ticket", .cert_type = core::CertType::kSmime}));
  auto second = Must(Insert({.customer_id = a, .name = "Other", .cert_type = core::CertType::kSsl}));
  auto r = store().Transact([&](Transaction& tx) -> core::Result<void> {
    auto f = tx.custom_fields().Get(second);
    if (!f) return core::Fail(f.error());
    f->name = "ticket";
    auto refused = tx.custom_fields().Update(*f);
    EXPECT_FALSE(refused);
    f->name = "Other2";
    return tx.custom_fields().Update(*f);
  });
  ASSERT_TRUE(r) << r.error().detail();
  EXPECT_EQ(List(a, core::CertType::kSsl).back().name, "Other2");
  (void)first;
  (void)other;
}

INSTANTIATE_TEST_SUITE_P(Backends, CustomFieldStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
