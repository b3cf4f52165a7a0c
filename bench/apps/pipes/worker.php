<?php
// Hello world as a RoadRunner-style goridge worker (php-cli, pipes relay), built on the project's
// test client: what a stock spiral/roadrunner-http worker does, minus PSR-7.
require __DIR__ . '/../../../tests/php/goridge.php';
$w = RrTest\Goridge\Worker::fromEnvironment();
while ($w->waitRequest() !== null) {
    $w->respond(200, ['Content-Type' => ['text/plain']], 'Hello, World!');
}
