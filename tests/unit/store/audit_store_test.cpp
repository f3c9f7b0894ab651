// One audit chain per customer: heads, lists and checkpoints, on both back ends.
#include <gtest/gtest.h>

#include <thread>

#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using testing::Backend;
using testing::Must;
using testing::StoreFixture;

class AuditStoreTest : public StoreFixture {
 protected:
  // Appends one record to `customer`'s chain in `tx` the way a writer does: lock the
  // head, append after it (which moves the head). Returns the new record's id.
  static core::Result<core::AuditId> AppendAfterHead(Transaction& tx, core::CustomerId customer,
                                                     std::int64_t at, const std::string& hash) {
    auto head = tx.audit().LockHead(customer);
    if (!head) return core::Fail(head.error());
    return tx.audit().Append({.at = core::FromUnixSeconds(at),
                              .customer_id = customer,
                              .actor = "alice",
                              .source = "192.0.2.1",
                              .action = "org.create",
                              .object_type = "org",
                              .object_id = "1",
                              .detail = "{}",
                              .prev_hash = *head ? (*head)->hash : "",
                              .hash = hash});
  }
  // The same in a transaction of its own.
  core::AuditId Write(core::CustomerId customer, std::int64_t at, const std::string& hash) {
    return Must(
        store().Transact([&](Transaction& tx) { return AppendAfterHead(tx, customer, at, hash); }));
  }
  std::optional<AuditChainHead> Head(core::CustomerId customer) {
    return Must(store().Transact([&](Transaction& tx) { return tx.audit().LockHead(customer); }));
  }
  std::vector<std::string> Hashes(const core::Result<std::vector<core::AuditRecord>>& records) {
    std::vector<std::string> out;
    for (const auto& r : Must(records)) out.push_back(r.hash);
    return out;
  }
};

TEST_P(AuditStoreTest, AnEmptyChainHasNoHead) {
  EXPECT_FALSE(Head(core::CustomerId{0}));
  EXPECT_FALSE(Head(core::CustomerId{42}));  // twice: the row it created stays empty
  EXPECT_FALSE(Head(core::CustomerId{42}));
  EXPECT_TRUE(Must(store().Transact([](Transaction& tx) { return tx.audit().Heads(); })).empty());
}

TEST_P(AuditStoreTest, AppendWritesEveryFieldAndMovesTheHead) {
  core::CustomerId customer{7};
  auto first = Write(customer, 100, "h1");
  auto head = Head(customer);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->id, first);
  EXPECT_EQ(head->hash, "h1");

  auto second = Write(customer, 101, "h2");
  EXPECT_EQ(Head(customer)->id, second);
  auto records = Must(store().Transact(
      [&](Transaction& tx) { return tx.audit().ListChain(customer, core::AuditId{0}, 10); }));
  ASSERT_EQ(records.size(), 2u);
  const auto& r = records[1];
  EXPECT_EQ(r.id, second);
  EXPECT_EQ(core::ToUnixSeconds(r.at), 101);
  EXPECT_EQ(r.customer_id, customer);
  EXPECT_EQ(r.actor, "alice");
  EXPECT_EQ(r.source, "192.0.2.1");
  EXPECT_EQ(r.action, "org.create");
  EXPECT_EQ(r.object_type, "org");
  EXPECT_EQ(r.object_id, "1");
  EXPECT_EQ(r.detail, "{}");
  EXPECT_EQ(r.prev_hash, "h1");
  EXPECT_EQ(r.hash, "h2");
}

TEST_P(AuditStoreTest, ChainsOfTwoCustomersAreIndependent) {
  core::CustomerId one{1}, two{2};
  Write(one, 10, "one-1");
  Write(two, 11, "two-1");
  auto one_2 = Write(one, 12, "one-2");
  auto two_2 = Write(two, 13, "two-2");

  EXPECT_EQ(Head(one)->hash, "one-2");
  EXPECT_EQ(Head(two)->hash, "two-2");
  auto chain = [&](core::CustomerId c, core::AuditId after) {
    return Hashes(
        store().Transact([&](Transaction& tx) { return tx.audit().ListChain(c, after, 10); }));
  };
  EXPECT_EQ(chain(one, core::AuditId{0}), (std::vector<std::string>{"one-1", "one-2"}));
  EXPECT_EQ(chain(two, core::AuditId{0}), (std::vector<std::string>{"two-1", "two-2"}));
  EXPECT_EQ(chain(one, one_2), std::vector<std::string>{});
  // The second record of customer two points at its own first, not at one's.
  auto two_records = Must(store().Transact(
      [&](Transaction& tx) { return tx.audit().ListChain(two, core::AuditId{0}, 10); }));
  EXPECT_EQ(two_records[1].prev_hash, "two-1");

  auto heads = Must(store().Transact([](Transaction& tx) { return tx.audit().Heads(); }));
  ASSERT_EQ(heads.size(), 2u);
  EXPECT_EQ(heads[0].first, one);
  EXPECT_EQ(heads[0].second.id, one_2);
  EXPECT_EQ(heads[1].first, two);
  EXPECT_EQ(heads[1].second.hash, "two-2");

  // Last and List still see every chain, in append order.
  auto last = Must(store().Transact([](Transaction& tx) { return tx.audit().Last(); }));
  ASSERT_TRUE(last);
  EXPECT_EQ(last->id, two_2);
  EXPECT_EQ(Hashes(store().Transact(
                [](Transaction& tx) { return tx.audit().List(core::AuditId{0}, 3); })),
            (std::vector<std::string>{"one-1", "two-1", "one-2"}));
}

