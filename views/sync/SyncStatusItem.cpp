#include "views/sync/SyncStatusItem.h"

#include "session/ProfileWorkspace.h"
#include "session/SyncController.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <algorithm>

namespace htmse {

using namespace Qt::StringLiterals;

SyncStatusItem::SyncStatusItem(QWidget* parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_syncNow(new QPushButton(tr("Sync now"), this))
{
    setObjectName(u"syncStatusItem"_s);
    m_label->setObjectName(u"syncStatus"_s);
    m_label->setAccessibleName(tr("Sync status"));
    m_progress->setObjectName(u"syncProgress"_s);
    m_progress->setAccessibleName(tr("Sync progress"));
    m_progress->setMaximumWidth(fontMetrics().averageCharWidth() * 16);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_syncNow->setObjectName(u"statusSyncNow"_s);
    m_syncNow->setAccessibleName(tr("Sync now"));
    m_syncNow->setToolTip(tr("Upload what waits and fetch what is new from the server"));
    m_syncNow->setFlat(true);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_syncNow);
    connect(m_syncNow, &QPushButton::clicked, this, [this] {
        if (m_controller)
            m_controller->syncNow();
        refresh();
    });
    refresh();
}

void SyncStatusItem::setController(SyncController* controller, ProfileWorkspace* workspace)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_controller = controller;
    m_workspace = controller ? workspace : nullptr;
    if (m_workspace) {
        connect(m_workspace, &ProfileWorkspace::referralChanged, this, &SyncStatusItem::refresh);
        connect(m_workspace, &ProfileWorkspace::referralsReplaced, this, &SyncStatusItem::refresh);
    }
    if (controller) {
        connect(controller, &SyncController::statusChanged, this, &SyncStatusItem::refresh);
        connect(controller, &SyncController::progress, this, [this](SyncPhase, qint64 done, qint64 total) {
            // A total of -1 (not known) or 0 shows a busy bar.
            m_progress->setRange(0, total > 0 ? 1000 : 0);
            if (total > 0)
                m_progress->setValue(int(std::clamp<qint64>(done * 1000 / total, 0, 1000)));
        });
    }
    refresh();
}

QString SyncStatusItem::text() const
{
    return m_label->text();
}

void SyncStatusItem::refresh()
{
    if (!m_controller || !m_workspace || !m_workspace->isOpen()) {
        m_label->setText(tr("Sync: locked"));
        m_label->setToolTip({});
        m_progress->hide();
        m_syncNow->setEnabled(false);
        return;
    }
    const bool running = m_controller->isRunning();
    m_label->setText(m_controller->statusText());
    m_label->setToolTip(m_label->text());
    if (running && !m_progress->isVisible()) {
        m_progress->setRange(0, 0);
        m_progress->show();
    } else if (!running) {
        m_progress->hide();
    }
    m_syncNow->setEnabled(!running && m_controller->status().configured);
}

} // namespace htmse
