<?php
// What php-fpm runs for each request in the comparison.
echo "Hello, World!";
