#include "http/server.h"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "http/internal/access_log.h"
#include "http/internal/tls_setup.h"

namespace certkeep::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = asio::experimental::as_tuple(asio::use_awaitable);

namespace {

// A live connection as Stop() sees it. Touched only on its worker's thread.
struct Connection {
  bool idle = false;                    // waiting for the first byte of a request
  beast::tcp_stream* stream = nullptr;  // null once the session is ending
  internal::ClientCertificate client;   // the verified client certificate, if any
};

}  // namespace

struct Server::State {
  State(ServerOptions o, const Router& r, Metrics& m, std::shared_ptr<spdlog::logger> l,
        std::shared_ptr<spdlog::logger> a)
      : options(std::move(o)),
        router(r),
        metrics(m),
        log(std::move(l)),
        access_log(std::move(a)),
        ssl(asio::ssl::context::tls_server),
        grace_timer(ioc),
        signals(ioc) {}

  // One worker per I/O thread, each an io_context run by that thread alone: a connection
  // stays on the worker that accepted it, so its reads, its handler and its writes run on
  // one thread, without the wake-ups one shared io_context costs (a futex and a context
  // switch per completion: bench/request_cpu's /healthz took 75-80 µs of CPU, now 45-50).
  // A worker's handler that takes long delays only that worker's connections; new ones go
  // to the least loaded.
  struct Worker {
    asio::io_context ioc{1};  // concurrency hint: one thread
    asio::executor_work_guard<asio::io_context::executor_type> guard{ioc.get_executor()};
    std::atomic<int> load{0};  // its open connections
  };

  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  std::shared_ptr<spdlog::logger> log;
  std::shared_ptr<spdlog::logger> access_log;

  asio::io_context ioc{1};  // the listeners, signals and the stop: the thread that calls Run()
  std::vector<std::unique_ptr<Worker>> workers;
  asio::ssl::context ssl;
  struct Listener {
    tcp::acceptor acceptor;
    bool is_tls;
  };
  std::vector<std::unique_ptr<Listener>> listeners;
  std::vector<std::string> urls;

  std::atomic<bool> stopping{false};
  std::atomic<int> connections{0};
  asio::steady_timer grace_timer;
  asio::signal_set signals;
  std::mutex mu;
  using Executor = asio::io_context::executor_type;
  std::unordered_map<std::uint64_t, std::pair<Executor, std::shared_ptr<Connection>>>
      live;  // by connection number
  std::atomic<std::uint64_t> next_connection{0};
  std::atomic<std::uint64_t> next_request{0};
  std::string request_id_prefix;

  core::Result<void> LoadTls();
  core::Result<void> Bind(const std::string& address, bool is_tls);
  asio::awaitable<void> Accept(Listener& listener);
  Worker& LeastLoaded();
  asio::awaitable<void> Session(tcp::socket socket, Worker& worker, bool is_tls);
  template <typename Stream>
  asio::awaitable<void> Serve(Stream& stream, Connection& conn, const std::string& remote,
                              bool is_tls);
  template <typename Stream>
  asio::awaitable<void> Respond(Stream& stream, Request& request, Response response,
                                bool keep_alive, Clock::time_point start, const std::string& route);
  template <typename Stream>
  asio::awaitable<void> Linger(Stream& stream);
  void BeginStop();
  void ConnectionEnded();
  std::string NewRequestId();
};

core::Result<void> Server::State::LoadTls() {
  return internal::ConfigureTls(ssl.native_handle(), options.tls_chain_file, options.tls_key_file,
                                options.client_ca_file);
}

