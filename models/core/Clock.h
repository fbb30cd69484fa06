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
    static const Clock& system();
};

} // namespace htmse
