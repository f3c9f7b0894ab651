// SSL certificate requests and their certificates, on both back ends.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/certificate_authority.h"
#include "core/profile.h"
#include "core/ssl_certificate.h"
#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using core::SslId;
using core::SslStatus;
using testing::At;
using testing::Must;
using testing::StoreFixture;

constexpr std::int64_t kDay = 86'400;

class SslStoreTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    if (IsSkipped()) return;
    customer_ = AddCustomer("demo");
    org_ = AddOrg(customer_, "Demo Org");
    dept_ = AddOrg(customer_, "Demo Dept", org_);
    // The foreign key wants a stored profile; the first default one does.
    profile_ = Must(store().Transact([](Transaction& tx) {
      return tx.profiles().Insert(core::DefaultProfiles().front(), At(0));
    }));
  }

  // A plain request of `customer_` in `org_`.
  core::SslCertificate Request(std::string common_name) const {
    return {.customer_id = customer_,
            .org_id = org_,
            .profile_id = profile_,
            .term_days = 365,
            .csr = "-----BEGIN CERTIFICATE REQUEST-----\n...",
            .common_name = common_name,
            .names = {common_name},
            .key_type = "RSA - 2048",
            .requester = "alice",
            .requested_at = At(1000)};
  }
  // An Issued certificate that expires at `expires` (unix seconds).
  core::SslCertificate Issued(std::string common_name, std::int64_t expires) const {
    auto c = Request(std::move(common_name));
    c.status = SslStatus::kIssued;
    c.issued_at = At(expires - 365 * kDay);
    c.expires_at = At(expires);
    return c;
  }

  SslId Insert(const core::SslCertificate& c) {
    return Must(store().Transact([&](Transaction& tx) { return tx.ssl().Insert(c); }));
  }
  core::SslCertificate Get(SslId id) {
    return Must(store().Transact([&](Transaction& tx) { return tx.ssl().Get(id); }));
  }
  SslPage List(const SslQuery& q) {
    return Must(store().Transact([&](Transaction& tx) { return tx.ssl().List(q); }));
  }
  static std::vector<SslId> Ids(const std::vector<core::SslCertificate>& certs) {
    std::vector<SslId> out;
    for (const auto& c : certs) out.push_back(c.id);
    return out;
  }

  // A signed certificate record, for certificate_id's foreign key.
  core::CertificateId AddCertificateRecord(const std::string& serial) {
    return Must(store().Transact([&](Transaction& tx) -> core::Result<core::CertificateId> {
      auto ca = tx.cas().Insert({.name = "root-" + serial,
                                 .role = core::CaRole::kRoot,
                                 .certificate_pem = "-----BEGIN CERTIFICATE-----\n...",
                                 .key_ref = "file:x.key.pem",
                                 .created_at = At(0)});
      if (!ca) return core::Fail(ca.error());
      return tx.certificates().Reserve({.serial = serial,
                                        .issuer_id = *ca,
                                        .profile_id = profile_,
                                        .subject = "CN=a.example.org",
                                        .names = {"a.example.org"},
                                        .not_before = At(0),
                                        .not_after = At(100 * kDay),
                                        .created_at = At(0)});
    }));
  }

  core::CustomerId customer_{};
  core::OrgId org_{};
  core::OrgId dept_{};
  core::ProfileId profile_{};
};

