#include "storage/ReferralStatistics.h"

#include <QHash>
#include <QSqlQuery>

#include <algorithm>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
QDateTime fromIso(const QVariant& v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QDate firstOfMonth(QDate d)
{
    return QDate(d.year(), d.month(), 1);
}

// The referrals that are this user's views of other organisations' referrals.
const QString kNotReceived = u"NOT EXISTS (SELECT 1 FROM referral_events x WHERE x.referral_id = r.id AND "
                             "x.sync_state = 'received')"_s;
} // namespace

int ReferralFigures::count(ReferralStatus status, int month) const
{
    const qsizetype s = statuses.indexOf(status);
    if (s < 0 || month < 0 || month >= months.size())
        return 0;
    return perMonth.at(s).at(month);
}

ReferralStatistics::ReferralStatistics(QSqlDatabase db)
    : m_db(std::move(db))
{}

QList<ReferralFacts> ReferralStatistics::facts() const
{
    // Every event's time is stored in one spelling (UTC, ISO 8601 with milliseconds: see
    // ReferralStore), so the earliest is the smallest string; the index on referral_id finds each
    // referral's few events without reading the whole event table.
    QList<ReferralFacts> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT r.id, r.kind, r.status, r.created_at, r.follow_up_due, "
                "(SELECT min(e.client_time) FROM referral_events e WHERE e.referral_id = r.id AND e.type = 'sent'), "
                "(SELECT min(e.client_time) FROM referral_events e WHERE e.referral_id = r.id AND "
                "e.type = 'accepted') FROM referrals r WHERE %1"_s.arg(kNotReceived)))
        return out;
    while (q.next()) {
        ReferralFacts f;
        f.id = QUuid::fromString(q.value(0).toString());
        f.kind = q.value(1).toString();
        f.status = statusFromWire(q.value(2).toString()).value_or(ReferralStatus::None);
        f.createdAt = fromIso(q.value(3));
        f.followUpDue = q.value(4).isNull() ? QDate() : QDate::fromString(q.value(4).toString(), Qt::ISODate);
        f.firstSent = fromIso(q.value(5));
        f.firstAccepted = fromIso(q.value(6));
        out.append(f);
    }
    return out;
}

QList<QDateTime> ReferralStatistics::rejectedUploadTimes() const
{
    QList<QDateTime> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT client_time FROM referral_events WHERE sync_state = 'rejected'"_s))
        while (q.next())
            out.append(fromIso(q.value(0)));
    return out;
}

int ReferralStatistics::waitingUploads() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT count(*) FROM referral_events WHERE pending = 1 AND sync_state IN ('', 'sent')"_s) && q.next())
        return q.value(0).toInt();
    return 0;
}

ReferralFigures ReferralStatistics::figures(QDate fromMonth, QDate toMonth, QDate today, const QTimeZone& zone) const
{
    ReferralFigures f = compute(facts(), rejectedUploadTimes(), fromMonth, toMonth, today, zone);
    f.waitingUploads = waitingUploads();
    return f;
}

double ReferralStatistics::median(QList<double> values)
{
    if (values.isEmpty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const qsizetype mid = values.size() / 2;
    return values.size() % 2 ? values.at(mid) : (values.at(mid - 1) + values.at(mid)) / 2.0;
}

ReferralFigures ReferralStatistics::compute(const QList<ReferralFacts>& facts, const QList<QDateTime>& rejectedUploads,
                                            QDate fromMonth, QDate toMonth, QDate today, const QTimeZone& zone)
{
    ReferralFigures f;
    if (!fromMonth.isValid() || !toMonth.isValid())
        return f;
    if (toMonth < fromMonth)
        std::swap(fromMonth, toMonth);
    f.from = firstOfMonth(fromMonth);
    f.to = firstOfMonth(toMonth).addMonths(1).addDays(-1);
    for (QDate m = f.from; m <= f.to; m = m.addMonths(1))
        f.months.append(m);
    const auto inPeriod = [&](const QDateTime& at) {
        if (!at.isValid())
            return false;
        const QDate day = at.toTimeZone(zone).date();
        return day >= f.from && day <= f.to;
    };
    const auto monthIndex = [&](const QDateTime& at) {
        const QDate day = at.toTimeZone(zone).date();
        return (day.year() - f.from.year()) * 12 + day.month() - f.from.month();
    };

    QHash<ReferralStatus, QList<int>> byStatus;
    QHash<QString, QList<double>> acceptanceDays;
    for (const ReferralFacts& r : facts) {
        const bool closed = ReferralTransitions::isClosed(r.status);
        if (!closed) {
            ++f.openReferrals;
            if (r.followUpDue.isValid() && r.followUpDue < today) {
                ++f.overdueFollowUps;
                if (!f.oldestOverdue.isValid() || r.followUpDue < f.oldestOverdue)
                    f.oldestOverdue = r.followUpDue;
            } else if (r.followUpDue == today) {
                ++f.followUpsDueToday;
            }
        }
        if (inPeriod(r.createdAt)) {
            ++f.createdInPeriod;
            QList<int>& counts = byStatus[r.status];
            if (counts.isEmpty())
                counts.fill(0, f.months.size());
            ++counts[monthIndex(r.createdAt)];
        }
        if (inPeriod(r.firstAccepted) && r.firstSent.isValid() && r.firstSent <= r.firstAccepted)
            acceptanceDays[r.kind].append(double(r.firstSent.msecsTo(r.firstAccepted)) / 86'400'000.0);
    }
    for (ReferralStatus status : allReferralStatuses()) {
        if (byStatus.contains(status)) {
            f.statuses.append(status);
            f.perMonth.append(byStatus.value(status));
        }
    }
    QStringList kinds = acceptanceDays.keys();
    kinds.sort();
    for (const QString& kind : kinds) {
        const QList<double>& days = acceptanceDays.value(kind);
        f.acceptance.append({kind, median(days), int(days.size())});
    }
    f.rejectedUploads = int(std::count_if(rejectedUploads.cbegin(), rejectedUploads.cend(), inPeriod));
    return f;
}

} // namespace htmse
