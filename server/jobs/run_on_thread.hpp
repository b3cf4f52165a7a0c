// Runs blocking broker-client work (librabbitmq, libnats) on a thread of its own and gives its text
// ("" or an error) back to the awaiting coroutine on its own executor.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <functional>
#include <string>

namespace rr::jobs {

// `job` must live until the result is back (a local of the awaiting coroutine). A plain function
// whose initiation captures pointers only: GCC 12 may destroy the temporaries of a co_await
// expression twice.
boost::asio::awaitable<std::string> run_on_thread(boost::asio::thread_pool* pool,
                                                  const std::function<std::string()>* job);

} // namespace rr::jobs
