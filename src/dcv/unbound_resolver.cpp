#include <arpa/inet.h>
#include <poll.h>
#include <unbound.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>
#include <optional>
#include <string_view>
#include <type_traits>

#include "dcv/dns_resolver.h"

namespace certkeep::dcv {

namespace {

constexpr int kTypeA = 1;
constexpr int kTypeCname = 5;
constexpr int kTypeTxt = 16;
constexpr int kTypeAaaa = 28;
constexpr int kTypeCaa = 257;
constexpr int kClassIn = 1;

core::Error SetupError(const std::string& what, int rc) {
  return core::InternalError(core::Reason::kDnsFailure,
                             "libunbound " + what + ": " + ub_strerror(rc));
}

// A domain name in wire format (RFC 1035 §3.1, uncompressed in rdata) as dotted text.
std::string NameFromWire(const unsigned char* p, std::size_t len) {
  std::string out;
  std::size_t i = 0;
  while (i < len && p[i] != 0) {
    std::size_t label = p[i++];
    if (label > 63 || i + label > len) return {};
    if (!out.empty()) out += '.';
    for (std::size_t k = 0; k < label; ++k) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(p[i + k])));
    }
    i += label;
  }
  return out;
}

// TXT rdata: one or more <length><bytes> character-strings, joined (RFC 1035 §3.3.14).
std::string TextFromWire(const unsigned char* p, std::size_t len) {
  std::string out;
  std::size_t i = 0;
  while (i < len) {
    std::size_t n = p[i++];
    if (i + n > len) break;
    out.append(reinterpret_cast<const char*>(p + i), n);
    i += n;
  }
  return out;
}

// A and AAAA rdata: the address in network byte order (RFC 1035 §3.4.1, RFC 3596 §2.2).
template <int Family, std::size_t Size>
std::optional<std::string> AddressFromWire(const unsigned char* p, std::size_t len) {
  char text[INET6_ADDRSTRLEN] = {};
  if (len != Size || inet_ntop(Family, p, text, sizeof text) == nullptr) return std::nullopt;
  return std::string(text);
}

// CAA rdata (RFC 8659 §4.1): a flags octet, a tag length octet, the tag, and the value
// taking the rest. "The tag length MUST be at least 1." Tags match case-insensitively,
// so they are lowered here once.
std::optional<CaaRecord> CaaFromWire(const unsigned char* p, std::size_t len) {
  if (len < 2) return std::nullopt;
  std::size_t tag_len = p[1];
  if (tag_len == 0 || 2 + tag_len > len) return std::nullopt;
  CaaRecord record{.flags = p[0], .tag = {}, .value = {}};
  for (std::size_t i = 0; i < tag_len; ++i) {
    record.tag += static_cast<char>(std::tolower(p[2 + i]));
  }
  record.value.assign(reinterpret_cast<const char*>(p + 2 + tag_len), len - 2 - tag_len);
  return record;
}

// Records whose rdata did not decode make the whole answer a failure: a CAA record we
// cannot read might have been the one that forbids issuance.
template <typename Record>
core::Result<std::vector<Record>> WellFormed(
    core::Result<std::vector<std::optional<Record>>> decoded, const std::string& name,
    std::string_view type) {
  if (!decoded) return core::Fail(std::move(decoded.error()));
  std::vector<Record> out;
  for (auto& record : *decoded) {
    if (!record) {
      return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kDnsFailure,
                        "malformed " + std::string(type) + " record for " + name);
    }
    out.push_back(std::move(*record));
  }
  return out;
}

class UnboundResolver final : public DnsResolver {
 public:
  UnboundResolver(ub_ctx* ctx, std::chrono::milliseconds timeout) : ctx_(ctx), timeout_(timeout) {}
  ~UnboundResolver() override { ub_ctx_delete(ctx_); }
  UnboundResolver(const UnboundResolver&) = delete;
  UnboundResolver& operator=(const UnboundResolver&) = delete;

  core::Result<std::vector<std::string>> Txt(const std::string& name) override {
    return Resolve(name, kTypeTxt, TextFromWire);
  }
  core::Result<std::vector<std::string>> Cname(const std::string& name) override {
    return Resolve(name, kTypeCname, NameFromWire);
  }
  core::Result<std::vector<std::string>> Addresses(const std::string& name) override {
    auto v4 = WellFormed(Resolve(name, kTypeA, AddressFromWire<AF_INET, 4>), name, "A");
    auto v6 = WellFormed(Resolve(name, kTypeAaaa, AddressFromWire<AF_INET6, 16>), name, "AAAA");
    // A name may have only one family; but a lookup that failed is not an absence, and
    // connecting by the half that answered would let a failure choose the address.
    for (const auto* family : {&v4, &v6}) {
      if (!*family && family->error().reason() != core::Reason::kDnsNoRecord) {
        return core::Fail(family->error());
      }
    }
    if (!v4 && !v6) {
      return core::Fail(core::ErrorCode::kNotFound, core::Reason::kDnsNoRecord,
                        "no address record for " + name);
    }
    std::vector<std::string> out;
    if (v4) out = std::move(*v4);
    if (v6) out.insert(out.end(), v6->begin(), v6->end());
    return out;
  }
  core::Result<std::vector<CaaRecord>> Caa(const std::string& name) override {
    return WellFormed(Resolve(name, kTypeCaa, CaaFromWire), name, "CAA");
  }

