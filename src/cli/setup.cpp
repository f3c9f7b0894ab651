#include "cli/setup.h"

#include <iostream>

#include "service/issuer.h"

namespace certkeep::cli {

namespace fs = std::filesystem;

namespace {

constexpr auto kPrivate = fs::perms::owner_read | fs::perms::owner_write;

core::Result<std::string> ReadPassphrase(const Config& config) {
  if (!config.ca.passphrase.empty()) return config.ca.passphrase;
  auto path = config.InDataDir(config.ca.passphrase_file);
  auto text = pki::ReadFile(path);
  if (!text) {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kBadPassphrase,
                      "the CA key passphrase is missing: set ca.passphrase_file or "
                      "CERTKEEP_CA_PASSPHRASE (looked for " +
                          path.string() + ")");
  }
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  if (text->empty()) {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kBadPassphrase,
                      "the CA key passphrase file " + path.string() + " is empty");
  }
  return *text;
}

bool IsInside(const fs::path& child, const fs::path& dir) {
  auto c = fs::weakly_canonical(child);
  auto d = fs::weakly_canonical(dir);
  auto [dend, cit] = std::mismatch(d.begin(), d.end(), c.begin(), c.end());
  return dend == d.end();
}

}  // namespace

core::Result<Config> LoadFor(const ConfigSource& source) {
  auto env = ProcessEnvironment();
  if (source.data_dir) env["CERTKEEP_SERVER_DATA_DIR"] = *source.data_dir;
  std::optional<fs::path> file = source.file;
  if (!file) {
    if (auto it = env.find("CERTKEEP_CONFIG"); it != env.end() && !it->second.empty()) {
      file = it->second;
    }
  }
  if (!file) {
    auto it = env.find("CERTKEEP_SERVER_DATA_DIR");
    fs::path dir = it != env.end() ? fs::path(it->second) : fs::path(Config().server.data_dir);
    if (fs::exists(dir / "certkeep.toml")) file = dir / "certkeep.toml";
  }
  return LoadConfig(file, env);
}

core::Result<std::unique_ptr<store::Store>> OpenConfiguredStore(const Config& config,
                                                                const core::Clock& clock) {
  store::StoreOptions options;
  options.pool_size = static_cast<int>(config.store.pool_size);
  options.busy_timeout_ms = static_cast<int>(config.store.busy_timeout_ms);
  if (config.store.backend == "postgres") {
    options.backend = store::StoreOptions::Backend::kPostgres;
    options.postgres_dsn = config.store.postgres_dsn;
  } else {
    std::error_code ec;
    fs::create_directories(config.server.data_dir, ec);
    options.sqlite_path = config.InDataDir(config.store.sqlite_path).string();
  }
  return store::OpenStore(options, clock);
}

core::Result<pki::FileKeyStore> OpenKeyStore(const Config& config) {
  auto passphrase = ReadPassphrase(config);
  if (!passphrase) return core::Fail(passphrase.error());
  return pki::FileKeyStore(config.InDataDir(config.ca.key_dir), *passphrase);
}

core::Result<std::unique_ptr<pki::Pkcs11KeyStore>> OpenTokens(const Config& config) {
  if (config.ca.pkcs11_module.empty()) return std::unique_ptr<pki::Pkcs11KeyStore>();
  return pki::Pkcs11KeyStore::Open(config.ca.pkcs11_module);
}

