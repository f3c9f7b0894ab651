#pragma once
// CA private keys in PKCS#11 tokens (an HSM, or SoftHSM2 in tests), addressed by RFC 7512
// `pkcs11:` URIs and used through libp11's "pkcs11" OpenSSL engine. The key never leaves
// the token: OpenSSL asks the token to sign.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "pki/key.h"

namespace certkeep::pki {

/// Keys held in PKCS#11 tokens, used through libp11's "pkcs11" OpenSSL engine.
///
/// The engine for a module is loaded at the first Open and stays loaded for the life of
/// the process (libp11 cannot unload it once it served a key): keys and certificates made
/// with them may outlive the store, and stores for one module share the engine. The
/// module reads its configuration (e.g. SOFTHSM2_CONF) once, at the first Load.
/// Once a token is logged in, it stays logged in for the process: a later Load of a key
/// on it succeeds whatever PIN its URI gives.
class Pkcs11KeyStore {
 public:
  /// Loads the engine for `module_path`, e.g. /usr/lib/softhsm/libsofthsm2.so (config
  /// [ca] pkcs11_module). The module itself is loaded at the first Load.
  [[nodiscard]] static core::Result<std::unique_ptr<Pkcs11KeyStore>> Open(std::string module_path);

  /// Loads the private key `uri` names ("pkcs11:token=...;object=...;type=private"). The
  /// token is addressed by label (token=), never by slot. The PIN comes from pin-value or
  /// pin-source ("file:/path", or certkeep's extension "env:VAR"); a URI without a PIN is
  /// refused, so the engine never prompts. Errors show the URI without pin-value/pin-source.
  [[nodiscard]] core::Result<PrivateKey> Load(const std::string& uri) const;

  /// The loaded engine; defined in pkcs11_key_store.cpp.
  struct Engine;

 private:
  explicit Pkcs11KeyStore(Engine* engine) : engine_(engine) {}
  Engine* engine_;  // lives for the process
};

/// The URI with pin-value removed, for logs. Everything else is kept, pin-source too: it
/// says where the PIN is, not what it is.
[[nodiscard]] std::string RedactPkcs11Uri(std::string_view uri);

}  // namespace certkeep::pki
