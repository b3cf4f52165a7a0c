/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 8ea71dab9a254c1b1d61ce70519fc6ae76b2c962 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_rr_handle_request, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, handler, IS_CALLABLE, 0)
ZEND_END_ARG_INFO()

#define arginfo_frankenphp_handle_request arginfo_rr_handle_request

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_rr_worker_info, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_headers_send, 0, 0, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, status, IS_LONG, 0, "200")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_rr_finish_request, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

#define arginfo_fastcgi_finish_request arginfo_rr_finish_request

#define arginfo_getallheaders arginfo_rr_worker_info

#define arginfo_apache_request_headers arginfo_rr_worker_info


ZEND_FUNCTION(rr_handle_request);
ZEND_FUNCTION(rr_worker_info);
ZEND_FUNCTION(headers_send);
ZEND_FUNCTION(rr_finish_request);
ZEND_FUNCTION(getallheaders);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(rr_handle_request, arginfo_rr_handle_request)
	ZEND_FALIAS(frankenphp_handle_request, rr_handle_request, arginfo_frankenphp_handle_request)
	ZEND_FE(rr_worker_info, arginfo_rr_worker_info)
	ZEND_FE(headers_send, arginfo_headers_send)
	ZEND_FE(rr_finish_request, arginfo_rr_finish_request)
	ZEND_FALIAS(fastcgi_finish_request, rr_finish_request, arginfo_fastcgi_finish_request)
	ZEND_FE(getallheaders, arginfo_getallheaders)
	ZEND_FALIAS(apache_request_headers, getallheaders, arginfo_apache_request_headers)
	ZEND_FE_END
};