 private:
  template <typename Decode,
            typename Record = std::invoke_result_t<Decode&, const unsigned char*, std::size_t>>
  core::Result<std::vector<Record>> Resolve(const std::string& name, int type, Decode decode) {
    ub_result* result = nullptr;
    int rc = 0;
    {
      std::lock_guard lock(mu_);
      auto answered = ResolveWithin(name, type, &result, &rc);
      if (!answered) return core::Fail(answered.error());
    }
    std::unique_ptr<ub_result, decltype(&ub_resolve_free)> owned(result, ub_resolve_free);
    if (rc != 0 || result == nullptr) {
      return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kDnsFailure,
                        "DNS lookup of " + name + " failed", ub_strerror(rc));
    }
    if (result->bogus) {
      return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kDnsFailure,
                        "DNSSEC validation failed for " + name,
                        result->why_bogus ? result->why_bogus : "");
    }
    if (result->rcode == 3 /* NXDOMAIN */ || !result->havedata) {
      if (result->rcode != 0 && result->rcode != 3) {
        return core::Fail(
            core::ErrorCode::kUnavailable, core::Reason::kDnsFailure,
            "DNS server failure for " + name + " (rcode " + std::to_string(result->rcode) + ")");
      }
      return core::Fail(core::ErrorCode::kNotFound, core::Reason::kDnsNoRecord,
                        std::string(result->nxdomain ? "NXDOMAIN" : "no record") + " for " + name);
    }
    std::vector<Record> out;
    for (int i = 0; result->data[i] != nullptr; ++i) {
      out.push_back(decode(reinterpret_cast<const unsigned char*>(result->data[i]),
                           static_cast<std::size_t>(result->len[i])));
    }
    return out;
  }

  // One lookup, given up after timeout_: libunbound's own retries against a server that
  // does not answer take minutes. Callbacks run only inside ub_process, called here under
  // mu_, so a cancelled query's callback can never run later.
  core::Result<void> ResolveWithin(const std::string& name, int type, ub_result** result, int* rc) {
    struct Answer {
      bool done = false;
      int err = 0;
      ub_result* result = nullptr;
    } answer;
    auto callback = [](void* arg, int err, ub_result* r) {
      auto* a = static_cast<Answer*>(arg);
      a->done = true;
      a->err = err;
      a->result = r;
    };
    int id = 0;
    *rc = ub_resolve_async(ctx_, name.c_str(), type, kClassIn, &answer, callback, &id);
    if (*rc != 0) return core::Ok();
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    while (!answer.done) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ub_cancel(ctx_, id);
        return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kDnsFailure,
                          "DNS lookup of " + name + " timed out");
      }
      pollfd fd{.fd = ub_fd(ctx_), .events = POLLIN, .revents = 0};
      poll(&fd, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 100)));
      ub_process(ctx_);
    }
    *rc = answer.err;
    *result = answer.result;
    return core::Ok();
  }

  std::mutex mu_;
  ub_ctx* ctx_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

core::Result<std::unique_ptr<DnsResolver>> MakeUnboundResolver(const UnboundOptions& options) {
  ub_ctx* ctx = ub_ctx_create();
  if (ctx == nullptr) {
    return core::Fail(core::InternalError(core::Reason::kDnsFailure, "ub_ctx_create failed"));
  }
  auto resolver = std::make_unique<UnboundResolver>(ctx, options.timeout);
  // Asynchronous queries resolve in a thread of libunbound's (the default forks).
  if (int rc = ub_ctx_async(ctx, 1); rc != 0) return core::Fail(SetupError("async", rc));
  // A record the domain's owner has just published must be seen at the next check: no
  // answer "there is nothing" is remembered, and nothing longer than a minute.
  for (auto [option, value] :
       {std::pair{"cache-max-negative-ttl:", "0"}, std::pair{"cache-max-ttl:", "60"}}) {
    if (int rc = ub_ctx_set_option(ctx, option, value); rc != 0) {
      return core::Fail(SetupError(option, rc));
    }
  }
  // Order matters: every option first, the local-zone removal last (after it the
  // context is final and later settings fail with UB_AFTERFINAL).
  if (!options.trust_anchor_file.empty()) {
    if (int rc = ub_ctx_add_ta_autr(ctx, options.trust_anchor_file.c_str()); rc != 0) {
      if (int rc2 = ub_ctx_add_ta_file(ctx, options.trust_anchor_file.c_str()); rc2 != 0) {
        return core::Fail(SetupError("trust anchor " + options.trust_anchor_file, rc2));
      }
    }
  }
  if (!options.forwarder.empty()) {
    if (int rc = ub_ctx_set_fwd(ctx, options.forwarder.c_str()); rc != 0) {
      return core::Fail(SetupError("forwarder " + options.forwarder, rc));
    }
  }
  for (const auto& d : options.insecure_domains) {
    auto zone = d.ends_with('.') ? d : d + ".";
    if (int rc = ub_ctx_set_option(ctx, "domain-insecure:", zone.c_str()); rc != 0) {
      return core::Fail(SetupError("domain-insecure " + zone, rc));
    }
  }
  for (const auto& d : options.insecure_domains) {
    auto zone = d.ends_with('.') ? d : d + ".";
    // RFC 6761 zones (test., localhost., ...) are answered locally by default.
    int rc = ub_ctx_zone_remove(ctx, zone.c_str());
    if (rc != 0 && rc != UB_NOERROR) return core::Fail(SetupError("zone remove " + zone, rc));
  }
  return std::unique_ptr<DnsResolver>(std::move(resolver));
}

}  // namespace certkeep::dcv
