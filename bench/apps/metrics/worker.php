<?php
// bench/metrics.sh: /fill declares a gauge and sets 10 000 labelled series over rr_rpc.
while (rr_handle_request(function () {
    $n = (int)($_GET['n'] ?? 10000);
    try {
        rr_rpc('metrics.Declare', ['name' => 'items', 'collector' => ['namespace' => 'bench', 'type' => 'gauge',
            'help' => 'Items per shard', 'labels' => ['shard']]]);
    } catch (RR\RpcException $e) {
        // declared by an earlier run
    }
    for ($i = 0; $i < $n; $i++) {
        rr_rpc('metrics.Set', ['name' => 'items', 'value' => $i * 1.5, 'labels' => ["shard-$i"]]);
    }
    echo $n;
})) {}
