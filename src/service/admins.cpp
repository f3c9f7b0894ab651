#include "service/admins.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "auth/password_policy.h"
#include "core/certificate.h"
#include "core/lockout.h"
#include "service/audit_log.h"

namespace certkeep::service {

namespace {

using authz::Action;
using authz::Place;

core::Error Invalid(core::Reason reason, std::string detail) {
  return core::Error(core::ErrorCode::kMalformed, reason, std::move(detail));
}

core::Error AdminNotFound(std::string what) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                     "Admin " + what + " not found");
}

authz::OrgLookup LookupIn(store::Transaction& tx, core::CustomerId customer) {
  return [&tx, customer](core::OrgId id) -> std::optional<core::Organization> {
    auto o = tx.organizations().Get(id);
    if (!o || o->customer_id != customer) return std::nullopt;
    return *o;
  };
}

void Apply(const AdminPatch& p, core::Admin& a) {
  auto set = [](const auto& from, auto& to) {
    if (from) to = *from;
  };
  set(p.login, a.login);
  set(p.email, a.email);
  set(p.forename, a.forename);
  set(p.surname, a.surname);
  set(p.title, a.contact.title);
  set(p.telephone, a.contact.telephone);
  set(p.street, a.contact.street);
  set(p.locality, a.contact.locality);
  set(p.state, a.contact.state);
  set(p.postal_code, a.contact.postal_code);
  set(p.country, a.contact.country);
  set(p.type, a.type);
  set(p.identity_provider_id, a.identity_provider_id);
  set(p.idp_person_id, a.idp_person_id);
  set(p.auth_cert_issuer, a.auth_cert_issuer);
  if (p.auth_cert_serial) a.auth_cert_serial = core::NormalizeSerialHex(*p.auth_cert_serial);
  set(p.credentials, a.credentials);
  set(p.privileges, a.privileges);
  set(p.suspended, a.suspended);
}

// True when the patch touches only the admin's own contact details.
bool OnlyContactFields(const AdminPatch& p) {
  return !p.login && !p.type && !p.identity_provider_id && !p.idp_person_id &&
         !p.auth_cert_serial && !p.auth_cert_issuer && !p.credentials && !p.privileges &&
         !p.suspended && !p.password;
}

core::Result<void> ValidateFields(const core::Admin& a) {
  auto missing = [](std::string_view field) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      std::string(field) + " is required but missing");
  };
  if (!core::IsValidLogin(a.login)) {
    return core::Fail(Invalid(core::Reason::kInvalidField,
                              "login: 3 to 128 printable characters without spaces"));
  }
  if (a.email.empty()) return missing("email");
  if (!core::IsPlausibleEmail(a.email)) {
    return core::Fail(Invalid(core::Reason::kInvalidField, "email: not an email address"));
  }
  if (a.forename.empty()) return missing("forename");
  if (a.surname.empty()) return missing("surname");
  if (a.type == core::AdminType::kIdp && a.identity_provider_id.empty()) {
    return missing("identityProviderId");
  }
  if (!a.contact.country.empty() && a.contact.country.size() != 2) {
    return core::Fail(Invalid(core::Reason::kInvalidField, "country: two letters (ISO 3166)"));
  }
  if (a.auth_cert_serial.empty() != a.auth_cert_issuer.empty() && !a.auth_cert_issuer.empty()) {
    return core::Fail(Invalid(core::Reason::kInvalidField,
                              "certificateSerialNumber: a hex serial number is required with the "
                              "issuer"));
  }
  return core::Ok();
}

core::Result<void> ValidateRolesAndPrivileges(store::Transaction& tx, core::Admin& a) {
  if (auto r =
          authz::CheckCredentialShape(a.customer_id, a.credentials, LookupIn(tx, a.customer_id));
      !r) {
    return r;
  }
  auto unfit = authz::UnfitPrivileges(a.credentials, a.privileges);
  if (!unfit.empty()) {
    return core::Fail(Invalid(core::Reason::kInvalidField,
                              "privilege '" + std::string(core::ToString(unfit.front())) +
                                  "' does not fit the admin's roles"));
  }
  return core::Ok();
}

