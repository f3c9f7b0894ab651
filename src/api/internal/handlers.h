#pragma once
// The REST handlers behind api/routes.cpp's one route table, grouped by resource.

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/result.h"
#include "http/message.h"
#include "service/admins.h"
#include "service/authenticator.h"
#include "service/custom_fields.h"
#include "service/domain_control.h"
#include "service/domains.h"
#include "service/external_accounts.h"
#include "service/notification_rules.h"
#include "service/organizations.h"
#include "service/self_enrollment.h"
#include "service/ssl_certificates.h"
#include "store/store.h"

namespace certkeep::api::internal {

class DateWriter;  // json_body.h

using Authed = service::AuthenticatedAdmin;
using Reply = core::Result<http::Response>;

// /api/organization/v1 (scm-api.md §2.5)
Reply ListOrganizations(service::Organizations& orgs, http::Request& rq, const Authed& who);
Reply OrganizationsManagedBy(service::Organizations& orgs, http::Request& rq, const Authed& who);
Reply GetOrganization(service::Organizations& orgs, http::Request& rq, const Authed& who);
Reply CreateOrganization(service::Organizations& orgs, http::Request& rq, const Authed& who);
Reply UpdateOrganization(service::Organizations& orgs, http::Request& rq, const Authed& who);
Reply DeleteOrganization(service::Organizations& orgs, http::Request& rq, const Authed& who);

// /api/admin/v1 (scm-api.md §2.6)
Reply ListAdmins(service::Admins& admins, http::Request& rq, const Authed& who);
Reply GetAdmin(service::Admins& admins, const core::Clock& clock, http::Request& rq,
               const Authed& who);
Reply CreateAdmin(service::Admins& admins, http::Request& rq, const Authed& who);
Reply UpdateAdmin(service::Admins& admins, http::Request& rq, const Authed& who);
Reply DeleteAdmin(service::Admins& admins, http::Request& rq, const Authed& who);
Reply UnlockAdmin(service::Admins& admins, http::Request& rq, const Authed& who);
Reply ListRoles(http::Request& rq, const Authed& who);
Reply ListPrivileges(http::Request& rq, const Authed& who);
Reply GetOwnPassword(service::Admins& admins, const core::Clock& clock, http::Request& rq,
                     const Authed& who);
Reply ChangeOwnPassword(service::Admins& admins, http::Request& rq, const Authed& who);

// /api/domain/v1 (scm-api.md §2.7)
Reply ListDomains(service::Domains& domains, http::Request& rq, const Authed& who);
Reply CountDomains(service::Domains& domains, http::Request& rq, const Authed& who);
Reply GetDomain(service::Domains& domains, service::DomainControl& dcv, http::Request& rq,
                const Authed& who);
Reply CreateDomain(service::Domains& domains, http::Request& rq, const Authed& who);
Reply DeleteDomain(service::Domains& domains, http::Request& rq, const Authed& who);
Reply SetDomainActive(service::Domains& domains, bool active, http::Request& rq, const Authed& who);
Reply DelegateDomain(service::Domains& domains, http::Request& rq, const Authed& who);
Reply DelegateDomains(service::Domains& domains, http::Request& rq, const Authed& who);
Reply RemoveDelegation(service::Domains& domains, http::Request& rq, const Authed& who);
Reply DecideDelegation(service::Domains& domains, bool approve, http::Request& rq,
                       const Authed& who);

// dcv_handlers.cpp
Reply DcvStatusOf(service::DomainControl& dc, http::Request& rq, const Authed& who);
Reply StartDcv(service::DomainControl& dc, core::DcvMethod method, http::Request& rq,
               const Authed& who);
Reply StartEmailDcv(service::DomainControl& dc, http::Request& rq, const Authed& who);
Reply SubmitDcv(service::DomainControl& dc, core::DcvMethod method, http::Request& rq,
                const Authed& who);
Reply SubmitBulkEmailDcv(service::DomainControl& dc, http::Request& rq, const Authed& who);
Reply ListDcv(service::DomainControl& dc, http::Request& rq, const Authed& who);
Reply SyncDcv(service::DomainControl& dc, http::Request& rq, const Authed& who);
Reply ClearDcv(service::DomainControl& dc, http::Request& rq, const Authed& who);
Reply DeleteDcv(service::DomainControl& dc, http::Request& rq, const Authed& who);
// ssl_handlers.cpp
Reply ListSslTypes(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply EnrollSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply PreviewSslCsr(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply GetSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply ListSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply CollectSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply DecideSsl(service::SslCertificates& ssl, bool approve, http::Request& rq, const Authed& who);
Reply RevokeSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply RevokeSslManually(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply RecheckSslDcv(service::SslCertificates& ssl, service::DomainControl& dcv, http::Request& rq,
                    const Authed& who);
Reply RenewSslById(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply RenewSslByRenewId(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply SslDcv(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply ReplaceSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who);
Reply EditSsl(service::SslCertificates& ssl, http::Request& rq, const Authed& who);

// /api/customField/v2 and the legacy lists (scm-api.md §2.12); `only` fixes the type
// (/api/customField/v1/ssl), else ?certType= filters.
Reply ListCustomFields(service::CustomFields& fields, std::optional<core::CertType> only,
                       http::Request& rq, const Authed& who);
Reply ListSslCustomFields(service::CustomFields& fields, http::Request& rq, const Authed& who);
Reply GetCustomField(service::CustomFields& fields, http::Request& rq, const Authed& who);
Reply CreateCustomField(service::CustomFields& fields, http::Request& rq, const Authed& who);
Reply UpdateCustomField(service::CustomFields& fields, http::Request& rq, const Authed& who);
Reply DeleteCustomField(service::CustomFields& fields, http::Request& rq, const Authed& who);

// /api/acme (scm-api.md §2.9): the directories, and the ACME accounts (EAB credentials).
Reply ListAcmeServers(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who);
Reply ListAcmeAccounts(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who);
Reply GetAcmeAccount(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who);
Reply CreateAcmeAccount(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who);
Reply RenameAcmeAccount(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who);
Reply DeleteAcmeAccount(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who);
Reply AddAcmeAccountDomains(service::ExternalAccounts& accounts, http::Request& rq,
                            const Authed& who);
Reply RemoveAcmeAccountDomains(service::ExternalAccounts& accounts, http::Request& rq,
                               const Authed& who);
Reply ListAcmeAccountDomains(service::ExternalAccounts& accounts, const core::Clock& clock,
                             http::Request& rq, const Authed& who);

/// What a DCV order asks to publish and how far it got (scm-api.md §2.8 status fields).
nlohmann::json DcvOrderJson(const core::DcvOrder& order, const std::string& second_line);
/// The validation fields of a domain's details (scm-api.md §2.7).
nlohmann::json DomainValidationJson(const service::DcvStatus& status, const DateWriter& date);
/// GET /dcv/confirm: the page an email validation's link opens (changes nothing).
http::Response EmailConfirmationPage(service::DomainControl& dc, http::Request& rq);
/// POST /dcv/confirm: the recipient's confirmation.
http::Response ConfirmEmailValidation(service::DomainControl& dc, http::Request& rq);

// /api/session/v1: the console's sign-in (certkeep's own; SCM's console is not an API)
Reply OpenSession(service::Authenticator& auth, http::Request& rq);
Reply GetSession(http::Request& rq, const Authed& who);
Reply CloseSession(service::Authenticator& auth, http::Request& rq);

// /api/notification/v1 (scm-api.md §2.12) and certkeep's /templates and /outbox beside it.
Reply ListNotificationTypes(http::Request& rq, const Authed& who);
Reply ListNotifications(service::NotificationRules& rules, http::Request& rq, const Authed& who);
Reply GetNotification(service::NotificationRules& rules, http::Request& rq, const Authed& who);
Reply CreateNotification(service::NotificationRules& rules, http::Request& rq, const Authed& who);
Reply UpdateNotification(service::NotificationRules& rules, http::Request& rq, const Authed& who);
Reply DeleteNotification(service::NotificationRules& rules, http::Request& rq, const Authed& who);
Reply ListNotificationTemplates(service::NotificationRules& rules, http::Request& rq,
                                const Authed& who);
Reply PutNotificationTemplate(service::NotificationRules& rules, http::Request& rq,
                              const Authed& who);
Reply ResetNotificationTemplate(service::NotificationRules& rules, http::Request& rq,
                                const Authed& who);
Reply ListOutbox(service::NotificationRules& rules, http::Request& rq, const Authed& who);
Reply RetryOutbox(service::NotificationRules& rules, http::Request& rq, const Authed& who);

// Self-enrollment: the admins' settings and the form's own calls (enrollment_handlers.cpp).
Reply GetSelfEnrollment(service::SelfEnrollments& e, const service::Notifier& n, http::Request& rq,
                        const Authed& who);
Reply UpdateSelfEnrollment(service::SelfEnrollments& e, const service::Notifier& n,
                           http::Request& rq, const Authed& who);
Reply SetEnrollmentAccessCode(service::SelfEnrollments& e, const service::Notifier& n,
                              http::Request& rq, const Authed& who);
Reply OpenEnrollment(service::SelfEnrollments& e, http::Request& rq);
Reply PreviewEnrollmentCsr(service::SelfEnrollments& e, http::Request& rq);
Reply SubmitEnrollment(service::SelfEnrollments& e, const service::Notifier& n, http::Request& rq);
Reply EnrollmentStatusOf(service::SelfEnrollments& e, http::Request& rq);
Reply EnrollmentCertificate(service::SelfEnrollments& e, http::Request& rq);

// /api/report/v1 (scm-api.md §2.11)
Reply ActivityReport(store::Store& store, http::Request& rq, const Authed& who);
Reply SslCertificateReport(store::Store& store, http::Request& rq, const Authed& who);

}  // namespace certkeep::api::internal
