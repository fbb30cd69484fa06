#include "views/TrayNotifier.h"

#include "session/NotificationCenter.h"

#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>
#include <QWidget>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
QIcon trayIcon()
{
    const QIcon themed = QIcon::fromTheme(u"org.htmse.Desktop"_s);
    if (!themed.isNull())
        return themed;
    QPixmap pixmap(64, 64);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(QColor(0x1f, 0x5f, 0x8b));
    p.setPen(Qt::NoPen);
    p.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12);
    QFont font;
    font.setPixelSize(40);
    font.setBold(true);
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(pixmap.rect(), Qt::AlignCenter, u"H"_s);
    return QIcon(pixmap);
}
} // namespace

TrayNotifier::TrayNotifier(NotificationCenter& notices, QWidget* window, QObject* parent)
    : QObject(parent)
    , m_notices(notices)
    , m_window(window)
{
    connect(&m_notices, &NotificationCenter::noticeRaised, this,
            [this](const NotificationCenter::Notice& notice) { show(notice.text); });
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(trayIcon(), this);
    m_tray->setToolTip(tr("HTMSE Desktop"));
    auto* menu = new QMenu(window);
    menu->addAction(tr("&Show HTMSE Desktop"), this, [this] {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    });
    menu->addAction(tr("&Lock"), this, &TrayNotifier::lockRequested);
    menu->addSeparator();
    menu->addAction(tr("&Quit"), this, &TrayNotifier::quitRequested);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger) {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        }
    });
    // The tooltip follows the counts, which are not victim data; while locked it says nothing more.
    connect(&m_notices, &NotificationCenter::noticesChanged, this, [this] {
        QStringList lines{tr("HTMSE Desktop")};
        for (const NotificationCenter::Notice& n : m_notices.notices())
            lines.append(n.text);
        m_tray->setToolTip(lines.join(u'\n'));
    });
    m_tray->show();
}

void TrayNotifier::show(const QString& text)
{
    m_shown.append(text);
    if (m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(tr("HTMSE Desktop"), text, QSystemTrayIcon::Information, 10'000);
}

} // namespace htmse
