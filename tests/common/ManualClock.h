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
    qint64 monotonicMs() const override { return m_monotonicMs; }
    // Time passes: both clocks move.
    void advance(qint64 seconds)
    {
        m_now = m_now.addSecs(seconds);
        m_monotonicMs += seconds * 1000;
    }
    // Someone sets the wall clock: only it moves.
    void setWallClock(const QDateTime& now) { m_now = now; }

private:
    QDateTime m_now;
    qint64 m_monotonicMs = 1'000'000;
};

} // namespace htmse::test
