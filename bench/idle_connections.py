#!/usr/bin/env python3
"""Memory of the rr-php master holding many idle keep-alive connections (DESIGN target: 10 000
connections under 100 MB RSS). Starts rr-php on a loopback port, opens N connections, sends one
request on each, keeps them open and idle, and prints the master's RSS before and after.
--tls: the same over HTTPS (a self-signed certificate made here with the openssl CLI); --h2: HTTP/2
over TLS (ALPN h2; needs Debian's python3-h2, run with /usr/bin/python3): each connection sends one
request as a stream and keeps the connection.
Bounded: every connection gets one request, every read has a timeout."""
import argparse, os, re, resource, shutil, socket, ssl, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rr-php", default=os.path.join(HERE, "..", "build", "rr-php"))
    ap.add_argument("--connections", type=int, default=10000)
    ap.add_argument("--tls", action="store_true", help="HTTPS/1.1 connections")
    ap.add_argument("--h2", action="store_true", help="HTTP/2 over TLS connections")
    args = ap.parse_args()
    args.tls = args.tls or args.h2
    tmp = tempfile.mkdtemp(prefix="rr-idle-")
    extra, ctx = [], None
    if args.tls:
        crt, key = os.path.join(tmp, "idle.crt"), os.path.join(tmp, "idle.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", key, "-out", crt, "-days", "1", "-subj", "/CN=localhost"],
                       check=True, capture_output=True)
        extra = ["-o", "http.ssl.address=127.0.0.1:0", "-o", f"http.ssl.cert={crt}", "-o", f"http.ssl.key={key}"]
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.set_alpn_protocols(["h2"] if args.h2 else ["http/1.1"])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.connections + 1000), hard))
    proc = subprocess.Popen([args.rr_php, "serve", os.path.join(HERE, "apps", "hello", "worker.php"),
                             "--listen", "127.0.0.1:0", "--workers", "2", "-o", "logs.level=info", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        deadline = time.time() + 30
        while port is None and time.time() < deadline:
            m = re.search(r"https://127\.0\.0\.1:(\d+)" if args.tls else r"serving http://127\.0\.0\.1:(\d+)",
                          proc.stderr.readline())
            if m:
                port = int(m.group(1))
        if port is None:
            sys.exit("rr-php did not start")
        before = rss_kb(proc.pid)
        socks = []  # (socket, its HTTP/2 client state or None)
        for _ in range(args.connections):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            if ctx is not None:
                s = ctx.wrap_socket(s)
            client = h2_client() if args.h2 else None
            s.sendall(client.data_to_send() if client else b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
            socks.append((s, client))
        ok = 0
        for s, client in socks:
            if client:
                ok += h2_answered(s, client)
                continue
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            ok += data.startswith(b"HTTP/1.1 200")
        time.sleep(1)
        after = rss_kb(proc.pid)
        kind = "HTTP/2 over TLS" if args.h2 else "HTTPS keep-alive" if args.tls else "keep-alive"
        print(f"{args.connections} idle {kind} connections ({ok} answered 200): master RSS "
              f"{before / 1024:.1f} MB before, {after / 1024:.1f} MB with them open")
        for s, _ in socks:
            s.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


def h2_client():
    """An HTTP/2 client with its preface and one GET (stream 1) ready to send."""
    import h2.connection, h2.config
    c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    c.initiate_connection()
    c.send_headers(1, [(":method", "GET"), (":path", "/"), (":scheme", "https"), (":authority", "bench")],
                   end_stream=True)
    return c


def h2_answered(s, c):
    """Reads until the answer's HEADERS frame on stream 1 arrives (True when its status is 200)."""
    import h2.events
    for _ in range(100):
        data = s.recv(65536)
        if not data:
            return False
        for e in c.receive_data(data):
            if isinstance(e, h2.events.ResponseReceived):
                return dict(e.headers).get(b":status") == b"200"
    return False


if __name__ == "__main__":
    main()
