#include "dcv/http_fetcher.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>

namespace certkeep::dcv {

namespace {

// ---- Which addresses are public ----------------------------------------------------

template <std::size_t N>
struct Prefix {
  std::array<std::uint8_t, N> bytes;
  std::size_t bits;
};

template <std::size_t N>
bool Within(const std::array<std::uint8_t, N>& address, const Prefix<N>& prefix) {
  std::size_t whole = prefix.bits / 8;
  if (!std::equal(address.begin(), address.begin() + whole, prefix.bytes.begin())) return false;
  std::size_t rest = prefix.bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (address[whole] & mask) == (prefix.bytes[whole] & mask);
}

using Ipv4 = std::array<std::uint8_t, 4>;
using Ipv6 = std::array<std::uint8_t, 16>;

// IANA's IPv4 Special-Purpose Address Registry (RFC 6890), multicast and the reserved
// class E: nothing here is a public web server, and much of it is the operator's own.
constexpr Prefix<4> kNotPublicIpv4[] = {
    {{0, 0, 0, 0}, 8},        // "this network" (RFC 791)
    {{10, 0, 0, 0}, 8},       // private (RFC 1918)
    {{100, 64, 0, 0}, 10},    // shared address space, carrier-grade NAT (RFC 6598)
    {{127, 0, 0, 0}, 8},      // loopback
    {{169, 254, 0, 0}, 16},   // link-local, where cloud metadata services answer
    {{172, 16, 0, 0}, 12},    // private
    {{192, 0, 0, 0}, 24},     // IETF protocol assignments
    {{192, 0, 2, 0}, 24},     // documentation, TEST-NET-1 (RFC 5737)
    {{192, 168, 0, 0}, 16},   // private
    {{198, 18, 0, 0}, 15},    // benchmarking (RFC 2544)
    {{198, 51, 100, 0}, 24},  // documentation, TEST-NET-2
    {{203, 0, 113, 0}, 24},   // documentation, TEST-NET-3
    {{224, 0, 0, 0}, 4},      // multicast
    {{240, 0, 0, 0}, 4},      // reserved, with the limited broadcast 255.255.255.255
};

// IPv6 addresses that carry an IPv4 address (at `offset`) and lead to it: judged by it.
struct Embedding {
  Prefix<16> prefix;
  std::size_t offset;
};
constexpr Embedding kEmbeddingIpv4[] = {
    {{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96}, 12},  // IPv4-mapped (RFC 4291)
    {{{0x00, 0x64, 0xff, 0x9b}, 96}, 12},                    // NAT64 64:ff9b::/96 (RFC 6052)
    {{{0x20, 0x02}, 16}, 2},                                 // 6to4 2002::/16 (RFC 3056)
};

// Global unicast, 2000::/3. Outside it lie ::, ::1, fc00::/7 (unique local), fe80::/10
// (link-local), ff00::/8 (multicast), 64:ff9b:1::/48 (local-use NAT64, RFC 8215) and the
// rest of the unassigned or special space.
constexpr Prefix<16> kGlobalUnicast = {{0x20}, 3};
constexpr Prefix<16> kNotPublicIpv6[] = {
    {{0x20, 0x01, 0x00, 0x00}, 23},  // IETF protocol assignments: Teredo, benchmarking, ORCHID
    {{0x20, 0x01, 0x0d, 0xb8}, 32},  // documentation (RFC 3849)
};

bool IsPublic(const Ipv4& address) {
  return std::none_of(std::begin(kNotPublicIpv4), std::end(kNotPublicIpv4),
                      [&](const Prefix<4>& p) { return Within(address, p); });
}

bool IsPublic(const Ipv6& address) {
  for (const auto& embedding : kEmbeddingIpv4) {
    if (Within(address, embedding.prefix)) {
      Ipv4 carried{};
      std::copy_n(address.begin() + static_cast<std::ptrdiff_t>(embedding.offset), 4,
                  carried.begin());
      return IsPublic(carried);
    }
  }
  return Within(address, kGlobalUnicast) &&
         std::none_of(std::begin(kNotPublicIpv6), std::end(kNotPublicIpv6),
                      [&](const Prefix<16>& p) { return Within(address, p); });
}

// The one spelling inet_ntop gives an address ("::1" for "0:0::1"); other text as it is.
std::string CanonicalAddress(const std::string& text) {
  Ipv6 bytes{};
  char out[INET6_ADDRSTRLEN] = {};
  for (int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, text.c_str(), bytes.data()) == 1 &&
        inet_ntop(family, bytes.data(), out, sizeof out) != nullptr) {
      return out;
    }
  }
  return text;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// ---- One hop's URL ----------------------------------------------------------------

using UrlHandle = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;
using EasyHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using SlistHandle = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

std::optional<std::string> UrlPart(CURLU* url, CURLUPart part, unsigned int flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK || text == nullptr) return std::nullopt;
  std::string out(text);
  curl_free(text);
  return out;
}

