// /api/notification/v1 (scm-api.md §2.12): notification rules in SCM's shape; and
// certkeep's own /templates (a customer's words for each type) and /outbox (what was
// sent, what waits, what failed and why).

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

json RuleJson(const core::NotificationRule& r) {
  json orgs = json::array();
  for (auto id : r.org_ids) orgs.push_back({{"orgId", id.value}});
  json roles = json::array();
  for (auto role : r.notify_roles) roles.push_back(core::ToString(role));
  json recipients = json::array();
  for (const auto& a : r.recipients) recipients.push_back({{"type", "EMAIL"}, {"value", a}});
  json additional = json::object();
  if (core::IsThresholdType(r.type)) {
    additional["days"] = r.days;
    additional["freq"] = core::ToString(r.freq);
  }
  if (core::IsSslType(r.type)) {
    additional["certTypeId"] = r.cert_type_id ? json(*r.cert_type_id) : json(nullptr);
  }
  if (r.type == core::NotificationType::kSslRevoked) {
    additional["revokedByAdmin"] = r.revoked_by_admin;
    additional["revokedByUser"] = r.revoked_by_user;
  }
  return {{"id", r.id.value},
          {"description", r.description},
          {"type", core::ToString(r.type)},
          {"active", r.is_active},
          {"orgData", {{"selectedOrgType", core::ToString(r.org_scope)}, {"orgDelegations", orgs}}},
          {"recipientData", {{"notifyRoles", roles}, {"recipients", recipients}}},
          {"additionalData", additional}};
}

// The object member `field` of `body`, {} when absent.
core::Result<json> Member(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return json::object();
  if (!it->is_object()) return core::Fail(InvalidField(field, "an object"));
  return *it;
}

constexpr std::string_view kTypesHint = "one of GET /api/notification/v1/types";

core::Result<core::NotificationRule> RuleFrom(const json& body) {
  core::NotificationRule r;
  auto description = OptString(body, "description");
  if (!description) return core::Fail(description.error());
  r.description = description->value_or("");
  auto type = OptString(body, "type");
  if (!type) return core::Fail(type.error());
  if (!*type) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "type is required but missing (" + std::string(kTypesHint) + ")");
  }
  auto parsed = core::ParseNotificationType(**type);
  if (!parsed) return core::Fail(InvalidField("type", kTypesHint));
  r.type = *parsed;
  auto active = OptBool(body, "active");
  if (!active) return core::Fail(active.error());
  r.is_active = active->value_or(true);

  auto org_data = Member(body, "orgData");
  if (!org_data) return core::Fail(org_data.error());
  auto scope = OptString(*org_data, "selectedOrgType");
  if (!scope) return core::Fail(scope.error());
  auto parsed_scope = core::ParseNotificationOrgScope(scope->value_or("ANY"));
  if (!parsed_scope)
    return core::Fail(InvalidField("orgData.selectedOrgType", "ANY, ANYDEPT or SELECTED"));
  r.org_scope = *parsed_scope;
  // Liberal: [{"orgId": 4}], [{"id": 4}] or [4].
  if (auto it = org_data->find("orgDelegations"); it != org_data->end() && !it->is_null()) {
    if (!it->is_array())
      return core::Fail(InvalidField("orgData.orgDelegations", "a list of {orgId}"));
    for (const auto& item : *it) {
      json id = item.is_object() ? item.value("orgId", item.value("id", json())) : item;
      if (!id.is_number_integer()) {
        return core::Fail(InvalidField("orgData.orgDelegations", "a list of {orgId}"));
      }
      r.org_ids.push_back(core::OrgId{id.get<std::int64_t>()});
    }
  }

  auto recipient_data = Member(body, "recipientData");
  if (!recipient_data) return core::Fail(recipient_data.error());
  auto roles = OptStringList(*recipient_data, "notifyRoles");
  if (!roles) return core::Fail(roles.error());
  for (const auto& word : roles->value_or(std::vector<std::string>())) {
    auto role = core::ParseNotifyRole(word);
    if (!role) {
      return core::Fail(InvalidField("recipientData.notifyRoles",
                                     "REQUESTER, EXTERNAL_REQUESTER, APPROVER, MRAO, SSL_RAO, "
                                     "SSL_DRAO or ORGANIZATION_CONTACT"));
    }
    r.notify_roles.push_back(*role);
  }
  if (auto it = recipient_data->find("recipients"); it != recipient_data->end() && !it->is_null()) {
    if (!it->is_array()) {
      return core::Fail(InvalidField("recipientData.recipients", "a list of {type: EMAIL, value}"));
    }
    for (const auto& item : *it) {
      if (item.is_string()) {
        r.recipients.push_back(item.get<std::string>());
        continue;
      }
      bool email = !item.is_object() || !item.contains("type") ||
                   (item["type"].is_string() && item["type"].get<std::string>() == "EMAIL");
      if (!item.is_object() || !item.contains("value") || !item["value"].is_string() || !email) {
        return core::Fail(
            InvalidField("recipientData.recipients",
                         "a list of {type: EMAIL, value} (EMAIL is the only channel)"));
      }
      r.recipients.push_back(item["value"].get<std::string>());
    }
  }

  auto additional = Member(body, "additionalData");
  if (!additional) return core::Fail(additional.error());
  auto days = OptInt(*additional, "days");
  if (!days) return core::Fail(days.error());
  r.days = static_cast<int>(std::clamp<std::int64_t>(days->value_or(0), -1, 100000));
  auto cert_type = OptInt(*additional, "certTypeId");
  if (!cert_type) return core::Fail(cert_type.error());
  if (*cert_type && **cert_type > 0) r.cert_type_id = **cert_type;
  auto freq = OptString(*additional, "freq");
  if (!freq) return core::Fail(freq.error());
  auto parsed_freq = core::ParseNotificationFrequency(freq->value_or("ONCE"));
  if (!parsed_freq) return core::Fail(InvalidField("additionalData.freq", "ONCE or DAILY"));
  r.freq = *parsed_freq;
  auto by_admin = OptBool(*additional, "revokedByAdmin");
  if (!by_admin) return core::Fail(by_admin.error());
  r.revoked_by_admin = by_admin->value_or(true);
  auto by_user = OptBool(*additional, "revokedByUser");
  if (!by_user) return core::Fail(by_user.error());
  r.revoked_by_user = by_user->value_or(true);
  return r;
}

