// The only translation unit that uses OpenSSL's ENGINE API, deprecated in 3.0 and still
// the way libp11 plugs in; it is compiled with -Wno-deprecated-declarations
// (src/pki/CMakeLists.txt). The engine is loaded at run time (Debian package
// libengine-pkcs11-openssl), so only libcrypto is linked.
#include "pki/pkcs11_key_store.h"

#include <openssl/crypto.h>
#include <openssl/engine.h>
#include <openssl/ui.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "pki/file_key_store.h"
#include "pki/internal/handles.h"

namespace certkeep::pki {

// Never finished or freed: see SharedEngine.
struct Pkcs11KeyStore::Engine {
  ENGINE* engine;  // one structural and one functional reference
  // The PIN is engine state: setting it and loading a key must not interleave.
  std::mutex mutex;
};

namespace {

using core::Reason;
using Engine = Pkcs11KeyStore::Engine;

constexpr std::string_view kScheme = "pkcs11:";
constexpr std::size_t kMaxPinLength = 256;

core::Error Pkcs11Error(std::string internal) {
  return core::InternalError(Reason::kPkcs11, std::move(internal));
}

// certkeep's copies of a PIN are wiped when Load returns (libp11 keeps its own copy, to
// log in again after a session is lost).
class Pin {
 public:
  Pin() = default;
  /// Copies `source` and wipes it (a moved short string would leave its bytes behind).
  static Pin Take(std::string& source) {
    Pin pin;
    pin.value_ = source;
    OPENSSL_cleanse(source.data(), source.capacity());
    source.clear();
    return pin;
  }
  Pin(const Pin&) = delete;
  Pin& operator=(const Pin&) = delete;
  Pin(Pin&& other) noexcept : value_(std::move(other.value_)) { other.Wipe(); }
  Pin& operator=(Pin&& other) noexcept {
    Wipe();
    value_ = std::move(other.value_);
    other.Wipe();
    return *this;
  }
  ~Pin() { Wipe(); }
  [[nodiscard]] const std::string& value() const { return value_; }

 private:
  // The whole buffer: a moved-from short string keeps its bytes with size 0.
  void Wipe() {
    OPENSSL_cleanse(value_.data(), value_.capacity());
    value_.clear();
  }
  std::string value_;
};

// One attribute of a pkcs11: URI, as written (still percent-encoded).
struct Attribute {
  std::string_view text;  // "name=value"
  std::string_view name;
  std::string_view value;
  bool is_query = false;  // after '?'
};

// RFC 7512 §2.3: pk11-URI = "pkcs11:" pk11-path [ "?" pk11-query ]; path attributes are
// separated by ';', query attributes by '&'. pin-value and pin-source are query
// attributes, but ";pin-value=" in the path is common and libp11 accepts it: both count.
std::vector<Attribute> SplitAttributes(std::string_view rest) {
  std::vector<Attribute> out;
  bool in_query = false;
  while (true) {
    std::size_t end = rest.find_first_of(in_query ? "&" : ";?");
    std::string_view part = rest.substr(0, end);
    if (!part.empty()) {
      std::size_t eq = part.find('=');
      out.push_back({part, part.substr(0, eq),
                     eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1),
                     in_query});
    }
    if (end == std::string_view::npos) break;
    if (rest[end] == '?') in_query = true;
    rest.remove_prefix(end + 1);
  }
  return out;
}

bool IsPinAttribute(std::string_view name) {
  return name == "pin-value" || name == "pin-source";
}

// Rebuilds a URI from `attributes`, leaving out those `drop` selects.
template <typename Drop>
std::string JoinAttributes(const std::vector<Attribute>& attributes, Drop drop) {
  std::string path;
  std::string query;
  for (const auto& a : attributes) {
    if (drop(a.name)) continue;
    std::string& into = a.is_query ? query : path;
    if (!into.empty()) into += a.is_query ? '&' : ';';
    into.append(a.text);
  }
  std::string out(kScheme);
  out += path;
  if (!query.empty()) out += "?" + query;
  return out;
}

bool StartsWithScheme(std::string_view uri) {
  if (uri.size() < kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(uri[i])) != kScheme[i]) return false;
  }
  return true;
}