// A URL refused for its shape: the server that sent us there answered wrongly.
core::Error Refused(const std::string& url, const std::string& why) {
  return core::Error(core::ErrorCode::kRejectedIdentifier, core::Reason::kFetchFailed,
                     url.substr(0, 256) + ": " + why);
}

// A URL that passed the checks of its shape, as it will be fetched.
struct Target {
  std::string url;   // user-free, fragment-free, host lower case; port shown if not default
  std::string host;  // lower case without a final dot; an IPv6 address without brackets
  bool is_ip_literal = false;
  int port = 0;
};

bool IsHostNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

core::Result<Target> CheckUrl(const std::string& text, const FetchOptions& options) {
  UrlHandle url(curl_url(), curl_url_cleanup);
  if (!url) return core::Fail(core::InternalError(core::Reason::kFetchFailed, "curl_url failed"));
  if (curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return core::Fail(Refused(text, "not a URL certkeep can fetch"));
  }
  // Credentials are refused below, and never repeated in a message.
  bool has_credentials =
      UrlPart(url.get(), CURLUPART_USER) || UrlPart(url.get(), CURLUPART_PASSWORD);
  curl_url_set(url.get(), CURLUPART_USER, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_PASSWORD, nullptr, 0);
  auto shown = UrlPart(url.get(), CURLUPART_URL).value_or("the URL");
  // BR §3.2.2.4.18: the file "MUST be retrieved via either the "http" or "https" scheme"
  // and "MUST be accessed over an Authorized Port"; redirects likewise.
  auto scheme = UrlPart(url.get(), CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https") {
    return core::Fail(Refused(shown, "domain validation fetches only http:// and https:// URLs"));
  }
  Target target;
  target.port = *scheme == "http" ? options.http_port : options.https_port;
  if (auto named = UrlPart(url.get(), CURLUPART_PORT)) {
    int port = -1;
    std::from_chars(named->data(), named->data() + named->size(), port);
    if (port != target.port) {
      return core::Fail(Refused(shown, "domain validation connects to " + *scheme +
                                           ":// URLs on port " + std::to_string(target.port) +
                                           " only"));
    }
  }
  if (has_credentials) {
    return core::Fail(Refused(shown, "domain validation sends no user name or password"));
  }
  if (UrlPart(url.get(), CURLUPART_ZONEID)) {
    return core::Fail(
        Refused(shown, "domain validation does not connect to scoped IPv6 addresses"));
  }
  auto host = UrlPart(url.get(), CURLUPART_HOST).value_or("");
  if (host.size() > 2 && host.front() == '[') {
    target.host = CanonicalAddress(host.substr(1, host.size() - 2));
    target.is_ip_literal = true;
  } else {
    for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (host.ends_with('.')) host.pop_back();
    // libcurl has already turned every IPv4 spelling (0x7f.1, 2130706433) into dotted
    // quads; anything else must be a name in A-label form, so that the name we resolve
    // is the name libcurl connects to (it would turn a U-label into an A-label itself).
    if (host.empty() || !std::all_of(host.begin(), host.end(), IsHostNameCharacter) ||
        curl_url_set(url.get(), CURLUPART_HOST, host.c_str(), 0) != CURLUE_OK) {
      return core::Fail(Refused(shown, "the host is not a DNS name in A-label (xn--) form"));
    }
    in_addr ignored{};
    target.is_ip_literal = inet_pton(AF_INET, host.c_str(), &ignored) == 1;
    target.host = host;
  }
  curl_url_set(url.get(), CURLUPART_FRAGMENT, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_PORT, std::to_string(target.port).c_str(), 0);
  auto normalized = UrlPart(url.get(), CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
  if (!normalized) return core::Fail(Refused(shown, "not a URL certkeep can fetch"));
  target.url = *normalized;
  return target;
}

// ---- Where one hop may connect ----------------------------------------------------

// The addresses of the target certkeep may connect to: public ones, and those the options
// allow (tests).
core::Result<std::vector<std::string>> Admit(DnsResolver& dns, const FetchOptions& options,
                                             const Target& target) {
  std::vector<std::string> found{target.host};
  if (!target.is_ip_literal) {
    auto addresses = dns.Addresses(target.host);
    if (!addresses) return core::Fail(addresses.error());
    found = std::move(*addresses);
  }
  std::vector<std::string> admitted;
  std::vector<std::string> refused;
  for (const auto& address : found) {
    auto canonical = CanonicalAddress(address);
    bool is_allowed = std::any_of(
        options.allowed_addresses.begin(), options.allowed_addresses.end(),
        [&](const std::string& allowed) { return CanonicalAddress(allowed) == canonical; });
    (is_allowed || IsPublicAddress(canonical) ? admitted : refused).push_back(canonical);
  }
  if (admitted.empty()) {
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kFetchForbiddenAddress,
                      target.is_ip_literal
                          ? target.host + " is an address certkeep may not connect to"
                          : target.host +
                                " resolves only to addresses certkeep may not connect to (" +
                                Join(refused) + ")");
  }
  return admitted;
}

