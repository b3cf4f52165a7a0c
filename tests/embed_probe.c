/* Loads rr.so into PHP's embed SAPI (libphp) the way a program embedding PHP would, through
 * php.ini (PHPRC names its directory), and runs a line of PHP in it: the extension must load
 * cleanly there and its server function must refuse clearly.
 * Usage: PHPRC=DIR embed_probe   (DIR/php.ini has extension=/path/to/rr.so) */
#include <sapi/embed/php_embed.h>

int main(int argc, char **argv) {
    int status = 0;
    PHP_EMBED_START_BLOCK(argc, argv)
    zend_eval_string("echo PHP_SAPI, ': rr ', extension_loaded('rr') ? 'loaded' : 'missing', PHP_EOL;"
                     "try { rr_serve(); } catch (Error $e) { echo $e->getMessage(), PHP_EOL; }",
                     NULL, "embed_probe");
    status = EG(exit_status);
    PHP_EMBED_END_BLOCK()
    return status;
}
