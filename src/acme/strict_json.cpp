#include "acme/strict_json.h"

#include <set>
#include <string>
#include <vector>

namespace certkeep::acme {

namespace {

/// Builds the value like nlohmann's own DOM parser, refusing a name seen twice in one object.
class StrictHandler : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return Put(nullptr); }
  bool boolean(bool v) override { return Put(v); }
  bool number_integer(number_integer_t v) override { return Put(v); }
  bool number_unsigned(number_unsigned_t v) override { return Put(v); }
  bool number_float(number_float_t v, const string_t&) override { return Put(v); }
  bool string(string_t& v) override { return Put(v); }
  bool binary(binary_t&) override { return Fail("binary values are not JSON"); }

  bool start_object(std::size_t) override {
    if (stack_.size() >= kMaxDepth) return Fail("JSON nested too deeply");
    Enter(nlohmann::json::object());
    names_.emplace_back();
    return true;
  }
  bool key(string_t& name) override {
    if (!names_.back().insert(name).second) return Fail("duplicate member \"" + name + "\"");
    key_ = name;
    return true;
  }
  bool end_object() override {
    names_.pop_back();
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    if (stack_.size() >= kMaxDepth) return Fail("JSON nested too deeply");
    Enter(nlohmann::json::array());
    return true;
  }
  bool end_array() override {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    return Fail("not valid JSON (at byte " + std::to_string(position) + ")");
  }

  nlohmann::json root;
  std::string error;

 private:
  static constexpr std::size_t kMaxDepth = 32;

  bool Fail(std::string why) {
    if (error.empty()) error = std::move(why);
    return false;
  }
  nlohmann::json* Slot(nlohmann::json value) {
    if (stack_.empty()) {
      root = std::move(value);
      return &root;
    }
    nlohmann::json& parent = *stack_.back();
    if (parent.is_object()) return &(parent[key_] = std::move(value));
    parent.push_back(std::move(value));
    return &parent.back();
  }
  bool Put(nlohmann::json value) {
    Slot(std::move(value));
    return true;
  }
  void Enter(nlohmann::json container) { stack_.push_back(Slot(std::move(container))); }

  std::vector<nlohmann::json*> stack_;
  std::vector<std::set<std::string>> names_;
  std::string key_;
};

}  // namespace

core::Result<nlohmann::json> ParseStrictObject(std::string_view text) {
  StrictHandler handler;
  bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &handler,
                                      nlohmann::json::input_format_t::json, true);
  if (!ok) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadJson,
                      handler.error.empty() ? "the body is not valid JSON" : handler.error);
  }
  if (!handler.root.is_object()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadJson,
                      "the body must be a JSON object");
  }
  return std::move(handler.root);
}

}  // namespace certkeep::acme
