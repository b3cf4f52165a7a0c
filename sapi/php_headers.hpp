// The PHP headers the SAPI and the extension use, in one place.
#pragma once

extern "C" {
#include <SAPI.h>
#include <ext/standard/info.h>
#include <php.h>
#include <php_main.h>
#include <php_output.h>
#include <php_variables.h>
#include <zend_exceptions.h>
#include <zend_ini.h>
#include <zend_modules.h>
#include <zend_stream.h>
}
