// ScreenLockWatcher: turns the operating system's "the screen is locking" and "going to sleep"
// signals into lockRequested(). Linux: logind's Session.Lock and Manager.PrepareForSleep on the
// system bus, org.freedesktop.ScreenSaver / org.gnome.ScreenSaver ActiveChanged on the session
// bus. Windows (WTS session notifications) and macOS (com.apple.screenIsLocked) are listed in
// docs/security.md and wired when those builds land.
#pragma once

#include <QObject>

namespace htmse {

class ScreenLockWatcher : public QObject
{
    Q_OBJECT

public:
    explicit ScreenLockWatcher(QObject* parent = nullptr);

    // Connects to whatever buses exist; returns how many signal sources are being watched.
    int start();

signals:
    void lockRequested(const QString& reason);

private slots:
    void onLogindLock();
    void onPrepareForSleep(bool sleeping);
    void onScreenSaverActive(bool active);
};

} // namespace htmse
