#include "server/kv/lmdb_env.hpp"

#include "goridge-compat/text.hpp"

#include "server/kv/storage.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

namespace rr::kv {

namespace {

// Address space reserved for the map; the file grows only as data is written.
constexpr size_t kMapSize = size_t(8) << 30;

} // namespace

LmdbEnv::~LmdbEnv() {
    if (env != nullptr) {
        mdb_env_close(env);
    }
}

std::shared_ptr<LmdbEnv> open_lmdb(const std::string& file, unsigned permissions) {
    static std::map<std::string, std::weak_ptr<LmdbEnv>> open_envs; // by the file's canonical path
    std::error_code ec;
    const std::string key = std::filesystem::weakly_canonical(file, ec).string();
    if (auto shared = open_envs[key].lock()) {
        return shared;
    }
    auto env = std::make_shared<LmdbEnv>();
    const auto opening = [&](const char* step, int rc) {
        if (rc != MDB_SUCCESS) {
            throw Error(
                fmt::format("cannot open {} ({}): {}", text::shown_path(file), step, mdb_strerror(rc)));
        }
    };
    opening("create", mdb_env_create(&env->env));
    opening("set the map size", mdb_env_set_mapsize(env->env, kMapSize));
    opening("set max dbs", mdb_env_set_maxdbs(env->env, 128));
    opening("open", mdb_env_open(env->env, file.c_str(), MDB_NOSUBDIR, permissions));
    open_envs[key] = env;
    return env;
}

} // namespace rr::kv
