#pragma once
// The ACME server's orders (RFC 8555 §7.4, §7.5, §7.6): an account orders names in its
// scope; names the scope has validated already get authorizations that are valid at once
// (as SCM does); a name the scope has not validated is refused until challenges come
// (TODO(#9): http-01, dns-01, tls-alpn-01 for names under a delegated domain); finalize hands the
// CSR to the CA through SslCertificates, so the certificate joins the SSL list; the account
// downloads and may revoke it.

#include <optional>
#include <string>
#include <vector>

#include "core/acme.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "dcv/acme_challenge.h"
#include "service/acme_accounts.h"
#include "service/issuance_gate.h"
#include "service/ssl_certificates.h"
#include "store/store.h"

namespace certkeep::service {

/// An order and the ids of its authorizations, as the order object shows them.
struct OrderView {
  core::AcmeOrder order;
  std::vector<core::AcmeAuthorizationId> authorizations;
  std::string profile;  ///< the profile's name
};

/// A page of an account's orders list (RFC 8555 §7.1.2.1).
struct OrderPage {
  std::vector<core::AcmeOrderId> orders;
  std::optional<core::AcmeOrderId> next_after;  ///< where the next page starts, if any
};

/// The core error an invalid order or challenge keeps in its `error` (JSON of its code,
/// reason and detail), for the edge to render as a problem document.
[[nodiscard]] std::optional<core::Error> StoredError(const std::string& stored);

/// An authorization and its challenges.
struct AuthorizationView {
  core::AcmeAuthorization authorization;
  std::vector<core::AcmeChallenge> challenges;
};

/// A challenge and the authorization it belongs to.
struct ChallengeView {
  core::AcmeChallenge challenge;
  core::AcmeAuthorization authorization;
};

/// When a certificate should be renewed (RFC 9773 §4.2).
struct RenewalWindow {
  core::TimePoint start{};
  core::TimePoint end{};
};

/// A newOrder's payload as the edge read it.
/// An ARI certificate identifier (RFC 9773 §4.1): base64url(the authority key identifier's
/// keyIdentifier) "." base64url(the serial number's DER content octets).
struct CertId {
  std::string text{};  ///< as the client wrote it
  std::string authority_key_id{};
  std::string serial{};
};

/// `text` as a CertId, or nothing when it is not one.
[[nodiscard]] std::optional<CertId> ParseCertId(std::string_view text);

struct NewOrderRequest {
  std::vector<std::string> identifiers{};  ///< dns values; the edge refused other types
  std::string profile{};                   ///< "" = the default
  bool has_validity = false;               ///< notBefore or notAfter sent
  std::optional<CertId> replaces{};        ///< RFC 9773 §5: the certificate it replaces
};

class AcmeOrders {
 public:
  /// `check` null: no challenges are offered.
  AcmeOrders(store::Store& store, const core::Clock& clock, core::RandomSource& random,
             SslCertificates& ssl, IssuanceGate& gate, dcv::ChallengeCheck* check,
             AcmeOptions options)
      : store_(store),
        clock_(clock),
        random_(random),
        ssl_(ssl),
        gate_(gate),
        check_(check),
        options_(options) {}

  /// The SSL profiles an order may name (the directory's meta.profiles), name → description.
  [[nodiscard]] core::Result<std::vector<std::pair<std::string, std::string>>> Profiles();

