<?php
// A kv client that sends what spiral/roadrunner-kv's Cache sends, written from the kv.v1 message
// layout: kv.Has/Set/MGet/MExpire/TTL/Delete/Clear with Request{1 storage, 2 items{1 key, 2 value,
// 3 timeout}} over the proto codec, expiry times as DateTimeInterface::RFC3339 ("+00:00", not "Z").
// The transport is a closure (method, request bytes) -> response bytes: a goridge Rpc over
// rpc.listen, or RR\Rpc::call inside a worker.

namespace RrTest\Kv;

function varint(int $v): string
{
    $out = '';
    do {
        $b = $v & 0x7f;
        $v >>= 7;
        $out .= chr($v ? $b | 0x80 : $b);
    } while ($v);
    return $out;
}

function field(int $n, string $bytes): string
{
    return chr($n << 3 | 2) . varint(strlen($bytes)) . $bytes;
}

/** @return list<array{key:string,value:string,timeout:string}> the items of a kv.v1.Response */
function decode_items(string $buf): array
{
    $items = [];
    $i = 0;
    $read = function (string $b, int &$i): int {
        $v = 0;
        $shift = 0;
        do {
            $c = ord($b[$i++]);
            $v |= ($c & 0x7f) << $shift;
            $shift += 7;
        } while ($c & 0x80);
        return $v;
    };
    while ($i < strlen($buf)) {
        $key = $read($buf, $i);
        $len = $read($buf, $i);
        $body = substr($buf, $i, $len);
        $i += $len;
        if ($key !== (1 << 3 | 2)) {
            continue;
        }
        $item = ['key' => '', 'value' => '', 'timeout' => ''];
        $j = 0;
        while ($j < strlen($body)) {
            $k = $read($body, $j);
            $l = $read($body, $j);
            $item[[1 => 'key', 2 => 'value', 3 => 'timeout'][$k >> 3] ?? 'unknown'] = substr($body, $j, $l);
            $j += $l;
        }
        $items[] = $item;
    }
    return $items;
}

final class Client
{
    public function __construct(private \Closure $call, private string $storage)
    {
    }

    /** @param array<string, array{0?:string,1?:string}> $items key => [value, timeout] */
    public static function request(string $storage, array $items): string
    {
        $out = field(1, $storage);
        foreach ($items as $key => [$value, $timeout]) {
            $item = field(1, (string)$key);
            if ($value !== '') {
                $item .= field(2, $value);
            }
            if ($timeout !== '') {
                $item .= field(3, $timeout);
            }
            $out .= field(2, $item);
        }
        return $out;
    }

    /** What the stock client sends for a TTL of $seconds: now + TTL in RFC 3339, or "" for none. */
    public static function timeout(?int $seconds): string
    {
        return $seconds === null ? '' : (new \DateTimeImmutable())->add(new \DateInterval("PT{$seconds}S"))
            ->format(\DateTimeInterface::RFC3339);
    }

    private function keys(array $keys): string
    {
        return self::request($this->storage, array_fill_keys($keys, ['', '']));
    }

    public function has(string ...$keys): array
    {
        return array_column(decode_items(($this->call)('kv.Has', $this->keys($keys))), 'key');
    }

    public function set(array $values, ?int $ttl = null): void
    {
        $t = self::timeout($ttl);
        ($this->call)('kv.Set', self::request($this->storage, array_map(fn ($v) => [$v, $t], $values)));
    }

    public function mget(string ...$keys): array
    {
        return array_column(decode_items(($this->call)('kv.MGet', $this->keys($keys))), 'value', 'key');
    }

    public function mexpire(array $keys, ?int $ttl): void
    {
        $t = self::timeout($ttl);
        ($this->call)('kv.MExpire', self::request($this->storage, array_fill_keys($keys, ['', $t])));
    }

    public function ttl(string ...$keys): array
    {
        return array_column(decode_items(($this->call)('kv.TTL', $this->keys($keys))), 'timeout', 'key');
    }

    public function delete(string ...$keys): void
    {
        ($this->call)('kv.Delete', $this->keys($keys));
    }

    public function clear(): void
    {
        ($this->call)('kv.Clear', self::request($this->storage, []));
    }
}
