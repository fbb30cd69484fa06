// SignedInDevice: a profile unlocked in a real main window behind a real lock controller, signed
// in to a real htmse-server from the Sync place as a person would (the GUI tests of the places
// that talk to the server: My listing, the desks).
#pragma once

#include "common/TemporaryWorkspace.h"
#include "session/LockController.h"
#include "session/SyncController.h"
#include "session/UnlockController.h"
#include "views/MainWindow.h"

#include <QLineEdit>
#include <QPushButton>
#include <QTest>

namespace htmse::test {

constexpr int kSyncTimeoutMs = 60'000;

inline void replaceText(QLineEdit* edit, const QString& text)
{
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

struct SignedInDevice
{
    TemporaryWorkspace profile;
    Policy policy;
    LockController lock;
    UnlockController unlocker{profile.vault(), lock, policy};
    MainWindow window;

    bool unlock()
    {
        window.setLocking(&unlocker, &lock);
        window.show();
        window.activateWindow();
        if (!QTest::qWaitForWindowActive(&window))
            return false;
        lock.setWorkspace(profile.take()); // what a successful unlock does
        return !window.isShowingLockScreen() && window.workspace() != nullptr && window.syncController() != nullptr;
    }
    template <typename T> T* find(const QString& name) const { return window.findChild<T*>(name); }
    // Ctrl+digit reaches the window's shortcuts only while it is the active one.
    bool showPlace(MainWindow::Place place)
    {
        window.activateWindow();
        if (!QTest::qWaitForWindowActive(&window))
            return false;
        QTest::keyClick(&window, Qt::Key(Qt::Key_1 + int(place)), Qt::ControlModifier);
        return window.currentPlace() == place;
    }
    bool idle() const { return window.syncController() && !window.syncController()->isRunning(); }

    // Types the server, user and password into the Sync place and clicks Sync now; true once the
    // run ended well.
    bool signIn(const QUrl& server, const QString& user, const QString& password)
    {
        if (!showPlace(MainWindow::Place::Sync))
            return false;
        auto* serverEdit = find<QLineEdit>(QStringLiteral("syncServer"));
        auto* userEdit = find<QLineEdit>(QStringLiteral("syncUser"));
        auto* passwordEdit = find<QLineEdit>(QStringLiteral("syncPassword"));
        if (!serverEdit || !userEdit || !passwordEdit)
            return false;
        replaceText(serverEdit, server.toString());
        replaceText(userEdit, user);
        passwordEdit->setFocus();
        QTest::keyClicks(passwordEdit, password);
        QTest::mouseClick(find<QPushButton>(QStringLiteral("syncNow")), Qt::LeftButton);
        if (!QTest::qWaitFor([this] { return idle() && window.syncController()->lastOutcome(); }, kSyncTimeoutMs))
            return false;
        return window.syncController()->lastOutcome()->ok();
    }
};

// Where a test saves what it shows, when HTMSE_SCREENSHOT_DIR says so.
inline void grabTo(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("HTMSE_SCREENSHOT_DIR");
    QCoreApplication::sendPostedEvents(); // layouts settle first
    if (!dir.isEmpty())
        widget->grab().save(dir + u'/' + name + QStringLiteral(".png"));
}

} // namespace htmse::test
