#include "store/internal/profile_json.h"

#include <nlohmann/json.hpp>

namespace certkeep::store::internal {

using nlohmann::json;

std::string ProfileToJson(const core::CertificateProfile& p) {
  json fields = json::array();
  for (auto f : p.subject_fields) fields.push_back(core::ToString(f));
  json j{{"description", p.description},
         {"kind", core::ToString(p.kind)},
         {"terms", p.terms},
         {"maxValidityDays", p.max_validity_days},
         {"keyUsage", p.key_usage},
         {"extendedKeyUsage", p.extended_key_usage},
         {"policies", p.policies},
         {"subjectFields", fields},
         {"allowRsa", p.allow_rsa},
         {"minRsaBits", p.min_rsa_bits},
         {"maxRsaBits", p.max_rsa_bits},
         {"allowEc", p.allow_ec},
         {"allowEd25519", p.allow_ed25519},
         {"requireCommonName", p.require_common_name},
         {"allowWildcard", p.allow_wildcard},
         {"allowIp", p.allow_ip},
         {"allowInternalNames", p.allow_internal_names},
         {"allowEmail", p.allow_email},
         {"maxNames", p.max_names},
         {"ocspNoCheck", p.ocsp_no_check},
         {"active", p.is_active}};
  return j.dump();
}

core::Result<core::CertificateProfile> ProfileFromJson(const std::string& text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return core::Fail(
        core::InternalError(core::Reason::kProfileInvalid, "profile JSON unreadable"));
  }
  core::CertificateProfile p;
  try {
    p.description = j.value("description", p.description);
    if (auto kind = core::ParseProfileKind(j.value("kind", std::string("tls-server"))))
      p.kind = *kind;
    p.terms = j.value("terms", p.terms);
    p.max_validity_days = j.value("maxValidityDays", p.max_validity_days);
    p.key_usage = j.value("keyUsage", p.key_usage);
    p.extended_key_usage = j.value("extendedKeyUsage", p.extended_key_usage);
    p.policies = j.value("policies", p.policies);
    for (const auto& f : j.value("subjectFields", std::vector<std::string>{})) {
      if (auto field = core::ParseSubjectField(f)) p.subject_fields.push_back(*field);
    }
    p.allow_rsa = j.value("allowRsa", p.allow_rsa);
    p.min_rsa_bits = j.value("minRsaBits", p.min_rsa_bits);
    p.max_rsa_bits = j.value("maxRsaBits", p.max_rsa_bits);
    p.allow_ec = j.value("allowEc", p.allow_ec);
    p.allow_ed25519 = j.value("allowEd25519", p.allow_ed25519);
    p.require_common_name = j.value("requireCommonName", p.require_common_name);
    p.allow_wildcard = j.value("allowWildcard", p.allow_wildcard);
    p.allow_ip = j.value("allowIp", p.allow_ip);
    p.allow_internal_names = j.value("allowInternalNames", p.allow_internal_names);
    p.allow_email = j.value("allowEmail", p.allow_email);
    p.max_names = j.value("maxNames", p.max_names);
    p.ocsp_no_check = j.value("ocspNoCheck", p.ocsp_no_check);
    p.is_active = j.value("active", p.is_active);
  } catch (const json::exception& e) {
    return core::Fail(core::InternalError(core::Reason::kProfileInvalid,
                                          std::string("profile JSON: ") + e.what()));
  }
  return p;
}

}  // namespace certkeep::store::internal
