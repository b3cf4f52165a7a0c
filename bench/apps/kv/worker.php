<?php
// The KV plugin's memory driver (storage "bench") driven from embedded workers: kv.Set and kv.MGet
// with kv.v1 messages over the proto codec, through the worker's own rr_rpc channel
// (RR\Rpc::call, bytes in, bytes out) or through the project's goridge PHP client over TCP to
// rpc.listen (tests/php/goridge.php, RrTest\Goridge\Rpc::callProto, as spiral/roadrunner-kv sends
// them). Request bytes come from tests/php/kv.php and are built before the clock starts, so the loops
// time the RPC and the storage, not PHP's message encoding. Run by bench/kv.sh.
require __DIR__ . '/../../../tests/php/goridge.php';
require __DIR__ . '/../../../tests/php/kv.php';

use RrTest\Kv\Client;

const STORAGE = 'bench';
const KEYS = 1000;          // k0 .. k999, written by /prepare, read by kv.MGet
const VALUE_SIZE = 32;

function value(string $key): string
{
    return substr(str_pad("value of $key ", VALUE_SIZE, '.'), 0, VALUE_SIZE);
}

/**
 * KEYS requests of $batch keys each: for set, keys of this worker's own ("s<pid>-<n>", so two
 * workers do not write the same keys) with 32-byte values and no TTL; for mget, the keys of /prepare.
 * @return list<string>
 */
function requests(string $op, int $batch): array
{
    $out = [];
    for ($i = 0; $i < KEYS; $i++) {
        $items = [];
        for ($j = 0; $j < $batch; $j++) {
            $n = ($i * $batch + $j) % KEYS;
            if ($op === 'set') {
                $key = 's' . getmypid() . "-$n";
                $items[$key] = [value($key), ''];
            } else {
                $items["k$n"] = ['', ''];
            }
        }
        $out[] = Client::request(STORAGE, $items);
    }
    return $out;
}

/** Fails loudly unless a kv.MGet answer holds the values of exactly these keys. */
function check_mget(string $request, string $response, int $batch): void
{
    $items = RrTest\Kv\decode_items($response);
    if (count($items) !== $batch) {
        throw new RuntimeException('kv.MGet returned ' . count($items) . " items for $batch keys");
    }
    foreach ($items as $item) {
        if ($item['value'] !== value($item['key'])) {
            throw new RuntimeException("kv.MGet: wrong value for {$item['key']}");
        }
    }
}

function percentile(array $sorted, float $p): float
{
    return $sorted[min(count($sorted) - 1, (int)floor($p * count($sorted)))] / 1000;
}

while (rr_handle_request(function () {
    parse_str($_SERVER['QUERY_STRING'] ?? '', $q);
    $path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    try {
        if ($path === '/prepare') { // the keys kv.MGet reads, 10 per kv.Set
            for ($i = 0; $i < KEYS; $i += 10) {
                $items = [];
                for ($j = $i; $j < $i + 10; $j++) {
                    $items["k$j"] = [value("k$j"), ''];
                }
                RR\Rpc::call('kv.Set', Client::request(STORAGE, $items));
            }
            $req = Client::request(STORAGE, ['k0' => ['', ''], 'k999' => ['', '']]);
            check_mget($req, RR\Rpc::call('kv.MGet', $req), 2);
            echo 'ok ', KEYS;
            return;
        }
        if ($path === '/latency') { // one kv.MGet of one key at a time, each timed
            $n = max(1, min((int)($q['n'] ?? 20000), 1000000));
            $reqs = requests('mget', 1);
            check_mget($reqs[0], RR\Rpc::call('kv.MGet', $reqs[0]), 1);
            $ns = [];
            for ($i = 0; $i < $n; $i++) {
                $req = $reqs[$i % KEYS];
                $t = hrtime(true);
                RR\Rpc::call('kv.MGet', $req);
                $ns[] = hrtime(true) - $t;
            }
            sort($ns);
            printf("kv.MGet 1 key/call  via rr_rpc latency: median %.1f us, p99 %.1f us (%d calls, 1 worker)\n",
                percentile($ns, 0.5), percentile($ns, 0.99), $n);
            return;
        }
        if ($path === '/throughput') {
            // ?op=set|mget&batch=1|10&via=rr|tcp&ms=2000&max=N: "<calls> <elapsed ns>", the loop
            // ending at ms or after max calls, whichever comes first.
            $op = ($q['op'] ?? 'set') === 'mget' ? 'mget' : 'set';
            $method = $op === 'set' ? 'kv.Set' : 'kv.MGet';
            $batch = max(1, min((int)($q['batch'] ?? 1), 100));
            $ms = max(1, min((int)($q['ms'] ?? 2000), 10000));
            $max = max(1, (int)($q['max'] ?? 2000000));
            $reqs = requests($op, $batch);
            if (($q['via'] ?? 'rr') === 'tcp') {
                $tcp = new RrTest\Goridge\Rpc($q['rpc']);
                $call = fn (string $req) => $tcp->callProto($method, $req);
            } else {
                $call = fn (string $req) => RR\Rpc::call($method, $req);
            }
            // One untimed call each way, checked: a wrong storage name or message fails here.
            $first = $call($reqs[0]);
            if ($op === 'mget') {
                check_mget($reqs[0], $first, $batch);
            }
            $calls = 0;
            $start = hrtime(true);
            $end = $start + $ms * 1000000;
            if (($q['via'] ?? 'rr') === 'tcp') {
                while ($calls < $max && hrtime(true) < $end) {
                    $tcp->callProto($method, $reqs[$calls % KEYS]);
                    $calls++;
                }
            } else {
                while ($calls < $max && hrtime(true) < $end) {
                    RR\Rpc::call($method, $reqs[$calls % KEYS]);
                    $calls++;
                }
            }
            echo $calls, ' ', hrtime(true) - $start;
            return;
        }
        http_response_code(404);
        echo "no such endpoint: $path";
    } catch (Throwable $e) {
        http_response_code(500);
        echo 'error: ', get_class($e), ': ', $e->getMessage();
    }
})) {}
