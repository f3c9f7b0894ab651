#pragma once
// The ACME server's one route table (RFC 8555 §7.1): every path of every directory under
// /acme/{directory}/, and the problem+json error shape with a fresh Replay-Nonce on every
// response, errors included (§6.5).

#include <memory>

#include "http/router.h"
#include "service/acme_accounts.h"
#include "service/acme_orders.h"

namespace certkeep::acme {

class KeyCache;

/// What the handlers use; wired in cli/serve.cpp (AddRoutes adds the key cache).
struct AcmeDependencies {
  service::AcmeAccounts& accounts;
  service::AcmeOrders& orders;
  std::shared_ptr<KeyCache> keys{};
};

/// Adds every ACME route and mounts the problem renderer on /acme.
void AddRoutes(http::Router& router, const AcmeDependencies& deps);

}  // namespace certkeep::acme
