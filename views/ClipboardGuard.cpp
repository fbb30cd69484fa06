#include "views/ClipboardGuard.h"

#include <QClipboard>
#include <QGuiApplication>

namespace htmse {

ClipboardGuard::ClipboardGuard(QObject* parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ClipboardGuard::clearNow);
}

void ClipboardGuard::guard(const QString& text)
{
    if (text.isEmpty())
        return;
    m_text = text;
    if (m_seconds > 0)
        m_timer.start(m_seconds * 1000);
}

void ClipboardGuard::clearNow()
{
    m_timer.stop();
    if (m_text.isEmpty())
        return;
    QClipboard* clipboard = QGuiApplication::clipboard();
    // Something copied since (from another application, say) is left alone.
    if (clipboard->text() == m_text)
        clipboard->clear();
    if (clipboard->supportsSelection() && clipboard->text(QClipboard::Selection) == m_text)
        clipboard->clear(QClipboard::Selection);
    m_text.clear();
}

} // namespace htmse
