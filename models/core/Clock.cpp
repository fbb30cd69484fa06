#include "core/Clock.h"

#include <chrono>

#ifdef Q_OS_LINUX
#include <time.h>
#endif

namespace htmse {

namespace {
class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
    qint64 monotonicMs() const override
    {
#ifdef Q_OS_LINUX
        // CLOCK_BOOTTIME goes on while the machine sleeps; CLOCK_MONOTONIC would not.
        timespec ts{};
        if (clock_gettime(CLOCK_BOOTTIME, &ts) == 0)
            return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
#endif
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
};
} // namespace

const Clock& Clock::system()
{
    static const SystemClock clock;
    return clock;
}

} // namespace htmse
