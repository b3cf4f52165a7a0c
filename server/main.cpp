#include "server/app.hpp"
#include "server/cli/cli.hpp"

int main(int argc, char** argv) {
    rr::cli::Command cmd = rr::cli::parse(argc, argv);
    if (cmd.action != rr::cli::Command::Action::serve) {
        return cmd.exit_code;
    }
    return rr::serve(cmd.config);
}