core::Result<void> Server::State::Bind(const std::string& address, bool is_tls) {
  auto endpoint = internal::SplitHostPort(address);
  if (!endpoint) return core::Fail(endpoint.error());
  tcp::resolver resolver(ioc);
  boost::system::error_code ec;
  auto results = resolver.resolve(endpoint->host, endpoint->port,
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kBadConfig,
                      "cannot resolve listen address " + address, ec.message());
  }
  auto listener = std::make_unique<Listener>(Listener{tcp::acceptor(ioc), is_tls});
  auto& acc = listener->acceptor;
  tcp::endpoint ep = results.begin()->endpoint();
  acc.open(ep.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(ep, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kBadConfig,
                      "cannot listen on " + address + ": " + ec.message());
  }
  auto local = acc.local_endpoint();
  std::string host = local.address().is_v6() ? "[" + local.address().to_string() + "]"
                                             : local.address().to_string();
  urls.push_back((is_tls ? "https://" : "http://") + host + ":" + std::to_string(local.port()));
  listeners.push_back(std::move(listener));
  return core::Ok();
}

std::string Server::State::NewRequestId() {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%012llx",
                static_cast<unsigned long long>(next_request.fetch_add(1) + 1));
  return request_id_prefix + buf;
}

Server::State::Worker& Server::State::LeastLoaded() {
  Worker* best = workers.front().get();
  for (auto& w : workers) {
    if (w->load.load(std::memory_order_relaxed) < best->load.load(std::memory_order_relaxed)) {
      best = w.get();
    }
  }
  return *best;
}

asio::awaitable<void> Server::State::Accept(Listener& listener) {
  for (;;) {
    auto& worker = LeastLoaded();
    auto [ec, socket] = co_await listener.acceptor.async_accept(worker.ioc, kTuple);
    if (stopping) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // Out of descriptors or similar: back off briefly instead of spinning.
      log->warn("accept failed: {}", ec.message());
      asio::steady_timer t(ioc, std::chrono::milliseconds(50));
      co_await t.async_wait(kTuple);
      continue;
    }
    if (connections.load() >= options.max_connections) {
      metrics.ConnectionRejected();
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    ++connections;
    ++worker.load;
    asio::co_spawn(worker.ioc, Session(std::move(socket), worker, listener.is_tls), asio::detached);
  }
}

asio::awaitable<void> Server::State::Session(tcp::socket socket, Worker& worker, bool is_tls) {
  auto id = next_connection.fetch_add(1);
  auto conn = std::make_shared<Connection>();
  {
    std::lock_guard lock(mu);
    live.emplace(id, std::make_pair(worker.ioc.get_executor(), conn));
  }
  boost::system::error_code ec;
  auto peer = socket.remote_endpoint(ec);
  std::string remote = ec ? "" : peer.address().to_string();
  try {
    if (is_tls) {
      beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), ssl);
      conn->stream = &stream.next_layer();
      stream.next_layer().expires_after(options.request_timeout);
      auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kTuple);
      if (!hec) {
        conn->client = internal::VerifiedClientCertificate(stream.native_handle());
        co_await Serve(stream, *conn, remote, true);
        // Send close_notify; don't wait long for the peer's.
        stream.next_layer().expires_after(std::chrono::seconds(1));
        co_await stream.async_shutdown(kTuple);
      }
      conn->stream = nullptr;
    } else {
      beast::tcp_stream stream(std::move(socket));
      conn->stream = &stream;
      co_await Serve(stream, *conn, remote, false);
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      conn->stream = nullptr;
    }
  } catch (const std::exception& e) {
    conn->stream = nullptr;
    log->error("connection from {} failed: {}", remote, e.what());
  }
  {
    std::lock_guard lock(mu);
    live.erase(id);
  }
  --worker.load;
  ConnectionEnded();
}

