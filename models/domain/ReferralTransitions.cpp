#include "domain/ReferralTransitions.h"

#include <QStringList>

namespace htmse {

namespace {
using S = ReferralStatus;
using E = ReferralEventType;

struct Name
{
    int value;
    const char* wire;
};

constexpr Name kEventNames[] = {
    {int(E::Created), "created"},
    {int(E::Sent), "sent"},
    {int(E::Acknowledged), "acknowledged"},
    {int(E::Accepted), "accepted"},
    {int(E::Declined), "declined"},
    {int(E::Revoked), "revoked"},
    {int(E::Completed), "completed"},
    {int(E::NoteAdded), "note-added"},
    {int(E::FollowUpSet), "follow-up-set"},
    {int(E::ConsentWithdrawn), "consent-withdrawn"},
    {int(E::Erased), "erased"},
};

constexpr Name kStatusNames[] = {
    {int(S::None), "none"},
    {int(S::Created), "created"},
    {int(S::Sent), "sent"},
    {int(S::Acknowledged), "acknowledged"},
    {int(S::Accepted), "accepted"},
    {int(S::Declined), "declined"},
    {int(S::Revoked), "revoked"},
    {int(S::Completed), "completed"},
    {int(S::ConsentWithdrawn), "consent-withdrawn"},
    {int(S::Erased), "erased"},
};

QList<ReferralTransitions::Transition> buildTable()
{
    QList<ReferralTransitions::Transition> t;
    t.append({S::None, E::Created, S::Created});
    t.append({S::Created, E::Sent, S::Sent});
    t.append({S::Sent, E::Acknowledged, S::Acknowledged});
    for (S s : {S::Sent, S::Acknowledged}) {
        t.append({s, E::Accepted, S::Accepted});
        t.append({s, E::Declined, S::Declined});
    }
    for (S s : {S::Created, S::Sent, S::Acknowledged, S::Accepted})
        t.append({s, E::Revoked, S::Revoked});
    t.append({S::Accepted, E::Completed, S::Completed});
    // Notes and follow-ups are the caseworker's own record: allowed while the referral exists.
    const S existing[] = {S::Created,  S::Sent,    S::Acknowledged, S::Accepted,
                          S::Declined, S::Revoked, S::Completed,    S::ConsentWithdrawn};
    for (S s : existing) {
        t.append({s, E::NoteAdded, s});
        t.append({s, E::FollowUpSet, s});
    }
    // Consent can be withdrawn at any time; it stops any further sharing of the case.
    for (S s : existing)
        if (s != S::ConsentWithdrawn)
            t.append({s, E::ConsentWithdrawn, S::ConsentWithdrawn});
    // Erasure wins over everything; it may even arrive for a referral this device never had
    // (or whose other events it already erased).
    t.append({S::None, E::Erased, S::Erased});
    for (S s : existing)
        t.append({s, E::Erased, S::Erased});
    return t;
}
} // namespace

QString toWire(ReferralEventType type)
{
    return QLatin1StringView(kEventNames[int(type)].wire);
}

QString toWire(ReferralStatus status)
{
    return QLatin1StringView(kStatusNames[int(status)].wire);
}

std::optional<ReferralEventType> eventTypeFromWire(QStringView wire)
{
    for (const Name& n : kEventNames)
        if (wire == QLatin1StringView(n.wire))
            return ReferralEventType(n.value);
    return std::nullopt;
}

std::optional<ReferralStatus> statusFromWire(QStringView wire)
{
    for (const Name& n : kStatusNames)
        if (wire == QLatin1StringView(n.wire))
            return ReferralStatus(n.value);
    return std::nullopt;
}

QList<ReferralEventType> allReferralEventTypes()
{
    QList<ReferralEventType> out;
    for (const Name& n : kEventNames)
        out.append(ReferralEventType(n.value));
    return out;
}

QList<ReferralStatus> allReferralStatuses()
{
    QList<ReferralStatus> out;
    for (const Name& n : kStatusNames)
        out.append(ReferralStatus(n.value));
    return out;
}

const QList<ReferralTransitions::Transition>& ReferralTransitions::table()
{
    static const QList<Transition> table = buildTable();
    return table;
}

std::optional<ReferralStatus> ReferralTransitions::apply(ReferralStatus from, ReferralEventType event)
{
    for (const Transition& t : table())
        if (t.from == from && t.event == event)
            return t.to;
    return std::nullopt;
}

QList<ReferralEventType> ReferralTransitions::allowedEvents(ReferralStatus from)
{
    QList<ReferralEventType> out;
    for (const Transition& t : table())
        if (t.from == from)
            out.append(t.event);
    return out;
}

QString ReferralTransitions::refusal(ReferralStatus from, ReferralEventType event)
{
    QStringList allowed;
    for (ReferralEventType e : allowedEvents(from))
        allowed.append(toWire(e));
    const QString allowedText = allowed.isEmpty() ? QStringLiteral("none") : allowed.join(QStringLiteral(", "));
    if (from == ReferralStatus::None)
        return QStringLiteral("cannot apply \"%1\" to a referral that does not exist yet; allowed: %2")
            .arg(toWire(event), allowedText);
    return QStringLiteral("cannot apply \"%1\" to a referral that is \"%2\"; allowed: %3")
        .arg(toWire(event), toWire(from), allowedText);
}

bool ReferralTransitions::isClosed(ReferralStatus status)
{
    switch (status) {
    case S::Declined:
    case S::Revoked:
    case S::Completed:
    case S::ConsentWithdrawn:
    case S::Erased:
        return true;
    case S::None:
    case S::Created:
    case S::Sent:
    case S::Acknowledged:
    case S::Accepted:
        return false;
    }
    return false;
}

} // namespace htmse
