// The libunbound resolver against a real DNS server: dnsmasq on loopback, serving the
// records DCV asks for (as the integration tests will).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "dcv/dns_resolver.h"
#include "support/dnsmasq.h"

namespace certkeep::dcv {
namespace {

class UnboundResolverTest : public testing::DnsmasqTest {
 protected:
  UnboundResolverTest()
      : DnsmasqTest({
            "--txt-record=_pki-validation.example.test,\"first value\",\"-second\"",
            "--txt-record=_pki-validation.example.test,other-record",
            "--host-record=abc.dcv.certkeep.test,127.0.0.1",
            "--cname=_123abc.example.test,abc.dcv.certkeep.test",
            "--host-record=v4.example.test,192.0.2.1", "--host-record=v6.example.test,2001:db8::1",
            "--host-record=both.example.test,192.0.2.2,2001:db8::2",
            "--cname=alias.example.test,both.example.test",
            // dnsmasq writes the CAA wire format (RFC 8659 §4.1), keeping the tag's case.
            "--caa-record=example.test,0,issue,\"ca.example.net; account=1\"",
            "--caa-record=example.test,128,Issuewild,\";\"",
            "--dns-rr=bad-caa.example.test,257,00:09:69:73",  // tag length past the end
        }) {}
};

TEST_F(UnboundResolverTest, ReadsTxtRecordsJoiningTheirStrings) {
  auto txt = resolver_->Txt("_pki-validation.example.test");
  ASSERT_TRUE(txt) << txt.error().detail() << " " << txt.error().internal();
  std::sort(txt->begin(), txt->end());
  EXPECT_EQ(*txt, (std::vector<std::string>{"first value-second", "other-record"}));
}

TEST_F(UnboundResolverTest, ReadsACnameTarget) {
  auto cname = resolver_->Cname("_123abc.example.test");
  ASSERT_TRUE(cname) << cname.error().detail() << " " << cname.error().internal();
  EXPECT_EQ(*cname, std::vector<std::string>{"abc.dcv.certkeep.test"});
}

TEST_F(UnboundResolverTest, AMissingNameIsNoRecord) {
  auto txt = resolver_->Txt("_pki-validation.nothing.example.test");
  ASSERT_FALSE(txt);
  EXPECT_EQ(txt.error().reason(), core::Reason::kDnsNoRecord);
  auto cname = resolver_->Cname("_pki-validation.example.test");  // has TXT, no CNAME
  ASSERT_FALSE(cname);
  EXPECT_EQ(cname.error().reason(), core::Reason::kDnsNoRecord);
}

TEST_F(UnboundResolverTest, ReadsAddressesOfEitherFamilyOrBoth) {
  struct Case {
    const char* name;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"v4.example.test", {"192.0.2.1"}},
      {"v6.example.test", {"2001:db8::1"}},
      {"both.example.test", {"192.0.2.2", "2001:db8::2"}},
      {"alias.example.test", {"192.0.2.2", "2001:db8::2"}},  // through the CNAME
  };
  for (const auto& c : cases) {
    auto addresses = resolver_->Addresses(c.name);
    ASSERT_TRUE(addresses) << c.name << ": " << addresses.error().detail();
    EXPECT_EQ(*addresses, c.want) << c.name;
  }
}

TEST_F(UnboundResolverTest, ANameWithoutAddressesIsNoRecord) {
  for (const char* name : {"nothing.example.test", "_pki-validation.example.test"}) {
    auto addresses = resolver_->Addresses(name);
    ASSERT_FALSE(addresses) << name;
    EXPECT_EQ(addresses.error().code(), core::ErrorCode::kNotFound) << name;
    EXPECT_EQ(addresses.error().reason(), core::Reason::kDnsNoRecord) << name;
  }
}

TEST_F(UnboundResolverTest, ReadsCaaRecordsWithTheirTagInLowerCase) {
  auto caa = resolver_->Caa("example.test");
  ASSERT_TRUE(caa) << caa.error().detail() << " " << caa.error().internal();
  std::sort(caa->begin(), caa->end(),
            [](const CaaRecord& a, const CaaRecord& b) { return a.tag < b.tag; });
  ASSERT_EQ(caa->size(), 2U);
  EXPECT_EQ((*caa)[0].flags, 0);
  EXPECT_EQ((*caa)[0].tag, "issue");
  EXPECT_EQ((*caa)[0].value, "ca.example.net; account=1");
  EXPECT_EQ((*caa)[1].flags, 128);
  EXPECT_EQ((*caa)[1].tag, "issuewild");
  EXPECT_EQ((*caa)[1].value, ";");
}

TEST_F(UnboundResolverTest, CaaIsAskedAtTheExactNameOnly) {
  auto caa = resolver_->Caa("www.example.test");  // the parent has CAA: not our business
  ASSERT_FALSE(caa);
  EXPECT_EQ(caa.error().reason(), core::Reason::kDnsNoRecord);
}

TEST_F(UnboundResolverTest, AMalformedCaaRecordIsAFailureNotAnAbsence) {
  auto caa = resolver_->Caa("bad-caa.example.test");
  ASSERT_FALSE(caa);
  EXPECT_EQ(caa.error().reason(), core::Reason::kDnsFailure);
}

TEST_F(UnboundResolverTest, AnUnreachableServerIsAFailureNotAnAbsence) {
  auto r = MakeUnboundResolver({.forwarder = "127.0.0.1@1",
                                .insecure_domains = {"test"},
                                .timeout = std::chrono::milliseconds(300)});
  ASSERT_TRUE(r);
  auto begun = std::chrono::steady_clock::now();
  auto txt = (*r)->Txt("_pki-validation.example.test");
  ASSERT_FALSE(txt);
  EXPECT_EQ(txt.error().reason(), core::Reason::kDnsFailure);
  // Given up after the timeout, not after libunbound's minutes of retries.
  EXPECT_LT(std::chrono::steady_clock::now() - begun, std::chrono::seconds(3));
  auto addresses = (*r)->Addresses("v4.example.test");
  ASSERT_FALSE(addresses);
  EXPECT_EQ(addresses.error().reason(), core::Reason::kDnsFailure);
  auto caa = (*r)->Caa("example.test");
  ASSERT_FALSE(caa);
  EXPECT_EQ(caa.error().reason(), core::Reason::kDnsFailure);
}

}  // namespace
}  // namespace certkeep::dcv