// The addresses one transfer may open connections to; the first other one it tried.
struct Pin {
  const std::vector<std::string>* addresses;
  std::string refused{};
};

std::string SocketAddressText(const curl_sockaddr& address) {
  sockaddr_storage storage{};
  std::memcpy(&storage, &address.addr, std::min<std::size_t>(address.addrlen, sizeof storage));
  char text[INET6_ADDRSTRLEN] = {};
  const void* bytes = nullptr;
  if (address.family == AF_INET) bytes = &reinterpret_cast<const sockaddr_in*>(&storage)->sin_addr;
  if (address.family == AF_INET6) {
    bytes = &reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_addr;
  }
  if (bytes == nullptr || inet_ntop(address.family, bytes, text, sizeof text) == nullptr) return {};
  return text;
}

// The last guard against DNS rebinding: whatever libcurl resolved or was told, it opens a
// socket only to an address that passed Admit.
curl_socket_t OpenPinnedSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* pin = static_cast<Pin*>(user);
  auto text = SocketAddressText(*address);
  if (purpose != CURLSOCKTYPE_IPCXN || text.empty() ||
      std::find(pin->addresses->begin(), pin->addresses->end(), text) == pin->addresses->end()) {
    if (pin->refused.empty()) pin->refused = text.empty() ? "an unknown address" : text;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

// ---- One hop's transfer -----------------------------------------------------------

struct Body {
  CURL* easy;
  std::size_t limit;
  std::string bytes{};
  bool is_too_large = false;
  bool is_unwanted = false;  // not a 200: only the status and Location matter
};

std::size_t WriteBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  long status = 0;
  curl_easy_getinfo(body->easy, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    body->is_unwanted = true;
    return 0;  // stops the transfer: no reading a large error page until the timeout
  }
  std::size_t n = size * count;
  if (n > body->limit - body->bytes.size()) {
    body->is_too_large = true;
    return 0;
  }
  body->bytes.append(data, n);
  return n;
}

struct Answer {
  std::string url;
  long status = 0;
  std::string body{};
  std::string location{};
};

