#pragma once
// A private dnsmasq on loopback answering the "test." zone from the records a test gives
// it, and a libunbound resolver asking it: the DNS peer of the dcv tests.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "dcv/dns_resolver.h"
#include "support/free_port.h"
#include "support/temp_dir.h"

namespace certkeep::testing {

/// dnsmasq on 127.0.0.1, stopped when this object goes.
class Dnsmasq {
 public:
  /// Starts dnsmasq with `records`, its own flags as the shell should see them (e.g.
  /// "--host-record=www.example.test,127.0.0.1"). Every name under "test." is answered
  /// from them alone: other names are NXDOMAIN, other types no data.
  explicit Dnsmasq(const std::vector<std::string>& records) {
    auto pid_file = (dir_.path() / "dnsmasq.pid").string();
    // dnsmasq listens on the port over UDP and TCP; a port free for UDP a moment ago may
    // be another test's TCP port (the suite runs in parallel): then try another.
    for (int attempt = 0; attempt < 5; ++attempt) {
      port_ = FreeLoopbackPort(SOCK_DGRAM);
      std::string cmd = "dnsmasq --port=" + std::to_string(port_) +
                        " --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts"
                        " --no-poll --pid-file=" +
                        pid_file + " --local=/test/";
      for (const auto& record : records) cmd += " " + record;
      // dnsmasq forks once it listens: when the command returns, it answers.
      output_.clear();
      status_ = RunCommand(cmd, &output_);
      if (status_ == 0 || output_.find("Address already in use") == std::string::npos) break;
    }
    std::ifstream(pid_file) >> pid_;
  }
  ~Dnsmasq() {
    if (pid_ > 0) kill(pid_, SIGTERM);
  }
  Dnsmasq(const Dnsmasq&) = delete;
  Dnsmasq& operator=(const Dnsmasq&) = delete;

  /// True when dnsmasq runs; else output() says why.
  [[nodiscard]] bool ok() const { return status_ == 0 && pid_ > 0; }
  [[nodiscard]] const std::string& output() const { return output_; }
  /// Options for dcv::MakeUnboundResolver that ask this server.
  [[nodiscard]] dcv::UnboundOptions ResolverOptions() const {
    return {.forwarder = "127.0.0.1@" + std::to_string(port_), .insecure_domains = {"test"}};
  }

 private:
  TempDir dir_;
  int port_ = 0;
  pid_t pid_ = 0;
  int status_ = -1;
  std::string output_;
};

/// A test with dnsmasq serving the records its subclass names, and a resolver asking it.
class DnsmasqTest : public ::testing::Test {
 protected:
  explicit DnsmasqTest(const std::vector<std::string>& records) : dns_(records) {}
  void SetUp() override {
    ASSERT_TRUE(dns_.ok()) << dns_.output();
    auto r = dcv::MakeUnboundResolver(dns_.ResolverOptions());
    ASSERT_TRUE(r) << r.error().internal();
    resolver_ = std::move(*r);
  }

  Dnsmasq dns_;
  std::unique_ptr<dcv::DnsResolver> resolver_;
};

}  // namespace certkeep::testing
