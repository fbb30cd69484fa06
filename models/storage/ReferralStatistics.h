// ReferralStatistics: an organisation's figures from its own referral log, for the dashboard —
// referrals per month by status, median days from sent to accepted per kind, overdue follow-ups
// and uploads the server refused. Counts only: nothing of a case leaves this class.
//
// "Own organisation" is the log itself less the referrals this user received as a professional
// (the recipient's views of other organisations' referrals): the server sends a device its own
// organisation's referrals and those addressed to it, nothing else.
#pragma once

#include "domain/ReferralTransitions.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QTimeZone>
#include <QUuid>

namespace htmse {

// What the figures are computed from: one referral of the log.
struct ReferralFacts
{
    QUuid id;
    QString kind;
    ReferralStatus status = ReferralStatus::None;
    QDateTime createdAt;
    QDateTime firstSent;     // invalid: never sent
    QDateTime firstAccepted; // invalid: never accepted
    QDate followUpDue;       // invalid: none
};

struct ReferralFigures
{
    struct Acceptance
    {
        QString kind;            // wire code
        double medianDays = 0.0; // from the first "sent" to the first "accepted"
        int count = 0;           // referrals accepted in the period
        friend bool operator==(const Acceptance&, const Acceptance&) = default;
    };

    QDate from;                     // the first day of the first month
    QDate to;                       // the last day of the last month
    QList<QDate> months;            // the first day of each month of the period, in order
    QList<ReferralStatus> statuses; // the statuses that occur in the period, in lifecycle order
    // perMonth[s][m]: referrals created in months[m] whose status is now statuses[s].
    QList<QList<int>> perMonth;
    int createdInPeriod = 0;
    QList<Acceptance> acceptance; // per kind, by kind code
    int openReferrals = 0;        // not closed, whenever created
    int overdueFollowUps = 0;     // open, with a follow-up date before today
    int followUpsDueToday = 0;
    QDate oldestOverdue;     // invalid when none is overdue
    int rejectedUploads = 0; // events the server refused, recorded in the period
    int waitingUploads = 0;  // events not yet accepted by the server, whenever recorded

    int count(ReferralStatus status, int month) const;
};

class ReferralStatistics
{
public:
    // Reads the facts from a profile's database (the referral cache and its events).
    explicit ReferralStatistics(QSqlDatabase db);

    // The figures for the months from `fromMonth` to `toMonth` (any day of each; the period is
    // whole months in `zone`), "today" being `today`. The two months are swapped when reversed.
    ReferralFigures figures(QDate fromMonth, QDate toMonth, QDate today,
                            const QTimeZone& zone = QTimeZone::systemTimeZone()) const;

    QList<ReferralFacts> facts() const;
    QList<QDateTime> rejectedUploadTimes() const; // client times of the events the server refused
    int waitingUploads() const;

    // The computation alone, for facts from anywhere.
    static ReferralFigures compute(const QList<ReferralFacts>& facts, const QList<QDateTime>& rejectedUploads,
                                   QDate fromMonth, QDate toMonth, QDate today, const QTimeZone& zone);
    static double median(QList<double> values); // 0 for none

private:
    QSqlDatabase m_db;
};

} // namespace htmse
