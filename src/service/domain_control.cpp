#include "service/domain_control.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/domain_coverage.h"
#include "pki/digest.h"
#include "service/audit_log.h"
#include "service/domain_access.h"
#include "service/domains.h"
#include "service/mail_outbox.h"

namespace certkeep::service {

namespace {

using authz::Action;

// The name a validation works on: normalized, a wildcard by its base.
core::Result<std::string> DcvName(std::string_view name) {
  auto n = NormalizeDomainName(name);
  if (!n) return core::Fail(n.error());
  return std::string(core::SplitWildcard(*n).base);
}

core::Error NoSuchDomain(const std::string& name) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                     "Domain '" + name + "' does not exist");
}

// The active registry rows at or above `name` that `who` may `action` through one of
// their delegations; NotFound when `who` sees none, Forbidden when it sees one but may
// not act. The most specific rows (by base name) decide: another place's domain below
// one's own is that place's to validate, not one's own.
core::Result<std::vector<core::Domain>> RowsFor(store::Transaction& tx, const authz::Principal& who,
                                                const std::string& name, Action action) {
  auto rows = tx.domains().ListCandidates(who.customer_id, name);
  if (!rows) return core::Fail(rows.error());
  auto orgs = LoadOrgs(tx, who.customer_id);
  if (!orgs) return core::Fail(orgs.error());
  std::size_t nearest = 0;
  for (const auto& row : *rows)
    nearest = std::max(nearest, core::SplitWildcard(row.name).base.size());
  std::vector<core::Domain> out;
  std::optional<core::Error> refusal;
  bool decided = false;  // `who` may act through one of the most specific rows
  for (auto& row : *rows) {
    bool most_specific = core::SplitWildcard(row.name).base.size() == nearest;
    if (!CheckDomainPlaces(who, Action::kViewDomain, row, *orgs, false)) continue;
    if (auto r = CheckDomainPlaces(who, action, row, *orgs, false); !r) {
      if (most_specific) refusal = r.error();
      continue;
    }
    decided = decided || most_specific;
    out.push_back(std::move(row));
  }
  if (decided) return out;
  if (refusal) return core::Fail(*refusal);
  if (!out.empty()) {
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kOutOfScope,
                      "'" + name + "' is inside a domain registered more specifically for " +
                          "another place: its admins validate it");
  }
  return core::Fail(NoSuchDomain(name));
}

std::string DomainOfAddress(std::string_view email) {
  auto at = email.rfind('@');
  return at == std::string_view::npos ? std::string() : std::string(email.substr(at + 1));
}

std::string Sha256Hex(std::string_view text) {
  return core::Hex(pki::Sha256(text));
}

bool Lapsed(const core::DcvOrder& o, core::TimePoint now, std::chrono::days lifetime) {
  return now - o.started_at >= lifetime;
}

// The next look at a submitted order: soon at first, then less often (a quarter of its
// age, from a minute to six hours), so a record published late is still found quickly.
core::TimePoint NextCheck(const core::DcvOrder& o, core::TimePoint now) {
  auto age = now - o.submitted_at.value_or(now);
  auto delay =
      std::clamp<std::chrono::seconds>(std::chrono::duration_cast<std::chrono::seconds>(age / 4),
                                       std::chrono::minutes(1), std::chrono::hours(6));
  return now + delay;
}

core::AuditRecord AuditAs(core::CustomerId customer, std::string actor, std::string source,
                          std::string action, const std::string& name, nlohmann::json detail) {
  return {.customer_id = customer,
          .actor = std::move(actor),
          .source = std::move(source),
          .action = std::move(action),
          .object_type = "domain_name",
          .object_id = name,
          .detail = detail.dump()};
}

core::AuditRecord AuditOf(const authz::Principal& who, std::string action, const std::string& name,
                          nlohmann::json detail) {
  return AuditAs(who.customer_id, who.login, who.source, std::move(action), name,
                 std::move(detail));
}

core::Result<void> Audit(store::Transaction& tx, const core::Clock& clock,
                         core::AuditRecord record) {
  auto a = RecordAudit(tx, clock, std::move(record));
  if (!a) return core::Fail(a.error());
  return core::Ok();
}