template <typename Stream>
asio::awaitable<void> Server::State::Serve(Stream& stream, Connection& conn,
                                           const std::string& remote, bool is_tls) {
  beast::flat_buffer buffer;
  bool first = true;
  for (;;) {
    // Wait for the first byte of the next request. Only here is a connection idle: a
    // graceful stop closes it; with bytes received it counts as in flight.
    if (buffer.size() == 0) {
      conn.idle = true;
      if (stopping) co_return;
      conn.stream->expires_after(first ? options.request_timeout : options.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), kTuple);
      conn.idle = false;
      if (ec) co_return;  // closed, timed out, or cancelled by Stop()
      buffer.commit(n);
    }
    first = false;
    conn.stream->expires_after(options.request_timeout);

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(boost::none);  // checked below, once the path is known
    auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
    auto start = Clock::now();
    Request request;
    request.remote_address = remote;
    request.is_tls = is_tls;
    request.client_cert_serial = conn.client.serial;
    request.client_cert_issuer = conn.client.issuer;
    if (hec) {
      if (hec == bhttp::error::end_of_stream || hec == beast::error::timeout ||
          hec == asio::error::operation_aborted || hec == asio::error::eof ||
          hec == asio::ssl::error::stream_truncated || hec == asio::error::connection_reset) {
        co_return;
      }
      // Malformed or oversized header: the path may be unknown, so answer in plain text.
      request.request_id = NewRequestId();
      bool too_large = hec == bhttp::error::header_limit;
      core::Error err(
          core::ErrorCode::kMalformed,
          too_large ? core::Reason::kHeaderTooLarge : core::Reason::kBadRequestSyntax,
          too_large ? "request header too large" : "malformed request: " + hec.message());
      co_await Respond(stream, request, RenderPlainError(err, request), false, start, "");
      co_await Linger(stream);
      co_return;
    }

    auto& header = parser.get();
    request.method = std::string(header.method_string());
    request.target = std::string(header.target());
    auto qpos = request.target.find('?');
    auto raw_path = std::string_view(request.target).substr(0, qpos);
    if (qpos != std::string::npos) request.query = request.target.substr(qpos + 1);
    request.path = PercentDecode(raw_path).value_or(std::string(raw_path));
    for (const auto& field : header) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    auto incoming_id = request.Header("x-request-id");
    request.request_id = incoming_id && internal::IsValidRequestId(*incoming_id)
                             ? std::string(*incoming_id)
                             : NewRequestId();

    if (request.target.empty() || request.target.front() != '/') {
      core::Error err(core::ErrorCode::kMalformed, core::Reason::kBadRequestSyntax,
                      "request target must be an absolute path");
      co_await Respond(stream, request, RenderPlainError(err, request), false, start, "");
      co_await Linger(stream);
      co_return;
    }

    // RFC 9112 §6.3: a Transfer-Encoding whose last coding is not chunked leaves the body's
    // end unknown (and what follows would be read as another request): 400, then close.
    // §3.2: an HTTP/1.1 request carries exactly one Host.
    auto hosts = std::count_if(request.headers.begin(), request.headers.end(),
                               [](const auto& h) { return h.first == "host"; });
    std::string framing;
    if (request.Header("transfer-encoding") && !parser.chunked()) {
      framing = "a Transfer-Encoding must end in chunked";
    } else if (raw_path.starts_with("/api/") && (raw_path.find("%2F") != std::string_view::npos ||
                                                 raw_path.find("%2f") != std::string_view::npos)) {
      // Decoded, it would split a segment of the API in two and name another resource
      // (OCSP's GET form, RFC 6960 Appendix A, carries base64 with escaped slashes).
      framing = "an encoded '/' (%2F) in the path is not accepted";
    } else if (header.version() >= 11 && hosts != 1) {
      framing =
          hosts == 0 ? "an HTTP/1.1 request needs a Host header" : "more than one Host header";
    }
    if (!framing.empty()) {
      core::Error err(core::ErrorCode::kMalformed, core::Reason::kBadRequestSyntax, framing);
      co_await Respond(stream, request, router.RenderError(err, request), false, start, "");
      co_await Linger(stream);
      co_return;
    }

    auto too_large = [&] {
      return core::Error(
          core::ErrorCode::kPayloadTooLarge, core::Reason::kBodyTooLarge,
          "request body larger than " + std::to_string(options.max_body_bytes) + " bytes");
    };
    auto length = parser.content_length();
    if (length && *length > options.max_body_bytes) {
      // Refuse before reading: with "Expect: 100-continue" the client never sends it.
      co_await Respond(stream, request, router.RenderError(too_large(), request), false, start, "");
      co_await Linger(stream);
      co_return;
    }
    parser.body_limit(options.max_body_bytes);
    if (!parser.is_done()) {
      auto expect = request.Header("expect");
      if (expect && beast::iequals(*expect, "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, header.version()};
        auto [cec, cn] = co_await bhttp::async_write(stream, cont, kTuple);
        if (cec) co_return;
      }
      auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
      if (bec == bhttp::error::body_limit) {
        co_await Respond(stream, request, router.RenderError(too_large(), request), false, start,
                         "");
        co_await Linger(stream);
        co_return;
      }
      if (bec) {
        if (bec == beast::error::timeout || bec == asio::error::operation_aborted ||
            bec == bhttp::error::end_of_stream || bec == asio::error::eof ||
            bec == bhttp::error::partial_message) {
          co_return;
        }
        core::Error err(core::ErrorCode::kMalformed, core::Reason::kBadRequestSyntax,
                        "malformed request body: " + bec.message());
        co_await Respond(stream, request, router.RenderError(err, request), false, start, "");
        co_return;
      }
    }
    bool keep_alive = parser.get().keep_alive();
    request.body = std::move(parser.get().body());

    Match match = router.Find(request);
    Response response;
    try {
      response = router.Dispatch(request, match);
    } catch (const std::exception& e) {
      // A bug: logged with the route (never the body) so that it can be found.
      log->error("{} {} failed: unhandled exception: {}", request.method, match.route, e.what());
      response =
          router.RenderError(core::InternalError(core::Reason::kUnspecified,
                                                 std::string("unhandled exception: ") + e.what()),
                             request);
    }
    co_await Respond(stream, request, std::move(response), keep_alive, start, match.route);
    if (!keep_alive || stopping) co_return;
  }
}

