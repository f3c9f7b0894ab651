#pragma once
// The REST server's one route table: operations endpoints and every /api path.

#include "core/clock.h"
#include "http/metrics.h"
#include "http/router.h"
#include "service/admins.h"
#include "service/authenticator.h"
#include "service/custom_fields.h"
#include "service/domain_control.h"
#include "service/domains.h"
#include "service/external_accounts.h"
#include "service/health.h"
#include "service/notification_rules.h"
#include "service/organizations.h"
#include "service/self_enrollment.h"
#include "service/ssl_certificates.h"
#include "store/store.h"

namespace certkeep::api {

/// What the handlers use; wired in cli/serve.cpp.
struct ApiDependencies {
  service::HealthCheck& health;
  http::Metrics& metrics;
  store::Store& store;
  const core::Clock& clock;
  service::Authenticator& authenticator;
  service::Organizations& organizations;
  service::Admins& admins;
  service::Domains& domains;
  service::DomainControl& dcv;
  service::SslCertificates& ssl;
  service::CustomFields& custom_fields;
  service::ExternalAccounts& acme_accounts;
  service::NotificationRules& notifications;
  service::SelfEnrollments& enrollments;
  const service::Notifier& notifier;  ///< the base of links (the console's URL)
};

/// Adds every route and the SCM error shape for /api and /private/api.
void AddRoutes(http::Router& router, const ApiDependencies& deps);

}  // namespace certkeep::api
