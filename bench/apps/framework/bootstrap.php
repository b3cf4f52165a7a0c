<?php
declare(strict_types=1);

// A PSR-4 style autoloader for the Bench\ classes in src/.
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Bench\\')) {
        require __DIR__ . '/src/' . substr($class, 6) . '.php';
    }
});
