#!/usr/bin/env python3
"""Side-by-side throughput of rr-php and nginx + php-fpm on this machine.

Starts, on loopback ports chosen by the kernel:
  - rr-php serving APP/worker.php (embedded worker mode), with --direct the same with
    http.pool.dispatch: direct (each worker serves HTTP itself), or with --classic APP/index.php in
    classic mode (serve --root APP: a full PHP request per HTTP request, as php-fpm), or with
    --pipes a goridge worker exec'd under php-cli (bench/apps/pipes, as RoadRunner runs workers;
    --pipes --embed: the same script embedded, fed by the master; --pipes --direct: embedded, each
    worker serving HTTP and feeding the script's STDIN itself),
  - nginx + php-fpm (static pool, opcache on) serving APP/index.php,
  - nginx answering a fixed body without PHP (the network path's ceiling),
with --tls all of them over HTTPS (a self-signed certificate made here with the openssl CLI; nginx
with `listen ssl`), plus rr-php's own plain HTTP for the cost of TLS; --handshakes sends
`Connection: close` so every request pays a full TLS handshake (handshakes/s),
checks that rr-php and php-fpm answer the same body (numbers aside: a page may show a pid or a
counter), then runs wrk against each in turn for
several rounds and prints the median requests/s, p99 latency and the ratios. --workers 2,4,8,16
starts one such set per count (rr-php's workers and php-fpm's children alike), all of them at once,
and each round measures every count in turn, so a drift of the machine's speed during the run
weighs on every count alike (measured one count after the other, the best rr-php count and the best
php-fpm count could come from a fast and a slow minute); it then reports the equal-count ratios and
best against best: php-fpm peaks at a different count than rr-php. Every run is bounded in time.
Sessions are stored in the run's temporary directory for both servers; --ini KEY=VALUE sets a php.ini entry for both. Realistic pages: --app bench/apps/framework (a router,
a container and a JSON answer; worker.php boots once, index.php per request) and --classic
--app examples/classic/public --sessions 256 (the bundled classic example: its session read and
written for returning visitors; without cookies every request would make a new session file).

Needs the Debian packages nginx-light, php8.2-fpm and wrk (scripts/deps.sh bench).
"""
import argparse, os, re, shutil, socket, ssl, statistics, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, timeout=30.0):
    end = time.time() + timeout
    while True:
        try:
            insecure = ssl.create_default_context()
            insecure.check_hostname = False
            insecure.verify_mode = ssl.CERT_NONE
            with urllib.request.urlopen(url, timeout=2, context=insecure) as r:
                return r.read()
        except Exception:
            if time.time() > end:
                raise RuntimeError(f"{url} did not answer within {timeout}s")
            time.sleep(0.1)


def wrk(url, conns, secs, threads, close=False, script=None):
    extra = (["-H", "Connection: close"] if close else []) + (["-s", script] if script else [])
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{conns}", f"-d{secs}s", "--latency", *extra, url],
                         capture_output=True, text=True, timeout=secs + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)] if p99 else float("nan")
    errors = sum(int(x) for x in re.findall(r"(?:Non-2xx or 3xx responses|connect|read|write|timeout):?\s+(\d+)", out))
    return rps, p99_ms, errors


def h2load(url, conns, secs, streams):
    out = subprocess.run(["h2load", f"-c{conns}", f"-m{streams}", f"-D{secs}", "-t1", url],
                         capture_output=True, text=True, timeout=secs + 60).stdout
    rps = float(re.search(r"finished in [\d.]+\w+, ([\d.]+) req/s", out).group(1))
    failed = re.search(r"requests: \d+ total, \d+ started, \d+ done, \d+ succeeded, (\d+) failed", out)
    return rps, float("nan"), int(failed.group(1)) if failed else 0