core::Result<InitReport> InitializeDataDir(Config& config, const core::Clock& clock,
                                           core::RandomSource& random, store::Store& store,
                                           const service::HierarchyOptions* existing) {
  InitReport report;
  fs::path dir = config.server.data_dir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::permissions(dir, fs::perms::owner_all, ec);

  report.config_file = dir / "certkeep.toml";
  if (!fs::exists(report.config_file)) {
    auto text = DefaultConfigToml(fs::absolute(dir).lexically_normal().string());
    if (auto r = pki::WriteFileAtomically(report.config_file, text, kPrivate); !r) {
      return core::Fail(r.error());
    }
    report.wrote_config = true;
  }

  if (config.ca.passphrase.empty()) {
    report.passphrase_file = config.InDataDir(config.ca.passphrase_file);
    if (IsInside(report.passphrase_file, config.InDataDir(config.ca.key_dir))) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadConfig,
                        "ca.passphrase_file: must not be inside ca.key_dir");
    }
    if (!fs::exists(report.passphrase_file)) {
      auto secret = core::RandomToken(random, 32) + "\n";
      if (auto r = pki::WriteFileAtomically(report.passphrase_file, secret, kPrivate); !r) {
        return core::Fail(r.error());
      }
      fs::permissions(report.passphrase_file.parent_path(), fs::perms::owner_all, ec);
      report.generated_passphrase = true;
    }
  }

  auto keys = OpenKeyStore(config);
  if (!keys) return core::Fail(keys.error());
  auto algorithm = pki::ParseKeyAlgorithm(config.ca.key_algorithm);
  if (!algorithm) return core::Fail(algorithm.error());
  service::HierarchyOptions options{
      .algorithm = *algorithm,
      .root_name = {config.ca.root_common_name, config.ca.organization, config.ca.country},
      .issuing_name = {config.ca.issuing_common_name, config.ca.organization, config.ca.country},
      .root_validity = std::chrono::days(config.ca.root_validity_days),
      .issuing_validity = std::chrono::days(config.ca.issuing_validity_days)};
  if (existing != nullptr) {
    options.root_key = existing->root_key;
    options.issuing_key = existing->issuing_key;
  }
  auto hierarchy = service::EnsureHierarchy(store, *keys, clock, random, options);
  if (!hierarchy) return core::Fail(hierarchy.error());
  report.created_hierarchy = hierarchy->created;
  auto profiles = service::EnsureDefaultProfiles(store, clock);
  if (!profiles) return core::Fail(profiles.error());
  report.added_profiles = *profiles;

  auto checkpoint_key = config.InDataDir(config.auth.checkpoint_key_file);
  if (!fs::exists(checkpoint_key)) {
    auto key = pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256);
    if (!key) return core::Fail(key.error());
    auto pem = key->ToPem();
    if (!pem) return core::Fail(pem.error());
    if (auto r = pki::WriteFileAtomically(checkpoint_key, *pem, kPrivate); !r) {
      return core::Fail(r.error());
    }
    report.generated_checkpoint_key = true;
  }
  auto hasher = MakePasswordHasher(config, random);
  if (!hasher) return core::Fail(hasher.error());
  auto demo = service::EnsureDemoTenant(store, clock, random, **hasher);
  if (!demo) return core::Fail(demo.error());
  report.demo = std::move(*demo);

  report.root_certificate = dir / "ca" / "root.pem";
  auto world_readable = kPrivate | fs::perms::group_read | fs::perms::others_read;
  if (auto r = pki::WriteFileAtomically(report.root_certificate, hierarchy->root.certificate_pem,
                                        world_readable);
      !r) {
    return core::Fail(r.error());
  }
  return report;
}

void PrintInitReport(const InitReport& report) {
  if (report.wrote_config)
    std::cout << "wrote configuration " << report.config_file.string() << "\n";
  if (report.generated_passphrase) {
    std::cout << "generated the CA key passphrase into " << report.passphrase_file.string()
              << " (mode 0600); back it up apart from the CA keys\n";
  }
  if (report.created_hierarchy) std::cout << "created the root CA and the issuing CA\n";
  if (report.added_profiles > 0) {
    std::cout << "added " << report.added_profiles << " certificate profiles\n";
  }
  std::cout << "root CA certificate: " << report.root_certificate.string() << "\n";
  if (report.demo) {
    // Shown once, here, and never logged: the MRAO must change it at first login.
    std::cout << "created the demo tenant: customerUri=" << report.demo->customer_uri
              << ", organization '" << report.demo->organization << "', department '"
              << report.demo->department << "'\n"
              << "demo MRAO: login=" << report.demo->login
              << " one-time password=" << report.demo->password
              << " (change it at first login: POST /api/admin/v1/changepassword)\n";
  }
}

core::Result<std::unique_ptr<auth::PasswordHasher>> MakePasswordHasher(const Config& config,
                                                                       core::RandomSource& random) {
  auto hasher = auth::PasswordHasher::Create(
      {.t_cost = static_cast<std::uint32_t>(config.auth.argon2_iterations),
       .m_cost_kib = static_cast<std::uint32_t>(config.auth.argon2_memory_kib),
       .parallelism = 1},
      random);
  if (!hasher) return core::Fail(hasher.error());
  return std::make_unique<auth::PasswordHasher>(std::move(*hasher));
}

core::Result<pki::PrivateKey> LoadCheckpointKey(const Config& config) {
  auto pem = pki::ReadFile(config.InDataDir(config.auth.checkpoint_key_file));
  if (!pem) return core::Fail(pem.error());
  return pki::PrivateKey::FromPem(*pem, "");
}

}  // namespace certkeep::cli
