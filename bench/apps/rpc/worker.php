<?php
// rr_rpc() from embedded workers against a goridge PHP RPC client over TCP to rpc.listen (the
// project's own, tests/php/goridge.php, written as RoadRunner's Spiral\Goridge\RPC\RPC works: one
// frame out, one frame back, JSON). Run by bench/rpc.sh.
require __DIR__ . '/../../../tests/php/goridge.php';

function median(array $ns): float
{
    sort($ns);
    return $ns[intdiv(count($ns), 2)] / 1000;
}

while (rr_handle_request(function () {
    parse_str($_SERVER['QUERY_STRING'] ?? '', $q);
    $tcp = new RrTest\Goridge\Rpc($q['rpc']);
    if (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) === '/latency') {
        $n = (int)($q['n'] ?? 20000);
        $a = $b = [];
        for ($i = 0; $i < $n; $i++) { // alternating, so both see the same machine
            $t = hrtime(true);
            rr_rpc('informer.List');
            $a[] = hrtime(true) - $t;
            $t = hrtime(true);
            $tcp->call('informer.List', null);
            $b[] = hrtime(true) - $t;
        }
        printf("median round trip: rr_rpc %.1f us, goridge PHP client over TCP %.1f us\n", median($a), median($b));
        return;
    }
    if (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) === '/lock') {
        // lock.Lock then lock.Release (lock.v1beta1.Request over the proto codec), each timed.
        $n = (int)($q['n'] ?? 20000);
        $lock = $release = [];
        for ($i = 0; $i < $n; $i++) {
            $req = "\x0a\x05bench\x12" . chr(strlen("id$i")) . "id$i";
            $t = hrtime(true);
            RR\Rpc::call('lock.Lock', $req);
            $lock[] = hrtime(true) - $t;
            $t = hrtime(true);
            RR\Rpc::call('lock.Release', $req);
            $release[] = hrtime(true) - $t;
        }
        printf("median round trip: lock.Lock %.1f us, lock.Release %.1f us\n", median($lock), median($release));
        return;
    }
    // /throughput?ms=2000&via=rr|tcp: calls made in that time.
    $end = hrtime(true) + (int)($q['ms'] ?? 2000) * 1000000;
    $calls = 0;
    if (($q['via'] ?? 'rr') === 'rr') {
        while (hrtime(true) < $end) { rr_rpc('informer.List'); $calls++; }
    } else {
        while (hrtime(true) < $end) { $tcp->call('informer.List', null); $calls++; }
    }
    echo $calls;
})) {}
