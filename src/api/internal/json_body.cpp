#include "api/internal/json_body.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "core/date_format.h"

namespace certkeep::api::internal {

core::Error InvalidField(std::string_view field, std::string_view why) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                     std::string(field) + ": " + std::string(why));
}

core::Result<nlohmann::json> ParseObject(const http::Request& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return nlohmann::json::object();
  }
  auto j = nlohmann::json::parse(request.body, nullptr, false);
  if (j.is_discarded()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadJson,
                      "The request body is not valid JSON");
  }
  if (!j.is_object()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadJson,
                      "The request body must be a JSON object");
  }
  return j;
}

core::Result<std::optional<std::string>> OptString(const nlohmann::json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return core::Fail(InvalidField(field, "must be a string"));
  return std::optional<std::string>(it->get<std::string>());
}

core::Result<std::optional<bool>> OptBool(const nlohmann::json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (it->is_boolean()) return std::optional<bool>(it->get<bool>());
  if (it->is_string()) {
    auto s = it->get<std::string>();
    if (s == "true") return std::optional<bool>(true);
    if (s == "false") return std::optional<bool>(false);
  }
  return core::Fail(InvalidField(field, "must be true or false"));
}

core::Result<std::optional<std::int64_t>> OptInt(const nlohmann::json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<std::int64_t>();
  if (it->is_number_unsigned() &&
      it->get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()}) {
    return core::Fail(InvalidField(field, "is out of range"));
  }
  if (it->is_number_integer()) return std::optional<std::int64_t>(it->get<std::int64_t>());
  if (it->is_string()) {
    auto s = it->get<std::string>();
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) return std::optional<std::int64_t>(v);
    if (ec == std::errc::result_out_of_range)
      return core::Fail(InvalidField(field, "is out of range"));
  }
  return core::Fail(InvalidField(field, "must be an integer"));
}

core::Result<std::optional<int>> OptSmallInt(const nlohmann::json& body, const char* field) {
  auto v = OptInt(body, field);
  if (!v) return core::Fail(v.error());
  if (!*v) return std::optional<int>();
  if (**v < std::numeric_limits<int>::min() || **v > std::numeric_limits<int>::max()) {
    return core::Fail(InvalidField(field, "is out of range"));
  }
  return std::optional<int>(static_cast<int>(**v));
}

core::Result<std::optional<std::vector<std::string>>> OptStringList(const nlohmann::json& body,
                                                                    const char* field) {
  using Out = std::optional<std::vector<std::string>>;
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return Out();
  std::vector<std::string> out;
  if (it->is_array()) {
    for (const auto& v : *it) {
      if (!v.is_string()) return core::Fail(InvalidField(field, "must be a list of strings"));
      out.push_back(v.get<std::string>());
    }
    return Out(std::move(out));
  }
  if (!it->is_string()) return core::Fail(InvalidField(field, "must be a list of strings"));
  auto s = it->get<std::string>();
  std::size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    auto item = s.substr(start, end - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return Out(std::move(out));
}

core::Result<std::int64_t> QueryInt(const http::Request& request, const char* name,
                                    std::int64_t fallback) {
  auto v = request.QueryParam(name);
  if (!v || v->empty()) return fallback;
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < 0) {
    return core::Fail(InvalidField(name, "must be a non-negative integer"));
  }
  return n;
}

core::Result<DateWriter> DateWriter::Of(const http::Request& request, std::string_view fallback) {
  auto asked = request.QueryParam("dateFormat");
  if (!asked || asked->empty()) return DateWriter(std::string(fallback));
  auto pattern = core::DatePattern(*asked);
  if (!pattern) {
    return core::Fail(InvalidField("dateFormat",
                                   "ISO, ISO_HMS, US, EU, UK, JP (or _HMS) or a "
                                   "date pattern such as yyyy.MM.dd"));
  }
  return DateWriter(std::move(*pattern));
}

std::string DateWriter::operator()(core::TimePoint t) const {
  return core::FormatDate(t, pattern_);
}

core::Result<core::SslId> SslIdOf(const http::Request& request) {
  auto id = PathId(request, "id");
  if (!id) return core::Fail(id.error());
  return core::SslId{*id};
}

std::string UsDate(core::TimePoint t) {
  return core::FormatDate(t, kUsDatePattern);
}

std::string UpperSerial(std::string serial) {
  for (auto& c : serial) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return serial;
}

core::Result<std::pair<std::int64_t, std::int64_t>> QueryPage(const http::Request& rq) {
  auto position = QueryInt(rq, "position", 0);
  if (!position) return core::Fail(position.error());
  auto size = QueryInt(rq, "size", 200);
  if (!size) return core::Fail(size.error());
  return std::pair{*position, std::min<std::int64_t>(*size, 200)};
}

std::string PathText(const http::Request& request, const char* name) {
  auto it = request.path_params.find(name);
  if (it == request.path_params.end()) return {};
  return http::PercentDecode(it->second).value_or("");
}

core::Result<std::int64_t> PathId(const http::Request& request, const char* name) {
  auto it = request.path_params.find(name);
  std::int64_t n = 0;
  if (it != request.path_params.end()) {
    const auto& s = it->second;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && p == s.data() + s.size() && n > 0) return n;
  }
  return core::Fail(core::ErrorCode::kNotFound, core::Reason::kRouteNotFound,
                    "No such id: " + (it == request.path_params.end() ? "" : it->second));
}

http::Response JsonResponse(int status, const nlohmann::json& body) {
  return http::Response::Json(status,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

http::Response Created(const http::Request& request, std::string_view collection, std::int64_t id) {
  http::Response r;
  r.status = 201;
  std::string host(request.Header("host").value_or("localhost"));
  r.SetHeader("Location", std::string(request.is_tls ? "https://" : "http://") + host +
                              std::string(collection) + "/" + std::to_string(id));
  return r;
}

}  // namespace certkeep::api::internal
