#include "cli/tenant_commands.h"

#include <iostream>
#include <memory>

#include "cli/dcv_setup.h"
#include "cli/operator.h"
#include "cli/notify_commands.h"
#include "cli/ssl_commands.h"
#include "cli/tenant_session.h"
#include "core/lockout.h"
#include "service/admins.h"
#include "service/audit_log.h"
#include "service/customers.h"
#include "service/domains.h"
#include "service/organizations.h"

namespace certkeep::cli {

namespace {

// A password from stdin (--password-stdin), else a generated one-time password.
std::string NewPassword(bool from_stdin, core::RandomSource& random, bool& generated) {
  generated = !from_stdin;
  if (!from_stdin) return core::RandomToken(random, 18);
  std::string line;
  std::getline(std::cin, line);
  return line;
}

struct AdminArgs {
  std::string login, email, forename, surname, type = "STANDARD";
  std::vector<std::string> roles, privileges;
  bool password_stdin = false;
};

core::Result<service::AdminPatch> PatchFrom(const AdminArgs& a) {
  service::AdminPatch p{
      .login = a.login, .email = a.email, .forename = a.forename, .surname = a.surname};
  p.type = core::ParseAdminType(a.type);
  if (!p.type) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "--type: STANDARD, API or IDP");
  }
  std::vector<core::Credential> credentials;
  for (const auto& r : a.roles) {
    auto colon = r.find(':');
    auto role = core::ParseRole(r.substr(0, colon));
    if (!role) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                        "--role " + r + ": ROLE or ROLE:ORG_ID, e.g. MRAO or RAO_SSL:1");
    }
    core::Credential c{*role, std::nullopt};
    if (colon != std::string::npos) c.org_id = core::OrgId{std::stoll(r.substr(colon + 1))};
    credentials.push_back(c);
  }
  p.credentials = credentials;
  core::PrivilegeSet privileges;
  for (const auto& name : a.privileges) {
    auto priv = core::ParsePrivilege(name);
    if (!priv) {
      return core::Fail(
          core::ErrorCode::kMalformed, core::Reason::kInvalidField,
          "--privilege " + name + ": not a privilege (see GET /api/admin/v1/privileges)");
    }
    privileges.insert(*priv);
  }
  p.privileges = privileges;
  return p;
}

struct DomainArgs {
  std::string name, description;
  std::int64_t org = 0;
  std::vector<std::string> cert_types{"SSL"};
  std::vector<std::string> privileges{"DOMAIN", "SUBDOMAIN"};
  bool suspended = false;
};

core::Result<service::DelegationRequest> DelegationFrom(const DomainArgs& a) {
  service::DelegationRequest r{.org_id = core::OrgId{a.org}};
  for (const auto& t : a.cert_types) {
    auto type = core::ParseCertType(t);
    if (!type) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                        "--cert-type " + t + ": SSL, SMIME or CodeSign");
    }
    r.cert_types.insert(*type);
  }
  for (const auto& p : a.privileges) {
    auto privilege = core::ParseDomainPrivilege(p);
    if (!privilege) {
      return core::Fail(
          core::ErrorCode::kMalformed, core::Reason::kInvalidField,
          "--privilege " + p + ": DOMAIN, SUBDOMAIN, WILDCARD_1ST_LEVEL or WILDCARD_2ND_LEVEL");
    }
    r.privileges.insert(*privilege);
  }
  return r;
}

void PrintDcvStatus(const service::DcvStatus& st) {
  std::cout << st.name << ": " << core::ToString(st.state);
  if (st.validation) {
    std::cout << " by " << core::ToString(st.validation->method) << " until "
              << core::ToRfc3339(st.validation->expires_at) << " (" << st.covers << ")";
  }
  std::cout << "\n";
  if (st.order && !st.order->last_error.empty()) {
    std::cout << "last check: " << st.order->last_error << "\n";
  }
}

