#include "cli/serve.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "acme/routes.h"
#include "api/publication_routes.h"
#include "api/routes.h"
#include "cli/dcv_setup.h"
#include "cli/logging.h"
#include "cli/operator.h"
#include "dcv/acme_challenge.h"
#include "http/server.h"
#include "http/static_site.h"
#include "jobs/runner.h"
#include "pki/random.h"
#include "service/acme_accounts.h"
#include "service/acme_orders.h"
#include "service/admins.h"
#include "service/audit_log.h"
#include "service/authenticator.h"
#include "service/crl_service.h"
#include "service/custom_fields.h"
#include "service/domains.h"
#include "service/expiry_scan.h"
#include "service/external_accounts.h"
#include "service/health.h"
#include "service/issuer.h"
#include "service/mail_outbox.h"
#include "service/nonce_store.h"
#include "service/notification_rules.h"
#include "service/notifier.h"
#include "service/ocsp_service.h"
#include "service/organizations.h"
#include "service/self_enrollment.h"
#include "service/ssl_certificates.h"

namespace certkeep::cli {

int HttpThreads(const Config& config, unsigned cores) {
  if (config.http.threads > 0) return static_cast<int>(config.http.threads);
  // Handlers block on the store. A SQLite writer waits for its turn in the commit group,
  // and more threads let the group fill while the cores stay busy; PostgreSQL does the
  // waiting in its own processes, where more concurrent transactions cost more than they
  // gain (bench/ssl_enroll on 2 cores: SQLite 1,475-1,615 -> 1,688-1,871 certificates/s
  // at four per core, PostgreSQL 791-848 -> 631-698/s).
  int per_core = config.store.backend == "sqlite" ? 4 : 2;
  return per_core * static_cast<int>(std::max(1u, cores));
}

namespace {

http::ServerOptions ServerOptionsFrom(const Config& c) {
  http::ServerOptions o;
  o.tls_listen = c.http.listen;
  o.plain_listen = c.http.plain_listen;
  o.tls_chain_file = c.InDataDir("tls/server.pem").string();
  o.tls_key_file = c.InDataDir("tls/server.key").string();
  if (!c.http.client_ca_file.empty())
    o.client_ca_file = c.InDataDir(c.http.client_ca_file).string();
  o.threads = HttpThreads(c, std::thread::hardware_concurrency());
  o.max_body_bytes = static_cast<std::size_t>(c.http.max_body_bytes);
  o.max_header_bytes = static_cast<std::size_t>(c.http.max_header_bytes);
  o.request_timeout = std::chrono::milliseconds(c.http.request_timeout_ms);
  o.idle_timeout = std::chrono::milliseconds(c.http.idle_timeout_ms);
  o.shutdown_grace = std::chrono::milliseconds(c.http.shutdown_grace_ms);
  o.max_connections = static_cast<int>(c.http.max_connections);
  return o;
}

// Where the console's files are: http.web_root, else the build's web/ next to the
// binary's directory (build/src/certkeep -> build/web), else the installed copy.
std::filesystem::path WebRoot(const Config& c) {
  if (!c.http.web_root.empty()) return c.InDataDir(c.http.web_root);
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto beside = exe.parent_path().parent_path() / "web";
    if (std::filesystem::is_regular_file(beside / "index.html", ec)) return beside;
  }
  return "/usr/share/certkeep/web";
}

service::ServerCertificateOptions ServerCertificateFrom(const Config& c) {
  service::ServerCertificateOptions o;
  o.dns_names = c.http.server_names;
  for (const auto& n : c.http.server_names) {
    if (n == "localhost") o.ip_addresses = {"127.0.0.1", "::1"};
  }
  o.chain_file = c.InDataDir("tls/server.pem");
  o.key_file = c.InDataDir("tls/server.key");
  return o;
}

// The ACME directories of [acme]; each URL is set once the server listens.
core::Result<std::vector<service::AcmeDirectoryInfo>> AcmeDirectoriesFrom(const Config& c) {
  std::vector<service::AcmeDirectoryInfo> out;
  if (!c.acme.eab_directory.empty()) {
    out.push_back(
        {.name = c.acme.eab_directory, .url = {}, .requires_eab = true, .default_org = {}});
  }
  for (const auto& d : c.acme.open_directories) {
    auto eq = d.find('=');  // checked by LoadConfig: "name=orgId"
    out.push_back({.name = d.substr(0, eq),
                   .url = {},
                   .requires_eab = false,
                   .default_org = core::OrgId{std::stoll(d.substr(eq + 1))}});
  }
  return out;
}

}  // namespace

