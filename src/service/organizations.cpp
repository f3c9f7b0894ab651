#include "service/organizations.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "service/audit_log.h"
#include "service/notification_rules.h"

namespace certkeep::service {

namespace {

using authz::Action;
using authz::Place;

core::Error Invalid(std::string detail) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kInvalidField, std::move(detail));
}

core::Error NotFound(core::OrgId id) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                     "Organization or department " + std::to_string(id.value) + " not found");
}

void Apply(const OrganizationPatch& p, core::Organization& o) {
  auto set = [](const auto& from, auto& to) {
    if (from) to = *from;
  };
  set(p.name, o.name);
  set(p.alias, o.alias);
  set(p.secondary_name, o.secondary_name);
  set(p.address1, o.address.address1);
  set(p.address2, o.address.address2);
  set(p.address3, o.address.address3);
  set(p.city, o.address.city);
  set(p.state_or_province, o.address.state_or_province);
  set(p.postal_code, o.address.postal_code);
  set(p.country, o.address.country);
  set(p.contact_emails, o.contact_emails);
  set(p.ssl_certs_api_enabled, o.ssl_certs_api_enabled);
  set(p.client_certs_api_enabled, o.client_certs_api_enabled);
}

core::Result<void> Validate(core::Organization& o) {
  auto trim = [](std::string& s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
  };
  trim(o.name);
  if (o.name.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "name is required but missing");
  }
  if (o.name.size() > 256) return core::Fail(Invalid("name: at most 256 characters"));
  if (!o.address.country.empty()) {
    auto& c = o.address.country;
    std::transform(c.begin(), c.end(), c.begin(),
                   [](unsigned char ch) { return std::toupper(ch); });
    if (c.size() != 2 || !std::isalpha(static_cast<unsigned char>(c[0])) ||
        !std::isalpha(static_cast<unsigned char>(c[1]))) {
      return core::Fail(Invalid("country: two letters (ISO 3166), e.g. \"NL\""));
    }
  }
  for (const auto& e : o.contact_emails) {
    if (!core::IsPlausibleEmail(e)) {
      return core::Fail(Invalid("contactEmails: '" + e + "' is not an email address"));
    }
  }
  return core::Ok();
}

nlohmann::json Summary(const core::Organization& o) {
  return {{"name", o.name},
          {"alias", o.alias},
          {"parentId", o.parent_id ? o.parent_id->value : 0},
          {"sslCertsApiEnabled", o.ssl_certs_api_enabled},
          {"clientCertsApiEnabled", o.client_certs_api_enabled},
          {"contactEmails", o.contact_emails}};
}

std::string Change(const core::Organization* before, const core::Organization* after) {
  nlohmann::json j = nlohmann::json::object();
  if (before) j["before"] = Summary(*before);
  if (after) j["after"] = Summary(*after);
  return j.dump();
}

// Loads `id`, hiding other customers' rows as NotFound.
core::Result<core::Organization> Load(store::Transaction& tx, const authz::Principal& who,
                                      core::OrgId id) {
  auto org = tx.organizations().Get(id);
  if (!org) {
    if (org.error().code() == core::ErrorCode::kNotFound) return core::Fail(NotFound(id));
    return core::Fail(org.error());
  }
  if (org->customer_id != who.customer_id) return core::Fail(NotFound(id));
  return org;
}

core::Result<core::OrgId> Insert(
    store::Transaction& tx, const core::Clock& clock, core::CustomerId customer,
    std::optional<core::OrgId> parent, const OrganizationPatch& fields,
    const std::function<core::AuditRecord(core::OrgId, std::string)>& audit_of) {
  core::Organization o;
  o.customer_id = customer;
  o.parent_id = parent;
  o.created_at = o.updated_at = clock.Now();
  Apply(fields, o);
  if (auto r = Validate(o); !r) return core::Fail(r.error());
  auto id = tx.organizations().Insert(o);
  if (!id) return core::Fail(id.error());
  o.id = *id;
  if (!parent) {
    if (auto r = AddDefaultRules(tx, o); !r) return core::Fail(r.error());
  }
  auto a = RecordAudit(tx, clock, audit_of(*id, Change(nullptr, &o)));
  if (!a) return core::Fail(a.error());
  return *id;
}

}  // namespace