dcv::Evidence EvidenceOf(const core::DcvOrder& o) {
  return {.method = o.method, .name = o.domain_name, .token = o.token, .expected = o.expected};
}

dcv::Evidence EvidenceOf(const core::DomainValidation& v) {
  return {.method = v.method, .name = v.proved_name, .token = v.token, .expected = v.expected};
}

constexpr std::string_view kMailboxes[] = {"admin", "administrator", "hostmaster", "postmaster",
                                           "webmaster"};

}  // namespace

std::string DomainControl::RandomHex(std::size_t bytes) {
  return core::Hex(random_.Bytes(bytes));
}

core::Result<core::DcvOrder> DomainControl::Start(const authz::Principal& who,
                                                  std::string_view raw_name,
                                                  core::DcvMethod method) {
  auto name = DcvName(raw_name);
  if (!name) return core::Fail(name.error());
  if (method == core::DcvMethod::kEmail) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "an email validation starts by choosing an address: submit it");
  }
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::DcvOrder> {
    auto rows = RowsFor(tx, who, *name, Action::kValidateDomain);
    if (!rows) return core::Fail(rows.error());
    // 128 random bits each (BR 1.6.1 "Random Value": at least 112).
    core::DcvOrder o{.customer_id = who.customer_id,
                     .domain_name = *name,
                     .method = method,
                     .state = core::DcvOrderState::kStarted,
                     .started_by = who.admin_id,
                     .started_at = clock_.Now()};
    switch (method) {
      case core::DcvMethod::kHttp:
      case core::DcvMethod::kHttps:
        o.token = RandomHex(16);
        std::transform(o.token.begin(), o.token.end(), o.token.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        o.expected = RandomHex(16);
        break;
      case core::DcvMethod::kCname:
        o.token = RandomHex(16);
        o.expected = RandomHex(16) + "." + options_.cname_zone;
        break;
      case core::DcvMethod::kTxt:
      case core::DcvMethod::kEmail:
        o.expected = RandomHex(16);
        break;
    }
    auto id = tx.dcv().PutOrder(o);
    if (!id) return core::Fail(id.error());
    o.id = *id;
    auto a = Audit(tx, clock_,
                   AuditOf(who, "dcv.start", *name, {{"method", core::OrderModeName(method)}}));
    if (!a) return core::Fail(a.error());
    return o;
  });
}

core::Result<std::vector<EmailChoice>> DomainControl::EmailChoices(const authz::Principal& who,
                                                                   std::string_view raw_name) {
  auto name = DcvName(raw_name);
  if (!name) return core::Fail(name.error());
  auto rows = store_.Read(
      [&](store::Transaction& tx) { return RowsFor(tx, who, *name, Action::kValidateDomain); });
  if (!rows) return core::Fail(rows.error());
  // From the name itself up to the highest registry row the caller reaches.
  std::size_t shortest = name->size();
  for (const auto& r : *rows) {
    shortest = std::min(shortest, core::SplitWildcard(r.name).base.size());
  }
  std::vector<EmailChoice> out;
  for (std::string_view rest = *name;;) {
    EmailChoice c{.domain = std::string(rest)};
    for (auto box : kMailboxes) c.addresses.push_back(std::string(box) + "@" + c.domain);
    out.push_back(std::move(c));
    auto dot = rest.find('.');
    if (dot == std::string_view::npos || rest.size() <= shortest) break;
    rest.remove_prefix(dot + 1);
    if (rest.size() < shortest) break;
  }
  return out;
}

core::Result<void> DomainControl::CheckEmail(const authz::Principal& who, std::string_view raw_name,
                                             const std::string& email) {
  auto name = DcvName(raw_name);
  if (!name) return core::Fail(name.error());
  auto choices = EmailChoices(who, *name);
  if (!choices) return core::Fail(choices.error());
  for (const auto& c : *choices) {
    if (std::find(c.addresses.begin(), c.addresses.end(), email) != c.addresses.end()) {
      return core::Ok();
    }
  }
  return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                    "email: '" + email + "' is not one of the addresses " +
                        "start/domain/email lists for " + *name);
}

