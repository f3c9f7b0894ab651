#pragma once
// The domain control validation stack and the mail transport, wired from the
// configuration once for `serve` and the operator commands.

#include <memory>
#include <string>

#include "cli/config.h"
#include "dcv/control_check.h"
#include "dcv/dns_resolver.h"
#include "dcv/http_fetcher.h"
#include "notify/smtp_transport.h"
#include "service/domain_control.h"
#include "service/issuance_gate.h"
#include "store/store.h"

namespace certkeep::cli {

/// The resolver, the file fetcher and the check built on them.
struct DcvStack {
  std::unique_ptr<dcv::DnsResolver> dns;
  std::unique_ptr<dcv::HttpFetcher> fetcher;
  std::unique_ptr<dcv::NetworkControlCheck> check;
};

/// The validating resolver of [dcv].
[[nodiscard]] core::Result<std::unique_ptr<dcv::DnsResolver>> MakeResolver(const Config& config);

/// Builds the stack from [dcv]; ports other than 80/443 are refused unless `test_mode`.
[[nodiscard]] core::Result<DcvStack> MakeDcvStack(const Config& config, bool test_mode);

/// [dcv] and [mail] as the use cases take them; `console_url` from http.public_url, else
/// the first server name and `port`.
[[nodiscard]] service::DcvOptions DcvOptionsFrom(const Config& config, const std::string& port);

/// The issuance gate with [dcv] caa_issuer_domains.
[[nodiscard]] std::unique_ptr<service::IssuanceGate> MakeIssuanceGate(const Config& config,
                                                                      store::Store& store,
                                                                      const core::Clock& clock,
                                                                      dcv::DnsResolver* dns);

/// The SMTP transport of [mail], or null when mail.smtp_url is empty (mail then waits in
/// the outbox).
[[nodiscard]] core::Result<std::unique_ptr<notify::SmtpTransport>> MakeSmtpTransport(
    const Config& config);

}  // namespace certkeep::cli
