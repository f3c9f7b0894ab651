#pragma once
// What an operator command needs: configuration, the store, the CA keys and the issuer,
// opened from the same data directory `serve` uses.

#include <memory>
#include <optional>

#include "cli/setup.h"
#include "pki/random.h"
#include "service/issuer.h"
#include "service/key_ring.h"

namespace certkeep::cli {

/// The wired objects of one operator command.
struct Operator {
  Config config;
  core::SystemClock clock;
  pki::OpenSslRandom random;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<pki::FileKeyStore> key_files;
  std::unique_ptr<pki::Pkcs11KeyStore> tokens;
  std::unique_ptr<service::KeyRing> keys;
  std::unique_ptr<service::Issuer> issuer;
};

/// Opens everything, initialising a fresh data directory first (with `existing` keys if
/// given).
[[nodiscard]] core::Result<std::unique_ptr<Operator>> OpenOperator(
    const ConfigSource& source, const service::HierarchyOptions* existing = nullptr,
    const std::optional<std::string>& key_algorithm = std::nullopt);

/// Prints `e` for the operator (its internal text too for internal errors) and returns
/// the command's exit status: 2 for bad configuration, else 1.
int Report(const core::Error& e);

/// Writes a command's output to stdout (`out_file` empty or "-") or atomically to a file
/// readable by others (a certificate, a chain, a CRL); returns the exit status.
int Output(const std::string& out_file, const std::string& body);

/// The URL relying parties use for CRLs, OCSP and CA certificates, from the config.
[[nodiscard]] std::string PublicBaseUrl(const Config& config);

}  // namespace certkeep::cli
