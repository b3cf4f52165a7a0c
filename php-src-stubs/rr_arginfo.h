/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 2681a414a24c82fda2d1ba589c49ee2dcd89a623 */

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

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_rr_rpc, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, method, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_MIXED, 0, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_rr_rpc_connect, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, address, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_rr_serve, 0, 0, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, target, IS_STRING, 0, "\".rr.yaml\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, overrides, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_RR_Rpc_call, 0, 2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, method, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, payload, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, codec, IS_STRING, 0, "\"proto\"")
ZEND_END_ARG_INFO()


ZEND_FUNCTION(rr_handle_request);
ZEND_FUNCTION(rr_worker_info);
ZEND_FUNCTION(headers_send);
ZEND_FUNCTION(rr_finish_request);
ZEND_FUNCTION(getallheaders);
ZEND_FUNCTION(rr_rpc);
ZEND_FUNCTION(rr_rpc_connect);
ZEND_FUNCTION(rr_serve);
ZEND_METHOD(RR_Rpc, call);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(rr_handle_request, arginfo_rr_handle_request)
	ZEND_FALIAS(frankenphp_handle_request, rr_handle_request, arginfo_frankenphp_handle_request)
	ZEND_FE(rr_worker_info, arginfo_rr_worker_info)
	ZEND_FE(headers_send, arginfo_headers_send)
	ZEND_FE(rr_finish_request, arginfo_rr_finish_request)
	ZEND_FALIAS(fastcgi_finish_request, rr_finish_request, arginfo_fastcgi_finish_request)
	ZEND_FE(getallheaders, arginfo_getallheaders)
	ZEND_FALIAS(apache_request_headers, getallheaders, arginfo_apache_request_headers)
	ZEND_FE(rr_rpc, arginfo_rr_rpc)
	ZEND_FE(rr_rpc_connect, arginfo_rr_rpc_connect)
	ZEND_FE(rr_serve, arginfo_rr_serve)
	ZEND_FE_END
};


static const zend_function_entry class_RR_RpcException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_RR_Rpc_methods[] = {
	ZEND_ME(RR_Rpc, call, arginfo_class_RR_Rpc_call, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_RR_RpcException(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "RR", "RpcException", class_RR_RpcException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);

	return class_entry;
}

static zend_class_entry *register_class_RR_Rpc(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "RR", "Rpc", class_RR_Rpc_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}
