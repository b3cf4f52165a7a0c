// The composition root of rr_serve() (rr.so under php-cli): the server with the zygote that adopts
// the host's PHP. The rr-php binary links it too (there rr_serve() refuses before it gets here).
#include "ext/serve.hpp"
#include "sapi/zygote.hpp"
#include "server/app.hpp"
#include "server/cli/cli.hpp"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

// This process's own argv (php and its options, the script, its arguments): what SIGUSR2 runs again.
std::vector<std::string> own_command_line() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> argv;
    for (std::size_t pos = 0; pos < all.size();) {
        const std::size_t end = all.find('\0', pos);
        argv.push_back(all.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
        pos = end == std::string::npos ? all.size() : end + 1;
    }
    return argv;
}

} // namespace

int rr::ext::host_server(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args) {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    rr::cli::Command cmd = rr::cli::parse(static_cast<int>(args.size()), argv.data());
    if (cmd.action != rr::cli::Command::Action::serve) {
        return cmd.exit_code;
    }
    cmd.argv = own_command_line();
    cmd.hosted = true;
    return rr::serve(cmd, rr::sapi::hosted_zygote_main);
}
