#include "cli/dcv_setup.h"

#include <fstream>
#include <sstream>

namespace certkeep::cli {

core::Result<std::unique_ptr<dcv::DnsResolver>> MakeResolver(const Config& config) {
  const auto& d = config.dcv;
  return dcv::MakeUnboundResolver({.forwarder = d.dns_forwarder,
                                   .insecure_domains = d.dns_insecure_domains,
                                   .trust_anchor_file = d.dns_trust_anchor_file});
}

core::Result<DcvStack> MakeDcvStack(const Config& config, bool test_mode) {
  const auto& d = config.dcv;
  if (!test_mode && (d.http_port != 80 || d.https_port != 443)) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadConfig,
                      "dcv.http_port/dcv.https_port: other than 80/443 only with --test-mode "
                      "(the Baseline Requirements name these ports)");
  }
  DcvStack s;
  auto dns = MakeResolver(config);
  if (!dns) return core::Fail(dns.error());
  s.dns = std::move(*dns);
  s.fetcher = std::make_unique<dcv::HttpFetcher>(
      *s.dns, dcv::FetchOptions{.allowed_addresses = d.fetch_allowed_addresses,
                                .http_port = static_cast<int>(d.http_port),
                                .https_port = static_cast<int>(d.https_port),
                                .timeout = std::chrono::seconds(d.fetch_timeout_seconds),
                                .https_ca_file = d.https_ca_file.empty()
                                                     ? std::string()
                                                     : config.InDataDir(d.https_ca_file).string()});
  s.check = std::make_unique<dcv::NetworkControlCheck>(*s.dns, *s.fetcher);
  return s;
}

service::DcvOptions DcvOptionsFrom(const Config& config, const std::string& port) {
  std::string console = config.http.public_url;
  if (console.empty()) {
    console = "https://" + config.http.server_names.front() + (port == "443" ? "" : ":" + port);
  }
  while (console.ends_with('/')) console.pop_back();
  return {.validity = std::chrono::days(config.dcv.validity_days),
          .order_lifetime = std::chrono::days(config.dcv.order_lifetime_days),
          .recheck_ahead = std::chrono::days(config.dcv.recheck_ahead_days),
          .cname_zone = config.dcv.cname_zone,
          .file_second_line = config.dcv.file_second_line,
          .console_url = console,
          .mail_from = config.mail.from};
}

std::unique_ptr<service::IssuanceGate> MakeIssuanceGate(const Config& config, store::Store& store,
                                                        const core::Clock& clock,
                                                        dcv::DnsResolver* dns) {
  return std::make_unique<service::IssuanceGate>(store, clock, dns, config.dcv.caa_issuer_domains);
}

core::Result<std::unique_ptr<notify::SmtpTransport>> MakeSmtpTransport(const Config& config) {
  const auto& m = config.mail;
  if (m.smtp_url.empty()) return std::unique_ptr<notify::SmtpTransport>();
  notify::SmtpOptions o;
  o.url = m.smtp_url;
  o.tls = m.starttls == "none"       ? notify::SmtpOptions::Tls::kNone
          : m.starttls == "required" ? notify::SmtpOptions::Tls::kStartTlsRequired
                                     : notify::SmtpOptions::Tls::kStartTlsIfOffered;
  if (!m.ca_file.empty()) o.ca_file = config.InDataDir(m.ca_file).string();
  o.username = m.username;
  if (!m.password_file.empty()) {
    std::ifstream in(config.InDataDir(m.password_file));
    if (!in) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadConfig,
                        "mail.password_file: cannot read " + m.password_file);
    }
    std::getline(in, o.password);
  }
  return std::make_unique<notify::SmtpTransport>(o);
}

}  // namespace certkeep::cli
