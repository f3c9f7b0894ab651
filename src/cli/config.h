#pragma once
// certkeep's configuration: one TOML file, every key overridable by an environment
// variable CERTKEEP_<SECTION>_<KEY> (upper case). Every key is declared once, in the
// table in config.cpp, with its default and its comment; `certkeep init` writes the
// commented default file from that same table.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace certkeep::cli {

struct Config {
  struct Server {
    std::string data_dir = "var";
  } server;
  struct Http {
    std::string listen = "127.0.0.1:8443";
    std::string plain_listen = "127.0.0.1:8080";
    std::vector<std::string> server_names{"localhost"};
    std::int64_t threads = 0;
    std::int64_t max_body_bytes = 1 << 20;
    std::int64_t max_header_bytes = 16 << 10;
    std::int64_t request_timeout_ms = 30'000;
    std::int64_t idle_timeout_ms = 60'000;
    std::int64_t shutdown_grace_ms = 10'000;
    std::int64_t max_connections = 1024;
    bool access_log = true;
    std::string public_url;
    std::string client_ca_file = "ca/root.pem";
    std::string web_root;
  } http;
  struct Store {
    std::string backend = "sqlite";
    std::string sqlite_path = "certkeep.db";
    std::string postgres_dsn;
    std::int64_t pool_size = 8;
    std::int64_t busy_timeout_ms = 5000;
  } store;
  struct Ca {
    std::string key_algorithm = "ec-p256";
    std::string key_dir = "ca/keys";
    std::string passphrase_file = "secrets/ca-passphrase";
    std::string passphrase;
    std::string organization = "certkeep";
    std::string country;
    std::string root_common_name = "certkeep Root CA";
    std::string issuing_common_name = "certkeep Issuing CA 1";
    std::int64_t root_validity_days = 7305;
    std::int64_t issuing_validity_days = 1826;
    std::string public_url = "http://localhost:8080";
    std::string pkcs11_module;
  } ca;
  struct Auth {
    std::int64_t argon2_memory_kib = 65536;  // RFC 9106 §4's second choice: 64 MiB, t=3
    std::int64_t argon2_iterations = 3;
    std::int64_t max_failed_logins = 5;
    std::int64_t lockout_seconds = 300;
    std::int64_t max_lockout_seconds = 3600;
    std::int64_t session_idle_seconds = 1800;
    std::int64_t session_absolute_seconds = 43200;
    std::int64_t password_expiry_days = 0;
    std::int64_t credential_cache_seconds = 300;
    std::string checkpoint_key_file = "secrets/audit-checkpoint.key";
  } auth;
  struct Dcv {
    std::string dns_forwarder;
    std::vector<std::string> dns_insecure_domains;
    std::string dns_trust_anchor_file = "/usr/share/dns/root.key";
    std::string cname_zone = "dcv.certkeep.invalid";
    std::string file_second_line = "certkeep";
    std::int64_t validity_days = 397;
    std::int64_t order_lifetime_days = 30;
    std::int64_t recheck_ahead_days = 30;
    std::int64_t check_interval_seconds = 60;
    std::vector<std::string> fetch_allowed_addresses;
    std::int64_t http_port = 80;
    std::int64_t https_port = 443;
    std::int64_t fetch_timeout_seconds = 10;
    std::string https_ca_file;
    std::vector<std::string> caa_issuer_domains;
  } dcv;
  struct Mail {
    std::string smtp_url;
    std::string from = "certkeep <certkeep@localhost>";
    std::string starttls = "if-offered";
    std::string ca_file;
    std::string username;
    std::string password_file;
    std::int64_t max_attempts = 12;
    std::int64_t first_retry_seconds = 30;
    std::int64_t delivery_interval_seconds = 10;
    std::int64_t expiry_scan_interval_seconds = 3600;
    std::int64_t expired_lookback_days = 30;
    bool test_exit_after_send = false;
  } mail;
  struct Jobs {
    std::int64_t lease_seconds = 60;
  } jobs;
  struct Acme {
    std::string eab_directory = "v2";
    std::vector<std::string> open_directories;
    bool challenges = true;
    std::int64_t nonce_lifetime_seconds = 3600;
    std::int64_t order_lifetime_days = 7;
    std::int64_t reject_nonce_every = 0;
  } acme;
  struct Log {
    std::string level = "info";
  } log;

  /// `path` resolved against data_dir unless it is absolute.
  [[nodiscard]] std::filesystem::path InDataDir(const std::string& path) const;
};

/// Environment variables, as a map so tests can supply their own.
using Environment = std::map<std::string, std::string>;

/// The process environment.
[[nodiscard]] Environment ProcessEnvironment();

/// Defaults, then `file` (if given), then CERTKEEP_* variables of `env`; then every
/// value is checked. An error names the key ("http.max_body_bytes: ...").
[[nodiscard]] core::Result<Config> LoadConfig(const std::optional<std::filesystem::path>& file,
                                              const Environment& env);

/// The default configuration as commented TOML; with `data_dir` filled in.
[[nodiscard]] std::string DefaultConfigToml(const std::string& data_dir);

}  // namespace certkeep::cli
