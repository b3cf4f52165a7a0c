#include "log.hpp"

#include <spdlog/sinks/stdout_sinks.h>

namespace rr::log {

void init(std::string_view level) {
    auto logger = spdlog::stderr_logger_mt("rr-php");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
    logger->set_level(spdlog::level::from_str(std::string(level)));
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(logger);
}

void worker_line(int pid, std::string_view line) {
    spdlog::info("worker {}: {}", pid, line);
}

} // namespace rr::log
