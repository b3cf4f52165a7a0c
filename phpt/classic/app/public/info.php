<?php
// Requested directly (also as /info.php/extra/path?x=1): prints $_SERVER, $_GET, $_POST and the cwd as JSON.
require __DIR__ . '/../src/dump.php';
dump_request();
