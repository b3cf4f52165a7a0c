#include "ext/rr_ext.hpp"
#include "sapi/rr_sapi.hpp"
#include "sapi/zygote.hpp"
#include "server/app.hpp"
#include "server/cli/cli.hpp"
#include "server/cli/control.hpp"
#include "server/cli/jobs_command.hpp"

int main(int argc, char** argv) {
    const rr::cli::Command cmd = rr::cli::parse(argc, argv);
    switch (cmd.action) {
    case rr::cli::Command::Action::serve:
        rr::sapi::set_builtin_extension(rr::ext::module_entry());
        return rr::serve(cmd, rr::sapi::zygote_main);
    case rr::cli::Command::Action::reset:
        return rr::cli::run_reset(cmd);
    case rr::cli::Command::Action::workers:
        return rr::cli::run_workers(cmd);
    case rr::cli::Command::Action::jobs:
        return rr::cli::run_jobs(cmd);
    case rr::cli::Command::Action::stop:
        return rr::cli::run_stop(cmd);
    case rr::cli::Command::Action::exit:
        break;
    }
    return cmd.exit_code;
}
