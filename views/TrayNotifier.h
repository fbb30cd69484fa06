// TrayNotifier: the desktop's notification area icon (where the platform has one): a menu with
// Show, Lock and Quit, and a message for each notice the NotificationCenter raises — counts
// only, never a case or a name. With no system tray it does nothing.
#pragma once

#include <QObject>
#include <QStringList>

class QSystemTrayIcon;
class QWidget;

namespace htmse {

class NotificationCenter;

class TrayNotifier : public QObject
{
    Q_OBJECT

public:
    // `window` is shown and raised by Show; `lock` and `quit` are what the menu's items do.
    TrayNotifier(NotificationCenter& notices, QWidget* window, QObject* parent = nullptr);

    bool isAvailable() const { return m_tray != nullptr; }
    // Every message shown so far, in order (the tests read them all).
    const QStringList& shownMessages() const { return m_shown; }

signals:
    void lockRequested();
    void quitRequested();

private:
    void show(const QString& text);

    NotificationCenter& m_notices;
    QWidget* m_window;
    QSystemTrayIcon* m_tray = nullptr;
    QStringList m_shown;
};

} // namespace htmse