def parse_counts(text):
    counts = [int(x) for x in text.split(",") if x.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("expected worker counts such as 4 or 2,4,8,16")
    return counts


def start_set(args, app, workers):
    """Starts the servers with `workers` rr-php workers and php-fpm children and checks their
    answers. Returns the set: its targets {name: url}, processes and directories (stop_set ends it)."""
    tmp = tempfile.mkdtemp(prefix="rr-bench-")
    os.chmod(tmp, 0o755)
    # Each server its own session directory (php-fpm's children run as nobody and could not open
    # the files rr-php's workers made), in memory when /dev/shm is there: the page's cost, not the
    # disk's (ext4 flushes a session file rewritten after a truncate).
    shm = tempfile.mkdtemp(prefix="rr-bench-sessions-", dir="/dev/shm" if os.path.isdir("/dev/shm") else tmp)
    os.chmod(shm, 0o755)
    sessions = {}
    for who in ("rr", "fpm"):
        sessions[who] = os.path.join(shm, who)
        os.makedirs(sessions[who])
        os.chmod(sessions[who], 0o1777)
    ini = [tuple(kv.split("=", 1)) for kv in args.ini]
    os.chmod(tmp, 0o755)
    procs = []
    the_set = {"workers": workers, "procs": procs, "dirs": [tmp, shm], "cookie_script": None}
    try:
        fpm_sock = os.path.join(tmp, "fpm.sock")
        with open(os.path.join(tmp, "fpm.conf"), "w") as f:
            f.write(f"[global]\npid = {tmp}/fpm.pid\nerror_log = {tmp}/fpm.log\ndaemonize = no\n"
                    f"[www]\nlisten = {fpm_sock}\nlisten.mode = 0666\npm = static\npm.max_children = {workers}\n"
                    f"user = nobody\ngroup = nogroup\nphp_admin_value[opcache.enable] = 1\n"
                    + "".join(f"php_admin_value[{k}] = {v}\n" for k, v in [("session.save_path", sessions["fpm"])] + ini))
        fpm_port, static_port, rr_port, rr_tls_port = free_port(), free_port(), free_port(), free_port()
        static_plain_port = free_port()
        crt, key = os.path.join(tmp, "bench.crt"), os.path.join(tmp, "bench.key")
        ssl_listen = ""
        if args.tls:
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                            "-nodes", "-keyout", key, "-out", crt, "-days", "1", "-subj", "/CN=localhost"],
                           check=True, capture_output=True)
            ssl_listen = (f" ssl{' http2' if args.h2 else ''}; ssl_certificate {crt}; ssl_certificate_key {key};"
                          f" ssl_protocols TLSv1.2 TLSv1.3;"
                          f" ssl_session_cache shared:bench:10m")
        with open(os.path.join(tmp, "nginx.conf"), "w") as f:
            f.write(f"""worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
daemon off;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  keepalive_requests 10000000;  # (nginx closes a connection after 1000 requests by default, h2 too)
  client_body_temp_path {tmp}/body; fastcgi_temp_path {tmp}/fastcgi; proxy_temp_path {tmp}/proxy;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{fpm_port}{ssl_listen};
    root {app};
    location / {{
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME {app}/index.php;
      fastcgi_param SCRIPT_NAME /index.php;
      fastcgi_pass unix:{fpm_sock};
    }}
  }}
  server {{ listen 127.0.0.1:{static_port}{ssl_listen};{f" listen 127.0.0.1:{static_plain_port};" if args.tls else ""}
           location / {{ return 200 "Hello, World!"; }} }}
}}
""")
        procs.append(subprocess.Popen(["php-fpm8.2", "-F", "-y", os.path.join(tmp, "fpm.conf")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen(["nginx", "-c", os.path.join(tmp, "nginx.conf")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        if args.pipes:
            # The pipes app's config, its worker count and address set from here.
            pipes = os.path.join(HERE, "apps", "pipes")
            what = ["-c", os.path.join(pipes, "rr.yaml"), "-o", f"http.address=127.0.0.1:{rr_port}",
                    "-o", f"http.pool.num_workers={workers}"]
            if args.embed or args.direct:
                # The same script in rr-php's embedded interpreter, STDIN/STDOUT its channel.
                what += ["-o", "http.pool.mode=embed"]
        else:
            what = (["--root", app] if args.classic else [os.path.join(app, "worker.php")]) + [
                "--listen", f"127.0.0.1:{rr_port}", "--workers", str(workers)]
        if args.direct:
            what += ["-o", "http.pool.dispatch=direct"]
        if args.cpu_affinity:
            what += ["-o", "http.pool.cpu_affinity=true"]
        if args.tls:
            what += ["-o", f"http.ssl.address=127.0.0.1:{rr_tls_port}", "-o", f"http.ssl.cert={crt}",
                     "-o", f"http.ssl.key={key}"]
        what += [x for k, v in [("session.save_path", sessions["rr"])] + ini for x in ("-d", f"{k}={v}")]
        procs.append(subprocess.Popen([args.rr_php, "serve", *what, "-o", "logs.level=warn"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        scheme = "https" if args.tls else "http"
        targets = {"rr-php": f"{scheme}://127.0.0.1:{rr_tls_port if args.tls else rr_port}/",
                   "nginx+php-fpm": f"{scheme}://127.0.0.1:{fpm_port}/",
                   "nginx-static": f"{scheme}://127.0.0.1:{static_port}/"}
        if args.tls:
            targets["rr-php-plain"] = f"http://127.0.0.1:{rr_port}/"
            targets["nginx-static-plain"] = f"http://127.0.0.1:{static_plain_port}/"
        bodies = {name: fetch(url) for name, url in targets.items()}
        if re.sub(rb"\d+", b"N", bodies["rr-php"]) != re.sub(rb"\d+", b"N", bodies["nginx+php-fpm"]):
            sys.exit(f"bodies differ: rr-php {bodies['rr-php']!r} vs php-fpm {bodies['nginx+php-fpm']!r}")
        if args.sessions:
            # Returning visitors: each request carries one of --sessions session cookies in turn,
            # so the page reads and writes an existing session (as a logged-in user's does).
            the_set["cookie_script"] = os.path.join(tmp, "sessions.lua")
            with open(the_set["cookie_script"], "w") as f:
                f.write(f"local n = 0\nrequest = function()\n  n = n + 1\n"
                        f"  return wrk.format(nil, nil, {{['Cookie'] = 'PHPSESSID=bench' .. (n % {args.sessions})}})\nend\n")
        the_set["targets"] = targets
        return the_set
    except BaseException:
        stop_set(the_set)
        raise


def stop_set(the_set):
    procs = the_set["procs"]
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
    for d in the_set["dirs"]:
        shutil.rmtree(d, ignore_errors=True)


def measure(args, sets):
    """Runs wrk (h2load with --h2) against every server of every set, round after round: each round
    visits every worker count in turn, so a machine whose speed drifts during the run (a shared
    virtual machine's does) weighs on every count and on both servers alike, rather than on the
    count measured last. Returns {workers: {name: (median req/s, median p99 ms)}}."""
    print(f"# {os.cpu_count()} cpus, wrk -t1 -c{args.conns} -d{args.secs}s, workers={','.join(str(s['workers']) for s in sets)}"
          f", rounds={args.rounds}, each round through every count"
          f"{', https' if args.tls else ''}{', Connection: close' if args.handshakes else ''}")
    results = {s["workers"]: {name: ([], []) for name in s["targets"]} for s in sets}
    for rnd in range(1, args.rounds + 1):
        for the_set in sets:
            n = the_set["workers"]
            for name, url in the_set["targets"].items():
                if args.h2 and url.startswith("https"):
                    rps, p99, errors = h2load(url, args.conns, args.secs, 10)
                else:
                    rps, p99, errors = wrk(url, args.conns, args.secs, 1, args.handshakes, the_set["cookie_script"])
                results[n][name][0].append(rps)
                results[n][name][1].append(p99)
                print(f"round {rnd} workers {n:2d} {name:14s} {rps:10.0f} req/s  p99 {p99:7.3f} ms  errors {errors}",
                      flush=True)
    meds = {}
    for n, by_name in results.items():
        med = {name: (statistics.median(r), statistics.median(p)) for name, (r, p) in by_name.items()}
        meds[n] = med
        print(f"# workers={n}")
        for name, (rps, p99) in med.items():
            print(f"median {name:14s} {rps:10.0f} req/s  p99 {p99:7.3f} ms")
        print(f"ratio rr-php/nginx+php-fpm = {med['rr-php'][0] / med['nginx+php-fpm'][0]:.2f}  "
              f"(rr-php/nginx-static = {med['rr-php'][0] / med['nginx-static'][0]:.2f})", flush=True)
        if args.tls:
            print(f"ratio rr-php https/rr-php plain http = {med['rr-php'][0] / med['rr-php-plain'][0]:.2f}  "
                  f"(nginx without PHP, the same: {med['nginx-static'][0] / med['nginx-static-plain'][0]:.2f})")
    return meds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rr-php", default=os.path.join(HERE, "..", "build", "rr-php"))
    ap.add_argument("--app", default=os.path.join(HERE, "apps", "hello"))
    ap.add_argument("--workers", type=parse_counts, default=[4],
                    help="rr-php workers and php-fpm children; a list (2,4,8,16) runs one set per count and "
                         "reports the equal-count and the best-vs-best ratios")
    ap.add_argument("--classic", action="store_true", help="rr-php in classic mode on APP/index.php")
    ap.add_argument("--pipes", action="store_true",
                    help="rr-php with exec'd goridge workers under php-cli (bench/apps/pipes, RoadRunner's way)")
    ap.add_argument("--direct", action="store_true",
                    help="rr-php's embedded workers with http.pool.dispatch: direct (each worker serves HTTP); "
                         "with --classic too, and with --pipes (the goridge script embedded, its STDIN/STDOUT "
                         "a relay inside the worker)")
    ap.add_argument("--embed", action="store_true",
                    help="with --pipes: the goridge script runs embedded (http.pool.mode: embed) instead of "
                         "under php-cli")
    ap.add_argument("--cpu-affinity", action="store_true",
                    help="rr-php with http.pool.cpu_affinity: true (each worker pinned to one CPU)")
    ap.add_argument("--tls", action="store_true", help="everything over HTTPS (plus rr-php's plain HTTP)")
    ap.add_argument("--handshakes", action="store_true", help="with --tls: a new connection per request")
    ap.add_argument("--h2", action="store_true",
                    help="HTTP/2 over TLS with h2load -m10 (nginx: listen ssl http2); implies --tls")
    ap.add_argument("--ini", action="append", default=[], metavar="KEY=VALUE",
                    help="a php.ini entry for rr-php and php-fpm alike (repeatable)")
    ap.add_argument("--sessions", type=int, default=0, metavar="N",
                    help="send one of N session cookies with each request (a page with session_start())")
    ap.add_argument("--conns", type=int, default=32)
    ap.add_argument("--secs", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    args.tls = args.tls or args.h2
    if args.pipes and args.classic:
        sys.exit("compare.py: --pipes excludes --classic")
    if args.embed and not args.pipes:
        sys.exit("compare.py: --embed goes with --pipes")
    for tool in ("nginx", "php-fpm8.2", "wrk"):
        if not shutil.which(tool):
            sys.exit(f"compare.py: {tool} is missing; run scripts/deps.sh bench")
    app = os.path.abspath(args.app)
    started = []
    try:
        for n in args.workers:
            started.append(start_set(args, app, n))
        sets = measure(args, started)
    finally:
        for the_set in started:
            stop_set(the_set)
    if len(sets) < 2:
        return
    mode = ("classic" if args.classic else "pipes" if args.pipes else "worker") + (
        ", embedded" if args.pipes and (args.embed or args.direct) else "") + (", direct" if args.direct else "") + (
        ", cpu_affinity" if args.cpu_affinity else "")
    print(f"# summary ({mode} mode)")
    for n, med in sets.items():
        print(f"equal count {n:3d}: rr-php/nginx+php-fpm = {med['rr-php'][0] / med['nginx+php-fpm'][0]:.2f}")
    best_rr = max(sets, key=lambda n: sets[n]["rr-php"][0])
    best_fpm = max(sets, key=lambda n: sets[n]["nginx+php-fpm"][0])
    static = max(med["nginx-static"][0] for med in sets.values())
    rr, fpm = sets[best_rr]["rr-php"], sets[best_fpm]["nginx+php-fpm"]
    print(f"best rr-php {rr[0]:.0f} req/s ({best_rr} workers, p99 {rr[1]:.3f} ms); best nginx+php-fpm "
          f"{fpm[0]:.0f} req/s ({best_fpm} children, p99 {fpm[1]:.3f} ms); nginx-static {static:.0f} req/s")
    print(f"best vs best ({mode}): rr-php/nginx+php-fpm = {rr[0] / fpm[0]:.2f}  (rr-php/nginx-static = "
          f"{rr[0] / static:.2f})")


if __name__ == "__main__":
    main()
