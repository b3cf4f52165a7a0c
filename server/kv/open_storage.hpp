// The storage of a kv.<name> section, by its driver.
#pragma once

#include "server/config/config.hpp"
#include "server/kv/storage.hpp"

#include <memory>

namespace rr::kv {

// Throws kv::Error when the storage cannot open (a boltdb file that is not an LMDB file, ...).
std::unique_ptr<Storage> open_storage(const config::KvStorageConfig& config);

} // namespace rr::kv