// certkeep domain validate: DCV from the server's shell, through the same use cases.
void AddDomainValidationCommands(CLI::App& domain, Common& common, std::function<int()>& run) {
  static std::string name, method, email;
  static bool check = false;
  auto* validate = domain.add_subcommand(
      "validate", "start a domain control validation, or --check the started one");
  AddCommon(validate, common);
  validate->add_option("--name", name, "the domain name to prove")->required();
  validate->add_option("--method", method, "txt, cname, http, https or email");
  validate->add_option("--email", email, "email: the address to send the code to");
  validate->add_flag("--check", check, "look for the published value now");
  validate->callback([&run, &common] {
    run = [&common] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      auto stack = MakeDcvStack(s->op->config, false);
      if (!stack) return Report(stack.error());
      service::DomainControl dc(*s->op->store, s->op->clock, s->op->random, *stack->check,
                                DcvOptionsFrom(s->op->config, "443"));
      auto who = OperatorFor(s->customer);
      if (check) {
        auto st = dc.Status(who, name);
        if (!st) return Report(st.error());
        if (!st->order) {
          PrintDcvStatus(*st);
          return st->state == core::ValidationState::kValidated ? 0 : 1;
        }
        auto done = dc.Submit(who, name, st->order->method, st->order->email);
        if (!done) return Report(done.error());
        PrintDcvStatus(*done);
        return done->state == core::ValidationState::kValidated ? 0 : 1;
      }
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      auto m = core::ParseOrderMode(upper);
      if (!m) {
        return Report(core::Error(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                                  "--method: txt, cname, http, https or email"));
      }
      if (*m == core::DcvMethod::kEmail) {
        auto st = dc.Submit(who, name, *m, email);
        if (!st) return Report(st.error());
        std::cout << "sent a confirmation link to " << email << "\n";
        return 0;
      }
      auto o = dc.Start(who, name, *m);
      if (!o) return Report(o.error());
      dcv::Evidence e{
          .method = o->method, .name = o->domain_name, .token = o->token, .expected = o->expected};
      if (*m == core::DcvMethod::kHttp || *m == core::DcvMethod::kHttps) {
        std::cout << "publish " << dcv::EvidenceLocation(e) << " with the lines:\n"
                  << o->expected << "\n"
                  << dc.options().file_second_line << "\n";
      } else {
        std::cout << "publish " << dcv::EvidenceLocation(e)
                  << (*m == core::DcvMethod::kTxt ? " TXT \"" + o->expected + "\""
                                                  : " CNAME " + o->expected + ".")
                  << "\n";
      }
      std::cout << "then run: certkeep domain validate --name " << o->domain_name << " --check\n";
      return 0;
    };
  });

  static std::int64_t org = 0;
  static std::string type = "SSL";
  static std::vector<std::string> names;
  auto* gate = domain.add_subcommand(
      "check", "would a certificate for these names be issued to this org/department?");
  AddCommon(gate, common);
  gate->add_option("--org", org, "the organization or department id")->required();
  gate->add_option("--cert-type", type, "SSL, SMIME or CodeSign");
  gate->add_option("names", names, "the names of the certificate")->required();
  gate->callback([&run, &common] {
    run = [&common] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      auto cert_type = core::ParseCertType(type);
      if (!cert_type) {
        return Report(core::Error(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                                  "--cert-type: SSL, SMIME or CodeSign"));
      }
      auto dns = MakeResolver(s->op->config);
      if (!dns) return Report(dns.error());
      auto issuance = MakeIssuanceGate(s->op->config, *s->op->store, s->op->clock, dns->get());
      if (auto r = issuance->Check(s->customer, core::OrgId{org}, *cert_type, names); !r) {
        std::cout << "refused: " << r.error().detail() << "\n";
        return 1;
      }
      std::cout << "allowed\n";
      return 0;
    };
  });
}