core::Result<Answer> Transfer(const Target& target, const std::vector<std::string>& addresses,
                              const FetchOptions& options) {
  // A fresh handle per hop: no DNS cache, connection or TLS session carried between hops.
  EasyHandle easy(curl_easy_init(), curl_easy_cleanup);
  if (!easy) {
    return core::Fail(core::InternalError(core::Reason::kFetchFailed, "curl_easy_init failed"));
  }
  CURL* h = easy.get();
  // Pin the name to the admitted addresses so libcurl does not look it up again; an IP
  // literal is not looked up at all.
  SlistHandle resolve(nullptr, curl_slist_free_all);
  if (!target.is_ip_literal) {
    std::string entry = target.host + ":" + std::to_string(target.port) + ":";
    for (std::size_t i = 0; i < addresses.size(); ++i) {
      bool is_ipv6 = addresses[i].find(':') != std::string::npos;
      entry += (i == 0 ? "" : ",") + (is_ipv6 ? "[" + addresses[i] + "]" : addresses[i]);
    }
    resolve.reset(curl_slist_append(nullptr, entry.c_str()));
    if (!resolve) {
      return core::Fail(core::InternalError(core::Reason::kFetchFailed, "curl_slist_append"));
    }
  }
  Pin pin{&addresses};
  Body body{h, options.max_body_bytes};
  char error[CURL_ERROR_SIZE] = {};
  auto timeout_ms = static_cast<long>(options.timeout.count());
  CURLcode setup = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (setup == CURLE_OK) setup = curl_easy_setopt(h, option, value);
  };
  set(CURLOPT_URL, target.url.c_str());
  set(CURLOPT_HTTPGET, 1L);
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 0L);  // Get follows redirects, checking each hop
  set(CURLOPT_PROXY, "");           // no proxy, whatever the environment says
  set(CURLOPT_NOPROXY, "*");
  set(CURLOPT_NETRC, static_cast<long>(CURL_NETRC_IGNORED));
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_TIMEOUT_MS, timeout_ms);
  set(CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  set(CURLOPT_USERAGENT, "certkeep-dcv/1");
  if (resolve) set(CURLOPT_RESOLVE, resolve.get());
  set(CURLOPT_OPENSOCKETFUNCTION, &OpenPinnedSocket);
  set(CURLOPT_OPENSOCKETDATA, &pin);
  set(CURLOPT_WRITEFUNCTION, &WriteBody);
  set(CURLOPT_WRITEDATA, &body);
  set(CURLOPT_ERRORBUFFER, error);
  if (options.https_ca_file.empty()) {
    set(CURLOPT_SSL_VERIFYPEER, 0L);
    set(CURLOPT_SSL_VERIFYHOST, 0L);
  } else {
    set(CURLOPT_CAINFO, options.https_ca_file.c_str());
    set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));  // this file alone, not the system's
    set(CURLOPT_SSL_VERIFYPEER, 1L);
    set(CURLOPT_SSL_VERIFYHOST, 2L);
  }
  if (setup != CURLE_OK) {
    return core::Fail(core::InternalError(
        core::Reason::kFetchFailed, std::string("curl_easy_setopt: ") + curl_easy_strerror(setup)));
  }

  CURLcode rc = curl_easy_perform(h);
  Answer answer{.url = target.url};
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
  if (rc == CURLE_WRITE_ERROR && body.is_too_large) {
    return core::Fail(core::ErrorCode::kRejectedIdentifier, core::Reason::kFetchTooLarge,
                      target.url + " answered with more than " +
                          std::to_string(options.max_body_bytes) + " bytes");
  }
  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && body.is_unwanted)) {
    // The error buffer may name local files (the CA file): logs only.
    std::string internal = error[0] != '\0' ? error : curl_easy_strerror(rc);
    if (!pin.refused.empty()) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kFetchForbiddenAddress,
                        target.url + ": certkeep may not connect to " + pin.refused,
                        "libcurl tried an address that was not admitted: " + internal);
    }
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kFetchTimeout,
                        target.url + " did not answer within " + std::to_string(timeout_ms) + " ms",
                        internal);
    }
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kFetchFailed,
                      "could not fetch " + target.url + ": " + curl_easy_strerror(rc), internal);
  }
  answer.body = std::move(body.bytes);
  curl_header* location = nullptr;
  if (curl_easy_header(h, "Location", 0, CURLH_HEADER, -1, &location) == CURLHE_OK) {
    answer.location = location->value;
  }
  return answer;
}