TEST_P(SslStoreTest, ACertificateReadsBackFieldByField) {
  auto record = AddCertificateRecord("0a1b2c");
  core::SslCertificate c{.customer_id = customer_,
                         .org_id = dept_,
                         .profile_id = profile_,
                         .term_days = 398,
                         .status = SslStatus::kIssued,
                         .csr = "-----BEGIN CERTIFICATE REQUEST-----\nMII...",
                         .common_name = "a.example.org",
                         .names = {"a.example.org", "b.example.org", "*.c.example.org"},
                         .key_type = "EC - P-256",
                         .requester = "alice",
                         .requester_id = core::AdminId{41},
                         .requested_via = core::RequestedVia::kEnrollmentForm,
                         .external_requester = "Bob@Example.org,carol@example.org",
                         .comments = "for the web farm",
                         .custom_fields = R"([{"name":"cost centre","value":"42"}])",
                         .dcv_mode = "waitForValidation",
                         .auto_renew = true,
                         .auto_renew_days = 14,
                         .renew_id = "rnw-abc",
                         .renewed_from = SslId{5},
                         .replaced_by = SslId{9},
                         .message = "approved, thanks",
                         .approver_id = core::AdminId{42},
                         .certificate_id = record,
                         .serial = "0a1b2c",
                         .requested_at = At(1000),
                         .approved_at = At(1100),
                         .declined_at = At(1150),
                         .issued_at = At(1200),
                         .expires_at = At(1300),
                         .revoked_at = At(1400),
                         .replaced_at = At(1500),
                         .revocation_reason = 4};
  auto id = Insert(c);
  auto back = Get(id);
  EXPECT_EQ(back.id, id);
  EXPECT_EQ(back.customer_id, customer_);
  EXPECT_EQ(back.org_id, dept_);
  EXPECT_EQ(back.profile_id, profile_);
  EXPECT_EQ(back.term_days, 398);
  EXPECT_EQ(back.status, SslStatus::kIssued);
  EXPECT_EQ(back.csr, c.csr);
  EXPECT_EQ(back.common_name, "a.example.org");
  EXPECT_EQ(back.names, c.names);
  EXPECT_EQ(back.key_type, "EC - P-256");
  EXPECT_EQ(back.requester, "alice");
  EXPECT_EQ(back.requester_id, core::AdminId{41});
  EXPECT_EQ(back.requested_via, core::RequestedVia::kEnrollmentForm);
  EXPECT_EQ(back.external_requester, "Bob@Example.org,carol@example.org");
  EXPECT_EQ(back.comments, "for the web farm");
  EXPECT_EQ(back.custom_fields, c.custom_fields);
  EXPECT_EQ(back.dcv_mode, "waitForValidation");
  EXPECT_TRUE(back.auto_renew);
  EXPECT_EQ(back.auto_renew_days, 14);
  EXPECT_EQ(back.renew_id, "rnw-abc");
  EXPECT_EQ(back.renewed_from, SslId{5});
  EXPECT_EQ(back.replaced_by, SslId{9});
  EXPECT_EQ(back.message, "approved, thanks");
  EXPECT_EQ(back.approver_id, core::AdminId{42});
  EXPECT_EQ(back.certificate_id, record);
  EXPECT_EQ(back.serial, "0a1b2c");
  EXPECT_EQ(back.requested_at, At(1000));
  EXPECT_EQ(back.approved_at, At(1100));
  EXPECT_EQ(back.declined_at, At(1150));
  EXPECT_EQ(back.issued_at, At(1200));
  EXPECT_EQ(back.expires_at, At(1300));
  EXPECT_EQ(back.revoked_at, At(1400));
  EXPECT_EQ(back.replaced_at, At(1500));
  EXPECT_EQ(back.revocation_reason, 4);
}

TEST_P(SslStoreTest, AFreshRequestReadsBackWithItsOptionalsEmpty) {
  auto c = Request("");
  c.names = {};
  auto back = Get(Insert(c));
  EXPECT_EQ(back.status, SslStatus::kRequested);
  EXPECT_EQ(back.common_name, "");
  EXPECT_TRUE(back.names.empty());
  EXPECT_EQ(back.requested_via, core::RequestedVia::kRestApi);
  EXPECT_FALSE(back.auto_renew);
  EXPECT_EQ(back.renew_id, "");
  EXPECT_FALSE(back.requester_id.has_value());
  EXPECT_FALSE(back.renewed_from.has_value());
  EXPECT_FALSE(back.replaced_by.has_value());
  EXPECT_FALSE(back.approver_id.has_value());
  EXPECT_FALSE(back.certificate_id.has_value());
  EXPECT_FALSE(back.approved_at.has_value());
  EXPECT_FALSE(back.declined_at.has_value());
  EXPECT_FALSE(back.issued_at.has_value());
  EXPECT_FALSE(back.expires_at.has_value());
  EXPECT_FALSE(back.revoked_at.has_value());
  EXPECT_FALSE(back.replaced_at.has_value());
  EXPECT_FALSE(back.revocation_reason.has_value());
}

