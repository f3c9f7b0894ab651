"""nginx as the control beside certkeep in the benchmarks: what a request over TLS costs a
server that does almost nothing else for it, measured at the same pace."""

import os
import shutil
import socket
import subprocess
import time


def start(work, tls_dir, locations, files=None, port=None):
    """nginx (one worker, no access log) over TLS with the certificate and key in
    `tls_dir` (server.pem, server.key), `locations` its server block's rules, `files`
    ({name: bytes}) under its root. Returns its base URL (https://localhost:port), its
    processes and a function that stops it. `port`: a free one unless given."""
    if port is None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    www = os.path.join(work, "www")
    os.makedirs(www)
    os.chmod(work, 0o755)
    os.chmod(www, 0o755)  # nginx's worker runs unprivileged
    for name, body in (files or {}).items():
        with open(os.path.join(www, name), "wb") as f:
            f.write(body)
    for name in ("server.pem", "server.key"):
        shutil.copy(os.path.join(tls_dir, name), work)
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""worker_processes 1;
pid %(w)s/nginx.pid;
error_log %(w)s/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path %(w)s/body; proxy_temp_path %(w)s/proxy; fastcgi_temp_path %(w)s/fcgi;
  uwsgi_temp_path %(w)s/uwsgi; scgi_temp_path %(w)s/scgi;
  server {
    listen 127.0.0.1:%(p)d ssl;
    ssl_certificate %(w)s/server.pem;
    ssl_certificate_key %(w)s/server.key;
    root %(w)s/www;
    %(l)s
  }
}
""" % {"w": work, "p": port, "l": locations})
    subprocess.run(["nginx", "-c", conf, "-p", work], check=True)
    time.sleep(0.3)
    with open(os.path.join(work, "nginx.pid")) as f:
        master = int(f.read())
    pids = [int(p) for p in subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                                           text=True).stdout.split()]

    def stop():
        subprocess.run(["nginx", "-c", conf, "-p", work, "-s", "stop"], capture_output=True)

    return "https://localhost:%d" % port, [master, *pids], stop
