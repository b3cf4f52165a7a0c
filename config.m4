dnl The rr extension for a distro php-cli (phpize && ./configure && make).
dnl Sources: ext/ with the worker runtime (sapi/) and the goridge codec (goridge-compat/).
dnl The arginfo header is php-src-stubs/rr_arginfo.h, generated from rr.stub.php by gen_stub.php
dnl (the CMake build regenerates it and a test checks the committed copy is current).

PHP_ARG_ENABLE([rr],
  [whether to enable the rr-php worker API],
  [AS_HELP_STRING([--enable-rr], [Enable the rr-php worker API])],
  [yes])

if test "$PHP_RR" != "no"; then
  PHP_REQUIRE_CXX()
  PHP_CXX_COMPILE_STDCXX(20, mandatory, PHP_RR_STDCXX)
  PHP_ADD_LIBRARY(stdc++, 1, RR_SHARED_LIBADD)
  PHP_ADD_LIBRARY(z, 1, RR_SHARED_LIBADD)
  PHP_SUBST(RR_SHARED_LIBADD)
  rr_sources="ext/rr_ext.cpp ext/rpc.cpp sapi/channel.cpp sapi/execution_timer.cpp sapi/request.cpp sapi/request_scope.cpp sapi/rr_sapi.cpp sapi/worker.cpp"
  rr_sources="$rr_sources goridge-compat/control.cpp goridge-compat/frame.cpp goridge-compat/http_context.cpp"
  rr_sources="$rr_sources goridge-compat/json_impl.cpp goridge-compat/rpc_client.cpp"
  PHP_NEW_EXTENSION(rr, $rr_sources, $ext_shared,,
    [$PHP_RR_STDCXX -DBOOST_JSON_NO_LIB -DBOOST_CONTAINER_NO_LIB -I@ext_srcdir@ -I@ext_srcdir@/php-src-stubs],
    cxx)
fi
