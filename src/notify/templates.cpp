#include "notify/templates.h"

namespace certkeep::notify {

namespace {

using core::NotificationType;

constexpr std::string_view kPlaceholders[] = {
    "commonName", "names",     "organization", "expires", "daysLeft", "timeLeft",
    "link",       "status",    "requester",    "domain",  "admin",    "account",  "reason",
};

// The HTML body of a default: a paragraph per line of `lines`, then the link.
std::string Html(std::string_view lines, bool with_link = true) {
  std::string out = "<!DOCTYPE html><html><body style=\"font-family: sans-serif\">";
  std::size_t start = 0;
  while (start < lines.size()) {
    auto end = lines.find('\n', start);
    if (end == std::string_view::npos) end = lines.size();
    out += "<p>" + std::string(lines.substr(start, end - start)) + "</p>";
    start = end + 1;
  }
  if (with_link) out += "<p><a href=\"{{link}}\">{{link}}</a></p>";
  return out + "</body></html>";
}

MailTemplate Make(std::string subject, std::string lines, bool with_link = true) {
  return {std::move(subject), lines + "\n\n{{link}}\n", Html(lines, with_link)};
}

void AppendEscaped(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

enum class Part { kSubject, kText, kHtml };

std::string Render(std::string_view text, const TemplateValues& values, Part part) {
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t at = 0;
  while (at < text.size()) {
    auto open = text.find("{{", at);
    if (open == std::string_view::npos) break;
    auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    auto name = text.substr(open + 2, close - open - 2);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (auto it = values.find(name); it != values.end()) {
      if (part == Part::kHtml) {
        AppendEscaped(out, it->second);
      } else {
        out += it->second;
      }
    }
    at = close + 2;
  }
  out.append(text.substr(at));
  if (part == Part::kSubject) {
    for (auto& c : out) {
      if (c == '\r' || c == '\n') c = ' ';
    }
  }
  return out;
}

}  // namespace

std::span<const std::string_view> TemplatePlaceholders() { return kPlaceholders; }

MailTemplate DefaultTemplate(NotificationType type) {
  switch (type) {
    case NotificationType::kSslAwaitingApproval:
      return Make("SSL certificate for {{commonName}} awaits your approval",
                  "A certificate for {{commonName}} was requested by {{requester}} for "
                  "{{organization}}.\nNames: {{names}}\nApprove or decline it in the console:");
    case NotificationType::kSslApproved:
      return Make("SSL certificate for {{commonName}} approved",
                  "The request for {{commonName}} ({{organization}}) was approved.\n"
                  "Names: {{names}}\nIts status is {{status}}:");
    case NotificationType::kSslIssued:
      return Make("SSL certificate for {{commonName}} issued",
                  "The certificate for {{commonName}} ({{organization}}) was issued; it "
                  "expires on {{expires}}.\nNames: {{names}}\nDownload it:");
    case NotificationType::kSslDeclined:
      return Make("SSL certificate request for {{commonName}} declined",
                  "The request for {{commonName}} ({{organization}}) was declined: {{reason}}\n"
                  "The request:");
    case NotificationType::kSslRevoked:
      return Make("SSL certificate for {{commonName}} revoked",
                  "The certificate for {{commonName}} ({{organization}}) was revoked: "
                  "{{reason}}\nThe certificate:");
    case NotificationType::kSslExpiration:
      return Make("SSL certificate for {{commonName}} expires in {{timeLeft}}",
                  "The certificate for {{commonName}} ({{organization}}) expires on "
                  "{{expires}}, in {{timeLeft}}.\nNames: {{names}}\nRenew it in time:");
    case NotificationType::kSslExpired:
      return Make("SSL certificate for {{commonName}} has expired",
                  "The certificate for {{commonName}} ({{organization}}) expired on "
                  "{{expires}}.\nNames: {{names}}\nThe certificate:");
    case NotificationType::kDomainValidationExpiration:
      return Make("Validation of {{domain}} expires in {{timeLeft}}",
                  "The domain control validation of {{domain}} expires on {{expires}}, in "
                  "{{timeLeft}}. Certificates for it cannot be issued after that until "
                  "it is validated again.\nThe domain:");
    case NotificationType::kDomainDelegationRequested:
      return Make("Delegation of {{domain}} to {{organization}} requested",
                  "{{requester}} asked that {{domain}} be delegated to {{organization}}.\n"
                  "Approve or reject it in the console:");
    case NotificationType::kAdminCreated:
      return Make("Administrator {{admin}} created",
                  "{{requester}} created the administrator {{admin}} for {{organization}}.\n"
                  "The administrator:");
    case NotificationType::kAcmeAccountCreated:
      return Make("ACME account {{account}} created",
                  "{{requester}} created the ACME account {{account}} for {{organization}}.\n"
                  "The account:");
  }
  return Make("certkeep notification", "{{status}}");
}

MailTemplate RenderTemplate(const MailTemplate& tmpl, const TemplateValues& values) {
  return {Render(tmpl.subject, values, Part::kSubject), Render(tmpl.text, values, Part::kText),
          Render(tmpl.html, values, Part::kHtml)};
}

}  // namespace certkeep::notify