int Serve(const ServeOptions& options) {
  if (options.clock_offset && !options.test_mode) {
    std::cerr << "certkeep: --test-clock-offset is accepted only with --test-mode\n";
    return 2;
  }
  auto config = LoadFor(options.source);
  if (!config) {
    std::cerr << "certkeep: configuration error: " << config.error().detail() << "\n";
    return 2;
  }
  auto loggers = MakeLoggers(config->log.level);
  auto& log = *loggers.log;

  // Time: the wall clock, or, in test mode only, the wall clock shifted by an offset.
  std::unique_ptr<core::Clock> clock;
  if (options.test_mode) {
    log.warn("TEST MODE: test-only controls are enabled; never run this in production");
    clock =
        std::make_unique<core::OffsetClock>(options.clock_offset.value_or(std::chrono::seconds(0)));
  } else {
    clock = std::make_unique<core::SystemClock>();
  }
  pki::OpenSslRandom random;

  auto store = OpenConfiguredStore(*config, *clock);
  if (!store) {
    log.error("cannot open the store: {} ({})", store.error().detail(), store.error().internal());
    return 1;
  }
  // The first start of a fresh data directory initialises it, as `certkeep init` would.
  auto report = InitializeDataDir(*config, *clock, random, **store);
  if (!report) {
    log.error("cannot initialise {}: {} ({})", config->server.data_dir, report.error().detail(),
              report.error().internal());
    return 1;
  }
  PrintInitReport(*report);
  auto keys = OpenKeyStore(*config);
  if (!keys) {
    log.error("{}", keys.error().detail());
    return 1;
  }
  auto tokens = OpenTokens(*config);
  if (!tokens) {
    log.error("cannot load the PKCS#11 module: {} ({})", tokens.error().detail(),
              tokens.error().internal());
    return 1;
  }
  service::KeyRing key_ring(*keys, tokens->get());
  auto issued = service::EnsureServerCertificate(**store, key_ring, *clock, random,
                                                 ServerCertificateFrom(*config));
  if (!issued) {
    log.error("cannot issue the TLS server certificate: {} ({})", issued.error().detail(),
              issued.error().internal());
    return 1;
  }
  if (*issued)
    log.info("issued a new TLS server certificate for {}",
             fmt::join(config->http.server_names, ", "));

  // The CA: keys in memory once loaded, issuance, CRLs and the OCSP responder.
  service::Issuer issuer(**store, *clock, random, key_ring, PublicBaseUrl(*config));
  service::CrlService crls(**store, *clock, key_ring);
  service::OcspService ocsp(**store, *clock, issuer);
  issuer.OnRevoked([&ocsp](const core::CertificateRecord& r) { ocsp.Invalidate(r.serial); });

  // Scheduled work, coordinated with other nodes through leases in the store.
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  jobs::JobRunner jobs(
      **store, *clock, std::string(host) + ":" + std::to_string(getpid()),
      [&log](const std::string& job, const core::Error& e) {
        log.error("job {} failed: {} ({})", job, e.detail(), e.internal());
      },
      std::chrono::seconds(config->jobs.lease_seconds));
  // CRLs: rebuilt when a certificate was revoked since the last one (checked every few
  // seconds, which debounces a burst of revocations) or at half their validity.
  jobs.Add({"crl.refresh", std::chrono::seconds(5), [&crls]() -> core::Result<void> {
              auto built = crls.RefreshDue();
              if (!built) return core::Fail(built.error());
              return core::Ok();
            }});
  // OCSP responses signed ahead of requests and stored for every node (RFC 5019 §2.1).
  jobs.Add({"ocsp.presign", std::chrono::minutes(5), [&ocsp]() -> core::Result<void> {
              auto signed_count = ocsp.Presign();
              if (!signed_count) return core::Fail(signed_count.error());
              return core::Ok();
            }});

  // Who is calling, and the tenancy use cases.
  auto hasher = MakePasswordHasher(*config, random);
  if (!hasher) {
    log.error("bad [auth] argon2 settings: {}", hasher.error().detail());
    return 1;
  }
  auth::CredentialCache credential_cache(
      random, {.ttl = std::chrono::seconds(config->auth.credential_cache_seconds)});
  service::AuthenticationOptions auth_options{
      .lockout = {.max_failed_attempts = static_cast<int>(config->auth.max_failed_logins),
                  .first_lock = std::chrono::seconds(config->auth.lockout_seconds),
                  .max_lock = std::chrono::seconds(config->auth.max_lockout_seconds)},
      .session_idle = std::chrono::seconds(config->auth.session_idle_seconds),
      .session_absolute = std::chrono::seconds(config->auth.session_absolute_seconds)};
  service::Authenticator authenticator(**store, *clock, random, **hasher, credential_cache,
                                       auth_options);
  service::Organizations organizations(**store, *clock);
  service::Domains domains(**store, *clock);
  service::Admins admins(**store, *clock, random, **hasher,
                         {.expiry = std::chrono::days(config->auth.password_expiry_days)});
  // Domain control validation: DNS through a validating resolver, files through a
  // fetcher that never reaches into the operator's own network.
  auto dcv_stack = MakeDcvStack(*config, options.test_mode);
  if (!dcv_stack) {
    log.error("cannot set up domain control validation: {} ({})", dcv_stack.error().detail(),
              dcv_stack.error().internal());
    return dcv_stack.error().reason() == core::Reason::kBadConfig ? 2 : 1;
  }
  service::DomainControl domain_control(**store, *clock, random, *dcv_stack->check,
                                        DcvOptionsFrom(*config, "443"));
  jobs.Add({"dcv.check", std::chrono::seconds(config->dcv.check_interval_seconds),
            [&domain_control]() -> core::Result<void> {
              if (auto r = domain_control.CheckDue(); !r) return core::Fail(r.error());
              if (auto r = domain_control.RecheckExpiring(); !r) return core::Fail(r.error());
              return core::Ok();
            }});
  // Mail leaves through the outbox; without an SMTP server it waits there.
  auto smtp = MakeSmtpTransport(*config);
  if (!smtp) {
    log.error("{}", smtp.error().detail());
    return 2;
  }
  if (config->mail.test_exit_after_send && !options.test_mode) {
    std::cerr << "certkeep: mail.test_exit_after_send is accepted only with --test-mode\n";
    return 2;
  }
  std::unique_ptr<service::MailDelivery> delivery;
  if (*smtp) {
    service::DeliveryOptions delivery_options{
        .max_attempts = static_cast<int>(config->mail.max_attempts),
        .first_retry = std::chrono::seconds(config->mail.first_retry_seconds)};
    if (config->mail.test_exit_after_send) {
      delivery_options.after_accepted = [&log] {
        log.warn("mail.test_exit_after_send: exiting before the outbox records the delivery");
        log.flush();
        std::_Exit(75);
      };
    }
    delivery = std::make_unique<service::MailDelivery>(**store, *clock, **smtp,
                                                       std::move(delivery_options));
    jobs.Add({"mail.deliver", std::chrono::seconds(config->mail.delivery_interval_seconds),
              [&delivery]() -> core::Result<void> {
                if (auto r = delivery->DeliverDue(); !r) return core::Fail(r.error());
                return core::Ok();
              }});
  } else {
    log.warn(
        "mail.smtp_url is empty: email (domain validation codes, notifications) waits "
        "in the outbox until an SMTP server is configured");
  }
  // SSL certificates of the REST API: the issuance gate (with CAA when configured), the
  // CA, and a job that moves what waits (validation, a crashed signing, expiry).
  auto gate = MakeIssuanceGate(*config, **store, *clock, dcv_stack->dns.get());
  service::SslCertificates ssl(**store, *clock, random, issuer, *gate,
                               {.mail_from = config->mail.from});
  // Notifications: the rules' mail for events (domains, admins, ACME accounts; the SSL use
  // cases carry their own notifier) and the expiry scan.
  service::Notifier notifier(random, {.from = config->mail.from});
  domains.SetNotifier(notifier);
  admins.SetNotifier(notifier);
  service::NotificationRules notification_rules(**store, *clock);
  service::ExpiryScan expiry_scan(
      **store, *clock, notifier,
      {.expired_lookback = std::chrono::days(config->mail.expired_lookback_days)});
  jobs.Add({"notify.expiry", std::chrono::seconds(config->mail.expiry_scan_interval_seconds),
            [&expiry_scan, &log]() -> core::Result<void> {
              auto written = expiry_scan.Run();
              if (!written) return core::Fail(written.error());
              if (*written > 0) log.info("expiry scan: {} notifications written", *written);
              return core::Ok();
            }});
  // Self-enrollment: the form's sessions live in the store, so any node continues them.
  service::SelfEnrollments enrollments(**store, *clock, random, **hasher, ssl, notifier);
  jobs.Add(
      {"enroll.session-purge", std::chrono::minutes(10), [&enrollments]() -> core::Result<void> {
         auto purged = enrollments.PurgeSessions();
         if (!purged) return core::Fail(purged.error());
         return core::Ok();
       }});
  jobs.Add({"ssl.queue", std::chrono::seconds(10), [&ssl]() -> core::Result<void> {
              if (auto r = ssl.ProcessQueue(); !r) return core::Fail(r.error());
              if (auto r = ssl.RenewDue(); !r) return core::Fail(r.error());
              return core::Ok();
            }});
  auto checkpoint_key = LoadCheckpointKey(*config);
  if (!checkpoint_key) {
    log.error("cannot read the audit checkpoint key: {}", checkpoint_key.error().detail());
    return 1;
  }
  jobs.Add({"audit.checkpoint", std::chrono::minutes(5), [&]() -> core::Result<void> {
              auto written = service::WriteAuditCheckpoints(**store, *clock, *checkpoint_key);
              if (!written) return core::Fail(written.error());
              return core::Ok();
            }});
  jobs.Add({"session.purge", std::chrono::minutes(10), [&authenticator]() -> core::Result<void> {
              auto purged = authenticator.PurgeSessions();
              if (!purged) return core::Fail(purged.error());
              return core::Ok();
            }});

  // ACME (RFC 8555): the EAB directory and those bound to one organization without EAB.
  // Their URLs are filled in once the listener's port is known, before serving.
  auto directories = AcmeDirectoriesFrom(*config);
  if (!directories) {
    log.error("{}", directories.error().detail());
    return 2;
  }
  for (const auto& d : *directories) {
    if (!d.default_org) continue;
    auto org = (*store)->Read(
        [&](store::Transaction& tx) { return tx.organizations().Get(*d.default_org); });
    if (!org) {
      std::cerr << "certkeep: configuration error: acme.open_directories: " << d.name
                << ": no organization or department " << d.default_org->value << "\n";
      return 2;
    }
  }
  if (config->acme.reject_nonce_every != 0 && !options.test_mode) {
    std::cerr << "certkeep: acme.reject_nonce_every is accepted only with --test-mode\n";
    return 2;
  }
  service::AcmeOptions acme_options{
      .nonce_lifetime = std::chrono::seconds(config->acme.nonce_lifetime_seconds),
      .order_lifetime = std::chrono::days(config->acme.order_lifetime_days),
      .challenges = config->acme.challenges,
      .validation_validity = std::chrono::days(config->dcv.validity_days),
      .reject_nonce_every = static_cast<int>(config->acme.reject_nonce_every)};
  service::ExternalAccounts external_accounts(**store, *clock, random, *directories);
  external_accounts.SetNotifier(notifier);
  // Nonces: in the database where several nodes share it (PostgreSQL), so that any node
  // accepts each once; in memory for the embedded store, which one process serves.
  std::unique_ptr<service::NonceStore> nonces;
  if ((*store)->backend() == "sqlite") {
    nonces = std::make_unique<service::LocalNonceStore>();
  } else {
    nonces = std::make_unique<service::SharedNonceStore>(**store);
  }
  service::AcmeAccounts acme_accounts(**store, *clock, random, *directories, *nonces, acme_options);
  // Challenges are looked at by the same resolver and SSRF-safe fetcher as DCV.
  dcv::NetworkChallengeCheck acme_check(
      *dcv_stack->dns, *dcv_stack->fetcher,
      {.allowed_addresses = config->dcv.fetch_allowed_addresses,
       .port = static_cast<int>(config->dcv.https_port),
       .timeout = std::chrono::seconds(config->dcv.fetch_timeout_seconds)});
  service::AcmeOrders acme_orders(**store, *clock, random, ssl, *gate, &acme_check, acme_options);
  jobs.Add({"acme.nonce-purge", std::chrono::minutes(5), [&]() -> core::Result<void> {
              auto purged = nonces->Purge(clock->Now());
              if (!purged) return core::Fail(purged.error());
              return core::Ok();
            }});

  service::CustomFields custom_fields(**store, *clock);
  http::Metrics metrics;
  service::HealthCheck health(**store);
  http::Router router;
  api::AddRoutes(router, {.health = health,
                          .metrics = metrics,
                          .store = **store,
                          .clock = *clock,
                          .authenticator = authenticator,
                          .organizations = organizations,
                          .admins = admins,
                          .domains = domains,
                          .dcv = domain_control,
                          .ssl = ssl,
                          .custom_fields = custom_fields,
                          .acme_accounts = external_accounts,
                          .notifications = notification_rules,
                          .enrollments = enrollments,
                          .notifier = notifier});
  acme::AddRoutes(router, {.accounts = acme_accounts, .orders = acme_orders});
  api::AddPublicationRoutes(router, {.store = **store, .crls = crls, .ocsp = ocsp});
  auto site = http::StaticSite::Load(WebRoot(*config));
  if (site) {
    log.info("web console: {} files from {}", site->size(), WebRoot(*config).string());
    // Only over TLS: the session cookie is Secure, so a console on the plain CRL/OCSP
    // listener could never sign in.
    router.Fallback([&site](http::Request& request) -> core::Result<http::Response> {
      if (!request.is_tls) {
        return core::Fail(core::ErrorCode::kNotFound, core::Reason::kRouteNotFound,
                          "the console is served over HTTPS only");
      }
      return site->Serve(request);
    });
  } else {
    // The API works without the console; say once why `/` has nothing to show.
    log.warn("{}; the console is off (build it with `make run`, or set http.web_root)",
             site.error().detail());
  }

  http::Server server(ServerOptionsFrom(*config), router, metrics, loggers.log,
                      config->http.access_log ? loggers.access : nullptr);
  if (auto r = server.Start(); !r) {
    log.error("cannot start the HTTP server: {} {}", r.error().detail(), r.error().internal());
    return 1;
  }
  for (const auto& url : server.urls()) {
    std::cout << "certkeep is serving " << url << "/ (store: " << (*store)->backend()
              << "; root CA: " << report->root_certificate.string() << ")" << std::endl;
    log.info("listening on {}", url);
  }
  if (auto urls = server.urls(); !urls.empty() && urls.front().starts_with("https://")) {
    auto port = urls.front().substr(urls.front().rfind(':') + 1);
    domain_control.SetConsoleUrl(DcvOptionsFrom(*config, port).console_url);
    ssl.SetConsoleUrl(DcvOptionsFrom(*config, port).console_url);
    notifier.SetConsoleUrl(DcvOptionsFrom(*config, port).console_url);
    for (auto& d : *directories) {
      d.url = DcvOptionsFrom(*config, port).console_url + "/acme/" + d.name + "/directory";
      std::cout << "ACME directory " << d.name << (d.requires_eab ? " (EAB)" : "") << ": " << d.url
                << std::endl;
    }
    std::cout << "try: curl --cacert " << report->root_certificate.string() << " https://"
              << config->http.server_names.front() << ":" << port << "/healthz" << std::endl;
  }
  jobs.Start();
  server.Run();
  jobs.Stop();
  log.info("stopped; closing the store");
  store->reset();
  loggers.access->flush();
  log.flush();
  return 0;
}

}  // namespace certkeep::cli