template <typename Stream>
asio::awaitable<void> Server::State::Respond(Stream& stream, Request& request, Response response,
                                             bool keep_alive, Clock::time_point start,
                                             const std::string& route) {
  keep_alive = keep_alive && !stopping;
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(response.status), 11};
  // insert, not set: a header may come more than once (RFC 8288 Link: "up" and "index").
  for (auto& [name, value] : response.headers) res.insert(name, value);
  res.set("X-Request-Id", request.request_id);
  std::size_t bytes = response.body.size();
  res.body() = std::move(response.body);
  res.prepare_payload();
  if (request.method == "HEAD") res.body().clear();  // Content-Length stays the GET's
  res.keep_alive(keep_alive);
  auto [ec, n] = co_await bhttp::async_write(stream, res, kTuple);

  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  metrics.Observe(route, request.method.empty() ? "-" : request.method, response.status, seconds);
  if (access_log) {
    auto ua = request.Header("user-agent");
    access_log->info(internal::AccessLogLine({.request_id = request.request_id,
                                              .remote = request.remote_address,
                                              .method = request.method,
                                              .path = request.path,
                                              .route = route,
                                              .status = response.status,
                                              .bytes_in = request.body.size(),
                                              .bytes_out = bytes,
                                              .seconds = seconds,
                                              .tls = request.is_tls,
                                              .user_agent = ua ? *ua : std::string_view(),
                                              .write_error = ec ? ec.message() : std::string()}));
  }
}

