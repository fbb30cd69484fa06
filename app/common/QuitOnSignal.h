// Turns SIGINT/SIGTERM (and SIGHUP) into a clean QCoreApplication::quit(), so servers finish
// in-flight work and release files instead of dying mid-write.
#pragma once

namespace htmse {

void quitOnTerminationSignals();

} // namespace htmse