// RFC 3986 §2.1 percent-decoding of an attribute value.
std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    int hi = hex(text[i + 1]);
    int lo = hex(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// RFC 7512 §2.3: "pin-source ... specifies where the application or library should find
// the token PIN"; certkeep reads "file:<path>" (or a bare absolute path, as libp11 does)
// and "env:<VARIABLE>".
core::Result<Pin> ReadPinSource(const std::string& source, const std::string& shown_uri) {
  Pin pin;
  if (source.starts_with("env:")) {
    std::string name = source.substr(4);
    const char* env = std::getenv(name.c_str());
    if (env == nullptr) {
      return core::Fail(
          Pkcs11Error("the PIN variable " + name + " of " + shown_uri + " is not set"));
    }
    std::string value = env;
    pin = Pin::Take(value);
  } else {
    std::string path = source;
    if (path.starts_with("file://")) {
      path.erase(0, 7);  // RFC 8089: file:///etc/pin, empty authority
    } else if (path.starts_with("file:")) {
      path.erase(0, 5);
    }
    if (path.empty() || path.front() != '/') {
      return core::Fail(Pkcs11Error("pin-source of " + shown_uri +
                                    " must be file:/absolute/path or env:VARIABLE"));
    }
    auto text = ReadFile(path);
    if (!text) {
      return core::Fail(
          Pkcs11Error("reading the PIN of " + shown_uri + ": " + text.error().internal()));
    }
    while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
    pin = Pin::Take(*text);
  }
  if (pin.value().empty() || pin.value().size() > kMaxPinLength) {
    return core::Fail(
        Pkcs11Error("the PIN from pin-source of " + shown_uri + " is empty or too long"));
  }
  return pin;
}

// What Load needs from a URI: the text for the engine (no PIN attributes) and the PIN.
struct KeyUri {
  std::string engine_uri;
  Pin pin;
};

core::Result<KeyUri> ParseKeyUri(const std::string& uri) {
  if (!StartsWithScheme(uri)) {
    return core::Fail(Pkcs11Error("not a pkcs11: URI: " + RedactPkcs11Uri(uri)));
  }
  auto attributes = SplitAttributes(std::string_view(uri).substr(kScheme.size()));
  KeyUri out;
  out.engine_uri = JoinAttributes(attributes, IsPinAttribute);
  const std::string& shown = out.engine_uri;

  bool has_token = false;
  std::optional<std::string_view> pin_value;
  std::optional<std::string_view> pin_source;
  for (const auto& a : attributes) {
    // What libp11 0.4.12 matches on; anything else it rejects with a vaguer message.
    static constexpr std::string_view kKnown[] = {"token",  "manufacturer", "serial", "model",
                                                  "object", "id",           "type"};
    if (a.name == "pin-value" || a.name == "pin-source") {
      auto& slot = a.name == "pin-value" ? pin_value : pin_source;
      if (slot) return core::Fail(Pkcs11Error("two " + std::string(a.name) + " in " + shown));
      slot = a.value;
    } else if (a.name.starts_with("slot-")) {
      return core::Fail(
          Pkcs11Error("address the token by label (token=), never by slot: " + shown));
    } else if (std::find(std::begin(kKnown), std::end(kKnown), a.name) == std::end(kKnown) ||
               a.is_query) {
      return core::Fail(
          Pkcs11Error("unsupported attribute '" + std::string(a.name) + "' in " + shown));
    } else if (a.name == "token") {
      has_token = !a.value.empty();
    }
  }
  if (!has_token) return core::Fail(Pkcs11Error("the URI names no token (token=): " + shown));
  if (pin_value && pin_source) {
    return core::Fail(Pkcs11Error("both pin-value and pin-source in " + shown));
  }
  if (pin_value) {
    auto decoded = PercentDecode(*pin_value);
    if (decoded) out.pin = Pin::Take(*decoded);
    if (!decoded || out.pin.value().empty() || out.pin.value().size() > kMaxPinLength) {
      return core::Fail(Pkcs11Error("unusable pin-value in " + shown));
    }
  } else if (pin_source) {
    auto decoded = PercentDecode(*pin_source);
    if (!decoded) return core::Fail(Pkcs11Error("unusable pin-source in " + shown));
    auto pin = ReadPinSource(*decoded, shown);
    if (!pin) return core::Fail(pin.error());
    out.pin = std::move(*pin);
  } else {
    // Without a PIN libp11 would ask OpenSSL's UI, i.e. prompt on a terminal.
    return core::Fail(Pkcs11Error("no pin-value or pin-source in " + shown));
  }
  return out;
}

// The queue drained, with the PIN blanked should any layer have echoed it.
std::string DrainErrorsWithout(const std::string& pin) {
  std::string text = internal::DrainErrors();
  for (std::size_t at = text.find(pin); !pin.empty() && at != std::string::npos;
       at = text.find(pin, at)) {
    text.replace(at, pin.size(), "***");
  }
  return text;
}

// The directory OpenSSL looks for engines in, from "ENGINESDIR: \"/usr/lib/...\"".
std::string EnginesDir() {
  std::string_view text = OpenSSL_version(OPENSSL_ENGINES_DIR);
  auto first = text.find('"');
  auto last = text.rfind('"');
  if (first == std::string_view::npos || last <= first) return {};
  return std::string(text.substr(first + 1, last - first - 1));
}

core::Result<ENGINE*> LoadEngine(const std::string& module_path) {
  // By id, OpenSSL loads pkcs11.so from $OPENSSL_ENGINES or its ENGINESDIR; if the
  // variable points elsewhere, name the file in ENGINESDIR through the dynamic engine.
  ENGINE* e = ENGINE_by_id("pkcs11");
  if (e == nullptr) {
    std::string tried = internal::DrainErrors();
    std::string so_path = EnginesDir() + "/pkcs11.so";
    e = ENGINE_by_id("dynamic");
    if (e == nullptr || ENGINE_ctrl_cmd_string(e, "SO_PATH", so_path.c_str(), 0) != 1 ||
        ENGINE_ctrl_cmd_string(e, "ID", "pkcs11", 0) != 1 ||
        ENGINE_ctrl_cmd_string(e, "LIST_ADD", "0", 0) != 1 ||
        ENGINE_ctrl_cmd_string(e, "LOAD", nullptr, 0) != 1) {
      std::string queue = internal::DrainErrors();
      if (e != nullptr) ENGINE_free(e);
      return core::Fail(Pkcs11Error(
          "the libp11 engine (package libengine-pkcs11-openssl) could not be loaded from " +
          so_path + ": " + tried + "; " + queue));
    }
  }
  // QUIET: libp11 would print to stderr; failures come back through the error queue.
  // UI_null: never prompt for a PIN on a terminal (a CKA_ALWAYS_AUTHENTICATE key fails).
  if (ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module_path.c_str(), 0) != 1 ||
      ENGINE_ctrl_cmd_string(e, "QUIET", nullptr, 0) != 1 ||
      ENGINE_ctrl(e, ENGINE_CTRL_SET_USER_INTERFACE, 0, const_cast<UI_METHOD*>(UI_null()),
                  nullptr) != 1) {
    std::string queue = internal::DrainErrors();
    ENGINE_free(e);
    return core::Fail(Pkcs11Error("configuring the pkcs11 engine: " + queue));
  }
  if (ENGINE_init(e) != 1) {
    std::string queue = internal::DrainErrors();
    ENGINE_free(e);
    return core::Fail(Pkcs11Error("starting the pkcs11 engine: " + queue));
  }
  return e;
}

