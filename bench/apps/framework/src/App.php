<?php
declare(strict_types=1);

namespace Bench;

// The application: a container, a router and a controller answering JSON. boot() is what a
// framework does on every request under php-fpm, and once per worker under rr-php.
final class App
{
    private function __construct(private Container $c, private Router $router)
    {
    }

    public static function boot(): self
    {
        $c = new Container();
        $c->set(UserRepository::class, fn () => new UserRepository(200));
        $c->set(UserController::class, fn (Container $c) => new UserController($c->get(UserRepository::class)));
        $router = new Router();
        $router->add('GET', '/', fn (array $q) => $c->get(UserController::class)->list($q));
        $router->add('GET', '/users/{id}', fn (array $q, string $id) => $c->get(UserController::class)->show($id));
        return new self($c, $router);
    }

    /** Answers the current request (from $_SERVER and $_GET). */
    public function handle(): void
    {
        $path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH) ?: '/';
        $route = $this->router->match($_SERVER['REQUEST_METHOD'] ?? 'GET', $path);
        [$status, $body] = $route === null ? [404, ['error' => 'not found']] : ($route[0])($_GET, ...array_values($route[1]));
        http_response_code($status);
        header('Content-Type: application/json');
        echo json_encode($body, JSON_THROW_ON_ERROR);
    }
}