TEST_P(SslStoreTest, UpdateWritesEveryFieldButCustomerAndRequestedAt) {
  auto id = Insert(Request("a.example.org"));
  auto record = AddCertificateRecord("ff01");
  auto other = AddCustomer("other");

  auto c = Get(id);
  c.customer_id = other;        // not written
  c.requested_at = At(999999);  // not written
  c.org_id = dept_;
  c.term_days = 200;
  c.status = SslStatus::kIssued;
  c.csr = "new csr";
  c.common_name = "b.example.org";
  c.names = {"b.example.org", "c.example.org"};
  c.key_type = "RSA - 3072";
  c.requester = "bob";
  c.requester_id = core::AdminId{3};
  c.requested_via = core::RequestedVia::kAcme;
  c.external_requester = "x@example.org";
  c.comments = "c";
  c.custom_fields = "[]";
  c.dcv_mode = "m";
  c.auto_renew = true;
  c.auto_renew_days = 10;
  c.renew_id = "r2";
  c.renewed_from = SslId{77};
  c.replaced_by = SslId{78};
  c.message = "ok";
  c.approver_id = core::AdminId{4};
  c.certificate_id = record;
  c.serial = "ff01";
  c.approved_at = At(2000);
  c.declined_at = At(2050);
  c.issued_at = At(2100);
  c.expires_at = At(2200);
  c.revoked_at = At(2300);
  c.replaced_at = At(2400);
  c.revocation_reason = 1;
  ASSERT_TRUE(Must(store().Transact([&](Transaction& tx) -> core::Result<bool> {
    if (auto r = tx.ssl().Update(c); !r) return core::Fail(r.error());
    return true;
  })));

  auto back = Get(id);
  EXPECT_EQ(back.customer_id, customer_);
  EXPECT_EQ(back.requested_at, At(1000));
  EXPECT_EQ(back.org_id, dept_);
  EXPECT_EQ(back.term_days, 200);
  EXPECT_EQ(back.status, SslStatus::kIssued);
  EXPECT_EQ(back.csr, "new csr");
  EXPECT_EQ(back.common_name, "b.example.org");
  EXPECT_EQ(back.names, c.names);
  EXPECT_EQ(back.key_type, "RSA - 3072");
  EXPECT_EQ(back.requester, "bob");
  EXPECT_EQ(back.requester_id, core::AdminId{3});
  EXPECT_EQ(back.requested_via, core::RequestedVia::kAcme);
  EXPECT_EQ(back.external_requester, "x@example.org");
  EXPECT_EQ(back.comments, "c");
  EXPECT_EQ(back.custom_fields, "[]");
  EXPECT_EQ(back.dcv_mode, "m");
  EXPECT_TRUE(back.auto_renew);
  EXPECT_EQ(back.auto_renew_days, 10);
  EXPECT_EQ(back.renew_id, "r2");
  EXPECT_EQ(back.renewed_from, SslId{77});
  EXPECT_EQ(back.replaced_by, SslId{78});
  EXPECT_EQ(back.message, "ok");
  EXPECT_EQ(back.approver_id, core::AdminId{4});
  EXPECT_EQ(back.certificate_id, record);
  EXPECT_EQ(back.serial, "ff01");
  EXPECT_EQ(back.approved_at, At(2000));
  EXPECT_EQ(back.declined_at, At(2050));
  EXPECT_EQ(back.issued_at, At(2100));
  EXPECT_EQ(back.expires_at, At(2200));
  EXPECT_EQ(back.revoked_at, At(2300));
  EXPECT_EQ(back.replaced_at, At(2400));
  EXPECT_EQ(back.revocation_reason, 1);

  // Optionals are cleared as well as set.
  back.approver_id.reset();
  back.expires_at.reset();
  back.revocation_reason.reset();
  back.renew_id.clear();
  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.ssl().Update(back); }));
  auto cleared = Get(id);
  EXPECT_FALSE(cleared.approver_id.has_value());
  EXPECT_FALSE(cleared.expires_at.has_value());
  EXPECT_FALSE(cleared.revocation_reason.has_value());
  EXPECT_EQ(cleared.renew_id, "");
}