void AddDomainCommands(CLI::App& app, Common& common, std::function<int()>& run) {
  static DomainArgs args;
  auto* domain = app.add_subcommand("domain", "the domain registry");
  auto* add = domain->add_subcommand("add", "add a domain delegated to an organization/department");
  AddCommon(add, common);
  add->add_option("--name", args.name, "the name, e.g. example.org or *.example.org")->required();
  add->add_option("--org", args.org, "organization or department id to delegate to")->required();
  add->add_option("--cert-type", args.cert_types, "SSL, SMIME or CodeSign (repeat; default SSL)");
  add->add_option("--privilege", args.privileges,
                  "DOMAIN, SUBDOMAIN, WILDCARD_1ST_LEVEL, WILDCARD_2ND_LEVEL (repeat)");
  add->add_option("--description", args.description, "a description");
  add->add_flag("--suspended", args.suspended, "create it suspended");
  add->callback([&run, &common] {
    run = [&common] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      auto delegation = DelegationFrom(args);
      if (!delegation) return Report(delegation.error());
      service::Domains domains(*s->op->store, s->op->clock);
      auto id = domains.Create(OperatorFor(s->customer), {.name = args.name,
                                                          .description = args.description,
                                                          .active = !args.suspended,
                                                          .delegations = {*delegation}});
      if (!id) return Report(id.error());
      std::cout << "added domain " << args.name << " (id " << id->value << ")\n";
      return 0;
    };
  });
  auto* delegate = domain->add_subcommand("delegate", "delegate a domain to another place");
  AddCommon(delegate, common);
  delegate->add_option("--name", args.name, "the domain")->required();
  delegate->add_option("--org", args.org, "organization or department id")->required();
  delegate->add_option("--cert-type", args.cert_types, "SSL, SMIME or CodeSign (repeat)");
  delegate->add_option("--privilege", args.privileges, "a request privilege (repeat)");
  delegate->callback([&run, &common] {
    run = [&common] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      auto delegation = DelegationFrom(args);
      if (!delegation) return Report(delegation.error());
      auto name = service::NormalizeDomainName(args.name);
      if (!name) return Report(name.error());
      auto found = s->op->store->Read(
          [&](store::Transaction& tx) { return tx.domains().FindByName(s->customer, *name); });
      if (!found) return Report(found.error());
      service::Domains domains(*s->op->store, s->op->clock);
      if (auto r = domains.Delegate(OperatorFor(s->customer), found->id, *delegation); !r) {
        return Report(r.error());
      }
      std::cout << "delegated " << *name << " to " << args.org << "\n";
      return 0;
    };
  });
  auto* list = domain->add_subcommand("list", "list domains and their delegations");
  AddCommon(list, common);
  list->callback([&run, &common] {
    run = [&common] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      auto page = s->op->store->Read([&](store::Transaction& tx) {
        return tx.domains().List({.customer = s->customer, .size = 1000000});
      });
      if (!page) return Report(page.error());
      for (const auto& d : page->domains) {
        std::cout << d.id.value << "\t" << d.name << "\t" << (d.active ? "ACTIVE" : "SUSPENDED");
        for (const auto& g : d.delegations) {
          std::cout << "\t" << g.org_id.value << ":" << core::ToString(g.status);
        }
        std::cout << "\n";
      }
      return 0;
    };
  });
  AddDomainValidationCommands(*domain, common, run);
  domain->require_subcommand(1);
}

}  // namespace

