<?php
// A script in a subfolder, requested directly.
require __DIR__ . '/../../src/dump.php';
dump_if_asked();
echo "sub page\n";
