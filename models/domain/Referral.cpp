#include "domain/Referral.h"

#include <QSet>

namespace htmse {

bool Referral::sharingAllowed() const
{
    return status != ReferralStatus::ConsentWithdrawn && status != ReferralStatus::Erased &&
           status != ReferralStatus::None;
}

void Referral::sortForFold(QList<ReferralEvent>& events)
{
    std::stable_sort(events.begin(), events.end(), [](const ReferralEvent& a, const ReferralEvent& b) {
        if (a.serverSeq.has_value() != b.serverSeq.has_value())
            return a.serverSeq.has_value();
        if (a.serverSeq && b.serverSeq && *a.serverSeq != *b.serverSeq)
            return *a.serverSeq < *b.serverSeq;
        if (a.clientTime != b.clientTime)
            return a.clientTime < b.clientTime;
        return a.id.toString() < b.id.toString();
    });
}

Referral Referral::fold(QList<ReferralEvent> events)
{
    sortForFold(events);
    Referral r;
    QSet<QUuid> seen;
    for (ReferralEvent& e : events) {
        if (seen.contains(e.id))
            continue;
        seen.insert(e.id);
        if (r.id.isNull())
            r.id = e.referralId;
        if (!r.id.isNull() && e.referralId != r.id) {
            r.rejected.append({std::move(e), QStringLiteral("belongs to another referral")});
            continue;
        }
        const auto next = ReferralTransitions::apply(r.status, e.type);
        if (!next) {
            r.rejected.append({e, ReferralTransitions::refusal(r.status, e.type)});
            continue;
        }
        ValidationProblems problems;
        std::optional<ReferralDetails> details;
        if (e.type == ReferralEventType::Created) {
            details = ReferralDetails::fromJson(e.payload, problems);
        } else if (!e.payloadWithheld()) {
            // (The server checked a sequenced event whose payload it withheld from this reader.)
            ReferralEvent::validatePayload(e.type, e.payload, QString(), problems);
        }
        if (!problems.isEmpty()) {
            r.rejected.append({e, problems.toStrings().join(QStringLiteral("; "))});
            continue;
        }
        switch (e.type) {
        case ReferralEventType::Created:
            r.details = *std::move(details);
            r.createdAt = e.clientTime;
            break;
        case ReferralEventType::Declined:
            r.declineReason = e.payload.value(QLatin1StringView("reason")).toString();
            break;
        case ReferralEventType::Completed:
            if (e.payload.contains(QLatin1StringView("success")))
                r.completedSuccessfully = e.payload.value(QLatin1StringView("success")).toBool();
            break;
        case ReferralEventType::FollowUpSet:
            r.followUpDue = QDate::fromString(e.payload.value(QLatin1StringView("due")).toString(), Qt::ISODate);
            break;
        case ReferralEventType::Erased:
            r.details = ReferralDetails();
            r.history.clear();
            r.declineReason.clear();
            break;
        case ReferralEventType::Sent:
        case ReferralEventType::Acknowledged:
        case ReferralEventType::Accepted:
        case ReferralEventType::Revoked:
        case ReferralEventType::NoteAdded:
        case ReferralEventType::ConsentWithdrawn:
            break;
        }
        r.status = *next;
        if (ReferralTransitions::isClosed(r.status))
            r.followUpDue = QDate();
        r.updatedAt = std::max(r.updatedAt, e.clientTime);
        // After erasure only the erasure itself remains: it carries nothing about the person.
        r.history.append(std::move(e));
    }
    return r;
}

} // namespace htmse
