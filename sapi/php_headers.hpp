// The PHP headers the SAPI and the extension use, in one place.
#pragma once

extern "C" {
#include <php.h>
#include <SAPI.h>
#include <php_main.h>
#include <php_output.h>
#include <php_variables.h>
#include <zend_exceptions.h>
#include <zend_ini.h>
#include <zend_modules.h>
#include <zend_stream.h>
#include <ext/standard/info.h>
}
