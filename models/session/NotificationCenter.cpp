#include "session/NotificationCenter.h"

#include "session/ProfileWorkspace.h"

#include <QSet>

namespace htmse {

NotificationCenter::NotificationCenter(QObject* parent)
    : QObject(parent)
{
    m_timer.setInterval(60'000); // a follow-up falls due when the date changes
    connect(&m_timer, &QTimer::timeout, this, &NotificationCenter::refresh);
}

void NotificationCenter::setWorkspace(ProfileWorkspace* workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    m_shown.clear();
    if (!workspace) {
        m_timer.stop();
        emit noticesChanged();
        return;
    }
    connect(workspace, &ProfileWorkspace::closing, this, [this] { setWorkspace(nullptr); });
    connect(workspace, &ProfileWorkspace::referralChanged, this, &NotificationCenter::refresh);
    connect(workspace, &ProfileWorkspace::referralsReplaced, this, &NotificationCenter::refresh);
    m_timer.start();
    refresh();
}

QString NotificationCenter::text(Kind kind, int count)
{
    switch (kind) {
    case Kind::FollowUpsDueToday:
        return tr("%n follow-up(s) due today", nullptr, count);
    case Kind::FollowUpsOverdue:
        return tr("%n follow-up(s) overdue", nullptr, count);
    case Kind::ReferralsAwaitingAnswer:
        return tr("%n referral(s) waiting for your answer", nullptr, count);
    case Kind::UploadsRefused:
        return tr("%n referral(s) could not be uploaded", nullptr, count);
    }
    return {};
}

QList<NotificationCenter::Notice> NotificationCenter::notices() const
{
    if (!m_workspace || !m_workspace->isOpen() || !m_workspace->policy().notificationsEnabled)
        return {};
    const QDate today = m_workspace->clock().now().toLocalTime().date();
    int dueToday = 0;
    int overdue = 0;
    const QList<ReferralSummary> summaries = m_workspace->referrals().summaries();
    QHash<QUuid, ReferralStatus> status;
    for (const ReferralSummary& s : summaries) {
        status.insert(s.id, s.status);
        if (s.isClosed() || !s.followUpDue.isValid())
            continue;
        dueToday += s.followUpDue == today ? 1 : 0;
        overdue += s.followUpDue < today ? 1 : 0;
    }
    int awaiting = 0;
    for (const QUuid& id : m_workspace->referrals().receivedReferrals())
        awaiting += status.value(id) == ReferralStatus::Sent ? 1 : 0;
    QSet<QUuid> refused;
    for (const ReferralStore::OutboxEntry& e : m_workspace->syncJournal().rejectedEvents())
        refused.insert(e.referralId);

    QList<Notice> out;
    const std::pair<Kind, int> counts[] = {{Kind::FollowUpsDueToday, dueToday},
                                           {Kind::FollowUpsOverdue, overdue},
                                           {Kind::ReferralsAwaitingAnswer, awaiting},
                                           {Kind::UploadsRefused, int(refused.size())}};
    for (const auto& [kind, count] : counts)
        if (count > 0)
            out.append({kind, count, text(kind, count)});
    return out;
}

void NotificationCenter::refresh()
{
    const QList<Notice> now = notices();
    QHash<Kind, int> counts;
    for (const Notice& n : now)
        counts.insert(n.kind, n.count);
    if (counts == m_shown)
        return;
    for (const Notice& n : now)
        if (m_shown.value(n.kind) != n.count)
            emit noticeRaised(n);
    m_shown = counts;
    emit noticesChanged();
}

} // namespace htmse