TEST_P(AuditStoreTest, ConcurrentWritersNeverForkAChain) {
  // The chain's row does not exist yet: the first writers also race to create it.
  core::CustomerId customer{5};
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        Write(customer, i, std::to_string(t) + "-" + std::to_string(i));
    });
  }
  for (auto& th : threads) th.join();
  auto records = Must(store().Transact(
      [&](Transaction& tx) { return tx.audit().ListChain(customer, core::AuditId{0}, 100); }));
  ASSERT_EQ(records.size(), static_cast<std::size_t>(kThreads * kEach));
  std::string prev;
  for (const auto& r : records) {
    EXPECT_EQ(r.prev_hash, prev) << "record " << r.id.value;
    prev = r.hash;
  }
  EXPECT_EQ(Head(customer)->hash, prev);
}

// Add, as a use case records: `tag` becomes the record's action and, with its prev_hash,
// its hash, so the chain order shows in the hashes.
core::Result<void> AddTagged(Transaction& tx, core::CustomerId customer, const std::string& tag) {
  return tx.audit().Add({.customer_id = customer,
                         .actor = "alice",
                         .action = tag,
                         .object_type = "org",
                         .object_id = "1",
                         .detail = "{}"},
                        [](core::AuditRecord& r) {
                          r.at = core::FromUnixSeconds(9);
                          r.hash = r.action + "<" + r.prev_hash;
                        });
}

TEST_P(AuditStoreTest, AddedRecordsAreChainedWhenTheWorkIsDoneInTheOrderAdded) {
  core::CustomerId customer{8};
  core::CustomerId ca{0};
  Write(customer, 1, "h0");
  auto done = store().Transact([&](Transaction& tx) -> core::Result<void> {
    for (auto [chain, tag] :
         {std::pair{customer, "a"}, std::pair{ca, "b"}, std::pair{customer, "c"}}) {
      if (auto r = AddTagged(tx, chain, tag); !r) return r;
    }
    // Nothing is written, nor any head locked, while the work runs.
    auto now = tx.audit().ListChain(customer, core::AuditId{0}, 10);
    if (!now) return core::Fail(now.error());
    EXPECT_EQ(now->size(), 1u);
    return core::Ok();
  });
  ASSERT_TRUE(done) << done.error().internal();
  auto chain = Must(store().Read(
      [&](Transaction& tx) { return tx.audit().ListChain(customer, core::AuditId{0}, 10); }));
  EXPECT_EQ(Hashes(chain), (std::vector<std::string>{"h0", "a<h0", "c<a<h0"}));
  ASSERT_EQ(chain.size(), 3u);
  EXPECT_LT(chain[1].id, chain[2].id);
  EXPECT_EQ(core::ToUnixSeconds(chain[2].at), 9);  // from the seal
  EXPECT_EQ(Head(customer)->id, chain[2].id);
  EXPECT_EQ(Head(ca)->hash, "b<");
}

TEST_P(AuditStoreTest, AFailedTransactionAddsNothing) {
  core::CustomerId customer{9};
  Write(customer, 1, "h0");
  auto failed = store().Transact([&](Transaction& tx) -> core::Result<void> {
    if (auto r = AddTagged(tx, customer, "lost"); !r) return r;
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kUnspecified, "no");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(Head(customer)->hash, "h0");
  // The next transaction on the same pooled connection does not inherit it either.
  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return AddTagged(tx, customer, "kept"); }));
  EXPECT_EQ(Head(customer)->hash, "kept<h0");
}