core::Result<core::NotificationType> TypeParam(const http::Request& rq) {
  auto text = PathText(rq, "type");
  auto type = core::ParseNotificationType(text);
  if (!type) {
    return core::Fail(
        core::ErrorCode::kNotFound, core::Reason::kUnspecified,
        "no notification type '" + std::string(text) + "' (" + std::string(kTypesHint) + ")");
  }
  return *type;
}

}  // namespace

Reply ListNotificationTypes(http::Request&, const Authed&) {
  json out = json::array();
  for (auto type : core::AllNotificationTypes()) out.push_back(core::ToString(type));
  return JsonResponse(200, out);
}

Reply ListNotifications(service::NotificationRules& rules, http::Request& rq, const Authed& who) {
  auto page = QueryPage(rq);
  if (!page) return core::Fail(page.error());
  store::NotificationRuleQuery q;
  if (auto id = rq.QueryParam("id"); id && !id->empty()) {
    auto v = QueryInt(rq, "id", 0);
    if (!v) return core::Fail(v.error());
    q.id = core::NotificationRuleId{*v};
  }
  if (auto d = rq.QueryParam("description"); d && !d->empty()) q.description = std::string(*d);
  if (auto t = rq.QueryParam("type"); t && !t->empty()) {
    auto type = core::ParseNotificationType(*t);
    if (!type) return core::Fail(InvalidField("type", kTypesHint));
    q.type = *type;
  }
  if (auto s = rq.QueryParam("selectedOrgType"); s && !s->empty()) {
    auto scope = core::ParseNotificationOrgScope(*s);
    if (!scope) return core::Fail(InvalidField("selectedOrgType", "ANY, ANYDEPT or SELECTED"));
    q.scope = *scope;
  }
  if (auto o = rq.QueryParam("orgId"); o && !o->empty()) {
    auto v = QueryInt(rq, "orgId", 0);
    if (!v) return core::Fail(v.error());
    q.org = core::OrgId{*v};
  }
  if (auto c = rq.QueryParam("certTypeId"); c && !c->empty()) {
    auto v = QueryInt(rq, "certTypeId", 0);
    if (!v) return core::Fail(v.error());
    q.cert_type_id = *v;
  }
  auto found = rules.List(who.principal, q, page->first, page->second);
  if (!found) return core::Fail(found.error());
  json out = json::array();
  for (const auto& r : found->items) out.push_back(RuleJson(r));
  auto response = JsonResponse(200, out);
  response.SetHeader("X-Total-Count", std::to_string(found->total));
  return response;
}

Reply GetNotification(service::NotificationRules& rules, http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  auto rule = rules.Get(who.principal, core::NotificationRuleId{*id});
  if (!rule) return core::Fail(rule.error());
  return JsonResponse(200, RuleJson(*rule));
}

