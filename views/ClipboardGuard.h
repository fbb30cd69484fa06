// ClipboardGuard: text copied out of a profile (contact details) is taken off the clipboard
// after the policy's seconds — only if the clipboard still holds that text — and at once when
// the profile locks.
#pragma once

#include <QObject>
#include <QTimer>

namespace htmse {

class ClipboardGuard : public QObject
{
    Q_OBJECT

public:
    explicit ClipboardGuard(QObject* parent = nullptr);

    // 0: never cleared (the policy allows it).
    void setClearSeconds(int seconds) { m_seconds = seconds; }
    int clearSeconds() const { return m_seconds; }
    // `text` is about to reach the clipboard from a profile.
    void guard(const QString& text);
    // Clears the clipboard now if it holds guarded text (on lock, and when the time is up).
    void clearNow();
    bool isArmed() const { return m_timer.isActive(); }

private:
    QTimer m_timer;
    QString m_text;
    int m_seconds = 30;
};

} // namespace htmse
