// rr-php's SAPI: how the embedded interpreter is started or adopted from php-cli (once, in the zygote) and
// what its callbacks do (capture output and headers, feed the request body, fill $_SERVER).
#pragma once

#include "goridge-compat/zygote_options.hpp"

#include <string>

struct _zend_module_entry;

namespace rr::sapi {

// What php_sapi_name() and PHP_SAPI report inside rr-php.
inline constexpr const char* kSapiName = "rr-php";

// The extension PHP starts with the SAPI (the rr extension, ext/): given by the binary before the
// zygote starts PHP, so the SAPI does not depend on the extension.
void set_builtin_extension(_zend_module_entry* module);

// sapi_startup + php_module_startup. Called once, in the zygote, before any worker is forked.
bool start_php(const zygote::PhpOptions& options, std::string& error);

// rr_serve() inside php-cli: PHP is started already (by the host SAPI, in the process this zygote was
// forked from, in the middle of the script that called rr_serve()). Puts this SAPI's callbacks in
// place of the host's, ends the host's request (the rr_serve() call never returns in this process)
// and applies `options` on top of the host's php.ini. Called once, in the zygote.
bool adopt_host_php(const zygote::PhpOptions& options, std::string& error);

// Called from the rr extension's MINIT, while the module is starting.
void on_module_startup();

} // namespace rr::sapi