bool IsActiveMrao(const core::Admin& a) {
  return a.IsMrao() && !a.suspended;
}

// The last active MRAO of a customer cannot be removed, suspended or demoted (SCM -219).
core::Result<void> KeepsAnMrao(store::Transaction& tx, const core::Admin& before,
                               const core::Admin* after) {
  if (!IsActiveMrao(before) || (after && IsActiveMrao(*after))) return core::Ok();
  auto count = tx.admins().CountActiveWithRole(before.customer_id, core::Role::kMrao);
  if (!count) return core::Fail(count.error());
  if (*count <= 1) {
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kLastMrao,
                      "Cannot change the role of the only MRAO user '" + before.login + "'");
  }
  return core::Ok();
}

nlohmann::json Summary(const core::Admin& a) {
  nlohmann::json creds = nlohmann::json::array();
  for (const auto& c : a.credentials) {
    creds.push_back({{"role", core::ToString(c.role)}, {"orgId", c.org_id ? c.org_id->value : 0}});
  }
  nlohmann::json privs = nlohmann::json::array();
  for (auto p : a.privileges) privs.push_back(core::ToString(p));
  return {{"login", a.login},       {"email", a.email},    {"type", core::ToString(a.type)},
          {"credentials", creds},   {"privileges", privs}, {"suspended", a.suspended},
          {"forename", a.forename}, {"surname", a.surname}};
}

std::string Change(const core::Admin* before, const core::Admin* after, bool password_set) {
  nlohmann::json j = nlohmann::json::object();
  if (before) j["before"] = Summary(*before);
  if (after) j["after"] = Summary(*after);
  if (password_set) j["passwordSet"] = true;  // never the password or its hash
  return j.dump();
}

core::Result<core::Admin> Load(store::Transaction& tx, core::CustomerId customer,
                               core::AdminId id) {
  auto admin = tx.admins().Get(id);
  if (!admin || admin->customer_id != customer) {
    if (!admin && admin.error().code() != core::ErrorCode::kNotFound) {
      return core::Fail(admin.error());
    }
    return core::Fail(AdminNotFound(std::to_string(id.value)));
  }
  return admin;
}

// Loads `id` for `action`: same customer, the rule's privilege, and inside `who`'s scope.
core::Result<core::Admin> LoadManaged(store::Transaction& tx, const authz::Principal& who,
                                      core::AdminId id, Action action) {
  auto admin = Load(tx, who.customer_id, id);
  if (!admin) return admin;
  if (auto r = authz::Authorize(who, action, Place::Customer(who.customer_id)); !r) {
    return core::Fail(r.error());
  }
  if (auto r = authz::CheckManages(who, admin->credentials, LookupIn(tx, who.customer_id)); !r) {
    return core::Fail(r.error());
  }
  return admin;
}

}  // namespace

std::string_view PasswordStateOf(const core::Admin& admin, core::TimePoint now) {
  if (!admin.password.expires_at) return "NEVER_EXPIRE";
  return now >= *admin.password.expires_at ? "EXPIRED" : "ALIVE";
}

core::Result<void> Admins::SetPassword(core::Admin& admin, const std::string& password,
                                       bool by_self) {
  if (admin.type == core::AdminType::kIdp) {
    return core::Fail(Invalid(core::Reason::kInvalidField,
                              "password: IDP admins sign in through their identity provider"));
  }
  if (auto r = auth::CheckPassword(password, admin.login); !r) return r;
  auto hash = hasher_.Hash(password, random_);
  if (!hash) return core::Fail(hash.error());
  auto now = clock_.Now();
  admin.password.hash = std::move(*hash);
  admin.password.must_change = !by_self;
  admin.password.changed_at = now;
  if (options_.expiry.count() > 0) {
    admin.password.expires_at = now + options_.expiry;
  } else {
    admin.password.expires_at.reset();
  }
  core::Unlock(admin.password);
  admin.credential_version += 1;
  return core::Ok();
}

