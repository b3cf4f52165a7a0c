#!/usr/bin/python3
"""HTTP/2 edge cases and attacks against a server, over cleartext h2 (prior knowledge), or over TLS
with ALPN h2 when PORT is given as tls:PORT (the server's certificate is not checked).

Written with Debian's python3-h2 (hyper-h2, hpack, hyperframe); raw frames where a well-behaved
library would refuse to send them. Usage: h2probe.py [tls:]PORT SCENARIO [ARG]. Prints what it saw, one
line per fact, for a PHPT test to compare. Every loop is bounded in count and time.
"""
import socket
import ssl
import struct
import sys
import time

import h2.config
import h2.connection
import h2.events
import h2.settings
import hpack

TLS = sys.argv[1].startswith("tls:")
PORT = int(sys.argv[1].removeprefix("tls:"))
SCENARIO = sys.argv[2]
ARG = sys.argv[3] if len(sys.argv) > 3 else ""
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def open_socket():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    if not TLS:
        return s
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_alpn_protocols(["h2"])
    t = ctx.wrap_socket(s, server_hostname="localhost")
    if t.selected_alpn_protocol() != "h2":
        sys.exit("the server did not choose h2 (ALPN)")
    return t


# A connection the server ended: reset, closed, or (TLS) a record cut short.
CLOSED = (ConnectionResetError, BrokenPipeError, ssl.SSLError)


def connect(settings=None):
    s = open_socket()
    c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
    c.initiate_connection()
    if settings:
        c.update_settings(settings)
    s.sendall(c.data_to_send())
    return s, c


def headers(path, method="GET", extra=()):
    return [(":method", method), (":path", path), (":scheme", "http"), (":authority", "localhost")] + list(extra)


def pump(s, c, until, timeout=10.0):
    """Reads and feeds events to `until(event)` until it returns True, the connection ends or time is up.
    Returns 'done', 'closed' or 'timeout'."""
    end = time.time() + timeout
    while time.time() < end:
        s.settimeout(max(0.01, end - time.time()))
        try:
            data = s.recv(65536)
        except socket.timeout:
            return "timeout"
        except CLOSED:
            return "closed"
        if not data:
            return "closed"
        try:
            events = c.receive_data(data)
        except h2.exceptions.ProtocolError:
            return "closed"
        for e in events:
            if until(e):
                s.sendall(c.data_to_send())
                return "done"
        s.sendall(c.data_to_send())
    return "timeout"


def request(s, c, path, timeout=10.0, method="GET", extra=()):
    """One request on an open connection; returns (status, headers, body, trailers, interim, reset)."""
    sid = c.get_next_available_stream_id()
    c.send_headers(sid, headers(path, method, extra), end_stream=True)
    s.sendall(c.data_to_send())
    got = {"status": None, "headers": {}, "body": b"", "trailers": {}, "interim": [], "reset": None}

    def until(e):
        if getattr(e, "stream_id", None) != sid:
            return isinstance(e, h2.events.ConnectionTerminated)
        if isinstance(e, h2.events.InformationalResponseReceived):
            got["interim"].append(dict(e.headers))
        elif isinstance(e, h2.events.ResponseReceived):
            got["headers"] = dict(e.headers)
            got["status"] = got["headers"].get(":status")
        elif isinstance(e, h2.events.DataReceived):
            got["body"] += e.data
            c.acknowledge_received_data(e.flow_controlled_length, sid)
        elif isinstance(e, h2.events.TrailersReceived):
            got["trailers"] = dict(e.headers)
        elif isinstance(e, h2.events.StreamReset):
            got["reset"] = e.error_code.name if hasattr(e.error_code, "name") else str(e.error_code)
            return True
        return isinstance(e, h2.events.StreamEnded)

    pump(s, c, until, timeout)
    return got


