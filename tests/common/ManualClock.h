// ManualClock: a clock that moves only when the test says so.
#pragma once

#include "core/Clock.h"

namespace htmse::test {

class ManualClock : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 11, 30), QTime(9, 0), Qt::UTC))
        : m_now(std::move(start))
    {}
    QDateTime now() const override { return m_now; }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now;
};

} // namespace htmse::test