core::Result<DcvStatus> DomainControl::Submit(const authz::Principal& who,
                                              std::string_view raw_name, core::DcvMethod method,
                                              const std::string& email) {
  auto name = DcvName(raw_name);
  if (!name) return core::Fail(name.error());
  if (method == core::DcvMethod::kEmail) {
    if (auto r = CheckEmail(who, *name, email); !r) return core::Fail(r.error());
  }
  auto now = clock_.Now();
  auto submitted = store_.Transact([&](store::Transaction& tx) -> core::Result<core::DcvOrder> {
    auto rows = RowsFor(tx, who, *name, Action::kValidateDomain);
    if (!rows) return core::Fail(rows.error());
    auto current = tx.dcv().FindOrder(who.customer_id, *name);
    if (!current && current.error().code() != core::ErrorCode::kNotFound) {
      return core::Fail(current.error());
    }
    bool usable = current && current->method == method &&
                  !Lapsed(*current, now, options_.order_lifetime) &&
                  method != core::DcvMethod::kEmail;
    core::DcvOrder o;
    if (usable) {
      o = *current;
    } else if (method == core::DcvMethod::kTxt || method == core::DcvMethod::kEmail) {
      o = {.customer_id = who.customer_id,
           .domain_name = *name,
           .method = method,
           .started_by = who.admin_id,
           .started_at = now};
      if (method == core::DcvMethod::kTxt) o.expected = RandomHex(16);
    } else {
      return core::Fail(core::ErrorCode::kConflict, core::Reason::kDcvNotStarted,
                        "No " + std::string(core::OrderModeName(method)) + " validation of " +
                            *name + " is started (or it lapsed): start one first");
    }
    std::string code;
    if (method == core::DcvMethod::kEmail) {
      code = RandomHex(16);
      o.email = email;
      o.code_hash = Sha256Hex(code);
    }
    o.state = core::DcvOrderState::kSubmitted;
    if (!o.submitted_at) o.submitted_at = now;
    o.next_check = method == core::DcvMethod::kEmail ? std::nullopt : std::optional(now);
    if (o.id.value == 0) {
      auto id = tx.dcv().PutOrder(o);
      if (!id) return core::Fail(id.error());
      o.id = *id;
    } else if (auto r = tx.dcv().UpdateOrder(o); !r) {
      return core::Fail(r.error());
    }
    if (method == core::DcvMethod::kEmail) {
      auto link = options_.console_url + "/dcv/confirm?order=" + std::to_string(o.id.value) +
                  "&code=" + code;
      auto mail =
          NewMail(random_, now, options_.mail_from, {email},
                  "Confirm control of " + DomainOfAddress(email) + " for certificates",
                  "An administrator of the certificate service asked to confirm that whoever\n"
                  "reads " +
                      email + " controls the domain " + DomainOfAddress(email) +
                      ",\n"
                      "so that certificates can be issued for it and for the names below it.\n\n"
                      "If you agree, open this link and press Confirm:\n\n  " +
                      link +
                      "\n\n"
                      "Reference number: " +
                      std::to_string(o.id.value) +
                      "\n"
                      "If you did not expect this message, ignore it: nothing happens unless\n"
                      "the Confirm button is pressed. The link works until " +
                      core::ToRfc3339(o.started_at + options_.order_lifetime) + ".\n",
                  "dcv.email", options_.console_url);
      mail.customer_id = who.customer_id;
      if (auto r = tx.outbox().Enqueue(mail); !r) return core::Fail(r.error());
    }
    auto a = Audit(tx, clock_,
                   AuditOf(who, "dcv.submit", *name,
                           {{"method", core::OrderModeName(method)}, {"email", o.email}}));
    if (!a) return core::Fail(a.error());
    return o;
  });
  if (!submitted) return core::Fail(submitted.error());
  if (method == core::DcvMethod::kEmail) {
    return store_.Read(
        [&](store::Transaction& tx) { return StatusIn(tx, who.customer_id, *name); });
  }
  return CheckAndRecord(*submitted, who.login, who.source);
}

