<?php
// A minimal goridge client written from the protocol description (frames, RPC), for tests: it
// speaks to rr-php exactly as RoadRunner's PHP libraries do, byte for byte.

namespace RrTest\Goridge;

const CONTROL = 0x01;
const CODEC_RAW = 0x04;
const CODEC_JSON = 0x08;
const ERROR = 0x40;
const CODEC_PROTO = 0x80;

final class Frame
{
    /** @param list<int> $options */
    public function __construct(public int $flags = 0, public string $payload = '', public array $options = [], public int $stream = 0)
    {
    }

    public function encode(): string
    {
        $hl = 3 + count($this->options);
        $head = pack('CCV', (1 << 4) | $hl, $this->flags, strlen($this->payload));
        $head .= pack('V', crc32($head)) . pack('CC', $this->stream, 0);
        foreach ($this->options as $o) {
            $head .= pack('V', $o);
        }
        return $head . $this->payload;
    }

    /** Reads one frame from a stream; throws on EOF, timeout or a bad header. */
    public static function read($stream, float $timeout = 10.0, bool $blocking = false): self
    {
        $read = $blocking ? fn (int $n) => read_blocking($stream, $n) : fn (int $n) => read_exact($stream, $n, $timeout);
        $head = $read(12);
        $b0 = ord($head[0]);
        if ($b0 >> 4 !== 1) {
            throw new \RuntimeException('not a goridge frame: version ' . ($b0 >> 4));
        }
        $hl = $b0 & 0x0f;
        if (unpack('V', substr($head, 6, 4))[1] !== crc32(substr($head, 0, 6))) {
            throw new \RuntimeException('goridge frame CRC mismatch');
        }
        $len = unpack('V', substr($head, 2, 4))[1];
        $rest = $hl > 3 || $len > 0 ? $read(4 * ($hl - 3) + $len) : '';
        $options = $hl > 3 ? array_values(unpack('V*', substr($rest, 0, 4 * ($hl - 3)))) : [];
        return new self(ord($head[1]), (string)substr($rest, 4 * ($hl - 3)), $options, ord($head[10]));
    }
}

/** Reads exactly $n bytes from a blocking stream (a worker's stdin), as PHP's goridge relay does. */
function read_blocking($stream, int $n): string
{
    $out = '';
    while (strlen($out) < $n) {
        $chunk = fread($stream, $n - strlen($out));
        if ($chunk === '' || $chunk === false) {
            throw new \RuntimeException('connection closed');
        }
        $out .= $chunk;
    }
    return $out;
}

function read_exact($stream, int $n, float $timeout): string
{
    $out = '';
    $deadline = microtime(true) + $timeout;
    while (strlen($out) < $n) {
        $left = $deadline - microtime(true);
        if ($left <= 0) {
            throw new \RuntimeException("timed out reading $n bytes");
        }
        $r = [$stream];
        $w = $e = null;
        if (stream_select($r, $w, $e, (int)$left, (int)(fmod($left, 1) * 1e6)) === 0) {
            continue;
        }
        $chunk = fread($stream, $n - strlen($out));
        if ($chunk === '' || $chunk === false) {
            if (feof($stream)) {
                throw new \RuntimeException('connection closed');
            }
            continue;
        }
        $out .= $chunk;
    }
    return $out;
}

/** Raised for an ERROR reply: the service's own message. */
final class ServiceException extends \RuntimeException
{
}

/** Goridge RPC over tcp:// or unix:// with the JSON codec, as Spiral\Goridge\RPC\RPC does it. */
final class Rpc
{
    private $sock;
    private static int $seq = 1;

    public function __construct(public string $address, float $timeout = 5.0)
    {
        $target = str_starts_with($address, 'unix://') ? 'unix://' . substr($address, 7) : $address;
        $s = @stream_socket_client($target, $errno, $errstr, $timeout);
        if ($s === false) {
            throw new \RuntimeException("cannot connect to $address: $errstr");
        }
        $this->sock = $s;
    }

    public function call(string $method, mixed $payload, float $timeout = 30.0): mixed
    {
        return json_decode($this->exchange(CODEC_JSON, $method, json_encode($payload), $timeout), true, 512, JSON_THROW_ON_ERROR);
    }

    /** A call with the proto codec, as the stock kv, lock and jobs clients make it: bytes in, bytes out. */
    public function callProto(string $method, string $message, float $timeout = 30.0): string
    {
        return $this->exchange(CODEC_PROTO, $method, $message, $timeout);
    }

