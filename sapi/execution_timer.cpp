#include "execution_timer.hpp"

#include <ctime>

namespace rr::sapi {
namespace {

double monotonic_seconds() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); // vDSO: no system call
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

} // namespace

ExecutionTimer& execution_timer() {
    static ExecutionTimer timer;
    return timer;
}

void ExecutionTimer::worker_active() {
    active_from_ = monotonic_seconds();
    active_ = true;
}

void ExecutionTimer::worker_idle() {
    if (active_) {
        active_since_arm_ += monotonic_seconds() - active_from_;
        active_ = false;
    }
}

static bool max_execution_time_modified() {
    return EG(modified_ini_directives) != nullptr &&
           zend_hash_str_exists(EG(modified_ini_directives), "max_execution_time",
                                sizeof("max_execution_time") - 1);
}

void ExecutionTimer::request_started() {
    modified_before_ = max_execution_time_modified();
    const zend_long wanted = EG(timeout_seconds);
    if (wanted <= 0) {
        if (armed_) {
            zend_unset_timeout();
            armed_ = false;
        }
        seconds_ = wanted;
        return;
    }
    if (active_) {
        // Count the time since the job arrived before deciding whether the budget still holds.
        worker_idle();
        worker_active();
    }
    if (!armed_ || seconds_ != wanted || active_since_arm_ >= kSlack) {
        zend_set_timeout(wanted + static_cast<zend_long>(kSlack), 0);
        EG(timeout_seconds) = wanted; // the error message names the configured limit
        armed_ = true;
        active_since_arm_ = 0;
    }
    seconds_ = wanted;
}

void ExecutionTimer::request_finished() {
    if (EG(timeout_seconds) != seconds_) {
        // set_time_limit() or ini_set('max_execution_time') during the request armed PHP's timer
        // with its own value; that applies to that request only, as under php-fpm.
        if (!modified_before_ && max_execution_time_modified()) {
            zend_string* name = zend_string_init("max_execution_time", sizeof("max_execution_time") - 1, 0);
            zend_restore_ini_entry(name, ZEND_INI_STAGE_DEACTIVATE); // unsets the timer, restores the value
            zend_string_release(name);
        }
        zend_unset_timeout();
        EG(timeout_seconds) = seconds_;
        armed_ = false;
        return;
    }
    if (armed_) {
        worker_idle();
        worker_active();
        if (active_since_arm_ >= kSlack) {
            // Little budget left: stop the timer so it cannot fire between requests.
            zend_unset_timeout();
            armed_ = false;
        }
    }
}

} // namespace rr::sapi