core::Result<DcvStatus> DomainControl::CheckAndRecord(const core::DcvOrder& order,
                                                      const std::string& actor,
                                                      const std::string& source) {
  // The network check runs outside any transaction.
  auto found = check_.Check(EvidenceOf(order));
  auto now = clock_.Now();
  return store_.Transact([&](store::Transaction& tx) -> core::Result<DcvStatus> {
    auto current = tx.dcv().GetOrder(order.id);
    // Replaced or cleared meanwhile: this result is about values no longer asked for.
    if (!current || current->expected != order.expected || current->token != order.token) {
      return StatusIn(tx, order.customer_id, order.domain_name);
    }
    if (found) {
      core::DomainValidation v{.proved_name = order.domain_name,
                               .method = order.method,
                               .validated_at = now,
                               .expires_at = now + options_.validity,
                               .customer_id = order.customer_id,
                               .token = order.token,
                               .expected = order.expected};
      if (auto id = tx.dcv().PutValidation(v); !id) return core::Fail(id.error());
      if (auto r = tx.dcv().DeleteOrder(order.id); !r) return core::Fail(r.error());
      auto a = Audit(tx, clock_,
                     AuditAs(order.customer_id, actor, source, "domain.validated",
                             order.domain_name, {{"method", core::ToString(order.method)}}));
      if (!a) return core::Fail(a.error());
      return StatusIn(tx, order.customer_id, order.domain_name);
    }
    auto o = *current;
    o.last_check = now;
    o.last_error = found.error().detail();
    if (Lapsed(o, now, options_.order_lifetime)) {
      if (auto r = tx.dcv().DeleteOrder(o.id); !r) return core::Fail(r.error());
      auto a = Audit(tx, clock_,
                     AuditAs(o.customer_id, actor, source, "dcv.lapsed", o.domain_name,
                             {{"lastError", o.last_error}}));
      if (!a) return core::Fail(a.error());
    } else {
      o.next_check = NextCheck(o, now);
      if (auto r = tx.dcv().UpdateOrder(o); !r) return core::Fail(r.error());
    }
    auto status = StatusIn(tx, o.customer_id, o.domain_name);
    if (status && !status->order) status->order = o;  // lapsed: still say why
    return status;
  });
}

core::Result<DcvStatus> DomainControl::StatusIn(store::Transaction& tx, core::CustomerId customer,
                                                const std::string& name) {
  auto validations = tx.dcv().ValidationsFor(customer, name);
  if (!validations) return core::Fail(validations.error());
  DcvStatus s{.name = name};
  auto nv = core::ValidationOf(*validations, name, clock_.Now());
  s.state = nv.state;
  if (nv.by != nullptr) {
    s.validation = *nv.by;
    s.covers = core::DescribeCoverage(*nv.by);
  }
  auto order = tx.dcv().FindOrder(customer, std::string(core::SplitWildcard(name).base));
  if (order) {
    s.order = *order;
  } else if (order.error().code() != core::ErrorCode::kNotFound) {
    return core::Fail(order.error());
  }
  return s;
}

core::Result<DcvStatus> DomainControl::Status(const authz::Principal& who,
                                              std::string_view raw_name) {
  // A wildcard keeps its star here: a file check of the base does not cover it.
  auto name = NormalizeDomainName(raw_name);
  if (!name) return core::Fail(name.error());
  return store_.Read([&](store::Transaction& tx) -> core::Result<DcvStatus> {
    auto rows = RowsFor(tx, who, std::string(core::SplitWildcard(*name).base), Action::kViewDomain);
    if (!rows) return core::Fail(rows.error());
    return StatusIn(tx, who.customer_id, *name);
  });
}

core::Result<DcvStatus> DomainControl::StatusOf(const core::Domain& seen) {
  return store_.Read(
      [&](store::Transaction& tx) { return StatusIn(tx, seen.customer_id, seen.name); });
}

