<?php
// A minimal FastCGI client for tests, written from the FastCGI 1.0 specification: records,
// name-value pairs, one connection with several requests.
namespace RrTest\Fcgi;

const BEGIN_REQUEST = 1, ABORT_REQUEST = 2, END_REQUEST = 3, PARAMS = 4, STDIN = 5, STDOUT = 6, GET_VALUES = 9, GET_VALUES_RESULT = 10, UNKNOWN_TYPE = 11;

function record(int $type, int $id, string $content): string
{
    return pack('CCnnCx', 1, $type, $id, strlen($content), 0) . $content;
}

function pairs(array $params): string
{
    $len = fn (string $s) => strlen($s) < 128 ? chr(strlen($s)) : pack('N', strlen($s) | 0x80000000);
    $out = '';
    foreach ($params as $n => $v) {
        $out .= $len((string)$n) . $len((string)$v) . $n . $v;
    }
    return $out;
}

function parse_pairs(string $b): array
{
    $out = [];
    for ($i = 0; $i < strlen($b);) {
        $lens = [];
        for ($k = 0; $k < 2; $k++) {
            $l = ord($b[$i]);
            if ($l > 127) {
                $l = unpack('N', substr($b, $i, 4))[1] & 0x7fffffff;
                $i += 4;
            } else {
                $i++;
            }
            $lens[] = $l;
        }
        $out[substr($b, $i, $lens[0])] = substr($b, $i + $lens[0], $lens[1]);
        $i += $lens[0] + $lens[1];
    }
    return $out;
}

/** The records of one request: BEGIN_REQUEST, PARAMS (then empty), STDIN (then empty). */
function request(int $id, array $params, string $body = '', bool $keep = true, int $role = 1, bool $finish = true): string
{
    $out = record(BEGIN_REQUEST, $id, pack('nCx5', $role, $keep ? 1 : 0));
    foreach (str_split(pairs($params), 60000) as $chunk) {
        $out .= record(PARAMS, $id, $chunk);
    }
    $out .= record(PARAMS, $id, '');
    foreach ($body === '' ? [] : str_split($body, 65535) as $chunk) {
        $out .= record(STDIN, $id, $chunk);
    }
    return $finish ? $out . record(STDIN, $id, '') : $out;
}

final class Client
{
    /** @var resource */
    public $sock;
    private string $buf = '';

    /** $where: a port on 127.0.0.1, or an address such as unix:///path/to.sock. */
    public function __construct(int|string $where)
    {
        $this->sock = stream_socket_client(is_int($where) ? "tcp://127.0.0.1:$where" : $where, $errno, $errstr, 5);
        if (!$this->sock) {
            throw new \RuntimeException("connect failed: $errstr");
        }
        stream_set_timeout($this->sock, 10);
    }

    public function send(string $bytes): void
    {
        fwrite($this->sock, $bytes);
    }

    /** The next record as [type, id, content], or null when the server closed (or 10 s passed). */
    public function next(float $timeout = 10.0): ?array
    {
        $deadline = microtime(true) + $timeout;
        while (true) {
            if (strlen($this->buf) >= 8) {
                $h = unpack('Cversion/Ctype/nid/nlen/Cpad', $this->buf);
                if (strlen($this->buf) >= 8 + $h['len'] + $h['pad']) {
                    $content = substr($this->buf, 8, $h['len']);
                    $this->buf = substr($this->buf, 8 + $h['len'] + $h['pad']);
                    return [$h['type'], $h['id'], $content];
                }
            }
            if (microtime(true) > $deadline) {
                return null;
            }
            $r = [$this->sock];
            $w = $e = null;
            if (stream_select($r, $w, $e, 0, 100000) > 0) {
                $d = fread($this->sock, 65536);
                if ($d === '' || $d === false) {
                    return null;
                }
                $this->buf .= $d;
            }
        }
    }

    /** Reads one request's answer: ['stdout' => ..., 'end' => [appStatus, protocolStatus]] (null when cut off). */
    public function response(int $id): ?array
    {
        $stdout = '';
        while (($r = $this->next()) !== null) {
            [$type, $rid, $content] = $r;
            if ($rid !== $id) {
                continue;
            }
            if ($type === STDOUT) {
                $stdout .= $content;
            } elseif ($type === END_REQUEST) {
                $end = unpack('NappStatus/CprotocolStatus', $content);
                return ['stdout' => $stdout, 'end' => [$end['appStatus'], $end['protocolStatus']]];
            }
        }
        return null;
    }
}

/** Splits a CGI response into [status, headers (name => [values]), body]. */
function cgi(string $stdout): array
{
    [$head, $body] = array_pad(explode("\r\n\r\n", $stdout, 2), 2, '');
    $headers = [];
    $status = 200;
    foreach (explode("\r\n", $head) as $line) {
        [$n, $v] = array_pad(explode(': ', $line, 2), 2, '');
        if (strcasecmp($n, 'Status') === 0) {
            $status = (int)$v;
        } else {
            $headers[strtolower($n)][] = $v;
        }
    }
    return [$status, $headers, $body];
}
