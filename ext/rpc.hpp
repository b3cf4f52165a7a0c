// rr_rpc(), rr_rpc_connect() and RR\Rpc::call(): the server's RPC from PHP (ext/rpc.cpp).
#pragma once

struct _zend_class_entry;

namespace rr::ext {

// RR\RpcException, registered at module startup.
extern _zend_class_entry* rpc_exception_ce;

// At module startup: takes an exec'd worker's inherited RPC channel (RR_RPC_FD).
void rpc_startup();

} // namespace rr::ext
