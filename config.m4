dnl The rr extension for a distro php-cli (phpize && ./configure && make): the whole server —
dnl network core, pool, config, RPC, services (server/), the SAPI and worker runtime (sapi/), the
dnl goridge codec (goridge-compat/) and the PHP functions (ext/) — so rr_serve() can host it in
dnl php-cli. The same sources as the rr-php binary (CMakeLists.txt), found by folder, not listed twice.
dnl The arginfo header is php-src-stubs/rr_arginfo.h, generated from rr.stub.php by gen_stub.php
dnl (the CMake build regenerates it and a test checks the committed copy is current).

PHP_ARG_ENABLE([rr],
  [whether to enable rr-php (the server and its worker API)],
  [AS_HELP_STRING([--enable-rr], [Enable rr-php])],
  [yes])

PHP_ARG_WITH([llhttp-dir],
  [where llhttp's C sources are],
  [AS_HELP_STRING([--with-llhttp-dir=DIR], [llhttp's api.c, http.c and llhttp.c (Debian: /usr/share/llhttp)])],
  [/usr/share/llhttp], [no])

if test "$PHP_RR" != "no"; then
  PHP_REQUIRE_CXX()
  PHP_CXX_COMPILE_STDCXX(20, mandatory, PHP_RR_STDCXX)

  PKG_CHECK_MODULES([RR_DEPS], [openssl >= 3 libnghttp2 libbrotlienc libzstd re2 hiredis libmemcached lmdb libnats librabbitmq libsystemd yaml-cpp spdlog fmt protobuf-lite zlib])
  PHP_EVAL_LIBLINE([$RR_DEPS_LIBS], RR_SHARED_LIBADD)
  PHP_ADD_LIBRARY(stdc++, 1, RR_SHARED_LIBADD)
  PHP_ADD_LIBRARY(pthread, 1, RR_SHARED_LIBADD)
  PHP_SUBST(RR_SHARED_LIBADD)

  AC_LANG_PUSH([C++])
  AC_CHECK_HEADER([boost/asio.hpp], [], [AC_MSG_ERROR([Boost.Asio is missing (Debian: libboost-dev)])])
  AC_LANG_POP([C++])
  AC_PATH_PROG([RR_PROTOC], [protoc], [no])
  if test "$RR_PROTOC" = "no"; then
    AC_MSG_ERROR([protoc is missing (Debian: protobuf-compiler)])
  fi
  if test ! -f "$PHP_LLHTTP_DIR/llhttp.c"; then
    AC_MSG_ERROR([llhttp's C sources are not in $PHP_LLHTTP_DIR (Debian: node-llhttp); use --with-llhttp-dir])
  fi
  rr_llhttp_include=`dirname "$PHP_LLHTTP_DIR"`/include/llhttp

  dnl pecl-gen/: the protobuf sources protoc makes, and llhttp's C sources (Debian ships them to be
  dnl compiled in, as the CMake build does).
  AC_MSG_NOTICE([generating the protobuf sources with $RR_PROTOC])
  mkdir -p "$abs_srcdir/pecl-gen"
  (cd "$abs_srcdir/goridge-compat/proto" && "$RR_PROTOC" --cpp_out="$abs_srcdir/pecl-gen" *.proto) ||
    AC_MSG_ERROR([protoc failed on goridge-compat/proto])
  mkdir -p "$abs_srcdir/pecl-gen/llhttp"
  cp "$PHP_LLHTTP_DIR/api.c" "$PHP_LLHTTP_DIR/http.c" "$PHP_LLHTTP_DIR/llhttp.c" "$abs_srcdir/pecl-gen/llhttp/"

  dnl Every .cpp of the project except the binary's main (and the sanitizer-only shim).
  rr_sources=`cd "$abs_srcdir" && ls goridge-compat/*.cpp sapi/*.cpp ext/*.cpp server/*.cpp server/*/*.cpp pecl-gen/*.pb.cc | grep -v -e '^server/main\.cpp$' -e '^server/core/sanitizer_dlopen\.cpp$' | tr '\n' ' '`

  RR_VERSION=`sed -n 's/^project(rr-php VERSION \([[0-9.]]*\).*/\1/p' "$abs_srcdir/CMakeLists.txt"`
  RR_PHP_BUILT=`$PHP_CONFIG --version`
  rr_flags="$PHP_RR_STDCXX -DBOOST_JSON_NO_LIB -DBOOST_CONTAINER_NO_LIB -DBOOST_ASIO_NO_DEPRECATED -DLLHTTP_STRICT_MODE=1"
  rr_flags="$rr_flags -DRR_PHP_VERSION=\\\"$RR_VERSION\\\" -DRR_PHP_BUILT_WITH_PHP=\\\"$RR_PHP_BUILT\\\""
  rr_flags="$rr_flags $RR_DEPS_CFLAGS -I@ext_srcdir@ -I@ext_srcdir@/php-src-stubs -I@ext_srcdir@/pecl-gen"
  rr_flags="$rr_flags -I$rr_llhttp_include -Wno-missing-field-initializers"
  PHP_NEW_EXTENSION(rr, $rr_sources, $ext_shared,, [$rr_flags], cxx)
  PHP_ADD_SOURCES_X(PHP_EXT_DIR(rr), [pecl-gen/llhttp/api.c pecl-gen/llhttp/http.c pecl-gen/llhttp/llhttp.c],
    [-DLLHTTP_STRICT_MODE=1 -I$rr_llhttp_include -w], shared_objects_rr, yes)
  PHP_ADD_MAKEFILE_FRAGMENT
fi