TEST_P(AuditStoreTest, ConcurrentAddersToTwoChainsNeverForkOrDeadlock) {
  // Each transaction extends its customer's chain and the CA's own, as an issuance does.
  core::CustomerId ca{0};
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      core::CustomerId customer{20 + t % 2};
      for (int i = 0; i < kEach; ++i) {
        auto tag = std::to_string(t) + "-" + std::to_string(i);
        auto done = store().Transact([&](Transaction& tx) -> core::Result<void> {
          if (auto r = AddTagged(tx, customer, "c" + tag); !r) return r;
          return AddTagged(tx, ca, "ca" + tag);
        });
        EXPECT_TRUE(done) << done.error().internal();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (core::CustomerId chain : {ca, core::CustomerId{20}, core::CustomerId{21}}) {
    auto records = Must(store().Read(
        [&](Transaction& tx) { return tx.audit().ListChain(chain, core::AuditId{0}, 100); }));
    EXPECT_EQ(records.size(), chain == ca ? 40u : 20u);
    std::string prev;
    for (const auto& r : records) {
      EXPECT_EQ(r.prev_hash, prev) << "record " << r.id.value;
      EXPECT_EQ(r.hash, r.action + "<" + prev);
      prev = r.hash;
    }
    EXPECT_EQ(Head(chain)->hash, prev);
  }
}

TEST_P(AuditStoreTest, AppendsInOneTransactionChainOnFromEachOther) {
  // An issuance appends to its customer's chain and to the CA's own (customer 0), in turn.
  core::CustomerId customer{8};
  core::CustomerId ca{0};
  auto first = Write(customer, 1, "before");
  auto first_ca = Write(ca, 1, "ca-before");
  auto ids =
      Must(store().Transact([&](Transaction& tx) -> core::Result<std::vector<core::AuditId>> {
        std::vector<core::AuditId> out;
        for (int i = 0; i < 3; ++i) {  // from the second on, the head is the one just appended
          auto id = AppendAfterHead(tx, customer, 2 + i, "in-" + std::to_string(i));
          if (!id) return core::Fail(id.error());
          out.push_back(*id);
          auto ca_id = AppendAfterHead(tx, ca, 2 + i, "ca-" + std::to_string(i));
          if (!ca_id) return core::Fail(ca_id.error());
        }
        return out;
      }));
  // Each record links to the one before it in its own chain.
  auto prev_hashes = [&](core::CustomerId chain, core::AuditId after) {
    std::vector<std::string> out;
    for (const auto& r : Must(store().Transact(
             [&](Transaction& tx) { return tx.audit().ListChain(chain, after, 10); }))) {
      out.push_back(r.prev_hash);
    }
    return out;
  };
  EXPECT_EQ(prev_hashes(customer, first), (std::vector<std::string>{"before", "in-0", "in-1"}));
  EXPECT_EQ(Head(customer)->id, ids.back());
  EXPECT_EQ(Head(customer)->hash, "in-2");
  EXPECT_EQ(prev_hashes(ca, first_ca), (std::vector<std::string>{"ca-before", "ca-0", "ca-1"}));
  EXPECT_EQ(Head(ca)->hash, "ca-2");
}

TEST_P(AuditStoreTest, ListBetweenIsHalfOpenAndLimited) {
  core::CustomerId customer{3};
  for (int at = 100; at < 105; ++at) Write(customer, at, "h" + std::to_string(at));
  Write(core::CustomerId{4}, 102, "elsewhere");
  auto between = [&](std::int64_t from, std::int64_t to, int limit) {
    return Hashes(store().Transact([&](Transaction& tx) {
      return tx.audit().ListBetween(customer, core::FromUnixSeconds(from),
                                    core::FromUnixSeconds(to), limit);
    }));
  };
  EXPECT_EQ(between(101, 103, 10), (std::vector<std::string>{"h101", "h102"}));
  EXPECT_EQ(between(100, 105, 2), (std::vector<std::string>{"h100", "h101"}));
  EXPECT_TRUE(between(200, 300, 10).empty());
}

TEST_P(AuditStoreTest, CheckpointsRoundTripPerCustomer) {
  const core::AuditCheckpoint checkpoints[] = {
      {core::CustomerId{1}, core::AuditId{5}, "h5", core::FromUnixSeconds(50), "c2lnMQ=="},
      {core::CustomerId{2}, core::AuditId{6}, "h6", core::FromUnixSeconds(60), "c2lnMg=="},
      {core::CustomerId{1}, core::AuditId{9}, "h9", core::FromUnixSeconds(90), "c2lnMw=="},
  };
  for (const auto& c : checkpoints) {
    ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.audit().AddCheckpoint(c); }));
  }
  auto got = Must(store().Transact(
      [](Transaction& tx) { return tx.audit().Checkpoints(core::CustomerId{1}); }));
  ASSERT_EQ(got.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& want = checkpoints[i == 0 ? 0 : 2];
    EXPECT_EQ(got[i].customer_id, want.customer_id);
    EXPECT_EQ(got[i].audit_id, want.audit_id);
    EXPECT_EQ(got[i].hash, want.hash);
    EXPECT_EQ(got[i].at, want.at);
    EXPECT_EQ(got[i].signature, want.signature);
  }
  EXPECT_TRUE(Must(store().Transact([](Transaction& tx) {
                return tx.audit().Checkpoints(core::CustomerId{3});
              })).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
