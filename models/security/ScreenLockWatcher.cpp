#include "security/ScreenLockWatcher.h"

#include <QDBusConnection>

namespace htmse {

using namespace Qt::StringLiterals;

ScreenLockWatcher::ScreenLockWatcher(QObject* parent)
    : QObject(parent)
{}

int ScreenLockWatcher::start()
{
    int sources = 0;
    QDBusConnection system = QDBusConnection::systemBus();
    if (system.isConnected()) {
        // Any session's Lock: path left empty so we need not look our own session up.
        sources += system.connect(u"org.freedesktop.login1"_s, {}, u"org.freedesktop.login1.Session"_s, u"Lock"_s, this,
                                  SLOT(onLogindLock()))
                       ? 1
                       : 0;
        sources += system.connect(u"org.freedesktop.login1"_s, u"/org/freedesktop/login1"_s,
                                  u"org.freedesktop.login1.Manager"_s, u"PrepareForSleep"_s, this,
                                  SLOT(onPrepareForSleep(bool)))
                       ? 1
                       : 0;
    }
    QDBusConnection session = QDBusConnection::sessionBus();
    if (session.isConnected()) {
        for (const QString& iface : {u"org.freedesktop.ScreenSaver"_s, u"org.gnome.ScreenSaver"_s})
            sources +=
                session.connect({}, {}, iface, u"ActiveChanged"_s, this, SLOT(onScreenSaverActive(bool))) ? 1 : 0;
    }
    return sources;
}

void ScreenLockWatcher::onLogindLock()
{
    emit lockRequested(u"session-locked"_s);
}

void ScreenLockWatcher::onPrepareForSleep(bool sleeping)
{
    if (sleeping)
        emit lockRequested(u"suspend"_s);
}

void ScreenLockWatcher::onScreenSaverActive(bool active)
{
    if (active)
        emit lockRequested(u"screensaver"_s);
}

} // namespace htmse
