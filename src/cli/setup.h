#pragma once
// Steps shared by `init` and `serve`: reading configuration, the CA passphrase, the
// store, and creating the data directory's first state.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "auth/password_hasher.h"
#include "cli/config.h"
#include "core/clock.h"
#include "core/random.h"
#include "pki/file_key_store.h"
#include "pki/pkcs11_key_store.h"
#include "service/customers.h"
#include "service/hierarchy_setup.h"
#include "store/store.h"

namespace certkeep::cli {

/// Where the configuration comes from, as given on the command line.
struct ConfigSource {
  std::optional<std::filesystem::path> file;  ///< --config, else CERTKEEP_CONFIG
  std::optional<std::string> data_dir;        ///< --data-dir (wins over file and env)
};

/// Loads the configuration: --config / CERTKEEP_CONFIG, else <data_dir>/certkeep.toml
/// if it exists, then the environment, then --data-dir.
[[nodiscard]] core::Result<Config> LoadFor(const ConfigSource& source);

/// Opens the store the configuration names, applying migrations.
[[nodiscard]] core::Result<std::unique_ptr<store::Store>> OpenConfiguredStore(
    const Config& config, const core::Clock& clock);

/// What `init` did, for the message printed to the operator.
struct InitReport {
  std::filesystem::path config_file;
  std::filesystem::path root_certificate;
  std::filesystem::path passphrase_file;  ///< empty when the passphrase came from config
  bool wrote_config = false;
  bool generated_passphrase = false;
  bool created_hierarchy = false;
  int added_profiles = 0;
  bool generated_checkpoint_key = false;
  std::optional<service::DemoTenant> demo{};  ///< created on this run: its one-time password
};

/// The password hasher the configuration asks for.
[[nodiscard]] core::Result<std::unique_ptr<auth::PasswordHasher>> MakePasswordHasher(
    const Config& config, core::RandomSource& random);

/// The key that signs audit checkpoints (auth.checkpoint_key_file).
[[nodiscard]] core::Result<pki::PrivateKey> LoadCheckpointKey(const Config& config);

/// Makes the data directory ready: config file, passphrase, store, CA hierarchy, and
/// the root certificate as a PEM file. Idempotent: existing state is kept. Keys given in
/// `existing` (held in a PKCS#11 token) are used instead of generated ones.
[[nodiscard]] core::Result<InitReport> InitializeDataDir(
    Config& config, const core::Clock& clock, core::RandomSource& random, store::Store& store,
    const service::HierarchyOptions* existing = nullptr);

/// The PKCS#11 key store of ca.pkcs11_module, or null when none is configured.
[[nodiscard]] core::Result<std::unique_ptr<pki::Pkcs11KeyStore>> OpenTokens(const Config& config);

/// The CA key store with the configured passphrase (which must exist by now).
[[nodiscard]] core::Result<pki::FileKeyStore> OpenKeyStore(const Config& config);

/// Prints what init did in words an operator can act on.
void PrintInitReport(const InitReport& report);

}  // namespace certkeep::cli
