#include "cli.hpp"
#include "worker_mode.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

namespace rr::cli {
namespace fs = std::filesystem;
namespace {

// Resolves a PHP script; an empty result means it is unusable and `why` says so.
std::string resolve_script(const std::string& path, const std::string& what, std::string& why) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        why = fmt::format("{} '{}' not found", what, path);
        return {};
    }
    if (!S_ISREG(st.st_mode)) {
        why = fmt::format("{} '{}' is not a file", what, path);
        return {};
    }
    if (::access(path.c_str(), R_OK) != 0) {
        why = fmt::format("{} '{}' is not readable", what, path);
        return {};
    }
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf) == nullptr) {
        why = fmt::format("cannot resolve {} '{}'", what, path);
        return {};
    }
    return buf;
}

// True when `program` can be run: a path (with a slash) that is executable, or a name found in PATH.
bool find_executable(const std::string& program) {
    if (program.find('/') != std::string::npos) {
        return ::access(program.c_str(), X_OK) == 0;
    }
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const auto colon = dirs.find(':', start);
        std::string dir = dirs.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        if (dir.empty()) {
            dir = ".";
        }
        const std::string candidate = dir + "/" + program;
        struct stat st;
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            ::access(candidate.c_str(), X_OK) == 0) {
            return true;
        }
        if (colon == std::string::npos) {
            break;
        }
        start = colon + 1;
    }
    return false;
}

std::string absolute(const std::string& path) {
    if (path.empty()) {
        return path;
    }
    return fs::absolute(path).lexically_normal().string();
}

} // namespace

void error_line(const std::string& msg) {
    std::fprintf(stderr, "rr-php: error: %s\n", msg.c_str());
}

std::string version_line(bool hosted) {
    return fmt::format("rr-php version {} (PHP {} {}, linux)", RR_PHP_VERSION, RR_PHP_BUILT_WITH_PHP,
                       hosted ? "hosted by php-cli" : "embedded");
}