core::Result<core::AdminId> Admins::Insert(store::Transaction& tx, core::CustomerId customer,
                                           const AdminPatch& fields, const authz::Principal* who,
                                           const std::string& actor) {
  core::Admin a;
  a.customer_id = customer;
  a.created_at = a.modified_at = clock_.Now();
  if (who) a.created_by = who->admin_id;
  Apply(fields, a);
  if (!fields.credentials) {
    return core::Fail(Invalid(core::Reason::kRoleWithoutOrg,
                              "credentials: at least one {role, orgId} is required"));
  }
  if (auto r = ValidateFields(a); !r) return core::Fail(r.error());
  if (auto r = ValidateRolesAndPrivileges(tx, a); !r) return core::Fail(r.error());
  if (who) {
    auto orgs = LookupIn(tx, customer);
    for (const auto& c : a.credentials) {
      if (auto r = authz::CheckGrantRole(*who, c, orgs); !r) return core::Fail(r.error());
    }
    if (auto r = authz::CheckGrantPrivileges(*who, {}, a.privileges); !r) {
      return core::Fail(r.error());
    }
    if (auto r = authz::CheckGrantType(*who, std::nullopt, a.type, false); !r) {
      return core::Fail(r.error());
    }
  }
  if (a.type != core::AdminType::kIdp) {
    if (!fields.password || fields.password->empty()) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                        "password is required but missing");
    }
    if (auto r = SetPassword(a, *fields.password, false); !r) return core::Fail(r.error());
  }
  auto id = tx.admins().Insert(a);
  if (!id) return core::Fail(id.error());
  a.id = *id;
  core::AuditRecord record{.customer_id = customer,
                           .actor = actor,
                           .source = who ? who->source : std::string(),
                           .action = "admin.create",
                           .object_type = "admin",
                           .object_id = std::to_string(id->value),
                           .detail = Change(nullptr, &a, true)};
  auto audit = RecordAudit(tx, clock_, std::move(record));
  if (!audit) return core::Fail(audit.error());
  return *id;
}

core::Result<store::AdminPage> Admins::List(const authz::Principal& who, store::AdminQuery query) {
  if (auto r = authz::Authorize(who, Action::kListAdmins, Place::Customer(who.customer_id)); !r) {
    return core::Fail(r.error());
  }
  query.customer = who.customer_id;
  query.size = std::clamp<std::int64_t>(query.size, 0, 200);
  query.position = std::max<std::int64_t>(query.position, 0);
  return store_.Read([&](store::Transaction& tx) -> core::Result<store::AdminPage> {
    if (!who.IsMrao()) {
      // Only admins this caller could have granted every role of.
      auto all = tx.organizations().List(who.customer_id);
      if (!all) return core::Fail(all.error());
      std::vector<core::OrgId> within;
      for (const auto& o : *all) {
        if (authz::Covers(who, Place::Of(o))) within.push_back(o.id);
      }
      query.within = std::move(within);
    }
    if (who.IsMrao()) return tx.admins().List(query);
    // The SQL scope is by place; certificate types narrow it further (RAO_SSL does not
    // manage RAO_SMIME admins of its organization). The page and the total are counted
    // after that, so that neither tells of an admin the caller may not see.
    auto wanted = query;
    query.position = 0;
    query.size = std::numeric_limits<std::int64_t>::max();
    auto all = tx.admins().List(query);
    if (!all) return all;
    auto orgs = LookupIn(tx, who.customer_id);
    store::AdminPage visible{{}, 0};
    for (auto& a : all->admins) {
      if (!authz::CheckManages(who, a.credentials, orgs) && a.id != who.admin_id) continue;
      if (visible.total >= wanted.position && visible.total < wanted.position + wanted.size) {
        visible.admins.push_back(std::move(a));
      }
      ++visible.total;
    }
    return visible;
  });
}

core::Result<core::Admin> Admins::Get(const authz::Principal& who, core::AdminId id) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<core::Admin> {
    if (id == who.admin_id) return Load(tx, who.customer_id, id);
    return LoadManaged(tx, who, id, Action::kViewAdmin);
  });
}

