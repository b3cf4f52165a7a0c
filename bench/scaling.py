#!/usr/bin/env python3
"""How rr-php's cost grows, and what it costs in memory and start-up, beside nginx + php-fpm.

On loopback ports chosen by the kernel, for hello world (bench/apps/hello):
  1. start-up: from launching the server to its first 200 answer (rr-php in worker mode, direct
     dispatch and classic mode; php-fpm + nginx);
  2. memory after a warm-up (wrk, 4 connections, 1 s) with 4 workers: the rr-php master's RSS, each worker's
     PSS and private memory (/proc/PID/smaps_rollup), and the same of php-fpm's children;
  3. throughput and p99 latency (wrk, 2 s each) for 1, 4, 16 and 64 connections and 1, 2, 4 and 8
     workers, in worker mode (through the master) and with direct dispatch,
and prints them as Markdown tables (the README's numbers come from here). Every step is bounded in
time. Needs nginx-light, php8.2-fpm and wrk (scripts/deps.sh bench).
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from compare import free_port, wrk  # noqa: E402


def first_answer(url, timeout=30.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.005)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def descendants(pid):
    found = []
    for c in children(pid):
        found.append(c)
        found.extend(descendants(c))
    return found


def comm(pid):
    with open(f"/proc/{pid}/comm") as f:
        return f.read().strip()


def smaps(pid):
    """(RSS, PSS, private) in KiB."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        text = f.read()
    get = lambda k: int(re.search(rf"^{k}:\s+(\d+)", text, re.M).group(1))
    return get("Rss"), get("Pss"), get("Private_Clean") + get("Private_Dirty")


class Rr:
    def __init__(self, rr_php, app, workers, mode):
        self.port = free_port()
        args = [rr_php, "serve"]
        if mode == "classic":
            args += ["--root", app]
        else:
            args += [os.path.join(app, "worker.php")]
        args += ["--listen", f"127.0.0.1:{self.port}", "--workers", str(workers), "-o", "logs.level=warn"]
        if mode == "direct":
            args += ["-o", "http.pool.dispatch=direct"]
        self.started = time.time()
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}/"

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Fpm:
    def __init__(self, app, workers):
        self.tmp = tempfile.mkdtemp(prefix="rr-scaling-")
        os.chmod(self.tmp, 0o755)
        sock = os.path.join(self.tmp, "fpm.sock")
        self.port = free_port()
        with open(os.path.join(self.tmp, "fpm.conf"), "w") as f:
            f.write(f"[global]\npid = {self.tmp}/fpm.pid\nerror_log = {self.tmp}/fpm.log\ndaemonize = no\n"
                    f"[www]\nlisten = {sock}\nlisten.mode = 0666\npm = static\npm.max_children = {workers}\n"
                    f"user = nobody\ngroup = nogroup\nphp_admin_value[opcache.enable] = 1\n")
        with open(os.path.join(self.tmp, "nginx.conf"), "w") as f:
            f.write(f"""worker_processes 1; pid {self.tmp}/nginx.pid; error_log {self.tmp}/nginx-error.log; daemon off;
events {{ worker_connections 4096; }}
http {{ access_log off; keepalive_requests 10000000;
  client_body_temp_path {self.tmp}/body; fastcgi_temp_path {self.tmp}/fastcgi; proxy_temp_path {self.tmp}/proxy;
  uwsgi_temp_path {self.tmp}/uwsgi; scgi_temp_path {self.tmp}/scgi;
  server {{ listen 127.0.0.1:{self.port}; root {app};
    location / {{ include /etc/nginx/fastcgi_params; fastcgi_param SCRIPT_FILENAME {app}/index.php;
                 fastcgi_pass unix:{sock}; }} }} }}
""")
        self.started = time.time()
        self.fpm = subprocess.Popen(["php-fpm8.2", "-F", "-y", os.path.join(self.tmp, "fpm.conf")],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.nginx = subprocess.Popen(["nginx", "-c", os.path.join(self.tmp, "nginx.conf")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}/"

    def stop(self):
        for p in (self.nginx, self.fpm):
            p.terminate()
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def startup(make, rounds=3):
    times = []
    for _ in range(rounds):
        s = make()
        try:
            first_answer(s.url)
            times.append((time.time() - s.started) * 1000)
        finally:
            s.stop()
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rr-php", default=os.path.join(HERE, "..", "build", "rr-php"))
    ap.add_argument("--app", default=os.path.join(HERE, "apps", "hello"))
    ap.add_argument("--secs", type=int, default=2)
    ap.add_argument("--conns", default="1,4,16,64")
    ap.add_argument("--workers", default="1,2,4,8")
    args = ap.parse_args()
    for tool in ("nginx", "php-fpm8.2", "wrk"):
        if not shutil.which(tool):
            sys.exit(f"scaling.py: {tool} is missing; run scripts/deps.sh bench")
    app = os.path.abspath(args.app)
    conns = [int(x) for x in args.conns.split(",")]
    workers = [int(x) for x in args.workers.split(",")]

    print("## Start-up to the first answer (median of 3, 4 workers)\n")
    print("| server | ms |\n|---|---|")
    for mode in ("worker", "direct", "classic"):
        print(f"| rr-php {mode} | {startup(lambda: Rr(args.rr_php, app, 4, mode)):.0f} |", flush=True)
    print(f"| nginx + php-fpm | {startup(lambda: Fpm(app, 4)):.0f} |\n", flush=True)

    print("## Memory after 1 s of wrk (4 connections), 4 workers (KiB)\n")
    print("| server | master RSS | per worker PSS | per worker private |\n|---|---|---|---|")
    for name, make in (("rr-php worker", lambda: Rr(args.rr_php, app, 4, "worker")),
                       ("rr-php direct", lambda: Rr(args.rr_php, app, 4, "direct")),
                       ("rr-php classic", lambda: Rr(args.rr_php, app, 4, "classic")),
                       ("nginx + php-fpm", lambda: Fpm(app, 4))):
        s = make()
        try:
            first_answer(s.url)
            subprocess.run(["wrk", "-t1", "-c4", "-d1s", s.url], capture_output=True, timeout=30)
            if isinstance(s, Rr):
                master = smaps(s.proc.pid)[0]
                pids = [p for p in descendants(s.proc.pid) if comm(p) == "rr-php-worker"]
            else:
                master = smaps(s.fpm.pid)[0]
                pids = children(s.fpm.pid)
            sizes = [smaps(p) for p in pids]
            pss = statistics.mean(x[1] for x in sizes)
            private = statistics.mean(x[2] for x in sizes)
            print(f"| {name} | {master} | {pss:.0f} | {private:.0f} |", flush=True)
        finally:
            s.stop()

    for mode in ("worker", "direct"):
        print(f"\n## rr-php {mode} mode: req/s (p99 ms) by workers and connections, wrk {args.secs} s\n")
        print("| workers | " + " | ".join(f"{c} conns" for c in conns) + " |")
        print("|---|" + "---|" * len(conns))
        for w in workers:
            s = Rr(args.rr_php, app, w, mode)
            try:
                first_answer(s.url)
                cells = []
                for c in conns:
                    rps, p99, errors = wrk(s.url, c, args.secs, 1)
                    cells.append(f"{rps:.0f} ({p99:.2f})" + (f" {errors} errors" if errors else ""))
                print(f"| {w} | " + " | ".join(cells) + " |", flush=True)
            finally:
                s.stop()


if __name__ == "__main__":
    main()
