// Clock: the time source of everything that waits (auto-lock, unlock throttling, retention),
// injectable so tests can move time instead of sleeping.
#pragma once

#include <QDateTime>

namespace htmse {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC
    // Milliseconds on a clock that only moves forward (and counts time asleep where the platform
    // has one that does): for measuring how long something took, immune to setting the clock.
    virtual qint64 monotonicMs() const = 0;
    static const Clock& system();
};

} // namespace htmse