core::Result<core::Admin> Admins::Self(const authz::Principal& who) {
  return store_.Read(
      [&](store::Transaction& tx) { return Load(tx, who.customer_id, who.admin_id); });
}

core::Result<core::AdminId> Admins::Create(const authz::Principal& who, const AdminPatch& fields) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::AdminId> {
    if (auto r = authz::Authorize(who, Action::kCreateAdmin, Place::Customer(who.customer_id));
        !r) {
      return core::Fail(r.error());
    }
    auto id = Insert(tx, who.customer_id, fields, &who, who.login);
    if (!id || !notifier_) return id;
    // "Admin Created", at the place of the new admin's first role (an MRAO: the customer).
    NotificationEvent event{.type = core::NotificationType::kAdminCreated,
                            .customer = who.customer_id,
                            .object_kind = "admin",
                            .object_id = id->value,
                            .requester_id = who.admin_id,
                            .values = {{"admin", fields.login.value_or("")},
                                       {"requester", who.login},
                                       {"organization", "the whole customer"},
                                       {"status", "ACTIVE"}},
                            .path = "/admins/" + std::to_string(id->value)};
    if (fields.credentials && !fields.credentials->empty() && fields.credentials->front().org_id) {
      auto org = tx.organizations().Get(*fields.credentials->front().org_id);
      if (!org) return core::Fail(org.error());
      event.values["organization"] = org->name;
      event.org = std::move(*org);
    }
    if (auto n = notifier_->Emit(tx, clock_.Now(), event); !n) return core::Fail(n.error());
    return id;
  });
}

core::Result<core::AdminId> Admins::CreateAsOperator(core::CustomerId customer,
                                                     const AdminPatch& fields,
                                                     const std::string& actor) {
  return store_.Transact(
      [&](store::Transaction& tx) { return Insert(tx, customer, fields, nullptr, actor); });
}

core::Result<void> Admins::Update(const authz::Principal& who, core::AdminId id,
                                  const AdminPatch& patch) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    bool self_profile = id == who.admin_id && OnlyContactFields(patch);
    auto before =
        self_profile ? Load(tx, who.customer_id, id) : LoadManaged(tx, who, id, Action::kEditAdmin);
    if (!before) return core::Fail(before.error());
    core::Admin after = *before;
    Apply(patch, after);
    after.modified_at = clock_.Now();
    if (auto r = ValidateFields(after); !r) return r;
    if (patch.credentials || patch.privileges) {
      if (auto r = ValidateRolesAndPrivileges(tx, after); !r) return r;
    }
    auto orgs = LookupIn(tx, who.customer_id);
    if (patch.credentials) {
      for (const auto& c : after.credentials) {
        if (auto r = authz::CheckGrantRole(who, c, orgs); !r) return r;
      }
    }
    if (auto r = authz::CheckGrantPrivileges(who, before->privileges, after.privileges); !r) {
      return r;
    }
    if (auto r = authz::CheckGrantType(who, before->type, after.type, id == who.admin_id); !r) {
      return r;
    }
    if (auto r = KeepsAnMrao(tx, *before, &after); !r) return r;
    bool ends_logins = after.credentials != before->credentials ||
                       after.privileges != before->privileges ||
                       after.suspended != before->suspended || after.type != before->type ||
                       after.login != before->login;
    if (patch.password) {
      if (auto r = SetPassword(after, *patch.password, false); !r) return r;
    } else if (ends_logins) {
      after.credential_version += 1;
    }
    if (auto r = tx.admins().Update(after); !r) return r;
    if (after.credential_version != before->credential_version) {
      if (auto r = tx.sessions().DeleteForAdmin(id); !r) return r;
    }
    auto audit =
        RecordAudit(tx, clock_,
                    AuditBy(who, patch.password ? "admin.password.reset" : "admin.edit", "admin",
                            id.value, Change(&*before, &after, patch.password.has_value())));
    if (!audit) return core::Fail(audit.error());
    return core::Ok();
  });
}

