// Changes to an SSL certificate request after it was made: edit (PUT /api/ssl/v1) and
// replace (POST /api/ssl/v1/replace/{id}).

#include <nlohmann/json.hpp>

#include "service/custom_fields.h"
#include "service/ssl_certificates.h"
#include "service/ssl_internal.h"

namespace certkeep::service {

namespace {

using authz::Action;
using core::SslEvent;
using core::SslStatus;
using namespace ssl_internal;

// The request itself may change only while it waits for, or was refused, approval.
bool RequestEditable(SslStatus s) {
  return s == SslStatus::kRequested || s == SslStatus::kDeclined || s == SslStatus::kRejected ||
         s == SslStatus::kInvalid;
}

}  // namespace

core::Result<Enrolled> SslCertificates::Replace(const AuthenticatedAdmin& caller, core::SslId id,
                                                const std::string& csr,
                                                const std::vector<std::string>& names,
                                                const std::string& reason) {
  if (csr.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "csr is required but missing");
  }
  if (reason.size() > 512) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "reason: at most 512 characters");
  }
  auto old = store_.Read([&](store::Transaction& tx) -> core::Result<core::SslCertificate> {
    auto loaded = Load(tx, caller, id, Action::kReplaceSsl);
    if (!loaded) return core::Fail(loaded.error());
    return loaded->cert;
  });
  if (!old) return core::Fail(old.error());
  if (old->status != SslStatus::kIssued || old->replaced_by) {
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kSslNotIssued,
                      "Only an issued certificate not yet being replaced can be replaced");
  }
  EnrollRequest request{.org_id = old->org_id,
                        .csr = csr,
                        .profile_id = old->profile_id.value,
                        .term_days = old->term_days,
                        .subject_alt_names = names,
                        .external_requester = old->external_requester,
                        .comments = reason.empty() ? old->comments : reason,
                        .custom_fields = old->custom_fields,
                        .dcv_mode = old->dcv_mode,
                        .auto_renew = old->auto_renew,
                        .renewed_from = old->id,
                        .replaces = true};
  return Enroll(caller, request);
}

core::Result<core::SslCertificate> SslCertificates::Edit(const AuthenticatedAdmin& caller,
                                                         const SslEdit& edit) {
  const auto& who = caller.principal;
  bool request_changes =
      edit.org_id || edit.profile_id || edit.term_days || edit.csr || edit.subject_alt_names;
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::SslCertificate> {
    auto loaded = Load(tx, caller, edit.id, Action::kRequestSsl);
    if (!loaded) return core::Fail(loaded.error());
    auto cert = loaded->cert;
    nlohmann::json changed = nlohmann::json::array();
    if (request_changes) {
      if (!RequestEditable(cert.status)) {
        return core::Fail(core::ErrorCode::kConflict, core::Reason::kSslBadTransition,
                          "The request can be edited only while Requested, Declined, Rejected "
                          "or Invalid; it is " +
                              std::string(core::ToString(cert.status)));
      }
      // Everything checked again, as at enroll, at the (new) place.
      auto names = edit.subject_alt_names.value_or(std::vector<std::string>{});
      if (!edit.subject_alt_names && !edit.csr) names = cert.names;
      auto checked = CheckRequest(tx, caller, gate_, edit.org_id.value_or(cert.org_id),
                                  edit.profile_id.value_or(cert.profile_id.value),
                                  edit.term_days.value_or(cert.term_days),
                                  edit.csr.value_or(cert.csr), names, cert.dcv_mode);
      if (!checked) return core::Fail(checked.error());
      cert.org_id = checked->org.id;
      cert.profile_id = checked->profile.id;
      cert.term_days = edit.term_days.value_or(cert.term_days);
      cert.csr = edit.csr.value_or(cert.csr);
      cert.names = checked->names;
      cert.common_name = checked->common_name;
      cert.key_type = checked->key_type;
      if (auto r = Move(cert, SslEvent::kEdit); !r) return core::Fail(r.error());
      cert.approved_at.reset();
      cert.declined_at.reset();
      cert.approver_id.reset();
      cert.message.clear();
      changed.push_back("request");
    }
    if (edit.external_requester) {
      if (edit.external_requester->size() > 512) {
        return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                          "externalRequester: at most 512 characters");
      }
      cert.external_requester = *edit.external_requester;
      changed.push_back("externalRequester");
    }
    if (edit.comments) {
      if (edit.comments->size() > 1024) {
        return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                          "comments: at most 1024 characters");
      }
      cert.comments = *edit.comments;
      changed.push_back("comments");
    }
    if (edit.custom_fields) {
      auto checked =
          CheckedCustomFields(tx, cert.customer_id, core::CertType::kSsl, *edit.custom_fields);
      if (!checked) return core::Fail(checked.error());
      cert.custom_fields = std::move(*checked);
      changed.push_back("customFields");
    }
    if (edit.auto_renew) cert.auto_renew = *edit.auto_renew;
    if (edit.auto_renew_days) {
      if (*edit.auto_renew_days < 1 || *edit.auto_renew_days > 365) {
        return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                          "autoRenewDetails.daysBeforeExpiration: 1 to 365");
      }
      cert.auto_renew_days = *edit.auto_renew_days;
    }
    if (edit.auto_renew || edit.auto_renew_days) changed.push_back("autoRenewDetails");
    if (edit.suspend_notifications) {
      cert.suspend_notifications = *edit.suspend_notifications;
      changed.push_back("suspendNotifications");
    }
    if (auto r = tx.ssl().Update(cert); !r) return core::Fail(r.error());
    if (request_changes) {
      if (auto r = NotifyApprovers(tx, notifier_, clock_.Now(), cert, loaded->org); !r) {
        return core::Fail(r.error());
      }
    }
    auto a = Audited(tx, clock_, who.login, who.source, "ssl.edit", cert, {{"changed", changed}});
    if (!a) return core::Fail(a.error());
    return cert;
  });
}

}  // namespace certkeep::service