config::Config Invocation::build(std::vector<std::string>& warnings) const {
    config::Tree tree = config::read_tree(sources);
    warnings = std::move(tree.warnings);
    config::Config cfg = config::load(tree.root);
    if (auto& dir = cfg.http.uploads.dir; !dir.empty()) {
        // Absolute, so it means the same to workers that change directory (classic mode).
        dir = fs::absolute(dir).lexically_normal().string();
        if (::access(dir.c_str(), W_OK | X_OK) != 0) {
            warnings.push_back(fmt::format(
                "http.uploads.dir: '{}' is not a writable directory: uploads to exec'd workers will fail "
                "with UPLOAD_ERR_NO_TMP_DIR, embedded workers (PHP's upload_tmp_dir) fall back to the "
                "system temp dir",
                dir));
        }
    }
    for (const auto& m : cfg.http.middleware) {
        if (m != "proxy_ip_parser" && m != "headers" && m != "static" && m != "gzip" && m != "sendfile" &&
            m != "http_metrics") {
            warnings.push_back(
                fmt::format("http.middleware: '{}' is not supported by rr-php yet; ignored", m));
        }
        if (m == "http_metrics" && !cfg.metrics.enabled) {
            warnings.push_back(
                "http.middleware: 'http_metrics' needs the metrics section (metrics.address) to "
                "expose what it counts; ignored");
        }
    }
    cfg.http.pool.worker_mode = decide_worker_mode(cfg, script);
    const YAML::Node& tree_read = cfg.tree; // const: lookups must not add keys
    for (const char* key : {"max_age", "compress"}) {
        if (tree_read["logs"] && tree_read["logs"]["file_logger_options"] &&
            tree_read["logs"]["file_logger_options"][key]) {
            warnings.push_back(
                fmt::format("logs.file_logger_options.{}: not supported by rr-php yet; ignored "
                            "(files rotate by max_size and max_backups)",
                            key));
        }
    }
    if (!cfg.server.user.empty() || !cfg.server.group.empty()) {
        if (cfg.server.user.empty()) {
            throw config::ConfigError("server.group: give server.user too (the user the workers run as)");
        }
        if (::geteuid() != 0) {
            warnings.push_back(
                "server.user: rr-php does not run as root, so its workers run as the current user");
        } else {
            std::string why;
            cfg.server.identity = identity_of(cfg.server.user, cfg.server.group, why);
            if (!cfg.server.identity) {
                throw config::ConfigError(why);
            }
        }
    }
    if (cfg.http.pool.dispatch == "direct") {
        cfg.http.pool.prefetch = false; // the master sends direct workers no jobs to offer
    }
    if (cfg.http.pool.worker_mode == config::WorkerMode::classic) {
        // Classic mode: embedded workers run each request's own script; there is no worker script.
        cfg.http.classic.root = fs::absolute(cfg.http.classic.root).lexically_normal().string();
        if (cfg.http.classic.root.size() > 1 && cfg.http.classic.root.ends_with("/")) {
            cfg.http.classic.root.pop_back();
        }
        cfg.script =
            cfg.http.classic.root + "/" + (cfg.http.classic.index.empty() ? "" : cfg.http.classic.index);
        cfg.php_ini.insert(cfg.php_ini.end(), ini.begin(), ini.end());
        return cfg;
    }
    if (!script.empty()) {
        // `serve SCRIPT` runs that script embedded, whatever the config's command says; it was checked
        // when the command line was read.
        cfg.script = script;
    } else if (cfg.http.pool.worker_mode == config::WorkerMode::exec) {
        const auto& command = cfg.http.pool.command.empty() ? cfg.server.command : cfg.http.pool.command;
        if (command.empty()) {
            throw config::ConfigError(
                fmt::format("{}: server.command is missing: http.pool.mode exec runs it",
                            sources.config_file.empty() ? "-o" : sources.config_file));
        }
        const std::string key = cfg.http.pool.command.empty() ? "server.command" : "http.pool.command";
        if (!find_executable(command[0])) {
            throw config::ConfigError(
                fmt::format("{}: '{}' is not an executable program{} (relative paths start "
                            "from {})",
                            key, command[0], command[0].find('/') == std::string::npos ? " in PATH" : "",
                            sources.workdir));
        }
        if (config::is_php_binary(command[0])) {
            // The script of a php command, checked now rather than as "Could not open input file" later.
            const config::PhpCommand pc = config::parse_php_command(key, command);
            std::string why;
            if (resolve_script(pc.script, key + ": script", why).empty()) {
                throw config::ConfigError(
                    fmt::format("{} (relative paths start from {})", why, sources.workdir));
            }
        }
    } else if (cfg.script.empty()) {
        throw config::ConfigError(
            sources.config_file.empty()
                ? "no worker script: run rr-php serve WORKER.php, or give a config with -c .rr.yaml"
                : fmt::format("{}: server.command is missing: e.g. server.command: php worker.php",
                              sources.config_file));
    } else {
        std::string why;
        const std::string key = cfg.http.pool.command.empty() ? "server.command" : "http.pool.command";
        const std::string resolved = resolve_script(cfg.script, key + ": script", why);
        if (resolved.empty()) {
            throw config::ConfigError(fmt::format("{} (relative paths start from {})", why, sources.workdir));
        }
        cfg.script = resolved;
    }
    cfg.php_ini.insert(cfg.php_ini.end(), ini.begin(), ini.end());
    return cfg;
}