// One hop: its URL checked, its host's addresses admitted, then the transfer.
core::Result<Answer> Hop(DnsResolver& dns, const FetchOptions& options, const std::string& url) {
  auto target = CheckUrl(url, options);
  if (!target) return core::Fail(target.error());
  auto admitted = Admit(dns, options, *target);
  if (!admitted) return core::Fail(admitted.error());
  return Transfer(*target, *admitted, options);
}

// BR §3.2.2.4.18: "redirects MUST be the result of a 301, 302, or 307 HTTP status code
// response [...] or a 308". A 303 is not among them.
bool IsRedirect(long status) {
  return status == 301 || status == 302 || status == 307 || status == 308;
}

// The URL a Location header leads to, relative ones resolved against the URL that sent it.
core::Result<std::string> Redirected(const std::string& from, long status,
                                     const std::string& location) {
  if (location.empty()) {
    return core::Fail(Refused(from, "answered HTTP " + std::to_string(status) +
                                        " without saying where to (no Location)"));
  }
  UrlHandle url(curl_url(), curl_url_cleanup);
  if (!url) return core::Fail(core::InternalError(core::Reason::kFetchFailed, "curl_url failed"));
  // The flags libcurl itself uses when it follows a Location.
  if (curl_url_set(url.get(), CURLUPART_URL, from.c_str(), 0) != CURLUE_OK ||
      curl_url_set(url.get(), CURLUPART_URL, location.c_str(),
                   CURLU_URLENCODE | CURLU_ALLOW_SPACE) != CURLUE_OK) {
    return core::Fail(Refused(
        from, "redirected to something that is not a URL (" + location.substr(0, 256) + ")"));
  }
  auto next = UrlPart(url.get(), CURLUPART_URL);
  if (!next) return core::Fail(Refused(from, "redirected to something that is not a URL"));
  return *next;
}

// A later hop's error, saying where the redirects started.
core::Error AfterRedirects(const std::string& first, const core::Error& e) {
  return core::Error(e.code(), e.reason(), "following redirects from " + first + ": " + e.detail(),
                     e.internal());
}

}  // namespace

bool IsPublicAddress(std::string_view ip) {
  std::string text(ip);
  Ipv4 v4{};
  Ipv6 v6{};
  if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) return IsPublic(v4);
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) return IsPublic(v6);
  return false;
}

HttpFetcher::HttpFetcher(DnsResolver& dns, FetchOptions options)
    : dns_(dns), options_(std::move(options)) {
  // libcurl's global set-up is not ours to repeat per fetcher or per thread.
  static std::once_flag curl_initialized;
  std::call_once(curl_initialized, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

core::Result<FetchResult> HttpFetcher::Get(const std::string& url) {
  std::string current = url;
  for (int redirects = 0;; ++redirects) {
    auto answer = Hop(dns_, options_, current);
    if (!answer)
      return core::Fail(redirects == 0 ? answer.error() : AfterRedirects(url, answer.error()));
    if (IsRedirect(answer->status)) {
      if (redirects >= options_.max_redirects) {
        return core::Fail(
            core::ErrorCode::kRejectedIdentifier, core::Reason::kFetchTooManyRedirects,
            url + " redirected more than " + std::to_string(options_.max_redirects) + " times");
      }
      auto next = Redirected(answer->url, answer->status, answer->location);
      if (!next) return core::Fail(AfterRedirects(url, next.error()));
      current = std::move(*next);
      continue;
    }
    if (answer->status != 200) {
      auto e = core::Error(core::ErrorCode::kRejectedIdentifier, core::Reason::kFetchFailed,
                           answer->url + " answered HTTP " + std::to_string(answer->status));
      return core::Fail(redirects == 0 ? e : AfterRedirects(url, e));
    }
    return FetchResult{.status = static_cast<int>(answer->status),
                       .body = std::move(answer->body),
                       .final_url = std::move(answer->url)};
  }
}

}  // namespace certkeep::dcv
