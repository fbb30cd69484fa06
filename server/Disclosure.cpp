#include "server/Disclosure.h"

#include "domain/ReferralEvent.h"

#include <QJsonArray>

#include <cmath>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

QJsonObject pick(const QJsonObject& from, std::initializer_list<QString> keys)
{
    QJsonObject out;
    for (const QString& k : keys)
        if (from.contains(k) && !from.value(k).isNull())
            out.insert(k, from.value(k));
    return out;
}

} // namespace

QJsonObject normalisedPayload(ReferralEventType type, const QJsonObject& payload)
{
    switch (type) {
    case ReferralEventType::Created: {
        ValidationProblems problems;
        const auto details = ReferralDetails::fromJson(payload, problems);
        return details ? details->toJson() : QJsonObject{};
    }
    case ReferralEventType::Sent:
    case ReferralEventType::Acknowledged:
    case ReferralEventType::Accepted:
        return pick(payload, {u"note"_s});
    case ReferralEventType::Declined:
        return pick(payload, {u"reason"_s, u"note"_s});
    case ReferralEventType::Revoked:
        return pick(payload, {u"reason"_s});
    case ReferralEventType::Completed:
        return pick(payload, {u"success"_s, u"outcome"_s, u"reason"_s});
    case ReferralEventType::NoteAdded:
        return pick(payload, {u"text"_s});
    case ReferralEventType::FollowUpSet:
        return pick(payload, {u"due"_s, u"note"_s});
    case ReferralEventType::ConsentWithdrawn:
        return pick(payload, {u"date"_s, u"recorded_by"_s});
    case ReferralEventType::Erased:
        return {};
    }
    return {};
}

QJsonObject letterView(const QJsonObject& created)
{
    QJsonObject referral =
        pick(created, {u"case_ref"_s, u"kind"_s, u"needs"_s, u"languages"_s, u"interpreter"_s, u"urgency"_s});
    if (const QJsonObject location = created.value(u"location"_s).toObject(); !location.isEmpty())
        referral.insert(u"location"_s, pick(location, {u"city"_s, u"country"_s}));
    if (const QJsonObject consent = created.value(u"consent"_s).toObject(); !consent.isEmpty())
        referral.insert(u"consent"_s, pick(consent, {u"given"_s, u"scope"_s, u"date"_s, u"minor"_s, u"override"_s}));
    return referral;
}

QJsonObject recipientPayload(ReferralEventType type, const QJsonObject& payload, const QJsonObject& created,
                             bool sentBefore, bool byRecipient, bool* visible)
{
    *visible = false;
    switch (type) {
    case ReferralEventType::Sent: {
        // The referral as its letter shows it, with the sender's covering note.
        QJsonObject out = pick(payload, {u"note"_s});
        out.insert(u"referral"_s, letterView(created));
        *visible = true;
        return out;
    }
    case ReferralEventType::Acknowledged:
    case ReferralEventType::Accepted:
    case ReferralEventType::Declined:
    case ReferralEventType::Completed:
        *visible = sentBefore;
        return byRecipient ? payload : QJsonObject{};
    case ReferralEventType::Revoked:
    case ReferralEventType::ConsentWithdrawn:
    case ReferralEventType::Erased:
        // That the referral ended, not why.
        *visible = sentBefore;
        return {};
    case ReferralEventType::Created:
    case ReferralEventType::NoteAdded:
    case ReferralEventType::FollowUpSet:
        return {};
    }
    return {};
}

QJsonObject redactConfidentialLocations(QJsonObject professional)
{
    QJsonArray locations = professional.value(u"locations"_s).toArray();
    bool changed = false;
    for (qsizetype i = 0; i < locations.size(); ++i) {
        QJsonObject l = locations.at(i).toObject();
        if (!l.value(u"confidential"_s).toBool())
            continue;
        l.remove(u"address"_s);
        l.remove(u"postcode"_s);
        for (const QString& axis : {u"latitude"_s, u"longitude"_s})
            if (l.value(axis).isDouble())
                l.insert(axis, std::round(l.value(axis).toDouble() * 100.0) / 100.0);
        locations.replace(i, l);
        changed = true;
    }
    if (changed)
        professional.insert(u"locations"_s, locations);
    return professional;
}

} // namespace htmse::server
