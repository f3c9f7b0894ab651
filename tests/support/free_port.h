#pragma once
// A loopback port number for a test's server or for a test that needs nobody listening.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace certkeep::testing {

/// A port on 127.0.0.1 that was free a moment ago: bound once to learn the number, then
/// closed. `type` is SOCK_DGRAM or SOCK_STREAM.
inline int FreeLoopbackPort(int type) {
  int fd = socket(AF_INET, type, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace certkeep::testing
