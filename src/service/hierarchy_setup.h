#pragma once
// Use cases that set up certkeep's own PKI: the root and issuing CA at `init`, and the
// TLS server certificate of certkeep's HTTPS listener at every start.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "pki/file_key_store.h"
#include "pki/hierarchy.h"
#include "service/key_ring.h"
#include "store/store.h"

namespace certkeep::service {

/// A CA key that already exists (in a PKCS#11 token, say), with the ref to store.
struct ExistingKey {
  std::string key_ref{};
  std::shared_ptr<const pki::PrivateKey> key{};
};

/// What `init` creates.
struct HierarchyOptions {
  /// Keys to use instead of generating them into the file key store.
  std::optional<ExistingKey> root_key{};
  std::optional<ExistingKey> issuing_key{};
  pki::KeyAlgorithm algorithm = pki::KeyAlgorithm::kEcP256;
  pki::CaName root_name{};
  pki::CaName issuing_name{};
  std::chrono::days root_validity{3650};
  std::chrono::days issuing_validity{1825};
};

/// The CAs as they now stand.
struct HierarchySummary {
  core::CertificateAuthority root;
  core::CertificateAuthority issuing;
  bool created = false;  ///< false when the store already had them
};

/// Creates the root and issuing CA (keys into `keys`, rows and audit records in one
/// transaction), unless the store already has a root: then returns what is there.
[[nodiscard]] core::Result<HierarchySummary> EnsureHierarchy(store::Store& store,
                                                             pki::FileKeyStore& keys,
                                                             const core::Clock& clock,
                                                             core::RandomSource& random,
                                                             const HierarchyOptions& options);

/// Adds another issuing CA under the root, named `name` (e.g. "issuing-2"), with a new
/// file key or an existing (token) key.
[[nodiscard]] core::Result<core::CertificateAuthority> AddIssuingCa(
    store::Store& store, pki::FileKeyStore& keys, KeyRing& ring, const core::Clock& clock,
    core::RandomSource& random, const std::string& name, const pki::CaName& subject,
    std::chrono::days validity, pki::KeyAlgorithm algorithm, const std::optional<ExistingKey>& key);

/// What `ca import` brings in: an existing CA certificate and its key.
struct ImportedCa {
  std::string name{};
  std::string certificate_pem{};
  ExistingKey key{};        ///< a token key (key_ref "pkcs11:...") or a key to store as a file
  bool key_is_file = true;  ///< write `key` encrypted into the key store
};

/// Imports an existing CA: a self-signed one becomes a root; any other must be signed by
/// a CA already in the store, which becomes its parent. The key must match the certificate.
[[nodiscard]] core::Result<core::CertificateAuthority> ImportCa(store::Store& store,
                                                                pki::FileKeyStore& keys,
                                                                const core::Clock& clock,
                                                                const ImportedCa& ca);

/// Where the TLS server certificate lives and what it must cover.
struct ServerCertificateOptions {
  std::vector<std::string> dns_names{};
  std::vector<std::string> ip_addresses{};
  std::filesystem::path chain_file{};  ///< leaf + issuing CA, PEM
  std::filesystem::path key_file{};    ///< unencrypted, 0600
  std::chrono::days validity{90};
  std::chrono::days renew_before{30};
};

/// Issues a new server certificate from the issuing CA unless the one on disk still
/// covers the names for longer than `renew_before`. Returns true if it issued one.
[[nodiscard]] core::Result<bool> EnsureServerCertificate(store::Store& store, KeyRing& keys,
                                                         const core::Clock& clock,
                                                         core::RandomSource& random,
                                                         const ServerCertificateOptions& options);

}  // namespace certkeep::service
