/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 97c23899ca98630903437c01d0f61a07b1d4ed73 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_rr_handle_request, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, handler, IS_CALLABLE, 0)
ZEND_END_ARG_INFO()

#define arginfo_frankenphp_handle_request arginfo_rr_handle_request

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_rr_worker_info, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()


ZEND_FUNCTION(rr_handle_request);
ZEND_FUNCTION(rr_worker_info);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(rr_handle_request, arginfo_rr_handle_request)
	ZEND_FALIAS(frankenphp_handle_request, rr_handle_request, arginfo_frankenphp_handle_request)
	ZEND_FE(rr_worker_info, arginfo_rr_worker_info)
	ZEND_FE_END
};
