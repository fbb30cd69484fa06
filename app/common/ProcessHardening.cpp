#include "app/common/ProcessHardening.h"

#include <QStringList>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#include <sys/resource.h>
#endif

namespace htmse {

QString hardenProcess()
{
    QStringList problems;
#ifdef Q_OS_UNIX
    ::umask(077); // every file we create (profiles, exports) is the user's alone
#endif
#ifdef Q_OS_LINUX
    const rlimit noCore{0, 0};
    if (::setrlimit(RLIMIT_CORE, &noCore) != 0)
        problems.append(QStringLiteral("core dumps could not be disabled"));
    // Not dumpable: no core files, /proc/<pid>/mem closed to the same user, ptrace attach refused.
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        problems.append(QStringLiteral("the process could not be made non-dumpable"));
#endif
    return problems.join(QStringLiteral("; "));
}

} // namespace htmse
