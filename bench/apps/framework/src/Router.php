<?php
declare(strict_types=1);

namespace Bench;

// Routes "METHOD /path/{param}" patterns, compiled once into regular expressions.
final class Router
{
    /** @var list<array{string, string, list<string>, callable}> */
    private array $routes = [];

    public function add(string $method, string $pattern, callable $handler): void
    {
        $names = [];
        $regex = preg_replace_callback('#\{(\w+)\}#', function (array $m) use (&$names): string {
            $names[] = $m[1];
            return '([^/]+)';
        }, $pattern);
        $this->routes[] = [$method, '#^' . $regex . '$#', $names, $handler];
    }

    /** @return array{callable, array<string, string>}|null */
    public function match(string $method, string $path): ?array
    {
        foreach ($this->routes as [$m, $regex, $names, $handler]) {
            if ($m === $method && preg_match($regex, $path, $found)) {
                return [$handler, array_combine($names, array_slice($found, 1)) ?: []];
            }
        }
        return null;
    }
}
