// max_execution_time for each request of a long-lived worker, without two setitimer() calls per
// request (on the machines rr-php is measured on, each one costs about as much as the rest of a
// hello-world request's PHP work).
//
// PHP's own timer (ITIMER_PROF, CPU time) and its "Maximum execution time of N seconds exceeded"
// error are kept. The timer is armed with N + kSlack seconds and re-armed only after the worker
// has been active for kSlack seconds since arming. "Active" is wall-clock time outside the blocking
// wait for the next job, which bounds the CPU time the timer has counted. So every request gets at
// least N seconds of CPU and at most N + kSlack.
#pragma once

#include "sapi/php_headers.hpp"

namespace rr::sapi {

class ExecutionTimer {
public:
    static constexpr double kSlack = 1.0;

    void worker_active(); // the wait for a job returned
    void worker_idle();   // about to wait for a job
    void request_started();
    void request_finished();

private:
    bool armed_ = false;
    zend_long seconds_ = 0; // max_execution_time in force when armed
    double active_since_arm_ = 0;
    double active_from_ = 0;
    bool active_ = false;
    bool modified_before_ = false; // max_execution_time was already changed before the request
};

ExecutionTimer& execution_timer();

} // namespace rr::sapi
