// ACME's use cases of issued certificates: revocation (RFC 8555 §7.6), renewal
// information (RFC 9773 §4) and the newOrder field that names what an order replaces (§5).

#include <algorithm>

#include "core/base64.h"
#include "core/random.h"
#include "pki/certificate.h"
#include "service/acme_orders.h"

namespace certkeep::service {

core::Result<void> AcmeOrders::Revoke(const std::optional<core::AcmeAccount>& account,
                                      const std::string& signer_spki_der,
                                      const std::string& certificate_der, int reason,
                                      const std::string& source) {
  auto cert = pki::Certificate::FromDer(certificate_der);
  if (!cert) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadCertificate,
                      "\"certificate\" is not a DER X.509 certificate");
  }
  auto unknown = core::Error(core::ErrorCode::kNotFound, core::Reason::kAcmeNotFound,
                             "this CA issued no such certificate");
  auto decided = store_.Read([&](store::Transaction& tx) -> core::Result<core::SslId> {
    auto record = tx.certificates().FindBySerial(core::NormalizeSerialHex(cert->SerialNumberHex()));
    if (!record) {
      if (record.error().code() == core::ErrorCode::kNotFound) return core::Fail(unknown);
      return core::Fail(record.error());
    }
    // The serial is ours; the certificate must be the very one we signed.
    auto ours = pki::Certificate::FromPem(record->pem);
    if (!ours) return core::Fail(unknown);
    auto our_der = ours->ToDer();
    if (!our_der || *our_der != certificate_der) return core::Fail(unknown);
    auto ssl = tx.ssl().FindByCertificate(*record);
    if (!ssl) {
      if (ssl.error().code() == core::ErrorCode::kNotFound) return core::Fail(unknown);
      return core::Fail(ssl.error());
    }
    bool allowed = false;
    if (account) {
      auto order = tx.acme().OrderOfCertificate(ssl->id);
      if (!order) return core::Fail(order.error());
      allowed = ssl->customer_id == account->customer_id &&
                ((*order && (*order)->account_id == account->id) ||
                 gate_.CheckRegistry(tx, account->customer_id, account->org_id,
                                     core::CertType::kSsl, ssl->names));
    } else {
      auto spki = cert->SpkiDer();
      allowed = spki && !signer_spki_der.empty() && *spki == signer_spki_der;
    }
    if (!allowed) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kAcmeRevocationNotAuthorized,
                        "this account may not revoke this certificate: sign with the account "
                        "that ordered it, or with the certificate's own key");
    }
    return ssl->id;
  });
  if (!decided) return core::Fail(decided.error());
  std::string actor =
      account ? "acme:" + account->directory + "/account/" + std::to_string(account->id.value)
              : std::string("acme:certificate-key");
  return ssl_.RevokeForAcme(*decided, reason, actor, source);
}

std::optional<CertId> ParseCertId(std::string_view text) {
  auto dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto aki = core::Base64UrlDecode(text.substr(0, dot));
  auto serial = core::Base64UrlDecode(text.substr(dot + 1));
  if (!aki || aki->empty() || !serial || serial->empty()) return std::nullopt;
  return CertId{std::string(text), std::move(*aki), std::move(*serial)};
}

core::Result<core::CertificateRecord> AcmeOrders::Named(store::Transaction& tx, const CertId& id) {
  auto unknown = core::Error(core::ErrorCode::kNotFound, core::Reason::kAcmeNotFound,
                             "this CA issued no such certificate");
  // A DER INTEGER's content octets: positive serials only (RFC 5280 §4.1.2.2).
  if (id.serial.size() > 21 || (static_cast<unsigned char>(id.serial[0]) & 0x80) != 0) {
    return core::Fail(unknown);
  }
  auto serial = core::NormalizeSerialHex(
      core::Hex(std::vector<std::uint8_t>(id.serial.begin(), id.serial.end())));
  auto record = tx.certificates().FindBySerial(serial);
  if (!record) {
    if (record.error().code() == core::ErrorCode::kNotFound) return core::Fail(unknown);
    return core::Fail(record.error());
  }
  // The serial is unique per issuer only: the certificate must be the one whose issuer's
  // key the identifier names.
  auto cert = pki::Certificate::FromPem(record->pem);
  if (!cert || cert->AuthorityKeyId() != id.authority_key_id) return core::Fail(unknown);
  return record;
}

core::Result<core::SslId> AcmeOrders::Replaceable(store::Transaction& tx,
                                                  const core::AcmeAccount& account,
                                                  const CertId& id,
                                                  const std::vector<std::string>& identifiers) {
  // §5: "the server SHOULD check that the identified certificate and the New Order request
  // correspond to the same ACME Account, that they share at least one identifier, and that
  // the identified certificate has not already been marked as replaced by a different
  // Order that is not "invalid"".
  auto record = Named(tx, id);
  if (!record) {
    if (record.error().code() != core::ErrorCode::kNotFound) return core::Fail(record.error());
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "\"replaces\" names no certificate this CA issued");
  }
  auto ssl = tx.ssl().FindByCertificate(*record);
  auto order = ssl ? tx.acme().OrderOfCertificate(ssl->id)
                   : core::Result<std::optional<core::AcmeOrder>>(std::nullopt);
  if (!order) return core::Fail(order.error());
  if (!*order || (*order)->account_id != account.id) {
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kAcmeNotOwner,
                      "the certificate \"replaces\" names was not issued to this account");
  }
  const auto& names = (*order)->identifiers;
  if (std::none_of(identifiers.begin(), identifiers.end(), [&](const std::string& n) {
        return std::find(names.begin(), names.end(), n) != names.end();
      })) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "the certificate \"replaces\" names shares no identifier with this order");
  }
  auto replacing = tx.acme().OrdersReplacing(ssl->id);
  if (!replacing) return core::Fail(replacing.error());
  for (const auto& other : *replacing) {
    auto view = Refreshed(tx, other);
    if (!view) return core::Fail(view.error());
    if (view->order.status != core::AcmeStatus::kInvalid) {
      return core::Fail(
          core::ErrorCode::kConflict, core::Reason::kAcmeAlreadyReplaced,
          "order " + std::to_string(other.id.value) + " replaces that certificate already");
    }
  }
  return ssl->id;
}

core::Result<RenewalWindow> AcmeOrders::RenewalInfo(const CertId& id) {
  auto record = store_.Read([&](store::Transaction& tx) { return Named(tx, id); });
  if (!record) return core::Fail(record.error());
  auto now = clock_.Now();
  if (record->revoked_at)
    return RenewalWindow{now - std::chrono::hours(2), now - std::chrono::hours(1)};
  auto lifetime = record->not_after - record->not_before;
  auto start = record->not_after - lifetime / 3;
  return RenewalWindow{start, start + lifetime / 6};
}

}  // namespace certkeep::service
