// Process hardening at start-up: no core dumps, no debugger attach by other processes of the
// same user (Linux: prctl(PR_SET_DUMPABLE, 0) and RLIMIT_CORE = 0). Windows and macOS
// equivalents are described in docs/security.md.
#pragma once

#include <QString>

namespace htmse {

// Returns a description of anything that could not be applied (empty when all is in place).
QString hardenProcess();

} // namespace htmse
