#include "log.hpp"

#include "goridge-compat/text.hpp"

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <map>
#include <mutex>
#include <set>
#include <unistd.h>

namespace rr::log {
namespace {

constexpr const char* kConsolePattern = "%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v%G";

std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>>& channels() {
    static std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> m;
    return m;
}

// The fields of the line being logged (log_fields()); formatting happens in the logging thread.
thread_local const Fields* g_fields = nullptr;

void append_json_escaped(spdlog::memory_buf_t& dest, std::string_view text) {
    for (const char c : text) {
        switch (c) {
        case '"':
            dest.append(std::string_view("\\\""));
            break;
        case '\\':
            dest.append(std::string_view("\\\\"));
            break;
        case '\n':
            dest.append(std::string_view("\\n"));
            break;
        case '\r':
            dest.append(std::string_view("\\r"));
            break;
        case '\t':
            dest.append(std::string_view("\\t"));
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                const auto esc = fmt::format("\\u{:04x}", static_cast<unsigned>(c));
                dest.append(std::string_view(esc));
            } else {
                dest.push_back(c);
            }
        }
    }
}

// %j: the message as the inside of a JSON string.
class JsonEscaped final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        append_json_escaped(dest, std::string_view(msg.payload.data(), msg.payload.size()));
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonEscaped>(); }
};

// %F: the line's fields as JSON members (,"key":"value"...).
class JsonFields final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
        if (g_fields == nullptr) {
            return;
        }
        for (const auto& [key, value] : *g_fields) {
            dest.append(std::string_view(",\""));
            append_json_escaped(dest, key);
            dest.append(std::string_view("\":\""));
            append_json_escaped(dest, value);
            dest.push_back('"');
        }
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonFields>(); }
};

// %G: the line's fields as text ( key=value...).
class TextFields final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
        if (g_fields == nullptr) {
            return;
        }
        for (const auto& [key, value] : *g_fields) {
            dest.push_back(' ');
            dest.append(key);
            dest.push_back('=');
            dest.append(value);
        }
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<TextFields>(); }
};

// The names of the loggers writing JSON (log_event gives them fields).
std::set<std::string>& json_loggers() {
    static std::set<std::string> names;
    return names;
}

std::unique_ptr<spdlog::formatter> make_formatter(const std::string& pattern,
                                                  spdlog::pattern_time_type time) {
    auto f = std::make_unique<spdlog::pattern_formatter>(time);
    f->add_flag<JsonEscaped>('j').add_flag<JsonFields>('F').add_flag<TextFields>('G').set_pattern(pattern);
    return f;
}

std::shared_ptr<spdlog::logger> make_logger(const std::string& name, const LogConfig& c) {
    std::vector<spdlog::sink_ptr> sinks;
    for (const auto& out : c.output) {
        if (out == "stderr") {
            if (c.mode == "development" && ::isatty(2)) {
                sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
            } else {
                sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
            }
        } else if (out == "stdout") {
            sinks.push_back(std::make_shared<spdlog::sinks::stdout_sink_mt>());
        } else {
            try {
                sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(out));
            } catch (const spdlog::spdlog_ex& e) {
                throw OutputError(
                    fmt::format("logs.output: cannot open {}: {}", text::shown_path(out), e.what()));
            }
        }
    }
    if (!c.rotation.path.empty()) {
        const std::size_t files = c.rotation.max_backups == 0 ? 1000 : c.rotation.max_backups;
        try {
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                c.rotation.path, static_cast<std::size_t>(c.rotation.max_size_mb) << 20, files));
        } catch (const spdlog::spdlog_ex& e) {
            throw OutputError(fmt::format("logs.file_logger_options.log_output: cannot open {}: {}",
                                          text::shown_path(c.rotation.path), e.what()));
        }
    }
    auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
    if (c.mode == "raw") {
        logger->set_formatter(make_formatter("%v%G", spdlog::pattern_time_type::local));
    } else if (c.encoding == "json") {
        json_loggers().insert(name);
        logger->set_formatter(
            make_formatter(R"({"level":"%l","ts":"%Y-%m-%dT%H:%M:%S.%eZ","logger":"%n","msg":"%j"%F})",
                           spdlog::pattern_time_type::utc));
    } else {
        logger->set_formatter(make_formatter(kConsolePattern, spdlog::pattern_time_type::local));
    }
    logger->set_level(c.mode == "off" ? spdlog::level::off : spdlog::level::from_str(c.level));
    logger->flush_on(spdlog::level::trace);
    if (!c.err_output.empty() && c.err_output.front() != "stderr") {
        const std::string path = c.err_output.front();
        logger->set_error_handler([path](const std::string& msg) {
            static std::mutex mu;
            const std::lock_guard lock(mu);
            if (FILE* f = path == "stdout" ? stdout : std::fopen(path.c_str(), "a")) {
                std::fprintf(f, "rr-php: logger error: %s\n", msg.c_str());
                if (f != stdout) {
                    std::fclose(f);
                }
            }
        });
    }
    return logger;
}

} // namespace

void init(std::string_view level) {
    LogsConfig c;
    c.base.level = std::string(level);
    init(c);
}

void init(const LogsConfig& cfg) {
    channels().clear();
    json_loggers().clear();
    spdlog::set_default_logger(make_logger("rr-php", cfg.base));
    for (const auto& [name, c] : cfg.channels) {
        channels()[name] = make_logger(name, c);
    }
}

spdlog::logger& channel(std::string_view name) {
    auto& m = channels();
    if (const auto it = m.find(name); it != m.end()) {
        return *it->second;
    }
    return *spdlog::default_logger_raw();
}

std::shared_ptr<spdlog::logger> channel_ptr(std::string_view name) {
    auto& m = channels();
    if (const auto it = m.find(name); it != m.end()) {
        return it->second;
    }
    return spdlog::default_logger();
}

void log_fields(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view message,
                const Fields& fields) {
    g_fields = &fields;
    logger.log(level, "{}", message);
    g_fields = nullptr;
}

void log_event(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view text,
               std::string_view message, const Fields& fields) {
    if (json_loggers().contains(logger.name())) {
        log_fields(logger, level, message, fields);
    } else {
        logger.log(level, "{}", text);
    }
}

void worker_line(int pid, std::string_view line) {
    // PHP's own messages by their kind: a fatal error is an error, a warning a warning; anything
    // else a worker prints is information.
    static constexpr std::string_view kErrors[] = {"PHP Fatal error:", "PHP Parse error:", "PHP Core error:",
                                                   "PHP Compile error:", "PHP Recoverable fatal error:"};
    spdlog::level::level_enum level = spdlog::level::info;
    for (std::string_view e : kErrors) {
        if (line.starts_with(e)) {
            level = spdlog::level::err;
        }
    }
    if (line.starts_with("PHP Warning:")) {
        level = spdlog::level::warn;
    }
    channel("server").log(level, "worker {}: {}", pid, line);
}

} // namespace rr::log
