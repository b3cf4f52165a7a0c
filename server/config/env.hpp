// Environment variables in config values (`$VAR`, `${VAR}`, `${VAR:-default}`) and dotenv files.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rr::config {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment.
std::optional<std::string> getenv_lookup(const std::string& name);

// Expands `$NAME`, `${NAME}` and `${NAME:-default}` (the default is used when NAME is unset or
// empty, and is itself expanded). An unset NAME expands to nothing. `$$` is a literal `$`; any
// other `$` not followed by a name or `{` is kept as it is. Throws ConfigError (naming `key`) for `${}`, an
// unterminated `${`, and operators other than `:-` (`${A:=x}`, `${A:?x}`, ...), which RoadRunner silently
// turns into "".
std::string expand_env(std::string_view key, std::string_view value, const EnvLookup& lookup = getenv_lookup);

// Parses a dotenv file: `KEY=value`, `export KEY=value`, '#' comments, single quotes (literal),
// double quotes (\n, \", \\ escapes), inline ` #` comments after unquoted values.
// Throws ConfigError naming `origin` and the line number on a malformed line.
std::vector<std::pair<std::string, std::string>> parse_dotenv(std::string_view origin, std::string_view text);

// Reads a dotenv file and sets each variable that is not already set in the environment.
void load_dotenv(const std::string& path, std::string_view what);

} // namespace rr::config
