#include "server/jobs/run_on_thread.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace asio = boost::asio;

namespace rr::jobs {

asio::awaitable<std::string> run_on_thread(asio::thread_pool* pool, const std::function<std::string()>* job) {
    return asio::async_initiate<decltype(asio::use_awaitable), void(std::string)>(
        [pool, job](auto handler) {
            // The awaiting io_context counts the call as work until its result is back.
            auto work = asio::make_work_guard(asio::get_associated_executor(handler));
            asio::post(*pool, [job, work = std::move(work), handler = std::move(handler)]() mutable {
                std::string out = (*job)();
                auto ex = asio::get_associated_executor(handler);
                asio::dispatch(ex, [handler = std::move(handler), out = std::move(out)]() mutable {
                    std::move(handler)(std::move(out));
                });
                work.reset();
            });
        },
        asio::use_awaitable);
}

} // namespace rr::jobs
