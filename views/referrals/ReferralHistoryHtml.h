// ReferralHistoryHtml: one referral as the log's detail pane shows it — what it is, its status,
// its follow-up, every event in fold order, and every event the server refused with the reason
// and what to do about it.
#pragma once

#include "domain/Referral.h"

#include <QCoreApplication>

namespace htmse {

class ReferralHistoryHtml
{
    Q_DECLARE_TR_FUNCTIONS(htmse::ReferralHistoryHtml)

public:
    static QString html(const Referral& referral, const QString& recipientName, const QDate& today);
    // One event's payload in words ("Reason: No capacity · Note: …").
    static QString eventDetail(const ReferralEvent& event);
};

} // namespace htmse
