<?php
// A kv client that sends what spiral/roadrunner-kv's Cache sends, written from the kv.v1 message
// layout: kv.Has/Set/MGet/MExpire/TTL/Delete/Clear with Request{1 storage, 2 items{1 key, 2 value,
// 3 timeout}} over the proto codec, expiry times as DateTimeInterface::RFC3339 ("+00:00", not "Z").
// The transport is a closure (method, request bytes) -> response bytes: a goridge Rpc over
// rpc.listen, or RR\Rpc::call inside a worker.

namespace RrTest\Kv;

require_once __DIR__ . '/goridge.php';

use RrTest\Goridge\Proto;

function varint(int $v): string
{
    return Proto::varint($v);
}

function field(int $n, string $bytes): string
{
    return chr($n << 3 | 2) . Proto::varint(strlen($bytes)) . $bytes;
}

/** @return list<array{key:string,value:string,timeout:string}> the items of a kv.v1.Response */
function decode_items(string $buf): array
{
    $items = [];
    foreach (Proto::fields($buf)[1] ?? [] as $entry) {
        $f = Proto::fields($entry);
        $items[] = ['key' => $f[1][0] ?? '', 'value' => $f[2][0] ?? '', 'timeout' => $f[3][0] ?? ''];
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