core::Result<DcvPage> DomainControl::List(const authz::Principal& who, const DcvQuery& q) {
  if (auto r = authz::Authorize(who, Action::kListDomains, authz::Place::Customer(who.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  auto now = clock_.Now();
  return store_.Read([&](store::Transaction& tx) -> core::Result<DcvPage> {
    store::DomainQuery dq{.customer = who.customer_id,
                          .name = q.domain,
                          .org_id = q.org,
                          .position = 0,
                          .size = 100'000};
    if (!who.IsMrao()) {
      auto orgs = LoadOrgs(tx, who.customer_id);
      if (!orgs) return core::Fail(orgs.error());
      std::vector<core::OrgId> within;
      for (const auto& [id, o] : *orgs) {
        if (authz::Covers(who, authz::Place::Of(o))) within.push_back(o.id);
      }
      dq.within = std::move(within);
    }
    auto domains = tx.domains().List(dq);
    if (!domains) return core::Fail(domains.error());
    auto validations = tx.dcv().ListValidations(who.customer_id);
    if (!validations) return core::Fail(validations.error());
    auto orders = tx.dcv().ListOrders(who.customer_id);
    if (!orders) return core::Fail(orders.error());
    std::map<std::string, core::DcvOrder> order_of;
    for (auto& o : *orders) order_of.emplace(o.domain_name, std::move(o));

    DcvPage page;
    std::vector<DcvRow> rows;
    for (const auto& d : domains->domains) {
      DcvRow row{.domain = d.name};
      auto nv = core::ValidationOf(*validations, d.name, now);
      row.status.name = d.name;
      row.status.state = nv.state;
      if (nv.by) {
        row.status.validation = *nv.by;
        row.status.covers = core::DescribeCoverage(*nv.by);
      }
      if (auto o = order_of.find(std::string(core::SplitWildcard(d.name).base));
          o != order_of.end()) {
        row.status.order = o->second;
      }
      if (q.state && row.status.state != *q.state) continue;
      if (q.order_state) {
        auto state = row.status.order ? row.status.order->state : core::DcvOrderState::kStarted;
        if (state != *q.order_state) continue;
      }
      if (q.expires_in && (row.status.state != core::ValidationState::kValidated ||
                           row.status.validation->expires_at > now + *q.expires_in)) {
        continue;
      }
      rows.push_back(std::move(row));
    }
    page.total = static_cast<std::int64_t>(rows.size());
    auto from = std::clamp<std::int64_t>(q.position, 0, page.total);
    auto to =
        std::clamp<std::int64_t>(from + std::clamp<std::int64_t>(q.size, 0, 200), 0, page.total);
    page.rows.assign(std::make_move_iterator(rows.begin() + from),
                     std::make_move_iterator(rows.begin() + to));
    return page;
  });
}

core::Result<DcvStatus> DomainControl::Clear(const authz::Principal& who,
                                             std::string_view raw_name) {
  auto name = DcvName(raw_name);
  if (!name) return core::Fail(name.error());
  return store_.Transact([&](store::Transaction& tx) -> core::Result<DcvStatus> {
    auto rows = RowsFor(tx, who, *name, Action::kValidateDomain);
    if (!rows) return core::Fail(rows.error());
    auto order = tx.dcv().FindOrder(who.customer_id, *name);
    if (order) {
      if (auto r = tx.dcv().DeleteOrder(order->id); !r) return core::Fail(r.error());
      auto a = Audit(tx, clock_, AuditOf(who, "dcv.clear", *name, nlohmann::json::object()));
      if (!a) return core::Fail(a.error());
    } else if (order.error().code() != core::ErrorCode::kNotFound) {
      return core::Fail(order.error());
    }
    return StatusIn(tx, who.customer_id, *name);
  });
}

core::Result<void> DomainControl::Delete(const authz::Principal& who, std::string_view raw_name) {
  auto name = DcvName(raw_name);
  if (!name) return core::Fail(name.error());
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto rows = RowsFor(tx, who, *name, Action::kValidateDomain);
    if (!rows) return core::Fail(rows.error());
    auto removed = tx.dcv().DeleteValidations(who.customer_id, *name);
    if (!removed) return core::Fail(removed.error());
    if (auto order = tx.dcv().FindOrder(who.customer_id, *name); order) {
      if (auto r = tx.dcv().DeleteOrder(order->id); !r) return r;
    }
    return Audit(tx, clock_, AuditOf(who, "dcv.delete", *name, {{"validations", *removed}}));
  });
}

namespace {

// The email order `id` if `code` is its code and it may still be answered. One answer
// for every failure, so the page tells a guesser nothing.
core::Result<core::DcvOrder> AnswerableOrder(store::Transaction& tx, core::DcvOrderId id,
                                             std::string_view code, core::TimePoint now,
                                             std::chrono::days lifetime) {
  auto order = tx.dcv().GetOrder(id);
  bool ok = order && order->method == core::DcvMethod::kEmail &&
            order->state == core::DcvOrderState::kSubmitted && !Lapsed(*order, now, lifetime) &&
            pki::ConstantTimeEquals(order->code_hash, Sha256Hex(code));
  if (!ok) {
    if (!order && order.error().code() != core::ErrorCode::kNotFound) {
      return core::Fail(order.error());
    }
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kDcvCodeInvalid,
                      "This confirmation link is not valid: it is wrong, was used already, or "
                      "has expired");
  }
  return order;
}

}  // namespace

core::Result<std::string> DomainControl::PeekEmailOrder(core::DcvOrderId id,
                                                        std::string_view code) {
  auto now = clock_.Now();
  return store_.Read([&](store::Transaction& tx) -> core::Result<std::string> {
    auto o = AnswerableOrder(tx, id, code, now, options_.order_lifetime);
    if (!o) return core::Fail(o.error());
    return DomainOfAddress(o->email);
  });
}

core::Result<std::string> DomainControl::ConfirmEmail(core::DcvOrderId id, std::string_view code,
                                                      const std::string& source) {
  auto now = clock_.Now();
  return store_.Transact([&](store::Transaction& tx) -> core::Result<std::string> {
    auto o = AnswerableOrder(tx, id, code, now, options_.order_lifetime);
    if (!o) return core::Fail(o.error());
    // The address's domain is the Authorization Domain Name the answer proves.
    core::DomainValidation v{.proved_name = DomainOfAddress(o->email),
                             .method = core::DcvMethod::kEmail,
                             .validated_at = now,
                             .expires_at = now + options_.validity,
                             .customer_id = o->customer_id};
    if (auto r = tx.dcv().PutValidation(v); !r) return core::Fail(r.error());
    if (auto r = tx.dcv().DeleteOrder(o->id); !r) return core::Fail(r.error());
    auto a = Audit(tx, clock_,
                   AuditAs(o->customer_id, o->email, source, "domain.validated", v.proved_name,
                           {{"method", "EMAIL"}}));
    if (!a) return core::Fail(a.error());
    return v.proved_name;
  });
}

core::Result<int> DomainControl::CheckDue(int limit) {
  auto due =
      store_.Read([&](store::Transaction& tx) { return tx.dcv().DueOrders(clock_.Now(), limit); });
  if (!due) return core::Fail(due.error());
  for (const auto& o : *due) {
    if (auto r = CheckAndRecord(o, "system", ""); !r) return core::Fail(r.error());
  }
  return static_cast<int>(due->size());
}

core::Result<int> DomainControl::RecheckExpiring(int limit) {
  auto now = clock_.Now();
  auto due = store_.Read([&](store::Transaction& tx) {
    return tx.dcv().DueRechecks(now, now + options_.recheck_ahead, now - std::chrono::hours(24),
                                limit);
  });
  if (!due) return core::Fail(due.error());
  for (auto v : *due) {
    auto found = check_.Check(EvidenceOf(v));
    auto at = clock_.Now();
    auto r = store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
      v.last_recheck = at;
      v.recheck_error = found ? std::string() : found.error().detail();
      if (found) {
        v.validated_at = at;
        v.expires_at = at + options_.validity;
      }
      if (auto u = tx.dcv().UpdateValidation(v); !u) return u;
      return Audit(tx, clock_,
                   AuditAs(v.customer_id, "system", "",
                           found ? "domain.revalidated" : "domain.recheck.failed", v.proved_name,
                           {{"method", core::ToString(v.method)}, {"error", v.recheck_error}}));
    });
    if (!r) return core::Fail(r.error());
  }
  return static_cast<int>(due->size());
}

}  // namespace certkeep::service
