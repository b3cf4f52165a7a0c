// The rr extension: the PHP functions of the worker API (rr_handle_request, ...), declared in
// php-src-stubs/rr.stub.php. The rr-php binary starts it with its SAPI; the pecl build loads it.
#pragma once

struct _zend_module_entry;

namespace rr::ext {

// The extension's module entry, for sapi::set_builtin_extension().
_zend_module_entry* module_entry();

} // namespace rr::ext