    /** One request frame with $codec and its reply's body; an error reply throws ServiceException. */
    private function exchange(int $codec, string $method, string $body, float $timeout): string
    {
        $seq = self::$seq;
        fwrite($this->sock, (new Frame($codec, $method . $body, [$seq, strlen($method)]))->encode());
        $f = Frame::read($this->sock, $timeout);
        self::$seq++;
        if (count($f->options) !== 2 || $f->options[0] !== $seq) {
            throw new \RuntimeException('Invalid RPC frame, sequence mismatch');
        }
        $text = substr($f->payload, $f->options[1]);
        if ($f->flags & ERROR) {
            throw new ServiceException("Error '$text' on {$this->address}");
        }
        return $text;
    }

    /** Sends raw bytes (for tests of broken frames). */
    public function sendRaw(string $bytes): void
    {
        fwrite($this->sock, $bytes);
    }

    /** True when the server closed the connection (EOF within $timeout). */
    public function closedByServer(float $timeout = 5.0): bool
    {
        try {
            read_exact($this->sock, 1, $timeout);
            return false;
        } catch (\RuntimeException $e) {
            return $e->getMessage() === 'connection closed';
        }
    }
}

/** Just enough protobuf for the HTTP context (http.v1.Request / Response). */
final class Proto
{
    public static function varint(int $v): string
    {
        $out = '';
        do {
            $b = $v & 0x7f;
            $v >>= 7;
            $out .= chr($v ? $b | 0x80 : $b);
        } while ($v);
        return $out;
    }

    /** @return array<int, list<int|string>> field number => values (varints as int, the rest as bytes) */
    public static function fields(string $buf): array
    {
        $out = [];
        $i = 0;
        $n = strlen($buf);
        $read = function () use ($buf, &$i): int {
            $v = 0;
            $shift = 0;
            do {
                $b = ord($buf[$i++]);
                $v |= ($b & 0x7f) << $shift;
                $shift += 7;
            } while ($b & 0x80);
            return $v;
        };
        while ($i < $n) {
            $key = $read();
            $type = $key & 7;
            if ($type === 0) {
                $out[$key >> 3][] = $read();
            } elseif ($type === 2) {
                $len = $read();
                $out[$key >> 3][] = substr($buf, $i, $len);
                $i += $len;
            } else {
                throw new \RuntimeException("unsupported wire type $type");
            }
        }
        return $out;
    }

    /** A map<string, HeaderValue> field as name => list of values. */
    public static function headerMap(array $entries): array
    {
        $map = [];
        foreach ($entries as $entry) {
            $e = self::fields($entry);
            $map[$e[1][0] ?? ''] = self::fields($e[2][0] ?? '')[1] ?? [];
        }
        return $map;
    }

    public static function decodeRequest(string $buf): array
    {
        $f = self::fields($buf);
        return [
            'remoteAddr' => $f[1][0] ?? '', 'protocol' => $f[2][0] ?? '', 'method' => $f[3][0] ?? '', 'uri' => $f[4][0] ?? '',
            'headers' => self::headerMap($f[5] ?? []), 'cookies' => array_map(fn ($v) => $v[0] ?? '', self::headerMap($f[6] ?? [])),
            'rawQuery' => $f[7][0] ?? '', 'parsed' => (bool)($f[8][0] ?? 0), 'uploads' => isset($f[9][0]) ? json_decode($f[9][0], true) : null,
            'attributes' => self::headerMap($f[10] ?? []),
        ];
    }

    public static function encodeResponse(int $status, array $headers): string
    {
        $out = "\x08" . self::varint($status);
        foreach ($headers as $name => $values) {
            $hv = '';
            foreach ($values as $v) {
                $hv .= "\x0a" . self::varint(strlen($v)) . $v;
            }
            $entry = "\x0a" . self::varint(strlen($name)) . $name . "\x12" . self::varint(strlen($hv)) . $hv;
            $out .= "\x12" . self::varint(strlen($entry)) . $entry;
        }
        return $out;
    }
}

/**
 * A goridge worker over stdin/stdout (RoadRunner's pipes relay), as spiral/roadrunner-worker and
 * roadrunner-http behave: answers the PID request, returns jobs, replies with an HTTP context.
 */
final class Worker
{
    private bool $proto = false;

    public function __construct(private $in = STDIN, private $out = STDOUT)
    {
    }

    /** The relay RR_RELAY names: pipes (stdin/stdout), tcp://host:port or unix:///path. */
    public static function fromEnvironment(): self
    {
        $relay = getenv('RR_RELAY') ?: 'pipes';
        if ($relay === 'pipes') {
            return new self(STDIN, STDOUT);
        }
        $s = stream_socket_client(str_starts_with($relay, 'unix://') ? 'unix://' . substr($relay, 7) : $relay, $errno, $errstr, 5);
        if ($s === false) {
            throw new \RuntimeException("cannot connect to the relay $relay: $errstr");
        }
        return new self($s, $s);
    }

