<?php
// The jobs wire format of spiral/roadrunner-jobs, written from the jobs.v1 message layout and the
// consumer protocol: a producer (jobs.Push, PushBatch, Pause, Resume, List, Declare, Destroy, Stat
// over the proto codec) and a consumer loop (a task's JSON context; ack, nack, requeue and fail
// answers as {"type":N,"data":...}). The producer's transport is a closure (method, bytes) -> bytes.

namespace RrTest\Jobs;

require_once __DIR__ . '/goridge.php';
require_once __DIR__ . '/kv.php';

use function RrTest\Kv\field;
use function RrTest\Kv\varint;

function vfield(int $n, int $v): string
{
    return chr($n << 3) . varint($v);
}

/** A jobs.v1.Job. $headers: name => list of values; $options: priority, delay (s), auto_ack. */
function job(string $name, string $id, string $payload, string $pipeline, array $headers = [], array $options = []): string
{
    $out = field(1, $name) . field(2, $id) . field(3, $payload);
    foreach ($headers as $h => $values) {
        $hv = '';
        foreach ($values as $v) {
            $hv .= field(1, $v);
        }
        $out .= field(4, field(1, $h) . field(2, $hv));
    }
    $o = '';
    if (!empty($options['priority'])) {
        $o .= vfield(1, $options['priority']);
    }
    $o .= field(2, $pipeline);
    if (!empty($options['delay'])) {
        $o .= vfield(3, $options['delay']);
    }
    if (!empty($options['auto_ack'])) {
        $o .= vfield(6, 1);
    }
    return $out . field(5, $o);
}

/** @return array<int, list<int|string>> */
function fields(string $buf): array
{
    return \RrTest\Goridge\Proto::fields($buf);
}

final class Producer
{
    public function __construct(private \Closure $call)
    {
    }

    public function push(string $pipeline, string $name, string $payload, array $headers = [], array $options = [], ?string $id = null): string
    {
        $id ??= bin2hex(random_bytes(16));
        ($this->call)('jobs.Push', field(1, job($name, $id, $payload, $pipeline, $headers, $options)));
        return $id;
    }

    /** @param list<array{0:string,1:string}> $jobs [name, payload] */
    public function pushBatch(string $pipeline, array $jobs): void
    {
        $out = '';
        foreach ($jobs as [$name, $payload]) {
            $out .= field(1, job($name, bin2hex(random_bytes(16)), $payload, $pipeline));
        }
        ($this->call)('jobs.PushBatch', $out);
    }

    private static function pipelines(array $names): string
    {
        return implode('', array_map(fn ($n) => field(1, $n), $names));
    }

    public function pause(string ...$names): void
    {
        ($this->call)('jobs.Pause', self::pipelines($names));
    }

    public function resume(string ...$names): void
    {
        ($this->call)('jobs.Resume', self::pipelines($names));
    }

    public function list(): array
    {
        return fields(($this->call)('jobs.List', ''))[1] ?? [];
    }

    public function destroy(string ...$names): array
    {
        return fields(($this->call)('jobs.Destroy', self::pipelines($names)))[1] ?? [];
    }

    /** @param array<string, string> $options as the stock client's toStringOfStringMap() sends them */
    public function declare(array $options): void
    {
        $out = '';
        foreach ($options as $k => $v) {
            $out .= field(1, field(1, $k) . field(2, (string)$v));
        }
        ($this->call)('jobs.Declare', $out);
    }

    /** @return array<string, array{driver:string,queue:string,active:int,delayed:int,reserved:int,ready:bool,priority:int}> */
    public function stat(): array
    {
        $out = [];
        foreach (fields(($this->call)('jobs.Stat', ''))[1] ?? [] as $s) {
            $f = fields($s);
            $out[$f[1][0] ?? ''] = ['driver' => $f[2][0] ?? '', 'queue' => $f[3][0] ?? '', 'active' => $f[4][0] ?? 0,
                'delayed' => $f[5][0] ?? 0, 'reserved' => $f[6][0] ?? 0, 'ready' => (bool)($f[7][0] ?? 0), 'priority' => $f[8][0] ?? 0];
        }
        return $out;
    }
}

/** The consumer side, as spiral/roadrunner-jobs' Consumer and ReceivedTask use the worker. */
final class Consumer
{
    private \RrTest\Goridge\Worker $worker;

    public function __construct()
    {
        $this->worker = \RrTest\Goridge\Worker::fromEnvironment();
    }

    /** The next task: ['id','job','headers','pipeline','driver','payload'], or null when told to stop. */
    public function waitTask(): ?array
    {
        $r = $this->worker->waitRequest();
        if ($r === null) {
            return null;
        }
        $ctx = $r['ctx'];
        foreach (['id', 'job', 'headers'] as $required) {
            if (!array_key_exists($required, $ctx)) {
                throw new \RuntimeException("task context without '$required'");
            }
        }
        return $ctx + ['payload' => $r['body']];
    }

    public function ack(): void
    {
        $this->worker->respondRaw('', json_encode(['type' => 2, 'data' => []]));
    }

    public function nack(string $message, bool $requeue = false, int $delay = 0): void
    {
        $this->worker->respondRaw('', json_encode(['type' => 3, 'data' => ['message' => $message, 'requeue' => $requeue, 'delay_seconds' => $delay]]));
    }

    public function requeue(string $message, int $delay = 0, array $headers = []): void
    {
        $data = ['message' => $message, 'delay_seconds' => $delay];
        if ($headers) {
            $data['headers'] = $headers;
        }
        $this->worker->respondRaw('', json_encode(['type' => 4, 'data' => $data]));
    }

    public function fail(string $message, bool $requeue = false): void
    {
        $this->worker->respondRaw('', json_encode(['type' => 1, 'data' => ['message' => $message, 'requeue' => $requeue, 'delay_seconds' => 0]]));
    }
}
