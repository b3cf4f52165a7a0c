<?php
// Included by not_found() with $path set.
http_response_code(404);
layout('Not found', '<p class="error">No page at ' . h($path) . '</p>');
