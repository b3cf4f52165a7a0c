// rr-php's SAPI: how the embedded interpreter is started (once, in the zygote) and what its
// callbacks do (capture output and headers, feed the request body, fill $_SERVER).
#pragma once

#include "sapi/options.hpp"

#include <string>

namespace rr::sapi {

// What php_sapi_name() and PHP_SAPI report inside rr-php.
inline constexpr const char* kSapiName = "rr-php";

// sapi_startup + php_module_startup. Called once, in the zygote, before any worker is forked.
bool start_php(const PhpOptions& options, std::string& error);

// Called from the rr extension's MINIT, while the module is starting.
void on_module_startup();

} // namespace rr::sapi