// One engine per module, for the life of the process, for two reasons. PKCS#11's
// C_Initialize/C_Finalize state is per process: two engines on one module would end each
// other's sessions. And libp11 0.4.12 cannot be unloaded once it served a key: it caches
// the EVP_PKEY, which holds a functional reference to the engine (EVP_PKEY_set1_engine in
// its load_privkey), so ENGINE_finish never reaches C_Finalize. Keeping the engine on
// purpose also means no key, and no certificate holding one, can outlive it.
core::Result<Engine*> SharedEngine(const std::string& module_path) {
  static std::mutex mutex;
  static auto* engines = new std::map<std::string, std::unique_ptr<Engine>>();
  std::lock_guard lock(mutex);
  auto& slot = (*engines)[module_path];
  if (!slot) {
    auto e = LoadEngine(module_path);
    if (!e) {
      engines->erase(module_path);
      return core::Fail(e.error());
    }
    slot = std::make_unique<Engine>();
    slot->engine = *e;
  }
  return slot.get();
}

}  // namespace

std::string RedactPkcs11Uri(std::string_view uri) {
  std::string_view rest = uri;
  if (StartsWithScheme(uri)) rest.remove_prefix(kScheme.size());
  return JoinAttributes(SplitAttributes(rest),
                        [](std::string_view name) { return name == "pin-value"; });
}

core::Result<std::unique_ptr<Pkcs11KeyStore>> Pkcs11KeyStore::Open(std::string module_path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(module_path, ec)) {
    return core::Fail(Pkcs11Error("no PKCS#11 module at " + module_path));
  }
  auto engine = SharedEngine(module_path);
  if (!engine) return core::Fail(engine.error());
  return std::unique_ptr<Pkcs11KeyStore>(new Pkcs11KeyStore(*engine));
}

core::Result<PrivateKey> Pkcs11KeyStore::Load(const std::string& uri) const {
  auto parsed = ParseKeyUri(uri);
  if (!parsed) return core::Fail(parsed.error());
  const std::string& shown = parsed->engine_uri;
  const std::string& pin = parsed->pin.value();

  std::lock_guard lock(engine_->mutex);
  ERR_clear_error();
  if (ENGINE_ctrl_cmd_string(engine_->engine, "PIN", pin.c_str(), 0) != 1) {
    return core::Fail(Pkcs11Error("setting the PIN for " + shown + ": " + DrainErrorsWithout(pin)));
  }
  EVP_PKEY* key = ENGINE_load_private_key(engine_->engine, shown.c_str(),
                                          const_cast<UI_METHOD*>(UI_null()), nullptr);
  if (key == nullptr) {
    std::string queue = DrainErrorsWithout(pin);
    // libp11 reports CKR_PIN_INCORRECT as "PIN incorrect".
    bool is_wrong_pin = queue.find("PIN incorrect") != std::string::npos;
    return core::Fail(
        Pkcs11Error(std::string(is_wrong_pin ? "wrong PIN for " : "loading the key at ") + shown +
                    ": " + queue));
  }
  int type = EVP_PKEY_get_base_id(key);
  if (type != EVP_PKEY_EC && type != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    return core::Fail(Pkcs11Error("the key at " + shown + " is neither EC nor RSA"));
  }
  return PrivateKey::Adopt(key, /*is_held_in_token=*/true);
}

}  // namespace certkeep::pki
