#include "cli/config.h"

#include <toml++/toml.h>

#include <cctype>
#include <charconv>
#include <sstream>
#include <variant>

extern char** environ;

namespace certkeep::cli {

namespace {

using Field = std::variant<std::string*, std::int64_t*, bool*, std::vector<std::string>*>;
using Check = std::optional<std::string> (*)(const Config&);

struct Key {
  std::string_view section;
  std::string_view name;
  std::string_view doc;
  Field (*field)(Config&);
  Check check = nullptr;
  bool commented_out = false;  // written commented in the default file (secrets, optional)
};

std::optional<std::string> InRange(std::int64_t v, std::int64_t lo, std::int64_t hi) {
  if (v < lo || v > hi) {
    return "must be between " + std::to_string(lo) + " and " + std::to_string(hi);
  }
  return std::nullopt;
}

std::optional<std::string> HostPort(const std::string& v, bool may_be_empty) {
  if (v.empty())
    return may_be_empty ? std::nullopt : std::optional<std::string>("must not be empty");
  auto colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0) return "must be host:port, e.g. 0.0.0.0:8443";
  std::string_view port(v.data() + colon + 1, v.size() - colon - 1);
  int p = -1;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (ec != std::errc() || ptr != port.data() + port.size() || p < 0 || p > 65535) {
    return "port must be a number from 0 to 65535";
  }
  return std::nullopt;
}

std::optional<std::string> OneOf(const std::string& v, std::initializer_list<std::string_view> ok) {
  for (auto o : ok) {
    if (v == o) return std::nullopt;
  }
  std::string list;
  for (auto o : ok) list += (list.empty() ? "" : ", ") + std::string(o);
  return "must be one of " + list;
}

// The one table of configuration keys.
const std::vector<Key>& Keys() {
  static const std::vector<Key> kKeys = {
      {"server", "data_dir", "Where certkeep keeps its state; relative paths below are inside it.",
       [](Config& c) -> Field { return &c.server.data_dir; },
       [](const Config& c) -> std::optional<std::string> {
         if (c.server.data_dir.empty()) return "must not be empty";
         return std::nullopt;
       }},
      {"http", "listen", "HTTPS listener, host:port (port 0 picks a free port).",
       [](Config& c) -> Field { return &c.http.listen; },
       [](const Config& c) { return HostPort(c.http.listen, !c.http.plain_listen.empty()); }},
      {"http", "client_ca_file",
       "CA certificates (PEM) whose client certificates admins may present to log in under\n"
       "# /private/api (SCM's certificate login); empty = no client certificates.",
       [](Config& c) -> Field { return &c.http.client_ca_file; }},
      {"http", "plain_listen", "Plain-HTTP listener for CRL and OCSP, host:port; empty = off.",
       [](Config& c) -> Field { return &c.http.plain_listen; },
       [](const Config& c) { return HostPort(c.http.plain_listen, true); }},
      {"http", "server_names", "DNS names in certkeep's own TLS server certificate.",
       [](Config& c) -> Field { return &c.http.server_names; },
       [](const Config& c) -> std::optional<std::string> {
         if (c.http.server_names.empty()) return "must name at least one host";
         for (const auto& n : c.http.server_names) {
           if (n.empty() ||
               n.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-.") != std::string::npos) {
             return "'" + n + "' is not a lower-case DNS name";
           }
         }
         return std::nullopt;
       }},
      {"http", "threads",
       "I/O threads, each serving its own connections; 0 = four per core with SQLite, two with "
       "PostgreSQL.",
       [](Config& c) -> Field { return &c.http.threads; },
       [](const Config& c) { return InRange(c.http.threads, 0, 256); }},
      {"http", "max_body_bytes", "Largest request body accepted (413 above).",
       [](Config& c) -> Field { return &c.http.max_body_bytes; },
       [](const Config& c) { return InRange(c.http.max_body_bytes, 1024, 1LL << 30); }},
      {"http", "max_header_bytes", "Largest request header accepted (431 above).",
       [](Config& c) -> Field { return &c.http.max_header_bytes; },
       [](const Config& c) { return InRange(c.http.max_header_bytes, 1024, 1 << 20); }},
      {"http", "request_timeout_ms", "Time allowed to receive a whole request.",
       [](Config& c) -> Field { return &c.http.request_timeout_ms; },
       [](const Config& c) { return InRange(c.http.request_timeout_ms, 100, 3'600'000); }},
      {"http", "idle_timeout_ms", "Time an idle keep-alive connection stays open.",
       [](Config& c) -> Field { return &c.http.idle_timeout_ms; },
       [](const Config& c) { return InRange(c.http.idle_timeout_ms, 100, 3'600'000); }},
      {"http", "shutdown_grace_ms", "On SIGTERM, time given to requests in flight.",
       [](Config& c) -> Field { return &c.http.shutdown_grace_ms; },
       [](const Config& c) { return InRange(c.http.shutdown_grace_ms, 0, 600'000); }},
      {"http", "max_connections", "Open connections at most; more are closed at once.",
       [](Config& c) -> Field { return &c.http.max_connections; },
       [](const Config& c) { return InRange(c.http.max_connections, 1, 1'000'000); }},
      {"http", "access_log", "One JSON line per request on standard output.",
       [](Config& c) -> Field { return &c.http.access_log; }},
      {"http", "public_url",
       "The console's URL as people reach it, for links in email; empty =\n"
       "# https://<first server name>:<listen port>.",
       [](Config& c) -> Field { return &c.http.public_url; }},
      {"http", "web_root",
       "The web console's built files (index.html, assets/); empty = the build's web/\n"
       "# beside the binary's directory (build/web), else /usr/share/certkeep/web.",
       [](Config& c) -> Field { return &c.http.web_root; }},
      {"store", "backend", "\"sqlite\" (embedded) or \"postgres\" (several nodes).",
       [](Config& c) -> Field { return &c.store.backend; },
       [](const Config& c) -> std::optional<std::string> {
         if (auto e = OneOf(c.store.backend, {"sqlite", "postgres"})) return e;
         if (c.store.backend == "postgres" && c.store.postgres_dsn.empty()) {
           return "postgres needs store.postgres_dsn (or CERTKEEP_STORE_POSTGRES_DSN)";
         }
         return std::nullopt;
       }},
      {"store", "sqlite_path", "SQLite database file.",
       [](Config& c) -> Field { return &c.store.sqlite_path; }},
      {"store", "postgres_dsn",
       "libpq connection string, e.g. \"postgresql://certkeep@db.example.org/certkeep\".\n"
       "# Prefer CERTKEEP_STORE_POSTGRES_DSN or a ~/.pgpass file for passwords.",
       [](Config& c) -> Field { return &c.store.postgres_dsn; }, nullptr, true},
      {"store", "pool_size", "Database connections kept open.",
       [](Config& c) -> Field { return &c.store.pool_size; },
       [](const Config& c) { return InRange(c.store.pool_size, 1, 1000); }},
      {"store", "busy_timeout_ms", "How long to wait for a lock or a free connection.",
       [](Config& c) -> Field { return &c.store.busy_timeout_ms; },
       [](const Config& c) { return InRange(c.store.busy_timeout_ms, 0, 600'000); }},
      {"ca", "key_algorithm", "Key type of new CA keys: ec-p256, ec-p384, rsa-3072 or rsa-4096.",
       [](Config& c) -> Field { return &c.ca.key_algorithm; },
       [](const Config& c) {
         return OneOf(c.ca.key_algorithm, {"ec-p256", "ec-p384", "rsa-3072", "rsa-4096"});
       }},
      {"ca", "key_dir", "Directory of the encrypted CA key files.",
       [](Config& c) -> Field { return &c.ca.key_dir; }},
      {"ca", "passphrase_file",
       "File holding the CA key passphrase; keep it outside key_dir (init creates it, 0600).",
       [](Config& c) -> Field { return &c.ca.passphrase_file; }},
      {"ca", "passphrase",
       "The passphrase itself, instead of passphrase_file (use the\n"
       "# environment: CERTKEEP_CA_PASSPHRASE).",
       [](Config& c) -> Field { return &c.ca.passphrase; }, nullptr, true},
      {"ca", "organization", "O= of the CA certificates.",
       [](Config& c) -> Field { return &c.ca.organization; }},
      {"ca", "country", "C= of the CA certificates (two letters), or empty.",
       [](Config& c) -> Field { return &c.ca.country; },
       [](const Config& c) -> std::optional<std::string> {
         if (!c.ca.country.empty() && c.ca.country.size() != 2) return "must be two letters";
         return std::nullopt;
       }},
      {"ca", "root_common_name", "CN= of the root CA.",
       [](Config& c) -> Field { return &c.ca.root_common_name; }},
      {"ca", "issuing_common_name", "CN= of the issuing CA.",
       [](Config& c) -> Field { return &c.ca.issuing_common_name; }},
      {"ca", "root_validity_days", "Lifetime of the root CA certificate.",
       [](Config& c) -> Field { return &c.ca.root_validity_days; },
       [](const Config& c) { return InRange(c.ca.root_validity_days, 1, 36525); }},
      {"ca", "issuing_validity_days", "Lifetime of the issuing CA certificate.",
       [](Config& c) -> Field { return &c.ca.issuing_validity_days; },
       [](const Config& c) { return InRange(c.ca.issuing_validity_days, 1, 36525); }},
      {"ca", "public_url",
       "Plain-HTTP URL relying parties reach certkeep at: certificates point to\n"
       "# <public_url>/ocsp, <public_url>/crl/<ca>.crl and <public_url>/ca/<ca>.crt.",
       [](Config& c) -> Field { return &c.ca.public_url; },
       [](const Config& c) -> std::optional<std::string> {
         if (!c.ca.public_url.empty() && !c.ca.public_url.starts_with("http://")) {
           return "must be an http:// URL (OCSP and CRLs are served over plain HTTP, RFC 5280 §8)";
         }
         return std::nullopt;
       }},
      {"ca", "pkcs11_module",
       "PKCS#11 module for CA keys held in a token (e.g. /usr/lib/softhsm/libsofthsm2.so);\n"
       "# empty = no token. Keys are then named by RFC 7512 URIs (certkeep ca init --help).",
       [](Config& c) -> Field { return &c.ca.pkcs11_module; }, nullptr, true},
      {"auth", "argon2_memory_kib", "argon2id memory per password check, KiB.",
       [](Config& c) -> Field { return &c.auth.argon2_memory_kib; },
       [](const Config& c) { return InRange(c.auth.argon2_memory_kib, 8192, 4 << 20); }},
      {"auth", "argon2_iterations", "argon2id passes per password check.",
       [](Config& c) -> Field { return &c.auth.argon2_iterations; },
       [](const Config& c) { return InRange(c.auth.argon2_iterations, 1, 100); }},
      {"auth", "max_failed_logins", "Wrong passwords in a row before an account is locked.",
       [](Config& c) -> Field { return &c.auth.max_failed_logins; },
       [](const Config& c) { return InRange(c.auth.max_failed_logins, 1, 1000); }},
      {"auth", "lockout_seconds", "The first lock; each further lock doubles it.",
       [](Config& c) -> Field { return &c.auth.lockout_seconds; },
       [](const Config& c) { return InRange(c.auth.lockout_seconds, 1, 86400); }},
      {"auth", "max_lockout_seconds",
       "The longest lock (a stranger guessing cannot lock an admin out for good).",
       [](Config& c) -> Field { return &c.auth.max_lockout_seconds; },
       [](const Config& c) { return InRange(c.auth.max_lockout_seconds, 1, 7 * 86400); }},
      {"auth", "session_idle_seconds", "A console session ends after this long unused.",
       [](Config& c) -> Field { return &c.auth.session_idle_seconds; },
       [](const Config& c) { return InRange(c.auth.session_idle_seconds, 60, 86400); }},
      {"auth", "session_absolute_seconds", "A console session ends this long after sign-in.",
       [](Config& c) -> Field { return &c.auth.session_absolute_seconds; },
       [](const Config& c) { return InRange(c.auth.session_absolute_seconds, 60, 30 * 86400); }},
      {"auth", "password_expiry_days", "Passwords expire after this many days; 0 = never.",
       [](Config& c) -> Field { return &c.auth.password_expiry_days; },
       [](const Config& c) { return InRange(c.auth.password_expiry_days, 0, 3650); }},
      {"auth", "credential_cache_seconds",
       "How long a verified header login is remembered (keyed by an HMAC, never the password;\n"
       "# a password change, lock or suspension ends it at once on every node).",
       [](Config& c) -> Field { return &c.auth.credential_cache_seconds; },
       [](const Config& c) { return InRange(c.auth.credential_cache_seconds, 0, 86400); }},
      {"auth", "checkpoint_key_file",
       "Key that signs checkpoints of the audit chains (kept apart from the database).",
       [](Config& c) -> Field { return &c.auth.checkpoint_key_file; }},
      {"dcv", "dns_forwarder",
       "\"host@port\" of a DNS server to forward DCV and CAA lookups to; empty = full\n"
       "# recursion from the root (DNSSEC-validating either way).",
       [](Config& c) -> Field { return &c.dcv.dns_forwarder; }},
      {"dcv", "dns_insecure_domains",
       "Zones answered without DNSSEC validation (tests: [\"test\"]).",
       [](Config& c) -> Field { return &c.dcv.dns_insecure_domains; }},
      {"dcv", "dns_trust_anchor_file", "The DNSSEC root trust anchor.",
       [](Config& c) -> Field { return &c.dcv.dns_trust_anchor_file; }},
      {"dcv", "cname_zone",
       "The CNAME method asks for _<random>.<domain> CNAME <random>.<cname_zone>.",
       [](Config& c) -> Field { return &c.dcv.cname_zone; }},
      {"dcv", "file_second_line", "The second line of the HTTP(S) validation file.",
       [](Config& c) -> Field { return &c.dcv.file_second_line; }},
      {"dcv", "validity_days", "How long a domain validation counts (BR: at most 398).",
       [](Config& c) -> Field { return &c.dcv.validity_days; },
       [](const Config& c) { return InRange(c.dcv.validity_days, 1, 398); }},
      {"dcv", "order_lifetime_days", "How long the values of a started validation may be used.",
       [](Config& c) -> Field { return &c.dcv.order_lifetime_days; },
       [](const Config& c) { return InRange(c.dcv.order_lifetime_days, 1, 30); }},
      {"dcv", "recheck_ahead_days",
       "Validations are looked at again this long before they lapse, and renewed if the\n"
       "# record or file is still there.",
       [](Config& c) -> Field { return &c.dcv.recheck_ahead_days; },
       [](const Config& c) { return InRange(c.dcv.recheck_ahead_days, 0, 397); }},
      {"dcv", "check_interval_seconds", "How often submitted validations are looked for.",
       [](Config& c) -> Field { return &c.dcv.check_interval_seconds; },
       [](const Config& c) { return InRange(c.dcv.check_interval_seconds, 1, 86400); }},
      {"dcv", "fetch_allowed_addresses",
       "Addresses the HTTP(S) check may reach although private or loopback (never needed\n"
       "# in production: the check refuses them so it cannot reach into your network).",
       [](Config& c) -> Field { return &c.dcv.fetch_allowed_addresses; }},
      {"dcv", "http_port", "Port of http:// checks; other than 80 only with --test-mode.",
       [](Config& c) -> Field { return &c.dcv.http_port; },
       [](const Config& c) { return InRange(c.dcv.http_port, 1, 65535); }},
      {"dcv", "https_port", "Port of https:// checks; other than 443 only with --test-mode.",
       [](Config& c) -> Field { return &c.dcv.https_port; },
       [](const Config& c) { return InRange(c.dcv.https_port, 1, 65535); }},
      {"dcv", "fetch_timeout_seconds", "Time allowed for each request of an HTTP(S) check.",
       [](Config& c) -> Field { return &c.dcv.fetch_timeout_seconds; },
       [](const Config& c) { return InRange(c.dcv.fetch_timeout_seconds, 1, 60); }},
      {"dcv", "https_ca_file",
       "CA certificates (PEM) the HTTPS check verifies the site against; empty = not\n"
       "# verified (the file's random value is the proof, as over plain HTTP).",
       [](Config& c) -> Field { return &c.dcv.https_ca_file; }},
      {"dcv", "caa_issuer_domains",
       "The issuer domain names of this CA for CAA (RFC 8659), e.g. [\"ca.example.org\"];\n"
       "# empty = CAA is not checked (a private CA).",
       [](Config& c) -> Field { return &c.dcv.caa_issuer_domains; }},
      {"mail", "smtp_url",
       "SMTP server, smtp://host:port or smtps://host:port; empty = mail waits in the outbox.",
       [](Config& c) -> Field { return &c.mail.smtp_url; },
       [](const Config& c) -> std::optional<std::string> {
         if (!c.mail.smtp_url.empty() && !c.mail.smtp_url.starts_with("smtp://") &&
             !c.mail.smtp_url.starts_with("smtps://")) {
           return "must start with smtp:// or smtps://";
         }
         return std::nullopt;
       }},
      {"mail", "from", "The From: of certkeep's mail.",
       [](Config& c) -> Field { return &c.mail.from; }},
      {"mail", "starttls", "none, if-offered or required (smtp:// only).",
       [](Config& c) -> Field { return &c.mail.starttls; },
       [](const Config& c) {
         return OneOf(c.mail.starttls, {"none", "if-offered", "required"});
       }},
      {"mail", "ca_file", "CA certificates (PEM) for the SMTP server; empty = the system's.",
       [](Config& c) -> Field { return &c.mail.ca_file; }},
      {"mail", "username", "SMTP AUTH user; empty = no AUTH.",
       [](Config& c) -> Field { return &c.mail.username; }},
      {"mail", "password_file", "File holding the SMTP AUTH password.",
       [](Config& c) -> Field { return &c.mail.password_file; }},
      {"mail", "max_attempts", "Delivery attempts before a message is marked FAILED.",
       [](Config& c) -> Field { return &c.mail.max_attempts; },
       [](const Config& c) { return InRange(c.mail.max_attempts, 1, 100); }},
      {"mail", "first_retry_seconds",
       "Wait after a failed delivery attempt, doubled after each (up to 6 hours).",
       [](Config& c) -> Field { return &c.mail.first_retry_seconds; },
       [](const Config& c) { return InRange(c.mail.first_retry_seconds, 1, 86400); }},
      {"mail", "delivery_interval_seconds", "How often the outbox is delivered.",
       [](Config& c) -> Field { return &c.mail.delivery_interval_seconds; },
       [](const Config& c) { return InRange(c.mail.delivery_interval_seconds, 1, 3600); }},
      {"mail", "expiry_scan_interval_seconds",
       "How often certificates and domain validations are looked at for the expiry\n"
       "# notifications (Settings -> Notifications).",
       [](Config& c) -> Field { return &c.mail.expiry_scan_interval_seconds; },
       [](const Config& c) { return InRange(c.mail.expiry_scan_interval_seconds, 1, 86400); }},
      {"mail", "expired_lookback_days",
       "How long after expiry an \"SSL Expired\" rule still notices a certificate.",
       [](Config& c) -> Field { return &c.mail.expired_lookback_days; },
       [](const Config& c) { return InRange(c.mail.expired_lookback_days, 1, 3650); }},
      {"mail", "test_exit_after_send",
       "Test mode only: exit once the SMTP server accepted a message, before the outbox\n"
       "# records it (a crash between delivery and acknowledgement).",
       [](Config& c) -> Field { return &c.mail.test_exit_after_send; }},
      {"jobs", "lease_seconds",
       "The shortest lease a node takes on a scheduled job (longer for jobs that run less\n"
       "# often): a node that dies mid-run holds its job this long. Runs must end sooner.",
       [](Config& c) -> Field { return &c.jobs.lease_seconds; },
       [](const Config& c) { return InRange(c.jobs.lease_seconds, 5, 3600); }},
      {"acme", "eab_directory",
       "The ACME directory (RFC 8555) whose clients register with External Account Binding\n"
       "# credentials of an ACME account (/acme/<name>/directory); empty = none.",
       [](Config& c) -> Field { return &c.acme.eab_directory; },
       [](const Config& c) -> std::optional<std::string> {
         for (char ch : c.acme.eab_directory) {
           if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') {
             return "must be letters, digits, - and _";
           }
         }
         return std::nullopt;
       }},
      {"acme", "open_directories",
       "ACME directories without EAB, each bound to one organization or department, as\n"
       "# \"name=orgId\", e.g. [\"campus=12\"] serves /acme/campus/directory for org 12.",
       [](Config& c) -> Field { return &c.acme.open_directories; },
       [](const Config& c) -> std::optional<std::string> {
         for (const auto& d : c.acme.open_directories) {
           auto eq = d.find('=');
           std::int64_t id = 0;
           auto digits = std::string_view(d).substr(eq == std::string::npos ? d.size() : eq + 1);
           auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
           if (eq == std::string::npos || eq == 0 || ec != std::errc() ||
               ptr != digits.data() + digits.size() || id <= 0 ||
               d.substr(0, eq) == c.acme.eab_directory) {
             return "each must be \"name=orgId\" with a name other than eab_directory's";
           }
         }
         return std::nullopt;
       }},
      {"acme", "challenges",
       "Names under a domain delegated to an account's scope but not validated yet get\n"
       "# http-01 and dns-01 challenges (a pass is a domain validation); false = refused.",
       [](Config& c) -> Field { return &c.acme.challenges; }},
      {"acme", "nonce_lifetime_seconds", "How long a Replay-Nonce stays good.",
       [](Config& c) -> Field { return &c.acme.nonce_lifetime_seconds; },
       [](const Config& c) { return InRange(c.acme.nonce_lifetime_seconds, 10, 86400); }},
      {"acme", "order_lifetime_days", "How long an order waits to be finalized.",
       [](Config& c) -> Field { return &c.acme.order_lifetime_days; },
       [](const Config& c) { return InRange(c.acme.order_lifetime_days, 1, 30); }},
      {"acme", "reject_nonce_every",
       "Test mode only: refuse every Nth good nonce with badNonce (as Pebble does); 0 = never.",
       [](Config& c) -> Field { return &c.acme.reject_nonce_every; },
       [](const Config& c) -> std::optional<std::string> {
         // At most 10 %: clients retry a bad nonce, certbot only once.
         if (c.acme.reject_nonce_every != 0 && c.acme.reject_nonce_every < 10) {
           return "must be 0, or 10 or more (at most one nonce in ten)";
         }
         return std::nullopt;
       }},
      {"log", "level", "trace, debug, info, warn, error, critical or off.",
       [](Config& c) -> Field { return &c.log.level; },
       [](const Config& c) {
         return OneOf(c.log.level, {"trace", "debug", "info", "warn", "error", "critical", "off"});
       }},
  };
  return kKeys;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string KeyName(const Key& k) {
  return std::string(k.section) + "." + std::string(k.name);
}

core::Error ConfigError(const std::string& key, const std::string& why) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kBadConfig, key + ": " + why);
}

// Parses environment text into the field's type.
std::optional<std::string> SetFromText(Field field, const std::string& text) {
  return std::visit(
      [&](auto* p) -> std::optional<std::string> {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, std::string>) {
          *p = text;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          std::int64_t v = 0;
          auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
          if (ec != std::errc() || ptr != text.data() + text.size()) {
            return "'" + text + "' is not an integer";
          }
          *p = v;
        } else if constexpr (std::is_same_v<T, bool>) {
          if (text == "true" || text == "1" || text == "yes")
            *p = true;
          else if (text == "false" || text == "0" || text == "no")
            *p = false;
          else
            return "'" + text + "' is not true or false";
        } else {
          p->clear();
          std::stringstream in(text);
          for (std::string item; std::getline(in, item, ',');) {
            auto b = item.find_first_not_of(" \t");
            auto e = item.find_last_not_of(" \t");
            if (b != std::string::npos) p->push_back(item.substr(b, e - b + 1));
          }
        }
        return std::nullopt;
      },
      field);
}

// Reads a TOML node into the field's type; TOML's own types must match.
std::optional<std::string> SetFromToml(Field field, const toml::node& node) {
  return std::visit(
      [&](auto* p) -> std::optional<std::string> {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          const auto* arr = node.as_array();
          if (arr == nullptr) return "must be an array of strings";
          p->clear();
          for (const auto& item : *arr) {
            auto s = item.value<std::string>();
            if (!s) return "must be an array of strings";
            p->push_back(*s);
          }
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          if (!node.is_integer()) return "must be an integer";
          *p = *node.value<std::int64_t>();
        } else if constexpr (std::is_same_v<T, bool>) {
          if (!node.is_boolean()) return "must be true or false";
          *p = *node.value<bool>();
        } else {
          if (!node.is_string()) return "must be a string";
          *p = *node.value<std::string>();
        }
        return std::nullopt;
      },
      field);
}

std::string TomlString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string ToToml(Field field) {
  return std::visit(
      [](auto* p) -> std::string {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, std::string>)
          return TomlString(*p);
        else if constexpr (std::is_same_v<T, std::int64_t>)
          return std::to_string(*p);
        else if constexpr (std::is_same_v<T, bool>)
          return *p ? "true" : "false";
        else {
          std::string out = "[";
          for (std::size_t i = 0; i < p->size(); ++i) out += (i ? ", " : "") + TomlString((*p)[i]);
          return out + "]";
        }
      },
      field);
}

core::Result<void> ApplyFile(Config& config, const std::filesystem::path& file) {
  toml::table table;
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << e.source().begin;
    return core::Fail(
        ConfigError(file.string(), std::string(e.description()) + " at " + where.str()));
  }
  for (const auto& [section, value] : table) {
    const auto* keys = value.as_table();
    bool known_section = false;
    for (const auto& k : Keys()) known_section |= k.section == section.str();
    if (!known_section || keys == nullptr) {
      return core::Fail(ConfigError(std::string(section.str()), "unknown section"));
    }
    for (const auto& [name, node] : *keys) {
      const Key* key = nullptr;
      for (const auto& k : Keys()) {
        if (k.section == section.str() && k.name == name.str()) key = &k;
      }
      std::string full = std::string(section.str()) + "." + std::string(name.str());
      if (key == nullptr) return core::Fail(ConfigError(full, "unknown key"));
      if (auto why = SetFromToml(key->field(config), node)) {
        return core::Fail(ConfigError(full, *why));
      }
    }
  }
  return core::Ok();
}

core::Result<void> ApplyEnvironment(Config& config, const Environment& env) {
  for (const auto& [var, value] : env) {
    if (!var.starts_with("CERTKEEP_")) continue;
    const Key* key = nullptr;
    bool known_section = false;
    for (const auto& k : Keys()) {
      std::string prefix = "CERTKEEP_" + Upper(k.section) + "_";
      if (!var.starts_with(prefix)) continue;
      known_section = true;
      if (var == prefix + Upper(k.name)) key = &k;
    }
    if (key == nullptr) {
      // CERTKEEP_CONFIG, CERTKEEP_TEST_* and the like are not configuration keys.
      if (known_section) return core::Fail(ConfigError(var, "no such configuration key"));
      continue;
    }
    if (auto why = SetFromText(key->field(config), value)) {
      return core::Fail(ConfigError(KeyName(*key) + " (from " + var + ")", *why));
    }
  }
  return core::Ok();
}

}  // namespace

