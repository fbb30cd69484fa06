// ServerCommandLine: htmse-server's verbs (DESIGN.md §7). Returns a process exit code.
#pragma once

#include <QStringList>

namespace htmse::server {

// Runs the command line; `serve` enters the event loop and returns when asked to stop.
int runServerCommandLine(const QStringList& arguments);

} // namespace htmse::server
