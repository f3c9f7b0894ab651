#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <stdexcept>
#include <thread>

namespace certkeep::http {
namespace {

using namespace std::chrono_literals;

// A raw TCP client, so the tests send exactly the bytes they mean to.
class Client {
 public:
  explicit Client(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { ::close(fd_); }
  bool connected() const { return connected_; }
  bool Send(std::string_view data) {
    while (!data.empty()) {
      auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Reads one response: headers, then Content-Length bytes of body.
  std::string ReadResponse(bool has_body = true) {
    while (buf_.find("\r\n\r\n") == std::string::npos) {
      if (!Fill()) return std::exchange(buf_, "");
    }
    auto end = buf_.find("\r\n\r\n") + 4;
    std::size_t length = 0;
    auto cl = buf_.find("Content-Length: ");
    if (has_body && cl != std::string::npos && cl < end) length = std::stoul(buf_.substr(cl + 16));
    while (buf_.size() < end + length) {
      if (!Fill()) break;
    }
    auto out = buf_.substr(0, end + length);
    buf_.erase(0, end + length);
    return out;
  }
  // True when the server closed the connection (EOF) within the receive timeout.
  bool IsClosedByServer() {
    char c;
    auto n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool Fill() {
    char tmp[65536];
    auto n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }
  int fd_;
  bool connected_ = false;
  std::string buf_;
};

Response Shaped(const core::Error& e, const Request&) {
  return Response::Json(StatusFor(e), "{\"code\":-1,\"description\":\"" + e.detail() + "\"}");
}

class ServerTest : public ::testing::Test {
 protected:
  void Start(ServerOptions options) {
    router_.Mount("/api", Shaped);
    router_.Add("GET", "/healthz", [](Request&) -> core::Result<Response> {
      return Response::Json(200, "{\"status\":\"ok\"}");
    });
    router_.Add("POST", "/api/echo", [](Request& r) -> core::Result<Response> {
      return Response::Text(200, "got " + std::to_string(r.body.size()));
    });
    router_.Add("GET", "/api/wait", [this](Request&) -> core::Result<Response> {
      entered_.set_value();
      release_.get_future().wait();
      return Response::Text(200, "released");
    });
    router_.Add("GET", "/api/throw", [](Request&) -> core::Result<Response> {
      throw std::runtime_error("secret internal detail");
    });
    options.plain_listen = "127.0.0.1:0";
    if (options.threads == 0) options.threads = 2;
    options.handle_signals = false;
    auto null_log =
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    server_ = std::make_unique<Server>(options, router_, metrics_, null_log, null_log);
    ASSERT_TRUE(server_->Start());
    auto url = server_->urls().at(0);
    port_ = std::stoi(url.substr(url.rfind(':') + 1));
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    // A test that failed while /api/wait was held must not leave its worker waiting.
    try {
      release_.set_value();
    } catch (const std::future_error&) {  // already released
    }
    if (server_) {
      server_->Stop();
      thread_.join();
    }
  }
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::promise<void> entered_;  // /api/wait has begun
  std::promise<void> release_;  // lets /api/wait answer
};

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start({});
  Client c(port_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = c.ReadResponse();
    EXPECT_TRUE(r.starts_with("HTTP/1.1 200 OK\r\n")) << r;
    EXPECT_NE(r.find("X-Request-Id: "), std::string::npos);
  }
}

TEST_F(ServerTest, ARequestIdFromTheClientIsKeptIfSane) {
  Start({});
  Client c(port_);
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\n\r\n");
  EXPECT_NE(c.ReadResponse().find("X-Request-Id: abc-123\r\n"), std::string::npos);
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: bad id<>\r\n\r\n");
  EXPECT_EQ(c.ReadResponse().find("bad id"), std::string::npos);
}

TEST_F(ServerTest, BodyOverTheLimitIs413InTheApiShape) {
  ServerOptions o;
  o.max_body_bytes = 1024;
  Start(o);
  Client c(port_);
  std::string body(4096, 'x');
  ASSERT_TRUE(c.Send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" + body));
  auto r = c.ReadResponse();
  EXPECT_TRUE(r.starts_with("HTTP/1.1 413 ")) << r;
  EXPECT_NE(r.find("{\"code\":-1,\"description\":\"request body larger than 1024 bytes\"}"),
            std::string::npos)
      << r;
  EXPECT_NE(r.find("Connection: close"), std::string::npos) << r;
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  ServerOptions o;
  o.max_body_bytes = 1024;
  Start(o);
  Client c(port_);
  std::string chunk(800, 'y');
  ASSERT_TRUE(
      c.Send("POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             "320\r\n" +
             chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n"));
  EXPECT_TRUE(c.ReadResponse().starts_with("HTTP/1.1 413 "));
}

TEST_F(ServerTest, ATransferEncodingNotEndingInChunkedIs400AndCloses) {
  // RFC 9112 §6.3: the body's end is unknown; what follows must not be read as a request.
  Start({});
  Client c(port_);
  ASSERT_TRUE(
      c.Send("POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"
             "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = c.ReadResponse();
  EXPECT_TRUE(r.starts_with("HTTP/1.1 400 ")) << r;
  EXPECT_NE(r.find("Transfer-Encoding must end in chunked"), std::string::npos) << r;
  EXPECT_TRUE(c.IsClosedByServer());
}

TEST_F(ServerTest, AnHttp11RequestNeedsExactlyOneHost) {
  Start({});
  for (std::string_view headers : {"", "Host: x\r\nHost: y\r\n"}) {
    Client c(port_);
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\n" + std::string(headers) + "\r\n"));
    auto r = c.ReadResponse();
    EXPECT_TRUE(r.starts_with("HTTP/1.1 400 ")) << r;
    EXPECT_TRUE(c.IsClosedByServer());
  }
  Client old(port_);  // HTTP/1.0 has no Host to require
  ASSERT_TRUE(old.Send("GET /healthz HTTP/1.0\r\n\r\n"));
  auto r = old.ReadResponse();
  EXPECT_NE(r.find(" 200 "), std::string::npos) << r;
}

TEST_F(ServerTest, BodyWithinTheLimitArrives) {
  ServerOptions o;
  o.max_body_bytes = 1024;
  Start(o);
  Client c(port_);
  ASSERT_TRUE(c.Send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n" +
                     std::string(1024, 'z')));
  auto r = c.ReadResponse();
  EXPECT_NE(r.find("got 1024"), std::string::npos) << r;
}

TEST_F(ServerTest, ExpectContinueGets100ThenTheResponse) {
  Start({});
  Client c(port_);
  ASSERT_TRUE(
      c.Send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
             "Expect: 100-continue\r\n\r\n"));
  auto cont = c.ReadResponse();
  EXPECT_TRUE(cont.starts_with("HTTP/1.1 100 Continue")) << cont;
  ASSERT_TRUE(c.Send("hello"));
  EXPECT_NE(c.ReadResponse().find("got 5"), std::string::npos);
}

TEST_F(ServerTest, GarbageRequestLineIs400AndClosed) {
  Start({});
  Client c(port_);
  ASSERT_TRUE(c.Send("THIS IS NOT HTTP\r\n\r\n"));
  auto r = c.ReadResponse();
  EXPECT_TRUE(r.starts_with("HTTP/1.1 400 ")) << r;
  EXPECT_TRUE(c.IsClosedByServer());
  Client d(port_);
  d.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(d.ReadResponse().starts_with("HTTP/1.1 200 "));
}

TEST_F(ServerTest, AbsoluteFormTargetIs400) {
  Start({});
  Client c(port_);
  c.Send("GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(c.ReadResponse().starts_with("HTTP/1.1 400 "));
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  ServerOptions o;
  o.max_header_bytes = 2048;
  Start(o);
  Client c(port_);
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n");
  EXPECT_TRUE(c.ReadResponse().starts_with("HTTP/1.1 431 "));
}

TEST_F(ServerTest, HalfARequestTimesOutWithoutHangingOthers) {
  ServerOptions o;
  o.request_timeout = 300ms;
  Start(o);
  Client slow(port_);
  ASSERT_TRUE(slow.Send("GET /heal"));
  Client fast(port_);
  fast.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(fast.ReadResponse().starts_with("HTTP/1.1 200 "));
  EXPECT_TRUE(slow.IsClosedByServer());
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  ServerOptions o;
  o.idle_timeout = 200ms;
  Start(o);
  Client c(port_);
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(c.ReadResponse().starts_with("HTTP/1.1 200 "));
  EXPECT_TRUE(c.IsClosedByServer());
}

TEST_F(ServerTest, ConnectionsBeyondTheLimitAreClosedAtOnce) {
  ServerOptions o;
  o.max_connections = 2;
  Start(o);
  Client a(port_), b(port_);
  // Make sure both are accepted and counted before the third arrives.
  a.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  b.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  a.ReadResponse();
  b.ReadResponse();
  Client c(port_);
  EXPECT_TRUE(c.IsClosedByServer());
  EXPECT_NE(metrics_.Render().find("certkeep_http_connections_rejected_total 1"),
            std::string::npos);
}

TEST_F(ServerTest, AHandlerExceptionIs500WithoutItsText) {
  Start({});
  Client c(port_);
  c.Send("GET /api/throw HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = c.ReadResponse();
  EXPECT_TRUE(r.starts_with("HTTP/1.1 500 ")) << r;
  EXPECT_EQ(r.find("secret"), std::string::npos) << r;
  EXPECT_NE(r.find("\"description\":\"internal error\""), std::string::npos) << r;
}

TEST_F(ServerTest, HeadHasTheGetsLengthAndNoBody) {
  Start({});
  Client c(port_);
  c.Send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = c.ReadResponse(/*has_body=*/false);
  EXPECT_NE(r.find("Content-Length: 15\r\n"), std::string::npos) << r;
  EXPECT_TRUE(r.ends_with("\r\n\r\n")) << r;
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");  // no stray body bytes before this
  EXPECT_TRUE(c.ReadResponse().starts_with("HTTP/1.1 200 "));
}

TEST_F(ServerTest, StopLetsARequestInFlightFinishAndClosesIdleOnes) {
  Start({});
  Client idle(port_);
  Client busy(port_);
  ASSERT_TRUE(busy.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // headers not finished
  std::this_thread::sleep_for(100ms);
  server_->Stop();
  EXPECT_TRUE(idle.IsClosedByServer());
  ASSERT_TRUE(busy.Send("\r\n"));
  auto r = busy.ReadResponse();
  EXPECT_TRUE(r.starts_with("HTTP/1.1 200 ")) << r;
  EXPECT_NE(r.find("Connection: close"), std::string::npos) << r;
  thread_.join();  // Run() returns once every connection is done
  server_.reset();
}

TEST_F(ServerTest, AHandlerThatWaitsHoldsUpOnlyItsOwnWorker) {
  Start({});  // two workers
  Client slow(port_);
  ASSERT_TRUE(slow.Send("GET /api/wait HTTP/1.1\r\nHost: x\r\n\r\n"));
  entered_.get_future().wait();
  // The next connection goes to the worker with fewer connections, the other one.
  Client fast(port_);
  ASSERT_TRUE(fast.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(fast.ReadResponse().starts_with("HTTP/1.1 200 "));
  release_.set_value();
  EXPECT_TRUE(slow.ReadResponse().starts_with("HTTP/1.1 200 "));
}

TEST_F(ServerTest, StopReturnsWithWorkersThatNeverHadAConnection) {
  ServerOptions options;
  options.threads = 4;
  Start(options);
  {
    Client c(port_);  // one worker of four serves it; the other three stay empty
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    EXPECT_TRUE(c.ReadResponse().starts_with("HTTP/1.1 200 "));
  }
  server_->Stop();
  thread_.join();
  server_.reset();
}

}  // namespace
}  // namespace certkeep::http