TEST_P(SslStoreTest, UpdateOfAnUnknownIdIsNotFound) {
  auto c = Request("a.example.org");
  c.id = SslId{4242};
  auto r = store().Transact([&](Transaction& tx) { return tx.ssl().Update(c); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(SslStoreTest, GetOfAnUnknownIdIsNotFound) {
  auto r = store().Transact([](Transaction& tx) { return tx.ssl().Get(SslId{4242}); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(SslStoreTest, ListNarrowsByEachFilter) {
  auto a = Request("www.example.org");
  a.names = {"www.example.org", "shop.example.org"};
  a.external_requester = "Ops@Example.org";
  auto a_id = Insert(a);

  auto b = Issued("mail.example.com", 5000 * kDay);
  b.org_id = dept_;
  b.requester = "bob";
  b.serial = "0abc";
  b.certificate_id = AddCertificateRecord("0abc");  // a serial is found through its record
  b.names = {"mail.example.com", "smtp_1.example.com"};
  auto b_id = Insert(b);

  auto c = Request("api.example.net");
  c.status = SslStatus::kDeclined;
  c.external_requester = "dev@example.net";
  auto c_id = Insert(c);

  auto other = AddCustomer("other");
  auto other_org = AddOrg(other, "Other Org");
  auto stranger = Request("www.example.org");
  stranger.customer_id = other;
  stranger.org_id = other_org;
  Insert(stranger);

  struct Case {
    const char* name;
    SslQuery query;
    std::vector<SslId> want;  // newest first
  };
  const Case cases[] = {
      {"all-of-the-customer", {.customer = customer_}, {c_id, b_id, a_id}},
      {"status", {.customer = customer_, .status = SslStatus::kIssued}, {b_id}},
      {"org", {.customer = customer_, .org_id = dept_}, {b_id}},
      {"within", {.customer = customer_, .within = std::vector{dept_}}, {b_id}},
      {"within-both",
       {.customer = customer_, .within = std::vector{org_, dept_}},
       {c_id, b_id, a_id}},
      {"within-nothing", {.customer = customer_, .within = std::vector<core::OrgId>{}}, {}},
      {"common-name-substring-any-case", {.customer = customer_, .common_name = "MAIL.Ex"}, {b_id}},
      {"common-name-absent", {.customer = customer_, .common_name = "nowhere"}, {}},
      {"name-substring", {.customer = customer_, .name = "shop."}, {a_id}},
      {"name-any-case", {.customer = customer_, .name = "SHOP"}, {a_id}},
      {"name-underscore-is-literal", {.customer = customer_, .name = "smtp_1"}, {b_id}},
      {"name-percent-is-literal", {.customer = customer_, .name = "%"}, {}},
      {"name-exactly-with-commas", {.customer = customer_, .name = ",www.example.org,"}, {a_id}},
      {"serial", {.customer = customer_, .serial = "0abc"}, {b_id}},
      {"serial-exact-not-prefix", {.customer = customer_, .serial = "0ab"}, {}},
      {"requester", {.customer = customer_, .requester = "bob"}, {b_id}},
      {"external-requester-substring-any-case",
       {.customer = customer_, .external_requester = "ops@EXAMPLE"},
       {a_id}},
      {"profile", {.customer = customer_, .profile_id = profile_}, {c_id, b_id, a_id}},
      {"profile-other", {.customer = customer_, .profile_id = core::ProfileId{999}}, {}},
      {"combined",
       {.customer = customer_, .common_name = "example", .status = SslStatus::kRequested},
       {a_id}},
  };
  for (const auto& k : cases) {
    auto page = List(k.query);
    EXPECT_EQ(Ids(page.certificates), k.want) << k.name;
    EXPECT_EQ(page.total, static_cast<std::int64_t>(k.want.size())) << k.name;
  }
}

TEST_P(SslStoreTest, ListPagesNewestFirstAndCountsTheWholeSelection) {
  std::vector<SslId> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Insert(Request("n" + std::to_string(i) + ".org")));
  auto first = List({.customer = customer_, .position = 0, .size = 2});
  EXPECT_EQ(first.total, 5);
  EXPECT_EQ(Ids(first.certificates), (std::vector<SslId>{ids[4], ids[3]}));
  auto last = List({.customer = customer_, .position = 4, .size = 2});
  EXPECT_EQ(last.total, 5);
  EXPECT_EQ(Ids(last.certificates), (std::vector<SslId>{ids[0]}));
  auto beyond = List({.customer = customer_, .position = 10, .size = 2});
  EXPECT_EQ(beyond.total, 5);
  EXPECT_TRUE(beyond.certificates.empty());
}

TEST_P(SslStoreTest, GetWithRecordJoinsTheSignedCertificate) {
  auto signed_one = Issued("a.example.org", 100 * kDay);
  signed_one.serial = "0c0ffee";
  auto record_id = AddCertificateRecord("0c0ffee");
  signed_one.certificate_id = record_id;
  auto id = Insert(signed_one);
  auto both = Must(store().Read([&](Transaction& tx) { return tx.ssl().GetWithRecord(id); }));
  EXPECT_EQ(both.first.id, id);
  EXPECT_EQ(both.first.common_name, "a.example.org");
  EXPECT_EQ(both.first.certificate_id, record_id);
  ASSERT_TRUE(both.second);
  EXPECT_EQ(both.second->id, record_id);
  EXPECT_EQ(both.second->serial, "0c0ffee");
  EXPECT_EQ(both.second->subject, "CN=a.example.org");
  EXPECT_EQ(both.second->names, std::vector<std::string>{"a.example.org"});
  EXPECT_EQ(core::ToUnixSeconds(both.second->not_after), 100 * kDay);

  auto pending = Insert(Request("b.example.org"));
  auto alone = Must(store().Read([&](Transaction& tx) { return tx.ssl().GetWithRecord(pending); }));
  EXPECT_EQ(alone.first.id, pending);
  EXPECT_FALSE(alone.second);

  auto missing = store().Read([](Transaction& tx) { return tx.ssl().GetWithRecord(SslId{999}); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(SslStoreTest, FindBySerialAndByRenewIdWithinTheCustomer) {
  auto c = Issued("a.example.org", 100 * kDay);
  c.serial = "1f2e";
  c.certificate_id = AddCertificateRecord("1f2e");
  c.renew_id = "renew-1";
  auto id = Insert(c);
  Insert(Request("unsigned.example.org"));  // serial '' and no renew_id

  auto by_serial = Must(
      store().Transact([&](Transaction& tx) { return tx.ssl().FindBySerial(customer_, "1f2e"); }));
  EXPECT_EQ(by_serial.id, id);
  auto by_renew = Must(store().Transact(
      [&](Transaction& tx) { return tx.ssl().FindByRenewId(customer_, "renew-1"); }));
  EXPECT_EQ(by_renew.id, id);

  auto other = AddCustomer("other");
  auto missing = [&](auto find) {
    auto r = store().Transact(find);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), core::ErrorCode::kNotFound);
  };
  missing([&](Transaction& tx) { return tx.ssl().FindBySerial(customer_, "ffff"); });
  missing([&](Transaction& tx) { return tx.ssl().FindBySerial(other, "1f2e"); });
  missing([&](Transaction& tx) { return tx.ssl().FindBySerial(customer_, ""); });
  missing([&](Transaction& tx) { return tx.ssl().FindByRenewId(customer_, "renew-2"); });
  missing([&](Transaction& tx) { return tx.ssl().FindByRenewId(other, "renew-1"); });
  missing([&](Transaction& tx) { return tx.ssl().FindByRenewId(customer_, ""); });
}

TEST_P(SslStoreTest, ARenewIdIsUniqueAndEmptyOnesNeverCollide) {
  auto c = Request("a.example.org");
  c.renew_id = "same";
  auto first = Insert(c);
  auto again = store().Transact([&](Transaction& tx) { return tx.ssl().Insert(c); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kConflict);

  Insert(Request("b.example.org"));
  auto third = Insert(Request("c.example.org"));
  EXPECT_GT(third.value, first.value);

  // An update to a taken renew_id is refused too, and the transaction lives on.
  auto moved = Get(third);
  moved.renew_id = "same";
  auto r = store().Transact([&](Transaction& tx) -> core::Result<std::string> {
    auto refused = tx.ssl().Update(moved);
    if (refused) return core::Fail(core::ErrorCode::kInternal, core::Reason::kUnspecified, "ok?");
    EXPECT_EQ(refused.error().code(), core::ErrorCode::kConflict);
    auto still = tx.ssl().Get(first);
    if (!still) return core::Fail(still.error());
    return still->renew_id;
  });
  ASSERT_TRUE(r) << r.error().internal();
  EXPECT_EQ(*r, "same");
  // Its own renew_id is no conflict with itself.
  auto own = Get(first);
  own.comments = "edited";
  EXPECT_TRUE(store().Transact([&](Transaction& tx) { return tx.ssl().Update(own); }));
}

TEST_P(SslStoreTest, WithStatusListsEveryCustomerOldestFirstUpToTheLimit) {
  auto one = Insert(Request("a.org"));
  Insert(Issued("b.org", 100 * kDay));
  auto other = AddCustomer("other");
  auto stranger = Request("c.org");
  stranger.customer_id = other;
  stranger.org_id = AddOrg(other, "Other Org");
  auto three = Insert(stranger);
  auto four = Insert(Request("d.org"));

  auto all = Must(store().Transact(
      [](Transaction& tx) { return tx.ssl().WithStatus(SslStatus::kRequested, 10); }));
  EXPECT_EQ(Ids(all), (std::vector<SslId>{one, three, four}));
  auto two = Must(store().Transact(
      [](Transaction& tx) { return tx.ssl().WithStatus(SslStatus::kRequested, 2); }));
  EXPECT_EQ(Ids(two), (std::vector<SslId>{one, three}));
}

TEST_P(SslStoreTest, ExpiredAtIsIssuedCertificatesPastTheirExpiry) {
  const std::int64_t now = 1000 * kDay;
  auto past = Insert(Issued("past.org", now - 1));
  Insert(Issued("at-now.org", now));  // RFC 5280: notAfter itself is still valid
  Insert(Issued("future.org", now + 1));
  auto revoked = Issued("revoked.org", now - 10);
  revoked.status = SslStatus::kRevoked;
  Insert(revoked);
  auto earlier = Insert(Issued("earlier.org", now - 100));

  auto expired =
      Must(store().Transact([&](Transaction& tx) { return tx.ssl().ExpiredAt(At(now), 10); }));
  EXPECT_EQ(Ids(expired), (std::vector<SslId>{earlier, past}));
  auto one =
      Must(store().Transact([&](Transaction& tx) { return tx.ssl().ExpiredAt(At(now), 1); }));
  EXPECT_EQ(Ids(one), (std::vector<SslId>{earlier}));
}

TEST_P(SslStoreTest, DueForRenewalIsIssuedAutoRenewedAndNotYetRenewed) {
  const std::int64_t now = 1000 * kDay;
  auto renewing = [&](std::string cn, std::int64_t expires) {
    auto c = Issued(std::move(cn), expires);
    c.auto_renew = true;
    c.auto_renew_days = 30;
    return c;
  };
  auto due = Insert(renewing("due.org", now + 30 * kDay));  // exactly at its renewal time
  auto well_due = Insert(renewing("well-due.org", now + 2 * kDay));
  Insert(renewing("not-yet.org", now + 30 * kDay + 1));
  auto off = renewing("off.org", now + kDay);
  off.auto_renew = false;
  Insert(off);
  auto requested = renewing("requested.org", now + kDay);
  requested.status = SslStatus::kRequested;
  Insert(requested);
  auto renewed = Insert(renewing("renewed.org", now + kDay));
  auto renewal = Request("renewed.org");
  renewal.renewed_from = renewed;
  Insert(renewal);
  auto short_notice = renewing("short-notice.org", now + 5 * kDay);
  short_notice.auto_renew_days = 5;
  auto short_id = Insert(short_notice);

  auto found =
      Must(store().Transact([&](Transaction& tx) { return tx.ssl().DueForRenewal(At(now), 10); }));
  EXPECT_EQ(Ids(found), (std::vector<SslId>{well_due, short_id, due}));
  auto limited =
      Must(store().Transact([&](Transaction& tx) { return tx.ssl().DueForRenewal(At(now), 1); }));
  EXPECT_EQ(Ids(limited), (std::vector<SslId>{well_due}));
}

INSTANTIATE_TEST_SUITE_P(Backends, SslStoreTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
