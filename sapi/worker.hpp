// The embed worker: runs the worker script in one long PHP request; rr_handle_request() inside it
// serves one HTTP request per call.
#pragma once

#include "goridge-compat/offer_slot.hpp"
#include "goridge-compat/zygote_options.hpp"
#include "sapi/php_headers.hpp"

namespace rr::sapi {

// Runs in the forked worker process, whose fd 0/1 are the channel to the master and fd 2 the log;
// `offers` is the slot shared with the master for job offers (null if none). Returns the process
// exit status.
int run_worker(const zygote::WorkerOptions& options, offer::Slot* offers);

// The body of rr_handle_request(): false when the worker must stop.
bool handle_request(zend_fcall_info& fci, zend_fcall_info_cache& fcc);

} // namespace rr::sapi
