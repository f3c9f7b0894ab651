// The libunbound resolver against a real DNS server: dnsmasq on loopback, serving the
// records DCV asks for (as the integration tests will).

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "dcv/dns_resolver.h"
#include "support/free_port.h"
#include "support/temp_dir.h"
#include "support/test_store.h"

namespace certkeep::dcv {
namespace {

class UnboundResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = testing::FreeLoopbackPort(SOCK_DGRAM);
    auto pid_file = (dir_.path() / "dnsmasq.pid").string();
    // dnsmasq forks once it listens: when the command returns, it answers.
    std::string cmd =
        "dnsmasq --port=" + std::to_string(port_) +
        " --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts --no-poll"
        " --pid-file=" +
        pid_file +
        " --txt-record=_pki-validation.example.test,\"first value\",\"-second\""
        " --txt-record=_pki-validation.example.test,other-record"
        " --host-record=abc.dcv.certkeep.test,127.0.0.1"
        " --cname=_123abc.example.test,abc.dcv.certkeep.test"
        // Answer these zones alone: unknown names NXDOMAIN, other types no data.
        " --local=/example.test/ --local=/certkeep.test/";
    std::string out;
    ASSERT_EQ(testing::RunCommand(cmd, &out), 0) << out;
    std::ifstream(pid_file) >> pid_;
    auto r = MakeUnboundResolver(
        {.forwarder = "127.0.0.1@" + std::to_string(port_), .insecure_domains = {"test"}});
    ASSERT_TRUE(r) << r.error().internal();
    resolver_ = std::move(*r);
  }
  void TearDown() override {
    if (pid_ > 0) kill(pid_, SIGTERM);
  }

  testing::TempDir dir_;
  int port_ = 0;
  pid_t pid_ = 0;
  std::unique_ptr<DnsResolver> resolver_;
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

TEST_F(UnboundResolverTest, AnUnreachableServerIsAFailureNotAnAbsence) {
  auto r = MakeUnboundResolver({.forwarder = "127.0.0.1@1", .insecure_domains = {"test"}});
  ASSERT_TRUE(r);
  auto txt = (*r)->Txt("_pki-validation.example.test");
  ASSERT_FALSE(txt);
  EXPECT_EQ(txt.error().reason(), core::Reason::kDnsFailure);
}

}  // namespace
}  // namespace certkeep::dcv