  /// newOrder: every name checked against the account's scope; rejectedIdentifier for one
  /// outside it, nothing stored.
  [[nodiscard]] core::Result<OrderView> Create(const core::AcmeAccount& account,
                                               const NewOrderRequest& request);
  /// The account's order `id` (NotFound for another account's).
  [[nodiscard]] core::Result<OrderView> Get(const core::AcmeAccount& account, core::AcmeOrderId id);
  /// A page of the account's orders after `after`: of `limit` orders, those not invalid.
  [[nodiscard]] core::Result<OrderPage> List(const core::AcmeAccount& account,
                                             core::AcmeOrderId after, int limit);
  [[nodiscard]] core::Result<AuthorizationView> Authorization(const core::AcmeAccount& account,
                                                              core::AcmeAuthorizationId id);
  /// RFC 8555 §7.5.2: the client gives an authorization up.
  [[nodiscard]] core::Result<AuthorizationView> Deactivate(const core::AcmeAccount& account,
                                                           core::AcmeAuthorizationId id);
  /// The account's challenge `id`, with its authorization.
  [[nodiscard]] core::Result<ChallengeView> Challenge(const core::AcmeAccount& account,
                                                      core::AcmeChallengeId id);
  /// RFC 8555 §7.5.1: the client says its answer is in place. It is looked at now; a pass
  /// makes the authorization valid and is recorded as a domain validation of the
  /// account's customer, a failure makes challenge and authorization invalid.
  [[nodiscard]] core::Result<ChallengeView> Respond(const core::AcmeAccount& account,
                                                    core::AcmeChallengeId id,
                                                    const std::string& source);
  /// RFC 8555 §7.4: the CSR (DER) of a ready order goes to the CA; the order is valid with
  /// its certificate when this returns. `account_spki_der`: the account key, which the
  /// CSR's must differ from.
  [[nodiscard]] core::Result<OrderView> Finalize(const core::AcmeAccount& account,
                                                 core::AcmeOrderId id, const std::string& csr_der,
                                                 const std::string& account_spki_der,
                                                 const std::string& source);
  /// revokeCert (RFC 8555 §7.6): signed by `account` (kid), or else by the certificate's
  /// own key (`signer_spki_der`, from the jwk). The account whose order issued it, an
  /// account whose scope may have every name of it at once (it "holds authorizations for
  /// all of the identifiers"), and the certificate's key may revoke it.
  [[nodiscard]] core::Result<void> Revoke(const std::optional<core::AcmeAccount>& account,
                                          const std::string& signer_spki_der,
                                          const std::string& certificate_der, int reason,
                                          const std::string& source);
  /// ARI (RFC 9773): the window to renew the certificate `id` names. The last third of its
  /// validity, the start a sixth of it later; once revoked (its key compromised, say), a window
  /// already past, so clients renew at once. NotFound for a certificate this CA did not issue.
  [[nodiscard]] core::Result<RenewalWindow> RenewalInfo(const CertId& id);
  /// The certificate `id` as PEM chain (`alternate` 0: the CA's own; 1..: through a
  /// cross-certificate), if one of the account's orders issued it.
  [[nodiscard]] core::Result<PemChainView> Certificate(const core::AcmeAccount& account,
                                                       core::SslId id, std::size_t alternate = 0);

 private:
  // The certificate this CA issued that `id` names, or NotFound.
  static core::Result<core::CertificateRecord> Named(store::Transaction& tx, const CertId& id);
  // newOrder's "replaces" (RFC 9773 §5): the SSL certificate `id` names, issued to
  // `account` on an order sharing a name with `identifiers`, and replaced by no other order
  // that is not invalid (kAcmeAlreadyReplaced).
  core::Result<core::SslId> Replaceable(store::Transaction& tx, const core::AcmeAccount& account,
                                        const CertId& id,
                                        const std::vector<std::string>& identifiers);
  // The authorization `id` of `account`, expired if past its time.
  core::Result<core::AcmeAuthorization> OwnedAuthorization(store::Transaction& tx,
                                                           const core::AcmeAccount& account,
                                                           core::AcmeAuthorizationId id);
  // The order's status recomputed from its authorizations (and stored if it moved).
  core::Result<OrderView> Refreshed(store::Transaction& tx, core::AcmeOrder order);

  store::Store& store_;
  const core::Clock& clock_;
  core::RandomSource& random_;
  SslCertificates& ssl_;
  IssuanceGate& gate_;
  dcv::ChallengeCheck* check_;  // null: no challenges are offered
  AcmeOptions options_;
};

}  // namespace certkeep::service
