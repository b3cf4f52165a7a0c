#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace rr::cli {
namespace {

void error_line(const std::string& msg) {
    std::fprintf(stderr, "rr-php: error: %s\n", msg.c_str());
}

// Resolves the worker script; an empty result means it is unusable and `why` says so.
std::string resolve_script(const std::string& path, std::string& why) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        why = fmt::format("worker script '{}' not found", path);
        return {};
    }
    if (!S_ISREG(st.st_mode)) {
        why = fmt::format("worker script '{}' is not a file", path);
        return {};
    }
    if (::access(path.c_str(), R_OK) != 0) {
        why = fmt::format("worker script '{}' is not readable", path);
        return {};
    }
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf) == nullptr) {
        why = fmt::format("cannot resolve worker script '{}'", path);
        return {};
    }
    return buf;
}

} // namespace

std::string version_line() {
    return fmt::format("rr-php version {} (PHP {} embedded, linux)", RR_PHP_VERSION, RR_PHP_BUILT_WITH_PHP);
}

Command parse(int argc, char** argv) {
    Command cmd;
    CLI::App app{"rr-php: a PHP application server with embedded PHP workers", "rr-php"};
    app.set_version_flag("-v,--version", version_line());
    app.require_subcommand(0, 1);
    app.footer("Run 'rr-php serve --help' for the serve options.");

    CLI::App* serve = app.add_subcommand("serve", "serve HTTP with PHP workers running WORKER.php");
    std::string script;
    std::string listen;
    std::string workers;
    std::vector<std::string> overrides;
    std::vector<std::string> ini;
    serve->add_option("script", script, "worker script (calls rr_handle_request() in a loop)");
    serve->add_option("-l,--listen", listen, "HTTP address HOST:PORT (default 127.0.0.1:8080)");
    serve->add_option("-w,--workers", workers, "number of PHP workers (default: one per CPU)");
    serve->add_option("-o,--override", overrides,
                      "set a config key: -o http.pool.num_workers=4 (repeatable)");
    serve->add_option("-d,--define", ini, "set a php.ini entry: -d memory_limit=256M (repeatable)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        std::fputs((app.got_subcommand(serve) ? serve->help() : app.help()).c_str(), stdout);
        cmd.exit_code = 0;
        return cmd;
    } catch (const CLI::CallForVersion&) {
        std::puts(version_line().c_str());
        cmd.exit_code = 0;
        return cmd;
    } catch (const CLI::ParseError& e) {
        error_line(fmt::format("{} (see rr-php --help)", e.what()));
        cmd.exit_code = 1;
        return cmd;
    }
    if (!app.got_subcommand(serve)) {
        std::fputs(app.help().c_str(), stdout);
        cmd.exit_code = 0;
        return cmd;
    }

    if (script.empty()) {
        error_line("serve needs a worker script: rr-php serve WORKER.php");
        cmd.exit_code = 1;
        return cmd;
    }
    std::string why;
    const std::string resolved = resolve_script(script, why);
    if (resolved.empty()) {
        error_line(why);
        cmd.exit_code = 1;
        return cmd;
    }

    try {
        YAML::Node tree(YAML::NodeType::Map);
        if (!listen.empty()) {
            config::set_value(tree, "http.address", listen);
        }
        if (!workers.empty()) {
            if (workers.find_first_not_of("0123456789") != std::string::npos || workers.size() > 4) {
                throw config::ConfigError(fmt::format(
                    "--workers: '{}' is not allowed: expected a number from 0 (one per CPU) to 4096",
                    workers));
            }
            config::set_value(tree, "http.pool.num_workers", workers);
        }
        for (const auto& o : overrides) {
            config::apply_override(tree, o);
        }
        cmd.config = config::load(tree);
    } catch (const config::ConfigError& e) {
        error_line(e.what());
        cmd.exit_code = 1;
        return cmd;
    }
    for (const auto& entry : ini) {
        const auto eq = entry.find('=');
        if (eq == std::string::npos || eq == 0) {
            error_line(fmt::format("-d '{}': expected name=value, e.g. -d memory_limit=256M", entry));
            cmd.exit_code = 1;
            return cmd;
        }
        cmd.config.php_ini.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    }
    cmd.config.script = resolved;
    cmd.action = Command::Action::serve;
    return cmd;
}

} // namespace rr::cli
