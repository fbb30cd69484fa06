// ServerCommandLine: htmse-server's verbs (DESIGN.md §7). Returns a process exit code.
#pragma once

#include <QStringList>

#include <memory>

namespace htmse::server {

// Runs the command line; `serve` enters the event loop and returns when asked to stop.
int runServerCommandLine(const QStringList& arguments);

class ServerStore;
struct StoreConfig;
// For the verbs: opens the store (with `migrate`, bringing its schema up to date, otherwise
// requiring it to be); on failure says why on stderr, sets *rc and returns null.
std::shared_ptr<ServerStore> openStore(const StoreConfig& config, bool migrate, int* rc);

} // namespace htmse::server
