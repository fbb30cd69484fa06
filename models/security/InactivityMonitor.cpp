#include "security/InactivityMonitor.h"

#include <QCoreApplication>
#include <QEvent>

namespace htmse {

InactivityMonitor::InactivityMonitor(const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
{
    m_timer.setInterval(5'000);
    connect(&m_timer, &QTimer::timeout, this, &InactivityMonitor::check);
}

InactivityMonitor::~InactivityMonitor()
{
    stop();
}

void InactivityMonitor::setTimeoutMinutes(int minutes)
{
    m_timeoutMinutes = std::max(0, minutes);
    touch();
}

void InactivityMonitor::start()
{
    if (m_running)
        return;
    m_running = true;
    if (auto* app = QCoreApplication::instance())
        app->installEventFilter(this);
    touch();
    m_timer.start();
}

void InactivityMonitor::stop()
{
    if (!m_running)
        return;
    m_running = false;
    if (auto* app = QCoreApplication::instance())
        app->removeEventFilter(this);
    m_timer.stop();
}

void InactivityMonitor::touch()
{
    m_lastActivityMs = m_clock.monotonicMs();
    m_fired = false;
}

void InactivityMonitor::check()
{
    if (!m_running || m_fired || m_timeoutMinutes <= 0)
        return;
    // Measured on the monotonic clock: setting the wall clock back cannot delay the lock.
    if (m_clock.monotonicMs() - m_lastActivityMs >= qint64(m_timeoutMinutes) * 60'000) {
        m_fired = true;
        emit idle();
    }
}

bool InactivityMonitor::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::KeyRelease:
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TabletPress:
    case QEvent::InputMethod:
        touch();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace htmse