    /** The next job as ['ctx' => decoded context, 'body' => string, 'flags' => int], or null on stop. */
    public function waitRequest(): ?array
    {
        while (true) {
            $f = Frame::read($this->in, 3600.0, true);
            if ($f->flags & CONTROL) {
                $cmd = json_decode($f->payload, true);
                if (!empty($cmd['stop'])) {
                    return null;
                }
                if (!empty($cmd['pid'])) {
                    $this->write(new Frame(CONTROL, json_encode(['pid' => getmypid()])));
                    continue;
                }
                throw new \RuntimeException('invalid control frame: ' . $f->payload);
            }
            if ($f->stream & 0x0a) { // STOP or PONG outside a stream: skipped
                continue;
            }
            $len = $f->options[0] ?? strlen($f->payload);
            $ctx = substr($f->payload, 0, $len);
            // Like roadrunner-http 3.5+: the codec of the first request decides, replies use it.
            $this->proto = ($f->flags & CODEC_PROTO) !== 0;
            $decoded = $this->proto ? Proto::decodeRequest($ctx) : ($ctx === '' ? [] : json_decode($ctx, true));
            return ['ctx' => $decoded, 'body' => substr($f->payload, $len), 'flags' => $f->flags];
        }
    }

    /** A reply with this context and body, JSON codec (what a jobs consumer sends: an empty context). */
    public function respondRaw(string $context, string $body): void
    {
        $this->write(new Frame(CODEC_JSON, $context . $body, [strlen($context)]));
    }

    /** @param array<string, list<string>> $headers */
    public function respond(int $status, array $headers, string $body): void
    {
        if ($this->proto) {
            $head = Proto::encodeResponse($status, $headers);
            $this->write(new Frame(CODEC_PROTO, $head . $body, [strlen($head)]));
            return;
        }
        $head = json_encode(['status' => $status, 'headers' => (object)$headers]);
        $this->write(new Frame(CODEC_JSON, $head . $body, [strlen($head)]));
    }

    /**
     * A streamed response: every chunk is a frame with the STREAM bit, repeating status and headers
     * (as roadrunner-http 3.5+ does), the last frame without it. $fail: exit after that many chunks.
     * @param list<string> $chunks
     */
    public function respondStream(int $status, array $headers, array $chunks, ?int $fail = null): void
    {
        $head = json_encode(['status' => $status, 'headers' => (object)$headers]);
        foreach ($chunks as $i => $chunk) {
            if ($fail !== null && $i === $fail) {
                exit(1);
            }
            $last = $i === count($chunks) - 1;
            $this->write(new Frame(CODEC_JSON, $head . $chunk, [strlen($head)], $last ? 0 : 0x01));
            usleep(20000);
        }
    }

    /**
     * A stream that asks for a PONG after every chunk (PING bit) and stops when the server sends STOP
     * instead, with RoadRunner's stop acknowledgement (flags 0, options [0], empty). Returns the
     * number of chunks sent, or -1 when stopped.
     */
    public function respondStreamWithPing(int $status, array $headers, int $chunks, int $delayMs): int
    {
        $head = json_encode(['status' => $status, 'headers' => (object)$headers]);
        for ($i = 0; $i < $chunks; $i++) {
            $last = $i === $chunks - 1;
            $this->write(new Frame(CODEC_JSON, $head . "chunk $i\n", [strlen($head)], $last ? 0x04 : 0x05));
            while (true) {
                $f = Frame::read($this->in, 3600.0, true);
                if ($f->stream & 0x08) { // PONG
                    fwrite(STDERR, "pong $i\n");
                    break;
                }
                if ($f->stream & 0x02) { // STOP: the client is gone
                    fwrite(STDERR, "stopped by the server after chunk $i\n");
                    $this->write(new Frame(0, '', [0]));
                    return -1;
                }
            }
            usleep($delayMs * 1000);
        }
        return $chunks;
    }

    /** An informational response (103 Early Hints): STREAM set, empty body; the real one follows. */
    public function hint(int $status, array $headers): void
    {
        $head = json_encode(['status' => $status, 'headers' => (object)$headers]);
        $this->write(new Frame(CODEC_JSON, $head, [strlen($head)], 0x01));
    }

    /** A soft error: the request fails with this message, the worker goes on. */
    public function error(string $message): void
    {
        $this->write(new Frame(ERROR, $message));
    }

    /** Asks to be replaced (the server retries the request on another worker). */
    public function stop(): void
    {
        $this->write(new Frame(0, '{"stop":true}', [13]));
    }

    private function write(Frame $f): void
    {
        fwrite($this->out, $f->encode());
        fflush($this->out);
    }
}
