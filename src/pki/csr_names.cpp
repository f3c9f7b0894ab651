#include "pki/internal/csr_names.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <openssl/asn1.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "pki/csr.h"
#include "pki/internal/der_reader.h"
#include "pki/internal/handles.h"

namespace certkeep::pki {
namespace internal {
namespace {

using core::Reason;

using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using Asn1StringPtr = std::unique_ptr<ASN1_STRING, Deleter<ASN1_STRING_free>>;

struct IdnFree {
  void operator()(void* p) const noexcept { idn2_free(p); }
};
using IdnPtr = std::unique_ptr<void, IdnFree>;

// Complete OBJECT IDENTIFIER encodings, compared byte for byte.
constexpr std::string_view kExtensionRequestOid =  // 1.2.840.113549.1.9.14 (RFC 2985)
    "\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x09\x0e";
constexpr std::string_view kMsExtensionRequestOid =  // 1.3.6.1.4.1.311.2.1.14
    "\x06\x0a\x2b\x06\x01\x04\x01\x82\x37\x02\x01\x0e";
constexpr std::string_view kSubjectAltNameOid = "\x06\x03\x55\x1d\x11";  // 2.5.29.17
constexpr std::string_view kCommonNameOid = "\x06\x03\x55\x04\x03";      // 2.5.4.3

// Names for internal networks (RFC 6762 .local, RFC 6761 localhost, ICANN's .internal,
// and the suffixes home routers and corporate networks use); .arpa is infrastructure.
// .test and .example are allowed: they are reserved (RFC 2606) and our tests use them.
constexpr std::array<std::string_view, 10> kInternalTlds = {
    "local", "localhost", "internal", "lan",         "home",
    "corp",  "intranet",  "private",  "localdomain", "arpa"};

// ---- one name -------------------------------------------------------------------------

// RFC 5891 §5.4: an A-label must decode to a valid U-label that encodes back to itself.
bool IsALabel(const std::string& label) {
  char* unicode = nullptr;
  if (idn2_to_unicode_8z8z(label.c_str(), &unicode, 0) != IDN2_OK) return false;
  IdnPtr unicode_owner(unicode);
  uint8_t* back = nullptr;
  int rc = idn2_lookup_u8(reinterpret_cast<const uint8_t*>(unicode), &back, IDN2_NONTRANSITIONAL);
  IdnPtr back_owner(back);
  return rc == IDN2_OK && label == reinterpret_cast<const char*>(back);
}

// The A-label form of a name given in raw UTF-8, to suggest in a detail; empty when none.
std::string ALabelForm(std::string_view name) {
  std::string in(name);
  uint8_t* out = nullptr;
  if (idn2_lookup_u8(reinterpret_cast<const uint8_t*>(in.c_str()), &out, IDN2_NONTRANSITIONAL) !=
      IDN2_OK) {
    return {};
  }
  IdnPtr owner(out);
  return reinterpret_cast<const char*>(out);
}

bool IsLdh(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// The canonical text of an IPv4 or IPv6 address (inet_ntop), or empty when `text` is not one.
std::string CanonicalIp(std::string_view text) {
  std::array<char, INET6_ADDRSTRLEN> in{};
  if (text.empty() || text.size() >= in.size()) return {};
  std::copy(text.begin(), text.end(), in.begin());
  std::array<unsigned char, 16> bytes{};
  std::array<char, INET6_ADDRSTRLEN> out{};
  if (inet_pton(AF_INET, in.data(), bytes.data()) == 1) {
    return inet_ntop(AF_INET, bytes.data(), out.data(), out.size());
  }
  if (inet_pton(AF_INET6, in.data(), bytes.data()) == 1) {
    return inet_ntop(AF_INET6, bytes.data(), out.data(), out.size());
  }
  return {};
}

// Checks a DNS name and returns it lower-cased; `what` starts each detail ("the DNS name",
// "the common name"). A wildcard is refused outright unless `may_be_wildcard`.
core::Result<std::string> CheckHostname(std::string_view name, const CsrPolicy& policy,
                                        std::string_view what, bool may_be_wildcard = true) {
  auto refuse = [&](Reason reason, std::string_view rule) {
    return RefuseCsr(reason, std::string(what) + " " + Quote(name) + " " + std::string(rule));
  };
  if (name.empty()) return refuse(Reason::kCsrBadName, "is empty");
  if (!CanonicalIp(name).empty()) {
    return refuse(Reason::kCsrBadName,
                  "is an IP address, not a DNS name: put it in an iPAddress subjectAltName");
  }
  if (name.size() > 253) {
    return refuse(Reason::kCsrBadName, "is " + std::to_string(name.size()) +
                                           " characters long: at most 253 are allowed");
  }
  if (name.back() == '.') {
    return refuse(Reason::kCsrBadName, "ends with a dot: send it without the trailing dot");
  }

  std::string lower;
  lower.reserve(name.size());
  bool is_wildcard = false;
  std::size_t labels = 0;
  std::size_t last_size = 0;
  for (std::size_t start = 0; start <= name.size(); ++labels) {
    std::size_t dot = std::min(name.find('.', start), name.size());
    std::string_view label = name.substr(start, dot - start);
    start = dot + 1;
    last_size = label.size();
    if (labels > 0) lower += '.';
    if (label.empty()) return refuse(Reason::kCsrBadName, "has an empty label");
    if (label == "*") {
      if (labels > 0 || !may_be_wildcard) {
        return refuse(Reason::kCsrBadName,
                      labels > 0 ? "has a wildcard that is not the whole left-most label"
                                 : "is a wildcard, which is not allowed here");
      }
      if (!policy.allow_wildcard) {
        return refuse(Reason::kCsrWildcardNotAllowed,
                      "is a wildcard, and this profile does not allow wildcards");
      }
      is_wildcard = true;
      lower += '*';
      continue;
    }
    if (std::any_of(label.begin(), label.end(), [](char c) { return (c & 0x80) != 0; })) {
      std::string a_label = ALabelForm(name);
      return refuse(Reason::kCsrNotALabel,
                    "has a label that is not ASCII: send an internationalized name in its "
                    "xn-- (A-label) form" +
                        (a_label.empty() ? std::string() : ", " + Quote(a_label)));
    }
    for (char c : label) {
      if (c == '*') {
        return refuse(Reason::kCsrBadName, "has a wildcard that is not the whole left-most label");
      }
      if (!IsLdh(c)) {
        return refuse(Reason::kCsrBadName, "has the character " + Quote(std::string_view(&c, 1)) +
                                               " in the label " + Quote(label) +
                                               ": only letters, digits and hyphens are allowed");
      }
    }
    if (label.size() > 63) {
      return refuse(Reason::kCsrBadName, "has a label of " + std::to_string(label.size()) +
                                             " characters: at most 63 are allowed");
    }
    if (label.front() == '-' || label.back() == '-') {
      return refuse(Reason::kCsrBadName,
                    "has the label " + Quote(label) + ", which starts or ends with a hyphen");
    }
    std::size_t label_at = lower.size();
    for (char c : label) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
    if (lower.compare(label_at, 4, "xn--") == 0 && !IsALabel(lower.substr(label_at))) {
      return refuse(Reason::kCsrNotALabel,
                    "has the label " + Quote(label) +
                        ", which is not a valid A-label (the xn-- form of an IDNA2008 name)");
    }
  }

  std::string_view tld = std::string_view(lower).substr(lower.size() - last_size);
  if (std::all_of(tld.begin(), tld.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return refuse(Reason::kCsrBadName,
                  "ends in the all-numeric label " + Quote(tld) + ", so it is not a DNS name");
  }
  if (is_wildcard && labels == 1) {
    return refuse(Reason::kCsrBadName, "is a wildcard with no domain under it");
  }
  if (!policy.allow_internal_names) {
    if (labels == 1) {
      return refuse(Reason::kCsrInternalName,
                    "is a single-label name, which only resolves inside a network: use a fully "
                    "qualified public name");
    }
    if (std::find(kInternalTlds.begin(), kInternalTlds.end(), tld) != kInternalTlds.end()) {
      return refuse(Reason::kCsrInternalName,
                    "ends in '." + std::string(tld) +
                        "', a name for internal networks that no public CA may certify");
    }
  }
  if (is_wildcard && labels == 2) {
    return refuse(Reason::kCsrBadName,
                  "puts a wildcard directly under the top-level domain " + Quote(tld));
  }
  return lower;
}

// Checks an rfc822Name and returns it with its domain lower-cased.
core::Result<std::string> CheckEmail(std::string_view address, const CsrPolicy& policy) {
  auto refuse = [&](std::string_view rule) {
    return RefuseCsr(Reason::kCsrBadName,
                     "the email address " + Quote(address) + " " + std::string(rule));
  };
  // RFC 5280 §4.2.1.6: an rfc822Name is a Mailbox, local-part "@" domain.
  std::size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0 ||
      address.find('@', at + 1) != std::string_view::npos) {
    return refuse("is not of the form local-part@domain");
  }
  std::string_view local = address.substr(0, at);
  if (local.size() > 64) return refuse("has a local part longer than 64 characters");
  if (!std::all_of(local.begin(), local.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    return refuse("has a local part that is not printable ASCII");
  }
  auto domain = CheckHostname(address.substr(at + 1), policy, "the email domain", false);
  if (!domain) return tl::unexpected(std::move(domain).error());
  std::string out(local);
  out += '@';
  out += *domain;
  return out;
}

// ---- the names of a request ---------------------------------------------------------

// Drops repeated values, keeping each first occurrence where it was. Sorting indices keeps
// a request of 100 names from costing 4,950 comparisons.
void RemoveDuplicates(std::vector<std::string>& list) {
  if (list.size() < 2) return;
  std::vector<std::uint32_t> order(list.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&list](std::uint32_t a, std::uint32_t b) { return list[a] < list[b]; });
  std::vector<bool> repeated(list.size());
  bool any = false;
  for (std::size_t k = 1; k < order.size(); ++k) {
    if (list[order[k]] == list[order[k - 1]]) repeated[order[k]] = any = true;
  }
  if (!any) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (repeated[i]) continue;
    if (kept != i) list[kept] = std::move(list[i]);
    ++kept;
  }
  list.resize(kept);
}

// The subject's CN as UTF-8, empty when there is none. Name ::= SEQUENCE OF
// RelativeDistinguishedName (SET OF AttributeTypeAndValue), RFC 5280 §4.1.2.4.
core::Result<std::string> CommonName(std::string_view subject) {
  auto undecodable = [] {
    return RefuseCsr(Reason::kCsrUndecodable, "the subject of the request could not be decoded");
  };
  der::Reader name(subject);
  std::string_view rdns;
  if (!name.Read(der::kSequence, &rdns) || !name.empty()) return undecodable();
  std::optional<std::string_view> found;
  for (der::Reader rdn_list(rdns); !rdn_list.empty();) {
    std::string_view rdn;
    if (!rdn_list.Read(der::kSet, &rdn)) return undecodable();
    for (der::Reader attributes(rdn); !attributes.empty();) {
      std::string_view attribute, type, value;
      if (!attributes.Read(der::kSequence, &attribute)) return undecodable();
      der::Reader fields(attribute);
      if (!fields.Read(der::kOid, nullptr, &type) || fields.empty()) return undecodable();
      value = attribute.substr(type.size());
      if (type != kCommonNameOid) continue;
      if (found) {
        return RefuseCsr(Reason::kCsrBadName,
                         "the subject has more than one common name (CN): send exactly one");
      }
      found = value;
    }
  }
  if (!found) return std::string();
  // DirectoryString and the other string types clients use, whatever their encoding.
  const auto* p = reinterpret_cast<const unsigned char*>(found->data());
  const auto* end = p + found->size();
  Asn1StringPtr text(d2i_ASN1_PRINTABLE(nullptr, &p, static_cast<long>(found->size())));
  unsigned char* utf8 = nullptr;
  int n = text && p == end ? ASN1_STRING_to_UTF8(&utf8, text.get()) : -1;
  if (n < 0) {
    return RefuseCsr(Reason::kCsrBadName, "the subject common name (CN) is not valid text",
                     DrainErrors());
  }
  std::string cn(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(n));
  OPENSSL_free(utf8);
  return cn;
}

// Takes the CN; `is_host` tells whether it is a DNS name, to merge into `names.dns`.
core::Result<void> TakeCommonName(std::string_view subject, const CsrPolicy& policy,
                                  CsrNames& names, bool& is_host) {
  auto cn = CommonName(subject);
  if (!cn) return tl::unexpected(std::move(cn).error());
  if (cn->empty()) return core::Ok();
  if (!policy.names_are_hostnames) {
    if (std::any_of(cn->begin(), cn->end(), [](char c) {
          auto u = static_cast<unsigned char>(c);
          return u < 0x20 || u == 0x7f;
        })) {
      return RefuseCsr(Reason::kCsrBadName,
                       "the common name " + Quote(*cn) + " contains a control character");
    }
    names.common_name = std::move(*cn);
    return core::Ok();
  }
  // A CN that parses as an IP address is one, whatever the profile allows.
  if (std::string ip = CanonicalIp(*cn); !ip.empty()) {
    if (!policy.allow_ip) {
      return RefuseCsr(Reason::kCsrIpNotAllowed,
                       "the common name " + Quote(*cn) +
                           " is an IP address, and this profile does not allow IP addresses");
    }
    names.common_name = ip;
    names.ips.push_back(std::move(ip));
    return core::Ok();
  }
  auto host = CheckHostname(*cn, policy, "the common name");
  if (!host) return tl::unexpected(std::move(host).error());
  names.common_name = std::move(*host);
  is_host = true;
  return core::Ok();
}

// The DER GeneralNames of the requested subjectAltName, if any. Attribute ::= SEQUENCE {
// type, values SET OF }; Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE,
// extnValue OCTET STRING } (RFC 2986 §4.1, RFC 2985 §5.4.2, RFC 5280 §4.1).
core::Result<std::optional<std::string_view>> FindAltNames(std::string_view attributes) {
  auto undecodable = [] {
    return RefuseCsr(Reason::kCsrUndecodable,
                     "the attributes (requested extensions) of the request could not be decoded");
  };
  std::optional<std::string_view> alt_names;
  bool seen_extension_request = false;
  for (der::Reader list(attributes); !list.empty();) {
    std::string_view attribute, type, values, extensions;
    if (!list.Read(der::kSequence, &attribute)) return undecodable();
    der::Reader fields(attribute);
    if (!fields.Read(der::kOid, nullptr, &type) || !fields.Read(der::kSet, &values) ||
        !fields.empty()) {
      return undecodable();
    }
    if (type != kExtensionRequestOid && type != kMsExtensionRequestOid) continue;
    der::Reader value(values);
    if (seen_extension_request || !value.Read(der::kSequence, &extensions) || !value.empty()) {
      return RefuseCsr(Reason::kCsrUndecodable,
                       "the request must carry one extensionRequest attribute with one value");
    }
    seen_extension_request = true;
    for (der::Reader list_of(extensions); !list_of.empty();) {
      std::string_view extension, oid, content;
      if (!list_of.Read(der::kSequence, &extension)) return undecodable();
      der::Reader ext(extension);
      if (!ext.Read(der::kOid, nullptr, &oid) ||
          (ext.Peek(der::kBoolean) && !ext.Read(der::kBoolean, nullptr)) ||
          !ext.Read(der::kOctetString, &content) || !ext.empty()) {
        return undecodable();
      }
      // Every other requested extension is ignored: none is ever copied.
      if (oid != kSubjectAltNameOid) continue;
      if (alt_names) {
        return RefuseCsr(Reason::kCsrBadName,
                         "the request has more than one subjectAltName extension: send one");
      }
      alt_names = content;
    }
  }
  return alt_names;
}

std::string_view GeneralNameType(int type) {
  switch (type) {
    case GEN_OTHERNAME:
      return "otherName";
    case GEN_X400:
      return "x400Address";
    case GEN_DIRNAME:
      return "directoryName";
    case GEN_EDIPARTY:
      return "ediPartyName";
    case GEN_URI:
      return "uniformResourceIdentifier";
    case GEN_RID:
      return "registeredID";
    default:
      return "unknown";
  }
}

std::string_view View(const ASN1_STRING* s) {
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
          static_cast<std::size_t>(ASN1_STRING_length(s))};
}

core::Result<void> TakeAltName(const GENERAL_NAME* name, const CsrPolicy& policy, CsrNames& names) {
  switch (name->type) {
    case GEN_DNS: {
      auto host = CheckHostname(View(name->d.dNSName), policy, "the DNS name");
      if (!host) return tl::unexpected(std::move(host).error());
      names.dns.push_back(std::move(*host));
      return core::Ok();
    }
    case GEN_IPADD: {
      std::string_view bytes = View(name->d.iPAddress);
      int family = bytes.size() == 4 ? AF_INET : bytes.size() == 16 ? AF_INET6 : 0;
      if (family == 0) {
        return RefuseCsr(Reason::kCsrBadName, "an iPAddress subjectAltName of " +
                                                  std::to_string(bytes.size()) +
                                                  " bytes is neither IPv4 nor IPv6");
      }
      std::array<char, INET6_ADDRSTRLEN> text{};
      inet_ntop(family, bytes.data(), text.data(), text.size());
      if (!policy.allow_ip) {
        return RefuseCsr(Reason::kCsrIpNotAllowed,
                         "the IP address " + std::string(text.data()) +
                             " in subjectAltName is not allowed by this profile: request DNS "
                             "names only");
      }
      names.ips.emplace_back(text.data());
      return core::Ok();
    }
    case GEN_EMAIL: {
      std::string_view address = View(name->d.rfc822Name);
      if (!policy.allow_email) {
        return RefuseCsr(Reason::kCsrEmailNotAllowed,
                         "the email address " + Quote(address) +
                             " in subjectAltName is not allowed by this profile");
      }
      auto email = CheckEmail(address, policy);
      if (!email) return tl::unexpected(std::move(email).error());
      names.emails.push_back(std::move(*email));
      return core::Ok();
    }
    default:
      return RefuseCsr(Reason::kCsrBadName, "subjectAltName entries of type " +
                                                std::string(GeneralNameType(name->type)) +
                                                " are not accepted: request DNS names" +
                                                (policy.allow_ip ? ", IP addresses" : "") +
                                                (policy.allow_email ? ", email addresses" : ""));
  }
}

core::Result<void> TakeAltNames(std::string_view attributes, const CsrPolicy& policy,
                                CsrNames& names) {
  auto found = FindAltNames(attributes);
  if (!found) return tl::unexpected(std::move(found).error());
  if (!*found) return core::Ok();
  const auto* p = reinterpret_cast<const unsigned char*>((*found)->data());
  const auto* end = p + (*found)->size();
  GeneralNamesPtr alt_names(d2i_GENERAL_NAMES(nullptr, &p, static_cast<long>((*found)->size())));
  if (!alt_names || p != end) {
    return RefuseCsr(Reason::kCsrUndecodable, "the subjectAltName extension could not be decoded",
                     DrainErrors());
  }
  int count = sk_GENERAL_NAME_num(alt_names.get());
  // Counted before any name is checked, so a huge list costs nothing.
  if (count > policy.max_names) {
    return RefuseCsr(Reason::kCsrTooManyNames, "the request has " + std::to_string(count) +
                                                   " subjectAltName entries: at most " +
                                                   std::to_string(policy.max_names) +
                                                   " are allowed");
  }
  names.dns.reserve(static_cast<std::size_t>(count) + 1);  // + the CN
  for (int i = 0; i < count; ++i) {
    auto taken = TakeAltName(sk_GENERAL_NAME_value(alt_names.get(), i), policy, names);
    if (!taken) return taken;
  }
  return core::Ok();
}

}  // namespace

std::string Quote(std::string_view text) {
  constexpr std::size_t kMax = 256;
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      std::array<char, 5> hex{};
      std::snprintf(hex.data(), hex.size(), "\\x%02x", c);
      out += hex.data();
    }
  }
  if (text.size() > kMax) out += "...";
  out += '\'';
  return out;
}

