<?php
declare(strict_types=1);

namespace Bench;

// A small service container: factories by id, each service built once.
final class Container
{
    /** @var array<string, callable(Container): object> */
    private array $factories = [];
    /** @var array<string, object> */
    private array $instances = [];

    public function set(string $id, callable $factory): void
    {
        $this->factories[$id] = $factory;
    }

    public function get(string $id): object
    {
        return $this->instances[$id] ??= ($this->factories[$id] ?? throw new \LogicException("no service $id"))($this);
    }
}