Reply CreateNotification(service::NotificationRules& rules, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto rule = RuleFrom(*body);
  if (!rule) return core::Fail(rule.error());
  auto id = rules.Create(who.principal, std::move(*rule));
  if (!id) return core::Fail(id.error());
  return Created(rq, "/api/notification/v1", id->value);
}

Reply UpdateNotification(service::NotificationRules& rules, http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto rule = RuleFrom(*body);
  if (!rule) return core::Fail(rule.error());
  core::NotificationRuleId rule_id{*id};
  if (auto r = rules.Update(who.principal, rule_id, std::move(*rule)); !r) {
    return core::Fail(r.error());
  }
  auto stored = rules.Get(who.principal, rule_id);
  if (!stored) return core::Fail(stored.error());
  return JsonResponse(200, RuleJson(*stored));
}

Reply DeleteNotification(service::NotificationRules& rules, http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  if (auto r = rules.Delete(who.principal, core::NotificationRuleId{*id}); !r) {
    return core::Fail(r.error());
  }
  return http::Response{204, {}, ""};
}

Reply ListNotificationTemplates(service::NotificationRules& rules, http::Request&,
                                const Authed& who) {
  auto all = rules.Templates(who.principal);
  if (!all) return core::Fail(all.error());
  json templates = json::array();
  for (const auto& t : *all) {
    templates.push_back({{"type", core::ToString(t.type)},
                         {"subject", t.words.subject},
                         {"text", t.words.text},
                         {"html", t.words.html},
                         {"customized", t.is_customized}});
  }
  json placeholders = json::array();
  for (auto p : notify::TemplatePlaceholders()) placeholders.push_back(p);
  return JsonResponse(200, {{"placeholders", placeholders}, {"templates", templates}});
}

Reply PutNotificationTemplate(service::NotificationRules& rules, http::Request& rq,
                              const Authed& who) {
  auto type = TypeParam(rq);
  if (!type) return core::Fail(type.error());
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  notify::MailTemplate words;
  for (auto [field, into] : {std::pair{"subject", &words.subject}, std::pair{"text", &words.text},
                             std::pair{"html", &words.html}}) {
    auto v = OptString(*body, field);
    if (!v) return core::Fail(v.error());
    *into = v->value_or("");
  }
  if (auto r = rules.PutTemplate(who.principal, *type, std::move(words)); !r) {
    return core::Fail(r.error());
  }
  return JsonResponse(200, json::object());
}

Reply ResetNotificationTemplate(service::NotificationRules& rules, http::Request& rq,
                                const Authed& who) {
  auto type = TypeParam(rq);
  if (!type) return core::Fail(type.error());
  if (auto r = rules.ResetTemplate(who.principal, *type); !r) return core::Fail(r.error());
  return http::Response{204, {}, ""};
}

Reply ListOutbox(service::NotificationRules& rules, http::Request& rq, const Authed& who) {
  auto page = QueryPage(rq);
  if (!page) return core::Fail(page.error());
  store::OutboxQuery q{.position = page->first, .size = page->second};
  if (auto s = rq.QueryParam("status"); s && !s->empty()) {
    auto status = core::ParseOutboxStatus(*s);
    if (!status) return core::Fail(InvalidField("status", "PENDING, SENT or FAILED"));
    q.status = *status;
  }
  auto found = rules.Outbox(who.principal, q);
  if (!found) return core::Fail(found.error());
  json out = json::array();
  for (const auto& m : found->items) {
    out.push_back({{"id", m.id.value},
                   {"kind", m.kind},
                   {"to", m.to},
                   {"subject", m.subject},
                   {"status", core::ToString(m.status)},
                   {"attempts", m.attempts},
                   {"createdAt", core::ToRfc3339(m.created_at)},
                   {"nextAttemptAt", core::ToRfc3339(m.next_attempt_at)},
                   {"sentAt", m.sent_at ? json(core::ToRfc3339(*m.sent_at)) : json(nullptr)},
                   {"lastError", m.last_error},
                   {"messageId", m.message_id}});
  }
  auto response = JsonResponse(200, out);
  response.SetHeader("X-Total-Count", std::to_string(found->total));
  return response;
}

Reply RetryOutbox(service::NotificationRules& rules, http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  if (auto r = rules.Retry(who.principal, core::OutboxId{*id}); !r) return core::Fail(r.error());
  return JsonResponse(200, json::object());
}

}  // namespace certkeep::api::internal