// Reads and discards what the client still sends after an early error response, so
// closing the socket does not turn into a reset that destroys the response in flight.
template <typename Stream>
asio::awaitable<void> Server::State::Linger(Stream& stream) {
  constexpr std::size_t kMaxDrain = 16 << 20;
  auto deadline = Clock::now() + std::chrono::seconds(2);
  std::size_t drained = 0;
  std::vector<char> sink(64 << 10);
  beast::get_lowest_layer(stream).expires_at(deadline);
  while (drained < kMaxDrain && Clock::now() < deadline) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
    if (ec) break;
    drained += n;
  }
}

void Server::State::BeginStop() {
  if (stopping.exchange(true)) return;
  log->info("stopping: {} connection(s) open, grace {} ms", connections.load(),
            options.shutdown_grace.count());
  boost::system::error_code ec;
  for (auto& l : listeners) l->acceptor.close(ec);
  signals.cancel(ec);
  {
    std::lock_guard lock(mu);
    for (auto& [id, entry] : live) {
      auto& [executor, conn] = entry;
      asio::post(executor, [conn = conn] {
        if (conn->idle && conn->stream != nullptr) conn->stream->cancel();
      });
    }
  }
  if (connections.load() == 0) {
    grace_timer.cancel();
    return;
  }
  grace_timer.expires_after(options.shutdown_grace);
  grace_timer.async_wait([this](boost::system::error_code wec) {
    if (wec) return;  // cancelled: every connection finished in time
    log->warn("grace period over with {} connection(s) open; closing them", connections.load());
    for (auto& w : workers) w->ioc.stop();
    ioc.stop();
  });
}

void Server::State::ConnectionEnded() {
  if (--connections == 0 && stopping) {
    asio::post(ioc, [this] { grace_timer.cancel(); });
  }
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics,
               std::shared_ptr<spdlog::logger> log, std::shared_ptr<spdlog::logger> access_log)
    : state_(std::make_unique<State>(std::move(options), router, metrics, std::move(log),
                                     std::move(access_log))) {}

Server::~Server() = default;

core::Result<void> Server::Start() {
  auto& s = *state_;
  // A per-process prefix keeps request ids unique across restarts and nodes.
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%08x",
                static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count() ^
                                      static_cast<unsigned>(::getpid()) << 16));
  s.request_id_prefix = prefix;
  // Two per core by default: handlers block (the store, a validation's fetch), and a slow
  // one then holds up a smaller share of the connections; idle workers cost nothing.
  int threads = s.options.threads > 0
                    ? s.options.threads
                    : 2 * std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  for (int i = 0; i < threads; ++i) s.workers.push_back(std::make_unique<State::Worker>());
  if (!s.options.tls_listen.empty()) {
    if (auto r = s.LoadTls(); !r) return r;
    if (auto r = s.Bind(s.options.tls_listen, true); !r) return r;
  }
  if (!s.options.plain_listen.empty()) {
    if (auto r = s.Bind(s.options.plain_listen, false); !r) return r;
  }
  if (s.listeners.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadConfig,
                      "no listener configured (http.listen and http.plain_listen are empty)");
  }
  return core::Ok();
}

std::vector<std::string> Server::urls() const {
  return state_->urls;
}

void Server::Run() {
  auto& s = *state_;
  for (auto& l : s.listeners) asio::co_spawn(s.ioc, s.Accept(*l), asio::detached);
  if (s.options.handle_signals) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([&s](boost::system::error_code ec, int sig) {
      if (ec) return;
      s.log->info("received signal {}", sig);
      s.BeginStop();
    });
  }
  std::vector<std::thread> pool;
  for (auto& w : s.workers) pool.emplace_back([&ioc = w->ioc] { ioc.run(); });
  // Returns once stopping is over: every connection ended, or the grace period ran out
  // (which stopped the workers too). Then the workers, out of work, return.
  s.ioc.run();
  for (auto& w : s.workers) w->guard.reset();
  for (auto& t : pool) t.join();
}

void Server::Stop() {
  asio::post(state_->ioc, [s = state_.get()] { s->BeginStop(); });
}

}  // namespace certkeep::http
