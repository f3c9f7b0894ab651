#include "core/self_enrollment.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/words.h"

namespace certkeep::core {

namespace {

constexpr Word<EnrollmentAccessMode> kModes[] = {
    {EnrollmentAccessMode::kAccessCode, "ACCESS_CODE"},
    {EnrollmentAccessMode::kSaml, "SAML"},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// A DNS name of letters, digits and hyphens, at least two labels.
bool IsDomainName(std::string_view name) {
  if (name.empty() || name.size() > 253 || name.find('.') == std::string_view::npos) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      if (label == 0 || label > 63 || name[i - 1] == '-' || name[i - label] == '-') return false;
      label = 0;
      continue;
    }
    char c = name[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) return false;
    ++label;
  }
  return true;
}

Error Invalid(std::string detail) {
  return Error(ErrorCode::kMalformed, Reason::kInvalidField, std::move(detail));
}

}  // namespace

std::string_view ToString(EnrollmentAccessMode mode) {
  return WordOf<EnrollmentAccessMode>(kModes, mode);
}
std::optional<EnrollmentAccessMode> ParseEnrollmentAccessMode(std::string_view text) {
  return ValueOf<EnrollmentAccessMode>(kModes, text);
}

std::vector<std::string> DefaultServerSoftware() {
  return {"Apache", "nginx", "Microsoft IIS", "Tomcat", "HAProxy", "Other"};
}

Result<SelfEnrollment> CheckSelfEnrollment(SelfEnrollment s) {
  auto clean = [](std::vector<std::string>& list, bool lower) {
    for (auto& item : list) item = lower ? Lower(Trimmed(item)) : Trimmed(item);
    std::erase_if(list, [](const std::string& item) { return item.empty(); });
    std::vector<std::string> unique;
    for (auto& item : list) {
      if (std::find(unique.begin(), unique.end(), item) == unique.end()) unique.push_back(item);
    }
    list = std::move(unique);
  };
  clean(s.server_software, false);
  clean(s.allowed_email_domains, true);
  for (auto& d : s.allowed_email_domains) {
    if (d.starts_with("@")) d.erase(0, 1);
    if (!IsDomainName(d)) return Fail(Invalid("allowedEmailDomains: '" + d + "' is not a domain name"));
  }
  std::sort(s.ssl_types.begin(), s.ssl_types.end());
  s.ssl_types.erase(std::unique(s.ssl_types.begin(), s.ssl_types.end()), s.ssl_types.end());
  for (const auto* list : {&s.server_software, &s.allowed_email_domains}) {
    if (list->size() > kEnrollmentMaxListItems) {
      return Fail(Invalid("at most " + std::to_string(kEnrollmentMaxListItems) + " entries per list"));
    }
  }
  for (const auto& item : s.server_software) {
    if (item.size() > 100) return Fail(Invalid("serverSoftware: at most 100 characters per entry"));
  }
  if (s.is_enabled) {
    if (s.access_mode == EnrollmentAccessMode::kSaml) {
      return Fail(Invalid("accessMode: SAML enrollment is not available yet; use ACCESS_CODE"));
    }
    if (s.ssl_types.empty()) {
      return Fail(ErrorCode::kMalformed, Reason::kMissingField,
                  "sslTypes: offer at least one SSL type to enable self-enrollment");
    }
    if (s.allowed_email_domains.empty()) {
      return Fail(ErrorCode::kMalformed, Reason::kMissingField,
                  "allowedEmailDomains: name at least one domain to enable self-enrollment");
    }
  }
  return s;
}

bool EmailDomainAllowed(std::string_view email, const std::vector<std::string>& domains) {
  auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || !IsPlausibleEmail(email)) return false;
  std::string domain = Lower(email.substr(at + 1));
  for (const auto& allowed : domains) {
    auto a = Lower(allowed);
    if (domain == a) return true;
    if (domain.size() > a.size() && domain.ends_with(a) && domain[domain.size() - a.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace certkeep::core