def frame(ftype, flags, sid, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", sid) + payload


def closed_soon(s, timeout=10.0):
    """Reads until the server closes (True) or the time is up (False); notes a GOAWAY on the way."""
    end = time.time() + timeout
    goaway = False
    buf = b""
    while time.time() < end:
        s.settimeout(max(0.01, end - time.time()))
        try:
            data = s.recv(65536)
        except socket.timeout:
            return False, goaway
        except CLOSED:
            return True, goaway
        if not data:
            return True, goaway
        buf += data
        goaway = goaway or b"\x07\x00\x00\x00\x00\x00" in buf  # a GOAWAY frame header (type 7, stream 0)
        buf = buf[-16:]
    return False, goaway


def send_all(s, data):
    try:
        s.sendall(data)
        return True
    except CLOSED + (TimeoutError, socket.timeout):
        return False


def raw_connect():
    s = open_socket()
    s.sendall(PREFACE + frame(4, 0, 0, b""))
    return s


def raw_frames(s, done, timeout=10.0):
    """Reads frames until done(frames) or the time is up; answers SETTINGS with an ACK. Returns the
    frames as (type, flags, stream, payload) and whether the server closed."""
    end = time.time() + timeout
    buf = b""
    frames = []
    while time.time() < end and not done(frames):
        s.settimeout(max(0.01, end - time.time()))
        try:
            d = s.recv(65536)
        except socket.timeout:
            break
        except CLOSED:
            return frames, True
        if not d:
            return frames, True
        buf += d
        while len(buf) >= 9:
            length = int.from_bytes(buf[0:3], "big")
            if len(buf) < 9 + length:
                break
            f = (buf[3], buf[4], int.from_bytes(buf[5:9], "big") & 0x7FFFFFFF, buf[9:9 + length])
            buf = buf[9 + length:]
            frames.append(f)
            if f[0] == 4 and not f[1] & 0x1:
                send_all(s, frame(4, 0x1, 0, b""))
    return frames, False


ERRORS = {0: "NO_ERROR", 1: "PROTOCOL_ERROR", 2: "INTERNAL_ERROR", 7: "REFUSED_STREAM", 8: "CANCEL",
          11: "ENHANCE_YOUR_CALM"}


def ended(frames, sid):
    return any(f[2] == sid and f[0] in (0, 1) and f[1] & 0x1 for f in frames)


def reset_code(frames, sid):
    for f in frames:
        if f[0] == 3 and f[2] == sid:
            return ERRORS.get(int.from_bytes(f[3][:4], "big"), "?")
    return None


if SCENARIO == "basics":
    s, c = connect()
    r = request(s, c, "/trailer")
    print("trailers:", r["status"], r["body"].decode(), "trailer x-checksum =", r["trailers"].get("x-checksum"),
          "| x-checksum among headers:", "x-checksum" in r["headers"])
    r = request(s, c, "/hints")
    print("103 early hints:", [(i.get(":status"), i.get("link")) for i in r["interim"]], "then", r["status"],
          r["body"].decode())
    r = request(s, c, "/", method="HEAD")
    print("HEAD:", r["status"], "body", len(r["body"]), "bytes")
    r = request(s, c, "/status204")
    print("204:", r["status"], "body", len(r["body"]), "bytes")
    r = request(s, c, "/nothing-here-x", extra=[("x-big", "v" * 70000)])
    print("header list over max_header_size:", "reset" if r["reset"] else r["status"])
    r = request(s, c, "/")
    print("the connection goes on:", r["status"], r["body"].decode())

elif SCENARIO == "reset":
    # The client leaves a streaming response: RST_STREAM, then the connection is still usable.
    s, c = connect()
    sid = c.get_next_available_stream_id()
    c.send_headers(sid, headers("/ticks"), end_stream=True)
    s.sendall(c.data_to_send())
    seen = {"data": 0}

    def until(e):
        if isinstance(e, h2.events.DataReceived):
            seen["data"] += len(e.data)
            c.acknowledge_received_data(e.flow_controlled_length, sid)
            return b"tick 1" in e.data or seen["data"] > 12
        return False

    print("streaming before the reset:", pump(s, c, until))
    c.reset_stream(sid, error_code=8)  # CANCEL
    s.sendall(c.data_to_send())
    r = request(s, c, "/")
    print("after the reset the connection goes on:", r["status"])

elif SCENARIO == "rapid_reset":
    # CVE-2023-44487: HEADERS + RST_STREAM pairs as fast as the socket takes them.
    n = int(ARG or 5000)
    s, c = connect()
    enc = hpack.Encoder()
    burst = b""
    for i in range(n):
        sid = 1 + 2 * i
        burst += frame(1, 0x5, sid, enc.encode(headers("/count"))) + frame(3, 0, sid, struct.pack(">I", 8))
    ok = send_all(s, burst)
    closed, goaway = closed_soon(s)
    print("rapid reset: connection closed:", closed, "| GOAWAY seen:", goaway or not ok)

elif SCENARIO == "continuation":
    # CVE-2024-27316 / CVE-2024-28182: one HEADERS frame followed by endless CONTINUATION frames.
    s, c = connect()
    enc = hpack.Encoder()
    ok = send_all(s, frame(1, 0x1, 1, enc.encode(headers("/count"))))  # END_STREAM, no END_HEADERS
    for i in range(20000):
        if not send_all(s, frame(9, 0, 1, enc.encode([("x-c%d" % i, "v")]))):
            ok = False
            break
    closed, _ = closed_soon(s)
    print("CONTINUATION flood: connection closed:", closed or not ok)

elif SCENARIO in ("settings_flood", "ping_flood"):
    s, c = connect()
    one = frame(4, 0, 0, b"") if SCENARIO == "settings_flood" else frame(6, 0, 0, b"12345678")
    ok = True
    s.settimeout(10)
    for _ in range(2000):  # 2000 x 500 frames, never reading the acknowledgements
        if not send_all(s, one * 500):
            ok = False
            break
    closed, _ = closed_soon(s)
    print(SCENARIO.replace("_", " ") + ": connection closed:", closed or not ok)

elif SCENARIO == "zero_window":
    # A client that never opens its window: the response waits in the server, not in a worker.
    # ARG: seconds to hold[,path[,streams]] (default /big, one stream).
    hold, path, count = (ARG.split(",") + ["", "", ""])[:3]
    s, c = connect({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 0})
    for _ in range(int(count or 1)):
        c.send_headers(c.get_next_available_stream_id(), headers(path or "/big"), end_stream=True)
    s.sendall(c.data_to_send())
    status = {}

    def until(e):
        if isinstance(e, h2.events.ResponseReceived):
            status["s"] = dict(e.headers).get(":status")
            return True
        return False

    pump(s, c, until)
    print("zero window: status", status.get("s"), "- holding the connection")
    sys.stdout.flush()
    time.sleep(float(hold or 3))
    s.close()

elif SCENARIO == "fatal_then_next":
    # A request whose PHP dies (fatal error) and one sent with it on the same connection: the first
    # gets its 500, and a GOAWAY says whether the second was processed (if not, it may be sent again).
    s, c = connect()
    c.send_headers(1, headers("/fatal"), end_stream=True)
    c.send_headers(3, headers("/"), end_stream=True)
    s.sendall(c.data_to_send())
    seen = {"status": {}, "ended": set(), "goaway": None}

    def until(e):
        if isinstance(e, h2.events.ResponseReceived):
            seen["status"][e.stream_id] = dict(e.headers).get(":status")
        if isinstance(e, h2.events.DataReceived):
            c.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
        if isinstance(e, h2.events.StreamEnded):
            seen["ended"].add(e.stream_id)
        if isinstance(e, h2.events.ConnectionTerminated):
            seen["goaway"] = e.last_stream_id
            return True
        return False

    pump(s, c, until)
    g = seen["goaway"]
    print("fatal:", seen["status"].get(1), "ended:", 1 in seen["ended"], "| GOAWAY last stream:", g,
          "| the other stream answered or left for a retry:", 3 in seen["ended"] or (g is not None and g < 3))

elif SCENARIO == "fast_then_slow":
    # A fast request and a slow one sent together on one connection: the fast answer is not held
    # until the slow one is done (a server that serves the streams one after another included).
    s, c = connect()
    fast = c.get_next_available_stream_id()
    c.send_headers(fast, headers("/"), end_stream=True)
    slow = c.get_next_available_stream_id()
    c.send_headers(slow, headers("/slow"), end_stream=True)
    s.sendall(c.data_to_send())
    sent = time.time()
    ended_at = {}

    def until(e):
        if isinstance(e, h2.events.DataReceived):
            c.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
        if isinstance(e, h2.events.StreamEnded):
            ended_at[e.stream_id] = time.time()
        return len(ended_at) == 2

    print("both answered:", pump(s, c, until))
    print("the fast answer within 0.3 s:", ended_at.get(fast, sent + 99) - sent < 0.3,
          "| the slow one after 0.5 s:", ended_at.get(slow, 0) - sent > 0.5)

elif SCENARIO == "slow_beside_fast":
    # A slow answer and fast ones on one connection (two workers): the server may hold a ready answer
    # briefly for the others of its connection, but never until the slow one is done.
    s, c = connect()
    slow = c.get_next_available_stream_id()
    c.send_headers(slow, headers("/slow"), end_stream=True)
    s.sendall(c.data_to_send())
    slow_sent = time.time()
    time.sleep(0.1)  # the slow request is with a worker
    fast = []
    for _ in range(3):
        sid = c.get_next_available_stream_id()
        c.send_headers(sid, headers("/"), end_stream=True)
        fast.append(sid)
    s.sendall(c.data_to_send())
    fast_sent = time.time()
    ended_at = {}

    def until(e):
        if isinstance(e, h2.events.DataReceived):
            c.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
        if isinstance(e, h2.events.StreamEnded):
            ended_at[e.stream_id] = time.time()
        return len(ended_at) == 4

    print("all answered:", pump(s, c, until))
    last_fast = max(ended_at.get(i, fast_sent + 99) for i in fast)
    slow_end = ended_at.get(slow, 0)
    print("fast answers before the slow one:", last_fast < slow_end,
          "| within 0.3 s:", last_fast - fast_sent < 0.3, "| slow one after 0.5 s:", slow_end - slow_sent > 0.5)

elif SCENARIO == "streams_over_limit":
    # max_concurrent_streams=2: a third stream at once is refused, the first two are served.
    # (Raw frames on purpose: h2 itself would not exceed the server's limit.)
    s = raw_connect()
    enc = hpack.Encoder()
    s.sendall(b"".join(frame(1, 0x5, sid, enc.encode(headers("/slow"))) for sid in (1, 3, 5)))
    frames, _ = raw_frames(s, lambda fs: sum(ended(fs, i) or reset_code(fs, i) is not None for i in (1, 3, 5)) == 3)
    print("streams answered:", [i for i in (1, 3, 5) if ended(frames, i)],
          "| reset:", [(i, reset_code(frames, i)) for i in (1, 3, 5) if reset_code(frames, i)])

elif SCENARIO == "hpack_bomb":
    # One 4 KB header in the dynamic table, then referenced 100 times (a byte each): 400 KB of headers
    # from 5 KB on the wire. Its stream is refused; a normal request after it on the same connection is served.
    s = raw_connect()
    enc = hpack.Encoder()
    bomb = enc.encode(headers("/count") + [("x-bomb", "a" * 4000)] * 100)
    fine = enc.encode(headers("/"))
    s.sendall(frame(1, 0x5, 1, bomb) + frame(1, 0x5, 3, fine))
    frames, closed = raw_frames(s, lambda fs: (ended(fs, 1) or reset_code(fs, 1)) and ended(fs, 3))
    print("HPACK bomb: wire", len(bomb), "bytes | its stream reset:", reset_code(frames, 1),
          "| the next request served:", ended(frames, 3), "| connection closed:", closed)

elif SCENARIO == "goaway":
    # A slow request in flight when the server is told to stop: GOAWAY, and the request completes.
    # (Raw frames: python3-h2 stops accepting frames once it has seen a GOAWAY.)
    s = raw_connect()
    enc = hpack.Encoder()
    s.sendall(frame(1, 0x5, 1, enc.encode(headers("/slow"))))
    print("ready")
    sys.stdout.flush()
    # (The GOAWAY may come before the answer or, from a server busy with the request, after it.)
    frames, closed = raw_frames(s, lambda fs: ended(fs, 1) and any(f[0] == 7 for f in fs), 15)
    dec = hpack.Decoder()
    status = None
    for f in frames:
        if f[0] == 1 and f[2] == 1:
            status = dict(dec.decode(f[3])).get(":status")
    body = b"".join(f[3] for f in frames if f[0] == 0 and f[2] == 1)
    print("GOAWAY received:", any(f[0] == 7 for f in frames), "| in-flight request:", status, body.decode())

else:
    sys.exit("unknown scenario " + SCENARIO)