std::filesystem::path Config::InDataDir(const std::string& path) const {
  std::filesystem::path p(path);
  return p.is_absolute() ? p : std::filesystem::path(server.data_dir) / p;
}

Environment ProcessEnvironment() {
  Environment env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string_view::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

core::Result<Config> LoadConfig(const std::optional<std::filesystem::path>& file,
                                const Environment& env) {
  Config config;
  if (file) {
    if (!std::filesystem::exists(*file)) {
      return core::Fail(ConfigError(file->string(), "configuration file not found"));
    }
    if (auto r = ApplyFile(config, *file); !r) return core::Fail(r.error());
  }
  if (auto r = ApplyEnvironment(config, env); !r) return core::Fail(r.error());
  for (const auto& key : Keys()) {
    if (key.check == nullptr) continue;
    if (auto why = key.check(config)) return core::Fail(ConfigError(KeyName(key), *why));
  }
  return config;
}

std::string DefaultConfigToml(const std::string& data_dir) {
  Config defaults;
  defaults.server.data_dir = data_dir;
  std::string out =
      "# certkeep configuration. Every key can be overridden by an environment variable\n"
      "# CERTKEEP_<SECTION>_<KEY>, e.g. CERTKEEP_HTTP_LISTEN=0.0.0.0:8443.\n";
  std::string_view section;
  for (const auto& key : Keys()) {
    if (key.section != section) {
      section = key.section;
      out += "\n[" + std::string(section) + "]\n";
    }
    out += "# " + std::string(key.doc) + "\n";
    out += (key.commented_out ? "# " : "") + std::string(key.name) + " = " +
           ToToml(key.field(defaults)) + "\n";
  }
  return out;
}

}  // namespace certkeep::cli