Command parse(int argc, char** argv) {
    Command cmd;
    cmd.argv.assign(argv, argv + argc);
    cmd.start_dir = absolute(".");
    CLI::App app{"rr-php: a PHP application server with embedded PHP workers", "rr-php"};
    app.set_version_flag("-v,--version", version_line());
    app.require_subcommand(0, 1);
    app.fallthrough();
    app.footer("Run 'rr-php COMMAND --help' for a command's options.");

    std::string config_file;
    std::string workdir;
    std::string dotenv;
    std::vector<std::string> overrides;
    app.add_option("-c,--config", config_file,
                   "config file (default: .rr.yaml; none when serve gets a script)");
    app.add_option("-w,--WorkDir,--workdir", workdir,
                   "working directory (default: the config file's directory)");
    app.add_option("-o,--override", overrides, "set a config key: -o http.pool.num_workers=4 (repeatable)");
    app.add_option("--dotenv", dotenv, "load environment variables from this file (also DOTENV_PATH)");
    app.add_flag("-s,--silent", cmd.silent, "no start-up and stop messages");
    app.add_flag("-p,--pid", cmd.pid_file, "serve: write the process id to .pid in the working directory");

    CLI::App* serve = app.add_subcommand("serve", "serve HTTP with PHP workers");
    std::string script;
    std::string listen;
    std::string workers;
    std::vector<std::string> ini;
    serve->add_option("script", script,
                      "worker script (calls rr_handle_request() in a loop); overrides the config");
    serve->add_option("-l,--listen", listen, "HTTP address HOST:PORT (default 127.0.0.1:8080)");
    std::string root;
    std::string index;
    serve->add_option("--root", root,
                      "classic mode: serve this document root as php-fpm + nginx would (each request a "
                      "full PHP request; static files without PHP)");
    serve->add_option("--index", index,
                      "classic mode: the front controller under --root (default index.php)");
    serve->add_option("--workers", workers, "number of PHP workers (default: one per CPU)");
    serve->add_option("-d,--define", ini, "set a php.ini entry: -d memory_limit=256M (repeatable)");
    bool watch = false;
    serve->add_flag(
        "--watch", watch,
        "restart the workers when a .php file under the working directory changes (the reload section)");

    CLI::App* reset = app.add_subcommand("reset", "restart the workers of a running server, one at a time");
    reset->add_option("plugins", cmd.plugins, "plugins to reset (default: all)");
    CLI::App* workers_cmd = app.add_subcommand("workers", "show the workers of a running server");
    workers_cmd->add_option("plugins", cmd.plugins, "plugins to show (default: all)");
    workers_cmd->add_flag("-i,--interactive", cmd.interactive, "refresh every second until Ctrl-C");
    CLI::App* stop = app.add_subcommand("stop", "stop a server started with serve -p (reads .pid)");
    stop->add_flag("-f,--force", cmd.force, "force: a second SIGTERM one second later");
    // RoadRunner's jobs commands: its flags (`--pause p1,p2`) or words (`pause p1 p2`).
    CLI::App* jobs =
        app.add_subcommand("jobs", "list, pause, resume or destroy the jobs pipelines of a running server");
    std::vector<std::string> jobs_args, jobs_pause, jobs_resume, jobs_destroy;
    bool jobs_list = false;
    jobs->add_option("args", jobs_args,
                     "list | pause PIPELINE... | resume PIPELINE... | destroy PIPELINE...");
    jobs->add_flag("--list", jobs_list, "list the pipelines (the default)");
    jobs->add_option("--pause", jobs_pause, "pause these pipelines (comma-separated)")
        ->delimiter(',')
        ->allow_extra_args(false);
    jobs->add_option("--resume", jobs_resume, "resume these pipelines (comma-separated)")
        ->delimiter(',')
        ->allow_extra_args(false);
    jobs->add_option("--destroy", jobs_destroy, "destroy these pipelines (comma-separated)")
        ->delimiter(',')
        ->allow_extra_args(false);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        std::string help = app.help();
        for (CLI::App* sub : {serve, reset, workers_cmd, stop, jobs}) {
            if (app.got_subcommand(sub)) {
                help = sub->help();
            }
        }
        std::fputs(help.c_str(), stdout);
        return cmd;
    } catch (const CLI::CallForVersion&) {
        std::puts(version_line().c_str());
        return cmd;
    } catch (const CLI::ParseError& e) {
        error_line(fmt::format("{} (see rr-php --help)", e.what()));
        cmd.exit_code = 1;
        return cmd;
    }
    auto fail = [&](const std::string& msg) {
        error_line(msg);
        cmd.action = Command::Action::exit;
        cmd.exit_code = 1;
        return cmd;
    };

    if (app.got_subcommand(serve)) {
        cmd.action = Command::Action::serve;
    } else if (app.got_subcommand(reset)) {
        cmd.action = Command::Action::reset;
    } else if (app.got_subcommand(workers_cmd)) {
        cmd.action = Command::Action::workers;
    } else if (app.got_subcommand(stop)) {
        cmd.action = Command::Action::stop;
    } else if (app.got_subcommand(jobs)) {
        cmd.action = Command::Action::jobs;
        using JA = Command::JobsAction;
        struct Ask {
            JA action;
            std::vector<std::string> names;
        };
        std::vector<Ask> asked;
        bool usage = false;
        if (jobs_list) {
            asked.push_back({JA::list, {}});
        }
        for (auto& [what, names] :
             {Ask{JA::pause, jobs_pause}, Ask{JA::resume, jobs_resume}, Ask{JA::destroy, jobs_destroy}}) {
            if (!names.empty()) {
                asked.push_back({what, names});
            }
        }
        if (!jobs_args.empty()) {
            const std::string& word = jobs_args.front();
            std::vector<std::string> rest(jobs_args.begin() + 1, jobs_args.end());
            if (word == "list" || word == "pause" || word == "resume" || word == "destroy") {
                asked.push_back({word == "list"     ? JA::list
                                 : word == "pause"  ? JA::pause
                                 : word == "resume" ? JA::resume
                                                    : JA::destroy,
                                 std::move(rest)});
            } else {
                usage = true;
            }
        }
        const Ask ask = asked.empty() ? Ask{JA::list, {}} : asked.front();
        if (usage || asked.size() > 1 || (ask.action == JA::list && !ask.names.empty())) {
            return fail(
                "jobs: expected one of: list, pause PIPELINE..., resume PIPELINE..., destroy PIPELINE... "
                "(or RoadRunner's --list, --pause P1,P2, --resume P1,P2, --destroy P1,P2)");
        }
        if (ask.action != JA::list && ask.names.empty()) {
            return fail("jobs: name the pipelines, e.g. rr-php jobs pause emails");
        }
        cmd.jobs_action = ask.action;
        cmd.plugins = ask.names;
    } else {
        std::fputs(app.help().c_str(), stdout);
        return cmd;
    }

    Invocation& inv = cmd.invocation;
    if (!script.empty()) {
        std::string why;
        inv.script = resolve_script(script, "worker script", why);
        if (inv.script.empty()) {
            return fail(why);
        }
    }
    if (!root.empty()) {
        root = absolute(root); // relative to where rr-php was started, not to the config's folder
    }
    for (const auto& entry : ini) {
        const auto eq = entry.find('=');
        if (eq == std::string::npos || eq == 0) {
            return fail(fmt::format("-d '{}': expected name=value, e.g. -d memory_limit=256M", entry));
        }
        inv.ini.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    }

    // Which config file: -c; else none when serve has a script (the embedded default); else .rr.yaml.
    const bool explicit_config = !config_file.empty();
    if (!explicit_config &&
        !(cmd.action == Command::Action::serve && (!inv.script.empty() || !root.empty()))) {
        config_file = ".rr.yaml";
    }
    if (!config_file.empty()) {
        struct stat st;
        if (::stat(config_file.c_str(), &st) != 0) {
            if (cmd.action == Command::Action::serve) {
                return fail(explicit_config
                                ? fmt::format("config file '{}' not found", config_file)
                                : "no worker script and no .rr.yaml here: run rr-php serve WORKER.php, or "
                                  "give a config with -c path/to/.rr.yaml");
            }
            if (explicit_config) {
                return fail(fmt::format("config file '{}' not found", config_file));
            }
            config_file.clear(); // reset/workers/stop without a config: RR's defaults
        } else if (!S_ISREG(st.st_mode)) {
            return fail(fmt::format("config file '{}' is not a file", config_file));
        }
    }
    inv.sources.config_file = absolute(config_file);
    if (!dotenv.empty()) {
        inv.sources.dotenv = absolute(dotenv);
    } else if (const char* env = std::getenv("DOTENV_PATH"); env != nullptr && *env != '\0') {
        inv.sources.dotenv = absolute(env);
    }
    // The working directory: -w, else the config file's directory (as RR), else where we are.
    if (!workdir.empty()) {
        inv.sources.workdir = absolute(workdir);
    } else if (!inv.sources.config_file.empty()) {
        inv.sources.workdir = fs::path(inv.sources.config_file).parent_path().string();
    } else {
        inv.sources.workdir = absolute(".");
    }
    if (::chdir(inv.sources.workdir.c_str()) != 0) {
        return fail(fmt::format("-w: cannot enter '{}': {}", inv.sources.workdir, std::strerror(errno)));
    }
    if (!listen.empty()) {
        inv.sources.overrides.push_back("http.address=" + listen);
    }
    if (!root.empty()) {
        inv.sources.overrides.push_back("http.classic.root=" + root);
    }
    if (!index.empty()) {
        if (root.empty()) {
            return fail("--index: only with --root (classic mode)");
        }
        inv.sources.overrides.push_back("http.classic.index=" + index);
    }
    if (!workers.empty()) {
        if (workers.find_first_not_of("0123456789") != std::string::npos || workers.size() > 4) {
            return fail(fmt::format(
                "--workers: '{}' is not allowed: expected a number from 0 (one per CPU) to 4096", workers));
        }
        inv.sources.overrides.push_back("http.pool.num_workers=" + workers);
    }
    if (watch) {
        // The reload section with its defaults (a config's own reload settings are kept).
        inv.sources.overrides.push_back("reload.plugins.http.recursive=true");
    }
    inv.sources.overrides.insert(inv.sources.overrides.end(), overrides.begin(), overrides.end());

    try {
        if (cmd.action == Command::Action::serve) {
            cmd.config = inv.build(cmd.warnings);
        } else {
            config::Tree tree = config::read_tree(inv.sources);
            cmd.config = config::load(tree.root);
        }
    } catch (const config::ConfigError& e) {
        return fail(e.what());
    }
    return cmd;
}

} // namespace rr::cli
