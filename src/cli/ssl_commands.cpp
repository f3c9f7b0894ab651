#include "cli/ssl_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/dcv_setup.h"
#include "cli/operator.h"
#include "service/ssl_certificates.h"

namespace certkeep::cli {

namespace {

struct SslArgs {
  std::int64_t id = 0, org = 0, term = 0;
  std::string csr_file, type = "ssl-dv", sans, dcv_mode, external, comments, status;
  std::string format = "x509", out, message, reason;
  int reason_code = 0;
};

// The use cases wired as `serve` wires them, the operator as the caller (not through the
// Web API, so the organization's switch does not apply).
struct SslCli {
  Session session{};
  std::unique_ptr<dcv::DnsResolver> dns{};
  std::unique_ptr<service::IssuanceGate> gate{};
  std::unique_ptr<service::SslCertificates> ssl{};
  service::AuthenticatedAdmin caller{};
};

core::Result<SslCli> OpenSsl(Common& common) {
  auto s = Open(common);
  if (!s) return core::Fail(s.error());
  SslCli c{.session = std::move(*s)};
  auto dns = MakeResolver(c.session.op->config);
  if (!dns) return core::Fail(dns.error());
  c.dns = std::move(*dns);
  auto& op = *c.session.op;
  c.gate = MakeIssuanceGate(op.config, *op.store, op.clock, c.dns.get());
  c.ssl = std::make_unique<service::SslCertificates>(
      *op.store, op.clock, op.random, *op.issuer, *c.gate,
      service::SslOptions{.console_url = DcvOptionsFrom(op.config, "8443").console_url,
                          .mail_from = op.config.mail.from});
  c.caller = {.principal = OperatorFor(c.session.customer), .session_token_hash = "cli"};
  return c;
}

core::Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path == "-" ? "/dev/stdin" : path, std::ios::binary);
  if (!in) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "cannot read " + path);
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int Print(const core::SslCertificate& c) {
  std::cout << c.id.value << "\t" << core::ToString(c.status) << "\t" << c.common_name << "\t"
            << c.serial << "\n";
  return 0;
}

}  // namespace

void AddSslCommands(CLI::App& app, Common& common, std::function<int()>& run) {
  static SslArgs a;
  auto* ssl = app.add_subcommand("ssl", "SSL certificates of a customer");
  ssl->require_subcommand(1);

  auto* enroll = ssl->add_subcommand("enroll", "request a certificate from a CSR");
  AddCommon(enroll, common);
  enroll->add_option("--org", a.org, "organization or department id")->required();
  enroll->add_option("--csr", a.csr_file, "CSR file, PEM ('-' = stdin)")->required();
  enroll->add_option("--type", a.type, "profile name (default ssl-dv)");
  enroll->add_option("--term", a.term, "days (default: the profile's shortest term)");
  enroll->add_option("--san", a.sans, "more DNS names, comma-separated");
  enroll->add_option("--dcv-mode", a.dcv_mode, "let names not validated yet wait (TXT, ...)");
  enroll->add_option("--external-requester", a.external, "email address(es)");
  enroll->add_option("--comments", a.comments, "comments");
  enroll->callback([&run, &common] {
    run = [&common] {
      auto c = OpenSsl(common);
      if (!c) return Report(c.error());
      auto csr = ReadAll(a.csr_file);
      if (!csr) return Report(csr.error());
      auto profile = c->session.op->store->Read(
          [](store::Transaction& tx) { return tx.profiles().FindByName(a.type); });
      if (!profile) return Report(profile.error());
      service::EnrollRequest r{
          .org_id = core::OrgId{a.org},
          .csr = *csr,
          .profile_id = profile->id.value,
          .term_days = a.term > 0 ? static_cast<int>(a.term) : profile->terms.front(),
          .external_requester = a.external,
          .comments = a.comments,
          .dcv_mode = a.dcv_mode};
      std::stringstream names(a.sans);
      for (std::string n; std::getline(names, n, ',');) {
        if (!n.empty()) r.subject_alt_names.push_back(n);
      }
      auto enrolled = c->ssl->Enroll(c->caller, r);
      if (!enrolled) return Report(enrolled.error());
      auto cert = c->ssl->Get(c->caller, enrolled->id);
      if (!cert) return Report(cert.error());
      return Print(cert->cert);
    };
  });

  auto* list = ssl->add_subcommand("list", "list certificates");
  AddCommon(list, common);
  list->add_option("--status", a.status, "only this status (Requested, Issued, ...)");
  list->callback([&run, &common] {
    run = [&common] {
      auto c = OpenSsl(common);
      if (!c) return Report(c.error());
      store::SslQuery q{.size = 200};
      if (!a.status.empty()) {
        q.status = core::ParseSslStatus(a.status);
        if (!q.status) {
          return Report(core::Error(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                                    "--status: Requested, Approved, Applied, Issued, ..."));
        }
      }
      for (std::int64_t position = 0;; position += 200) {
        q.position = position;
        auto page = c->ssl->List(c->caller, q);
        if (!page) return Report(page.error());
        for (const auto& cert : page->certificates) Print(cert);
        if (position + 200 >= page->total) break;
      }
      return 0;
    };
  });

  auto* collect = ssl->add_subcommand("collect", "download an issued certificate");
  AddCommon(collect, common);
  collect->add_option("id", a.id, "the sslId")->required();
  collect->add_option("--format", a.format, "x509, x509CO, x509IO, base64, bin, pem, ...");
  collect->add_option("-o,--out", a.out, "output file (default stdout)");
  collect->callback([&run, &common] {
    run = [&common] {
      auto c = OpenSsl(common);
      if (!c) return Report(c.error());
      auto format = pki::ParseCertificateFormat(a.format);
      if (!format) return Report(format.error());
      auto download = c->ssl->Collect(c->caller, core::SslId{a.id}, *format);
      if (!download) return Report(download.error());
      return Output(a.out, download->body);
    };
  });

  for (bool approve : {true, false}) {
    auto* decide = ssl->add_subcommand(approve ? "approve" : "decline",
                                       approve ? "approve a request" : "decline a request");
    AddCommon(decide, common);
    decide->add_option("id", a.id, "the sslId")->required();
    decide->add_option("--message", a.message, "why");
    decide->callback([&run, &common, approve] {
      run = [&common, approve] {
        auto c = OpenSsl(common);
        if (!c) return Report(c.error());
        auto r = approve ? c->ssl->Approve(c->caller, core::SslId{a.id}, a.message)
                         : c->ssl->Decline(c->caller, core::SslId{a.id}, a.message);
        if (!r) return Report(r.error());
        auto cert = c->ssl->Get(c->caller, core::SslId{a.id});
        if (!cert) return Report(cert.error());
        return Print(cert->cert);
      };
    });
  }

  auto* revoke = ssl->add_subcommand("revoke", "revoke an issued certificate");
  AddCommon(revoke, common);
  revoke->add_option("id", a.id, "the sslId")->required();
  revoke->add_option("--reason", a.reason, "why (required)")->required();
  revoke->add_option("--reason-code", a.reason_code, "RFC 5280: 0, 1, 3, 4 or 5 (default 0)");
  revoke->callback([&run, &common] {
    run = [&common] {
      auto c = OpenSsl(common);
      if (!c) return Report(c.error());
      if (auto r = c->ssl->Revoke(c->caller, core::SslId{a.id}, a.reason_code, a.reason); !r) {
        return Report(r.error());
      }
      auto cert = c->ssl->Get(c->caller, core::SslId{a.id});
      if (!cert) return Report(cert.error());
      return Print(cert->cert);
    };
  });
}

}  // namespace certkeep::cli