core::Result<std::vector<OrganizationTree>> Organizations::List(const authz::Principal& who) {
  if (auto r = authz::Authorize(who, Action::kListOrganizations, Place::Customer(who.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  auto all =
      store_.Read([&](store::Transaction& tx) { return tx.organizations().List(who.customer_id); });
  if (!all) return core::Fail(all.error());
  std::map<std::int64_t, OrganizationTree> trees;
  std::map<std::int64_t, const core::Organization*> by_id;
  for (const auto& o : *all) by_id[o.id.value] = &o;
  for (const auto& o : *all) {
    if (!authz::Covers(who, Place::Of(o))) continue;
    if (!o.IsDepartment()) {
      trees[o.id.value].organization = o;
      continue;
    }
    auto parent = by_id.find(o.parent_id->value);
    if (parent == by_id.end()) continue;
    auto& tree = trees[parent->first];
    tree.organization = *parent->second;
    tree.departments.push_back(o);
  }
  std::vector<OrganizationTree> out;
  for (auto& [id, tree] : trees) out.push_back(std::move(tree));
  return out;
}

core::Result<std::vector<std::pair<core::Organization, std::string>>> Organizations::ManagedBy(
    const authz::Principal& who, core::Role role) {
  if (auto r = authz::Authorize(who, Action::kListOrganizations, Place::Customer(who.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  std::vector<std::pair<core::Organization, std::string>> out;
  auto level = core::LevelOf(role);
  if (level == core::RoleLevel::kCustomer) return out;
  auto all =
      store_.Read([&](store::Transaction& tx) { return tx.organizations().List(who.customer_id); });
  if (!all) return core::Fail(all.error());
  std::map<std::int64_t, std::string> names;
  for (const auto& o : *all) names[o.id.value] = o.name;
  for (const auto& o : *all) {
    bool fits = o.IsDepartment() == (level == core::RoleLevel::kDepartment);
    if (fits && authz::Covers(who, Place::Of(o), level, core::CertTypeOf(role))) {
      out.emplace_back(o, o.IsDepartment() ? names[o.parent_id->value] : std::string());
    }
  }
  return out;
}

core::Result<OrganizationTree> Organizations::Get(const authz::Principal& who, core::OrgId id) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<OrganizationTree> {
    auto org = Load(tx, who, id);
    if (!org) return core::Fail(org.error());
    if (auto r = authz::Authorize(who, Action::kViewOrganization, Place::Of(*org)); !r) {
      return core::Fail(r.error());
    }
    OrganizationTree tree{*org, {}};
    if (org->IsDepartment()) return tree;
    auto all = tx.organizations().List(who.customer_id);
    if (!all) return core::Fail(all.error());
    for (const auto& o : *all) {
      if (o.parent_id == org->id && authz::Covers(who, Place::Of(o))) tree.departments.push_back(o);
    }
    return tree;
  });
}

core::Result<core::OrgId> Organizations::Create(const authz::Principal& who,
                                                std::optional<core::OrgId> parent,
                                                const OrganizationPatch& fields) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::OrgId> {
    if (parent) {
      auto p = Load(tx, who, *parent);
      if (!p) return core::Fail(p.error());
      if (p->IsDepartment()) {
        return core::Fail(Invalid("a department cannot hold departments: " +
                                  std::to_string(parent->value) + " is a department"));
      }
      if (auto r = authz::Authorize(who, Action::kCreateDepartment, Place::Of(*p)); !r) {
        return core::Fail(r.error());
      }
    } else if (auto r = authz::Authorize(who, Action::kCreateOrganization,
                                         Place::Customer(who.customer_id));
               !r) {
      return core::Fail(r.error());
    }
    std::string action = parent ? "department.create" : "organization.create";
    return Insert(tx, clock_, who.customer_id, parent, fields,
                  [&](core::OrgId id, std::string detail) {
                    return AuditBy(who, action, "organization", id.value, std::move(detail));
                  });
  });
}

core::Result<void> Organizations::Update(const authz::Principal& who, core::OrgId id,
                                         const OrganizationPatch& patch) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto org = Load(tx, who, id);
    if (!org) return core::Fail(org.error());
    auto action = org->IsDepartment() ? Action::kEditDepartment : Action::kEditOrganization;
    if (auto r = authz::Authorize(who, action, Place::Of(*org)); !r) return r;
    auto before = *org;
    Apply(patch, *org);
    org->updated_at = clock_.Now();
    if (auto r = Validate(*org); !r) return r;
    if (auto r = tx.organizations().Update(*org); !r) return r;
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, std::string(authz::RuleOf(action).name), "organization",
                                 id.value, Change(&before, &*org)));
    if (!a) return core::Fail(a.error());
    return core::Ok();
  });
}

core::Result<void> Organizations::Delete(const authz::Principal& who, core::OrgId id) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto org = Load(tx, who, id);
    if (!org) return core::Fail(org.error());
    auto action = org->IsDepartment() ? Action::kDeleteDepartment : Action::kDeleteOrganization;
    auto place = org->IsDepartment() ? Place::Of(*org) : Place::Customer(who.customer_id);
    if (auto r = authz::Authorize(who, action, place); !r) return r;
    if (auto r = ForgetInNotificationRules(tx, org->customer_id, id); !r) return r;
    if (auto r = tx.organizations().Delete(id); !r) return r;
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, std::string(authz::RuleOf(action).name), "organization",
                                 id.value, Change(&*org, nullptr)));
    if (!a) return core::Fail(a.error());
    return core::Ok();
  });
}

core::Result<core::Organization> Organizations::FindByName(const authz::Principal& who,
                                                           const std::string& name) {
  auto all =
      store_.Read([&](store::Transaction& tx) { return tx.organizations().List(who.customer_id); });
  if (!all) return core::Fail(all.error());
  for (const auto& o : *all) {
    if (!o.IsDepartment() && o.name == name) return o;
  }
  return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                    "Organization '" + name + "' not found");
}

core::Result<core::OrgId> CreateOrganizationAsOperator(
    store::Transaction& tx, const core::Clock& clock, core::CustomerId customer,
    std::optional<core::OrgId> parent, const OrganizationPatch& fields, const std::string& actor) {
  return Insert(tx, clock, customer, parent, fields, [&](core::OrgId id, std::string detail) {
    return core::AuditRecord{.customer_id = customer,
                             .actor = actor,
                             .action = parent ? "department.create" : "organization.create",
                             .object_type = "organization",
                             .object_id = std::to_string(id.value),
                             .detail = std::move(detail)};
  });
}

}  // namespace certkeep::service
