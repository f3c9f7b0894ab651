#pragma once
// CAA (RFC 8659): whether a domain's owner lets this CA issue for a name. The CA/Browser
// Forum Baseline Requirements §3.2.2.8 make the check a duty at issuance, for every name.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dcv/dns_resolver.h"

namespace certkeep::dcv {

/// What one Relevant RRset says about issuance by us.
enum class CaaVerdict : std::uint8_t {
  kAuthorized,              ///< names us, or does not restrict issuance at all
  kNotAuthorized,           ///< issue (or issuewild) properties exist, none names us
  kUnknownCriticalProperty  ///< a critical property whose tag we do not know (§4.1)
};

/// Evaluates the Relevant RRset of a name against our issuer domains, without DNS.
/// RFC 8659 §4.2: an issue property authorizes the issuer-domain-name before its ';'
/// (the parameters after it do not take part), an empty one authorizes no one, and a
/// set with no issue property restricts no one. §4.3: for a wildcard name the issuewild
/// properties decide when there are any, else the issue properties; for other names
/// issuewild is ignored. Names compare case-insensitively, a trailing dot ignored.
[[nodiscard]] CaaVerdict EvaluateCaa(const std::vector<CaaRecord>& records, bool is_wildcard,
                                     const std::vector<std::string>& issuer_domains);

/// Checks CAA for a DNS name ("*.example.org" for a wildcard; CAA does not speak of IP
/// addresses). Climbs from the name (a wildcard's base) towards the root, the root not
/// asked, and evaluates the first non-empty CAA RRset found (RFC 8659 §3); none at all
/// allows issuance. RejectedIdentifier (kCaaForbids) when the set does not authorize one
/// of `issuer_domains`; Unavailable (kDnsFailure) when a lookup failed, since issuing on
/// a failed lookup could override the owner's records.
/// An empty `issuer_domains` returns Ok() without any lookup: that is a private CA with
/// no issuer domain configured, which no CAA record can name and which the Baseline
/// Requirements' CAA duty does not bind.
[[nodiscard]] core::Result<void> CheckCaa(DnsResolver& dns, std::string_view name,
                                          const std::vector<std::string>& issuer_domains);

}  // namespace certkeep::dcv