void AddTenantCommands(CLI::App& app, std::function<int()>& run) {
  // Each command's arguments live as long as the app.
  static Common common;
  static AdminArgs admin_args;
  static std::string uri, name, org_name, country;
  static std::int64_t parent = 0;
  static bool ssl_api = false, client_api = false;

  auto* customer = app.add_subcommand("customer", "customers (tenants)");
  auto* customer_create = customer->add_subcommand("create", "create a customer");
  AddCommon(customer_create, common, false);
  customer_create->add_option("--uri", uri, "its customerUri")->required();
  customer_create->add_option("--name", name, "its display name");
  customer_create->callback([&run] {
    run = [] {
      auto s = Open(common, false);
      if (!s) return Report(s.error());
      auto id = service::CreateCustomer(*s->op->store, s->op->clock, uri, name.empty() ? uri : name,
                                        "cli");
      if (!id) return Report(id.error());
      std::cout << "created customer " << uri << " (id " << id->value << ")\n";
      return 0;
    };
  });

  auto* org = app.add_subcommand("org", "organizations and departments");
  auto* org_create = org->add_subcommand("create", "create an organization or a department");
  AddCommon(org_create, common);
  org_create->add_option("--name", org_name, "its name")->required();
  org_create->add_option("--parent", parent, "make it a department of this organization id");
  org_create->add_option("--country", country, "two-letter country code");
  org_create->add_flag("--ssl-api", ssl_api, "allow REST calls for SSL certificates");
  org_create->add_flag("--client-api", client_api, "allow REST calls for client certificates");
  org_create->callback([&run] {
    run = [] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      service::OrganizationPatch fields{.name = org_name,
                                        .country = country,
                                        .ssl_certs_api_enabled = ssl_api,
                                        .client_certs_api_enabled = client_api};
      auto id = s->op->store->Transact([&](store::Transaction& tx) {
        return service::CreateOrganizationAsOperator(
            tx, s->op->clock, s->customer,
            parent > 0 ? std::optional<core::OrgId>(core::OrgId{parent}) : std::nullopt, fields,
            "cli");
      });
      if (!id) return Report(id.error());
      std::cout << "created " << (parent > 0 ? "department " : "organization ") << org_name
                << " (id " << id->value << ")\n";
      return 0;
    };
  });
  auto* org_list = org->add_subcommand("list", "list organizations and departments");
  AddCommon(org_list, common);
  org_list->callback([&run] {
    run = [] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      auto all = s->op->store->Read(
          [&](store::Transaction& tx) { return tx.organizations().List(s->customer); });
      if (!all) return Report(all.error());
      for (const auto& o : *all) {
        std::cout << o.id.value << "\t"
                  << (o.parent_id ? "  department of " + std::to_string(o.parent_id->value)
                                  : std::string("organization"))
                  << "\t" << o.name << "\n";
      }
      return 0;
    };
  });

  auto* admin = app.add_subcommand("admin", "administrators");
  auto* admin_create = admin->add_subcommand(
      "create", "create an admin; prints a one-time password unless --password-stdin");
  AddCommon(admin_create, common);
  admin_create->add_option("--login", admin_args.login, "login (3-128 characters)")->required();
  admin_create->add_option("--email", admin_args.email, "email address")->required();
  admin_create->add_option("--forename", admin_args.forename, "forename")->required();
  admin_create->add_option("--surname", admin_args.surname, "surname")->required();
  admin_create->add_option("--type", admin_args.type, "STANDARD, API or IDP");
  admin_create->add_option("--role", admin_args.roles, "MRAO, or ROLE:ORG_ID (e.g. RAO_SSL:1)")
      ->required();
  admin_create->add_option("--privilege", admin_args.privileges, "a privilege name (repeat)");
  admin_create->add_flag("--password-stdin", admin_args.password_stdin,
                         "read the first password from stdin");
  admin_create->callback([&run] {
    run = [] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      auto patch = PatchFrom(admin_args);
      if (!patch) return Report(patch.error());
      bool generated = false;
      if (*patch->type != core::AdminType::kIdp) {
        patch->password = NewPassword(admin_args.password_stdin, s->op->random, generated);
      }
      auto hasher = MakePasswordHasher(s->op->config, s->op->random);
      if (!hasher) return Report(hasher.error());
      service::Admins admins(*s->op->store, s->op->clock, s->op->random, **hasher);
      auto id = admins.CreateAsOperator(s->customer, *patch, "cli");
      if (!id) return Report(id.error());
      std::cout << "created admin " << admin_args.login << " (id " << id->value << ")\n";
      if (generated) {
        std::cout << "one-time password: " << *patch->password
                  << " (must be changed at first login)\n";
      }
      return 0;
    };
  });
  auto* admin_list = admin->add_subcommand("list", "list admins");
  AddCommon(admin_list, common);
  admin_list->callback([&run] {
    run = [] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      store::AdminQuery q{.customer = s->customer, .size = 1000000};
      auto page = s->op->store->Read([&](store::Transaction& tx) { return tx.admins().List(q); });
      if (!page) return Report(page.error());
      auto now = s->op->clock.Now();
      for (const auto& a : page->admins) {
        std::cout << a.id.value << "\t" << a.login << "\t" << core::ToString(a.type) << "\t";
        for (std::size_t i = 0; i < a.credentials.size(); ++i) {
          const auto& c = a.credentials[i];
          std::cout << (i ? "," : "") << core::ToString(c.role)
                    << (c.org_id ? ":" + std::to_string(c.org_id->value) : "");
        }
        std::cout << "\t" << (a.suspended ? "suspended" : "active")
                  << (core::IsLocked(a.password, now) ? ",locked" : "")
                  << (a.password.must_change ? ",must-change-password" : "") << "\n";
      }
      return 0;
    };
  });
  static std::string target_login;
  auto* admin_passwd = admin->add_subcommand(
      "passwd", "set an admin's password (a one-time one unless --password-stdin)");
  AddCommon(admin_passwd, common);
  admin_passwd->add_option("--login", target_login, "the admin's login")->required();
  admin_passwd->add_flag("--password-stdin", admin_args.password_stdin,
                         "read the password from stdin");
  admin_passwd->callback([&run] {
    run = [] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      bool generated = false;
      auto password = NewPassword(admin_args.password_stdin, s->op->random, generated);
      auto hasher = MakePasswordHasher(s->op->config, s->op->random);
      if (!hasher) return Report(hasher.error());
      service::Admins admins(*s->op->store, s->op->clock, s->op->random, **hasher);
      if (auto r = admins.SetPasswordAsOperator(s->customer, target_login, password, "cli"); !r) {
        return Report(r.error());
      }
      std::cout << "password set for " << target_login << "; it must be changed at next login\n";
      if (generated) std::cout << "one-time password: " << password << "\n";
      return 0;
    };
  });
  auto* admin_unlock = admin->add_subcommand("unlock", "lift a lockout after failed logins");
  AddCommon(admin_unlock, common);
  admin_unlock->add_option("--login", target_login, "the admin's login")->required();
  admin_unlock->callback([&run] {
    run = [] {
      auto s = Open(common);
      if (!s) return Report(s.error());
      auto hasher = MakePasswordHasher(s->op->config, s->op->random);
      if (!hasher) return Report(hasher.error());
      service::Admins admins(*s->op->store, s->op->clock, s->op->random, **hasher);
      if (auto r = admins.UnlockAsOperator(s->customer, target_login, "cli"); !r) {
        return Report(r.error());
      }
      std::cout << "unlocked " << target_login << "\n";
      return 0;
    };
  });

  auto* audit = app.add_subcommand("audit", "the hash-chained audit log");
  auto* audit_verify = audit->add_subcommand(
      "verify", "check every chain and signed checkpoint; name the first broken record");
  AddCommon(audit_verify, common, false);
  audit_verify->callback([&run] {
    run = [] {
      auto s = Open(common, false);
      if (!s) return Report(s.error());
      auto key = LoadCheckpointKey(s->op->config);
      if (!key) return Report(key.error());
      auto pub = key->Public();
      auto v = service::VerifyAudit(*s->op->store, &pub);
      if (!v) return Report(v.error());
      if (v->first_broken) {
        std::cout << "BROKEN: audit record " << v->first_broken->value << ": " << v->problem
                  << "\n";
        return 1;
      }
      std::cout << "ok: " << v->records << " records and " << v->checkpoints
                << " signed checkpoints verified\n";
      return 0;
    };
  });
  auto* audit_checkpoint =
      audit->add_subcommand("checkpoint", "sign a checkpoint of every chain's head now");
  AddCommon(audit_checkpoint, common, false);
  audit_checkpoint->callback([&run] {
    run = [] {
      auto s = Open(common, false);
      if (!s) return Report(s.error());
      auto key = LoadCheckpointKey(s->op->config);
      if (!key) return Report(key.error());
      auto n = service::WriteAuditCheckpoints(*s->op->store, s->op->clock, *key);
      if (!n) return Report(n.error());
      std::cout << "signed " << *n << " checkpoints\n";
      return 0;
    };
  });
  for (auto* group : {customer, org, admin, audit}) group->require_subcommand(1);
  AddDomainCommands(app, common, run);
  AddSslCommands(app, common, run);
  AddNotifyCommands(app, common, run);
}

}  // namespace certkeep::cli
