// InactivityMonitor: watches every input event of the application and says when nobody has
// touched it for the policy's auto-lock time. The clock is injected; the check is a light timer.
#pragma once

#include "core/Clock.h"

#include <QObject>
#include <QTimer>

namespace htmse {

class InactivityMonitor : public QObject
{
    Q_OBJECT

public:
    explicit InactivityMonitor(const Clock& clock = Clock::system(), QObject* parent = nullptr);
    ~InactivityMonitor() override;

    // 0 disables the monitor. Restarts the idle period.
    void setTimeoutMinutes(int minutes);
    int timeoutMinutes() const { return m_timeoutMinutes; }
    // Starts watching qApp's input events (call once the application object exists).
    void start();
    void stop();
    // Counts as activity (also called for every input event seen).
    void touch();
    // Checks now instead of waiting for the timer (tests, and after a suspend).
    void check();
    bool isRunning() const { return m_running; }

signals:
    void idle(); // once per idle period

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    const Clock& m_clock;
    QTimer m_timer;
    qint64 m_lastActivityMs = 0; // on the clock's monotonic time
    int m_timeoutMinutes = 0;
    bool m_running = false;
    bool m_fired = false;
};

} // namespace htmse