core::Result<void> Admins::Delete(const authz::Principal& who, core::AdminId id) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto admin = LoadManaged(tx, who, id, Action::kDeleteAdmin);
    if (!admin) return core::Fail(admin.error());
    if (id == who.admin_id) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kCannotManageAdmin,
                        "An admin cannot delete itself");
    }
    if (auto r = KeepsAnMrao(tx, *admin, nullptr); !r) return r;
    if (auto r = tx.admins().Delete(id); !r) return r;
    auto audit = RecordAudit(
        tx, clock_,
        AuditBy(who, "admin.delete", "admin", id.value, Change(&*admin, nullptr, false)));
    if (!audit) return core::Fail(audit.error());
    return core::Ok();
  });
}

core::Result<void> Admins::Unlock(const authz::Principal& who, core::AdminId id) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto admin = LoadManaged(tx, who, id, Action::kUnlockAdmin);
    if (!admin) return core::Fail(admin.error());
    core::Unlock(admin->password);
    if (auto r = tx.admins().Update(*admin); !r) return r;
    auto audit = RecordAudit(tx, clock_, AuditBy(who, "admin.unlock", "admin", id.value, "{}"));
    if (!audit) return core::Fail(audit.error());
    return core::Ok();
  });
}

core::Result<void> Admins::ChangeOwnPassword(const authz::Principal& who,
                                             const std::string& new_password,
                                             const std::string& keep_session) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto admin = Load(tx, who.customer_id, who.admin_id);
    if (!admin) return core::Fail(admin.error());
    if (!admin->password.hash.empty() && hasher_.Verify(admin->password.hash, new_password)) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kPasswordPolicy,
                        "Password policy violated: the new password must differ from the "
                        "current one");
    }
    if (auto r = SetPassword(*admin, new_password, true); !r) return r;
    if (auto r = tx.admins().Update(*admin); !r) return r;
    std::optional<core::Session> kept;
    if (!keep_session.empty()) {
      if (auto s = tx.sessions().Find(keep_session)) kept = *s;
    }
    if (auto r = tx.sessions().DeleteForAdmin(admin->id); !r) return r;
    if (kept) {
      kept->credential_version = admin->credential_version;
      if (auto r = tx.sessions().Insert(*kept); !r) return r;
    }
    auto audit = RecordAudit(tx, clock_,
                             AuditBy(who, "admin.password.change", "admin", admin->id.value, "{}"));
    if (!audit) return core::Fail(audit.error());
    return core::Ok();
  });
}

core::Result<void> Admins::UnlockAsOperator(core::CustomerId customer, const std::string& login,
                                            const std::string& actor) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto admin = tx.admins().FindByLogin(customer, login);
    if (!admin) return core::Fail(admin.error());
    core::Unlock(admin->password);
    if (auto r = tx.admins().Update(*admin); !r) return r;
    auto audit = RecordAudit(tx, clock_,
                             {.customer_id = customer,
                              .actor = actor,
                              .action = "admin.unlock",
                              .object_type = "admin",
                              .object_id = std::to_string(admin->id.value),
                              .detail = "{}"});
    if (!audit) return core::Fail(audit.error());
    return core::Ok();
  });
}

core::Result<void> Admins::SetPasswordAsOperator(core::CustomerId customer,
                                                 const std::string& login,
                                                 const std::string& password,
                                                 const std::string& actor) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto admin = tx.admins().FindByLogin(customer, login);
    if (!admin) return core::Fail(admin.error());
    if (auto r = SetPassword(*admin, password, false); !r) return r;
    if (auto r = tx.admins().Update(*admin); !r) return r;
    if (auto r = tx.sessions().DeleteForAdmin(admin->id); !r) return r;
    auto audit = RecordAudit(tx, clock_,
                             {.customer_id = customer,
                              .actor = actor,
                              .action = "admin.password.reset",
                              .object_type = "admin",
                              .object_id = std::to_string(admin->id.value),
                              .detail = "{\"passwordSet\":true}"});
    if (!audit) return core::Fail(audit.error());
    return core::Ok();
  });
}

}  // namespace certkeep::service
