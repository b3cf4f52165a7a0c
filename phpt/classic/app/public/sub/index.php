<?php
// Directory index for /sub/.
require __DIR__ . '/../../src/dump.php';
dump_if_asked();
echo "sub index\n";
