// Turns SIGINT/SIGTERM (and SIGHUP) into a clean QCoreApplication::quit(), so servers finish
// in-flight work and release files instead of dying mid-write.
#pragma once

#include <functional>

namespace htmse {

// With a handler, the signal calls it (in the event loop) instead of quitting: a server uses
// that to stop accepting and let in-flight requests finish first.
void quitOnTerminationSignals(std::function<void()> handler = {});

} // namespace htmse
