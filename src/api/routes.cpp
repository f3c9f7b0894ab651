#include "api/routes.h"

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "api/authentication.h"
#include "api/error_mapping.h"
#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "api/openapi.h"

namespace certkeep::api {

void AddRoutes(http::Router& router, const ApiDependencies& deps) {
  router.Mount("/api", RenderScmError);
  router.Mount("/private/api", RenderScmError);

  router.Add("GET", "/healthz",
             [&health = deps.health](http::Request&) -> core::Result<http::Response> {
               auto r = health.Check();
               auto response = http::Response::Json(
                   r ? 200 : 503, nlohmann::json{{"status", r ? "ok" : "unavailable"}}.dump());
               response.SetHeader("Cache-Control", "no-store");
               return response;
             });

  router.Add("GET", "/metrics",
             [&metrics = deps.metrics](http::Request&) -> core::Result<http::Response> {
               http::Response response;
               response.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
               response.body = metrics.Render();
               return response;
             });

  using namespace internal;
  auto& auth = deps.authenticator;
  auto& orgs = deps.organizations;
  auto& admins = deps.admins;
  auto& store = deps.store;
  auto& clock = deps.clock;
  // Binds a handler that takes a service first.
  auto guarded = [&auth](auto handler, PasswordGate gate = PasswordGate::kChanged) {
    return Guarded(auth, std::move(handler), gate);
  };
  constexpr auto kPending = PasswordGate::kPendingAllowed;
  // Every SCM path is served twice: under /api with header logins, and under
  // /private/api with certificate logins (scm-api.md §1.3, §4.3).
  auto scm = [&router](const std::string& method, const std::string& path, http::Handler h) {
    router.Add(method, "/private" + path, h);
    router.Add(method, path, std::move(h));
  };

  // Console sessions (certkeep's own).
  router.Add("POST", "/api/session/v1",
             [&auth](http::Request& rq) { return OpenSession(auth, rq); });
  router.Add("GET", "/api/session/v1", guarded(GetSession, kPending));
  router.Add("DELETE", "/api/session/v1",
             [&auth](http::Request& rq) { return CloseSession(auth, rq); });

  // Organizations and departments (scm-api.md §2.5).
  scm("GET", "/api/organization/v1", guarded([&orgs](http::Request& rq, const Authed& a) {
        return ListOrganizations(orgs, rq, a);
      }));
  scm("POST", "/api/organization/v1", guarded([&orgs](http::Request& rq, const Authed& a) {
        return CreateOrganization(orgs, rq, a);
      }));
  // §5.2 5: the HTML doc's spelling and the OpenAPI's, both served.
  for (const char* path : {"/api/organization/v1/managedBy/{role}",
                           "/api/organization/v1/managed-by/{role}"}) {
    scm("GET", path, guarded([&orgs](http::Request& rq, const Authed& a) {
          return OrganizationsManagedBy(orgs, rq, a);
        }));
  }
  scm("GET", "/api/organization/v1/{id}", guarded([&orgs](http::Request& rq, const Authed& a) {
        return GetOrganization(orgs, rq, a);
      }));
  scm("PUT", "/api/organization/v1/{id}", guarded([&orgs](http::Request& rq, const Authed& a) {
        return UpdateOrganization(orgs, rq, a);
      }));
  scm("DELETE", "/api/organization/v1/{id}", guarded([&orgs](http::Request& rq, const Authed& a) {
        return DeleteOrganization(orgs, rq, a);
      }));

  // Administrators (scm-api.md §2.6). Fixed segments before {id}: the router takes the
  // first route that matches.
  scm("GET", "/api/admin/v1",
      guarded([&admins](http::Request& rq, const Authed& a) { return ListAdmins(admins, rq, a); }));
  scm("POST", "/api/admin/v1", guarded([&admins](http::Request& rq, const Authed& a) {
        return CreateAdmin(admins, rq, a);
      }));
  scm("GET", "/api/admin/v1/roles", guarded(ListRoles));
  scm("GET", "/api/admin/v1/privileges", guarded(ListPrivileges));
  scm("GET", "/api/admin/v1/idp", guarded([](http::Request&, const Authed&) -> Reply {
        // SAML identity providers arrive with the SAML issue; none yet.
        return http::Response::Json(200, "[]");
      }));
  scm("GET", "/api/admin/v1/password",
      guarded([&admins, &clock](http::Request& rq,
                                const Authed& a) { return GetOwnPassword(admins, clock, rq, a); },
              kPending));
  scm("POST", "/api/admin/v1/changepassword",
      guarded([&admins](http::Request& rq,
                        const Authed& a) { return ChangeOwnPassword(admins, rq, a); },
              kPending));
  scm("GET", "/api/admin/v1/{id}", guarded([&admins, &clock](http::Request& rq, const Authed& a) {
        return GetAdmin(admins, clock, rq, a);
      }));
  scm("PUT", "/api/admin/v1/{id}", guarded([&admins](http::Request& rq, const Authed& a) {
        return UpdateAdmin(admins, rq, a);
      }));
  scm("DELETE", "/api/admin/v1/{id}", guarded([&admins](http::Request& rq, const Authed& a) {
        return DeleteAdmin(admins, rq, a);
      }));
  scm("POST", "/api/admin/v1/{id}/unlock", guarded([&admins](http::Request& rq, const Authed& a) {
        return UnlockAdmin(admins, rq, a);
      }));

  // Domains and delegations (scm-api.md §2.7). Fixed segments before {id}.
  auto& domains = deps.domains;
  auto on_domains = [&domains, &guarded](auto f) {
    return guarded([&domains, f](http::Request& rq, const Authed& a) { return f(domains, rq, a); });
  };
  scm("GET", "/api/domain/v1", on_domains(ListDomains));
  scm("POST", "/api/domain/v1", on_domains(CreateDomain));
  scm("GET", "/api/domain/v1/count", on_domains(CountDomains));
  scm("POST", "/api/domain/v1/delegation", on_domains(DelegateDomains));
  auto& dcv = deps.dcv;
  scm("GET", "/api/domain/v1/{id}", guarded([&domains, &dcv](http::Request& rq, const Authed& a) {
        return GetDomain(domains, dcv, rq, a);
      }));
  scm("DELETE", "/api/domain/v1/{id}", on_domains(DeleteDomain));
  scm("PUT", "/api/domain/v1/{id}/activate",
      on_domains([](service::Domains& d, http::Request& rq, const Authed& a) {
        return SetDomainActive(d, true, rq, a);
      }));
  scm("PUT", "/api/domain/v1/{id}/suspend",
      on_domains([](service::Domains& d, http::Request& rq, const Authed& a) {
        return SetDomainActive(d, false, rq, a);
      }));
  scm("POST", "/api/domain/v1/{id}/delegation", on_domains(DelegateDomain));
  scm("DELETE", "/api/domain/v1/{id}/delegation", on_domains(RemoveDelegation));
  scm("POST", "/api/domain/v1/{id}/delegation/approve",
      on_domains([](service::Domains& d, http::Request& rq, const Authed& a) {
        return DecideDelegation(d, true, rq, a);
      }));
  scm("POST", "/api/domain/v1/{id}/delegation/reject",
      on_domains([](service::Domains& d, http::Request& rq, const Authed& a) {
        return DecideDelegation(d, false, rq, a);
      }));

  // Domain control validation (scm-api.md §2.8): v1 and its v2 twins.
  auto on_dcv = [&dcv, &guarded](auto f) {
    return guarded([&dcv, f](http::Request& rq, const Authed& a) { return f(dcv, rq, a); });
  };
  struct MethodPath {
    core::DcvMethod method;
    const char* segment;
  };
  constexpr MethodPath kMethods[] = {{core::DcvMethod::kHttp, "http"},
                                     {core::DcvMethod::kHttps, "https"},
                                     {core::DcvMethod::kCname, "cname"},
                                     {core::DcvMethod::kTxt, "txt"},
                                     {core::DcvMethod::kEmail, "email"}};
  for (std::string v : {"/api/dcv/v1", "/api/dcv/v2"}) {
    scm("GET", v + "/validation", on_dcv(ListDcv));
    scm("POST", v + "/validation/status", on_dcv(DcvStatusOf));
    scm("POST", v + "/validation/clear", on_dcv(ClearDcv));
    scm("POST", v + "/validation/sync", on_dcv(SyncDcv));
    scm("POST", v + "/validation/delete", on_dcv(DeleteDcv));
    scm("POST", v + "/validation/submit-bulk/domain/email", on_dcv(SubmitBulkEmailDcv));
    for (const auto& m : kMethods) {
      auto method = m.method;
      scm("POST", v + "/validation/submit/domain/" + m.segment,
          on_dcv([method](service::DomainControl& d, http::Request& rq, const Authed& a) {
            return SubmitDcv(d, method, rq, a);
          }));
      if (method == core::DcvMethod::kEmail) {
        scm("POST", v + "/validation/start/domain/email", on_dcv(StartEmailDcv));
      } else {
        scm("POST", v + "/validation/start/domain/" + m.segment,
            on_dcv([method](service::DomainControl& d, http::Request& rq, const Authed& a) {
              return StartDcv(d, method, rq, a);
            }));
      }
    }
  }
  // The page an email validation links to: no login, the code is the proof.
  router.Add("GET", "/dcv/confirm", [&dcv](http::Request& rq) -> core::Result<http::Response> {
    return EmailConfirmationPage(dcv, rq);
  });
  router.Add("POST", "/dcv/confirm", [&dcv](http::Request& rq) -> core::Result<http::Response> {
    return ConfirmEmailValidation(dcv, rq);
  });

  // Custom fields (scm-api.md §2.12); the legacy v1 paths only list.
  auto& fields = deps.custom_fields;
  auto on_fields = [&fields, &guarded](auto f) {
    return guarded([&fields, f](http::Request& rq, const Authed& a) { return f(fields, rq, a); });
  };
  auto list_fields = [&on_fields](std::optional<core::CertType> only) {
    return on_fields([only](service::CustomFields& f, http::Request& rq, const Authed& a) {
      return ListCustomFields(f, only, rq, a);
    });
  };
  scm("GET", "/api/customField/v2", list_fields(std::nullopt));
  scm("POST", "/api/customField/v2", on_fields(CreateCustomField));
  scm("PUT", "/api/customField/v2", on_fields(UpdateCustomField));
  scm("GET", "/api/customField/v2/{id}", on_fields(GetCustomField));
  scm("DELETE", "/api/customField/v2/{id}", on_fields(DeleteCustomField));
  scm("GET", "/api/customField/v1", list_fields(std::nullopt));
  scm("GET", "/api/customField/v1/ssl", list_fields(core::CertType::kSsl));

  // SSL certificates (scm-api.md §2.1): v1 and its v2 twins; fixed segments before {id}.
  auto& ssl = deps.ssl;
  auto on_ssl = [&ssl, &guarded](auto f) {
    return guarded([&ssl, f](http::Request& rq, const Authed& a) { return f(ssl, rq, a); });
  };
  for (std::string v : {"/api/ssl/v1", "/api/ssl/v2"}) {
    scm("GET", v, on_ssl(ListSsl));
    scm("PUT", v, on_ssl(EditSsl));
    scm("GET", v + "/types", on_ssl(ListSslTypes));
    // Clients ask for these before every enroll (scm-api.md §4.2).
    scm("GET", v + "/customFields", on_fields(ListSslCustomFields));
    scm("POST", v + "/enroll", on_ssl(EnrollSsl));
    scm("POST", v + "/csr/parse", on_ssl(PreviewSslCsr));
    scm("GET", v + "/collect/{id}", on_ssl(CollectSsl));
    scm("GET", v + "/collect/{id}/{format}", on_ssl(CollectSsl));
    scm("POST", v + "/approve/{id}",
        on_ssl([](service::SslCertificates& s, http::Request& rq, const Authed& a) {
          return DecideSsl(s, true, rq, a);
        }));
    scm("POST", v + "/decline/{id}",
        on_ssl([](service::SslCertificates& s, http::Request& rq, const Authed& a) {
          return DecideSsl(s, false, rq, a);
        }));
    scm("POST", v + "/revoke/serial/{serial}", on_ssl(RevokeSsl));
    scm("POST", v + "/revoke/manual", on_ssl(RevokeSslManually));
    scm("POST", v + "/revoke/{id}", on_ssl(RevokeSsl));
    scm("POST", v + "/renewById/{id}", on_ssl(RenewSslById));
    scm("POST", v + "/renew/{renewId}", on_ssl(RenewSslByRenewId));
    scm("POST", v + "/replace/{id}", on_ssl(ReplaceSsl));
    scm("GET", v + "/{id}", on_ssl(GetSsl));
    scm("GET", v + "/{id}/dcv", on_ssl(SslDcv));
    scm("POST", v + "/{id}/dcv/recheck",
        guarded([&ssl, &dcv](http::Request& rq, const Authed& a) {
          return RecheckSslDcv(ssl, dcv, rq, a);
        }));
  }

  // ACME accounts (scm-api.md §2.9): v1 (deprecated) and its v2 twins; v1 adds and removes
  // domains at /domains, v2 at /domain, where v2 also lists them. The Python client
  // removes at /domains under v2 too and lists at /domain under v1 (§5, 8): both served.
  auto& acme_accounts = deps.acme_accounts;
  auto on_acme = [&acme_accounts, &guarded](auto f) {
    return guarded([&acme_accounts, f](http::Request& rq, const Authed& a) {
      return f(acme_accounts, rq, a);
    });
  };
  auto acme_domains = guarded([&acme_accounts, &clock](http::Request& rq, const Authed& a) {
    return ListAcmeAccountDomains(acme_accounts, clock, rq, a);
  });
  scm("GET", "/api/acme/v1/server", on_acme(ListAcmeServers));
  for (std::string v : {"/api/acme/v1/account", "/api/acme/v2/account"}) {
    scm("GET", v, on_acme(ListAcmeAccounts));
    scm("POST", v, on_acme(CreateAcmeAccount));
    scm("GET", v + "/{id}", on_acme(GetAcmeAccount));
    scm("PUT", v + "/{id}", on_acme(RenameAcmeAccount));
    scm("DELETE", v + "/{id}", on_acme(DeleteAcmeAccount));
    scm("GET", v + "/{id}/domain", acme_domains);
    scm("DELETE", v + "/{id}/domains", on_acme(RemoveAcmeAccountDomains));
  }
  scm("POST", "/api/acme/v1/account/{id}/domains", on_acme(AddAcmeAccountDomains));
  scm("POST", "/api/acme/v2/account/{id}/domain", on_acme(AddAcmeAccountDomains));
  scm("DELETE", "/api/acme/v2/account/{id}/domain", on_acme(RemoveAcmeAccountDomains));

  // Notification rules (scm-api.md §2.12); fixed segments before {id}.
  auto& notifications = deps.notifications;
  auto on_rules = [&notifications, &guarded](auto f) {
    return guarded([&notifications, f](http::Request& rq, const Authed& a) {
      return f(notifications, rq, a);
    });
  };
  scm("GET", "/api/notification/v1/types", guarded(ListNotificationTypes));
  scm("GET", "/api/notification/v1", on_rules(ListNotifications));
  scm("POST", "/api/notification/v1", on_rules(CreateNotification));
  scm("GET", "/api/notification/v1/templates", on_rules(ListNotificationTemplates));
  scm("PUT", "/api/notification/v1/templates/{type}", on_rules(PutNotificationTemplate));
  scm("DELETE", "/api/notification/v1/templates/{type}", on_rules(ResetNotificationTemplate));
  scm("GET", "/api/notification/v1/outbox", on_rules(ListOutbox));
  scm("POST", "/api/notification/v1/outbox/{id}/retry", on_rules(RetryOutbox));
  scm("GET", "/api/notification/v1/{id}", on_rules(GetNotification));
  scm("PUT", "/api/notification/v1/{id}", on_rules(UpdateNotification));
  scm("DELETE", "/api/notification/v1/{id}", on_rules(DeleteNotification));

  // Self-enrollment: the settings beside their organization or department (an admin's), and
  // the form's calls, which need no admin login (the access code opens a session).
  auto& enrollments = deps.enrollments;
  const auto& notifier = deps.notifier;
  auto on_settings = [&enrollments, &notifier, &guarded](auto f) {
    return guarded([&enrollments, &notifier, f](http::Request& rq, const Authed& a) {
      return f(enrollments, notifier, rq, a);
    });
  };
  router.Add("GET", "/api/organization/v1/{id}/self-enrollment", on_settings(GetSelfEnrollment));
  router.Add("PUT", "/api/organization/v1/{id}/self-enrollment", on_settings(UpdateSelfEnrollment));
  router.Add("POST", "/api/organization/v1/{id}/self-enrollment/access-code",
             on_settings(SetEnrollmentAccessCode));
  router.Add("POST", "/api/enroll/v1/{token}/session",
             [&enrollments](http::Request& rq) { return OpenEnrollment(enrollments, rq); });
  router.Add("POST", "/api/enroll/v1/{token}/csr/parse",
             [&enrollments](http::Request& rq) { return PreviewEnrollmentCsr(enrollments, rq); });
  router.Add("POST", "/api/enroll/v1/{token}/requests",
             [&enrollments, &notifier](http::Request& rq) {
               return SubmitEnrollment(enrollments, notifier, rq);
             });
  router.Add("GET", "/api/enroll/v1/status/{statusToken}",
             [&enrollments](http::Request& rq) { return EnrollmentStatusOf(enrollments, rq); });
  router.Add("GET", "/api/enroll/v1/status/{statusToken}/certificate",
             [&enrollments](http::Request& rq) { return EnrollmentCertificate(enrollments, rq); });

  // Reports (scm-api.md §2.11).
  scm("POST", "/api/report/v1/activity", guarded([&store](http::Request& rq, const Authed& a) {
        return ActivityReport(store, rq, a);
      }));
  scm("POST", "/api/report/v1/ssl-certificates",
      guarded([&store](http::Request& rq, const Authed& a) {
        return SslCertificateReport(store, rq, a);
      }));

  // The OpenAPI document, built from this table on first request (every route is added
  // by then).
  auto document = std::make_shared<std::pair<std::once_flag, std::string>>();
  router.Add("GET", "/api/openapi.json",
             [&router, document](http::Request&) -> core::Result<http::Response> {
               std::call_once(document->first,
                              [&] { document->second = OpenApiDocument(router).dump(2); });
               return http::Response::Json(200, document->second);
             });
}

}  // namespace certkeep::api