core::Result<CsrNames> TakeCsrNames(std::string_view subject, std::string_view attributes,
                                    const CsrPolicy& policy) {
  CsrNames names;
  bool is_common_name_a_host = false;
  if (auto cn = TakeCommonName(subject, policy, names, is_common_name_a_host); !cn) {
    return tl::unexpected(std::move(cn).error());
  }
  if (auto sans = TakeAltNames(attributes, policy, names); !sans) {
    return tl::unexpected(std::move(sans).error());
  }
  RemoveDuplicates(names.dns);
  RemoveDuplicates(names.ips);  // the CN's IP address, if any, is first
  RemoveDuplicates(names.emails);
  if (is_common_name_a_host &&
      std::find(names.dns.begin(), names.dns.end(), names.common_name) == names.dns.end()) {
    names.dns.insert(names.dns.begin(), names.common_name);
  }
  std::size_t total = names.dns.size() + names.ips.size() + names.emails.size();
  if (total > static_cast<std::size_t>(policy.max_names)) {
    return RefuseCsr(Reason::kCsrTooManyNames,
                     "with its common name the request has " + std::to_string(total) +
                         " names: at most " + std::to_string(policy.max_names) + " are allowed");
  }
  if (policy.names_are_hostnames && names.dns.empty() && names.ips.empty()) {
    return RefuseCsr(Reason::kCsrNoNames,
                     "the request names no host: put its DNS names in subjectAltName (or the "
                     "subject common name)");
  }
  return names;
}

}  // namespace internal

core::Result<std::string> CheckDnsName(std::string_view name, const CsrPolicy& policy) {
  return internal::CheckHostname(name, policy, "the name");
}

}  // namespace certkeep::pki
