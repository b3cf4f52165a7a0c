#!/usr/bin/env python3
"""Memory of the rr-php master holding many idle keep-alive connections (DESIGN target: 10 000
connections under 100 MB RSS). Starts rr-php on a loopback port, opens N connections, sends one
request on each, keeps them open and idle, and prints the master's RSS before and after.
Bounded: every connection gets one request, every read has a timeout."""
import argparse, os, re, resource, socket, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rr-php", default=os.path.join(HERE, "..", "build", "rr-php"))
    ap.add_argument("--connections", type=int, default=10000)
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.connections + 1000), hard))
    proc = subprocess.Popen([args.rr_php, "serve", os.path.join(HERE, "apps", "hello", "worker.php"),
                             "--listen", "127.0.0.1:0", "--workers", "2", "-o", "logs.level=info"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        deadline = time.time() + 30
        while port is None and time.time() < deadline:
            m = re.search(r"serving http://127\.0\.0\.1:(\d+)", proc.stderr.readline())
            if m:
                port = int(m.group(1))
        if port is None:
            sys.exit("rr-php did not start")
        before = rss_kb(proc.pid)
        socks = []
        for _ in range(args.connections):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
            socks.append(s)
        ok = 0
        for s in socks:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            ok += data.startswith(b"HTTP/1.1 200")
        time.sleep(1)
        after = rss_kb(proc.pid)
        print(f"{args.connections} idle keep-alive connections ({ok} answered 200): master RSS "
              f"{before / 1024:.1f} MB before, {after / 1024:.1f} MB with them open")
        for s in socks:
            s.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
