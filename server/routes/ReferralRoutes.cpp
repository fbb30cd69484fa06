#include "server/routes/ReferralRoutes.h"

#include "core/JsonReader.h"
#include "domain/ReferralEvent.h"
#include "server/Metrics.h"
#include "server/ReferralExchange.h"
#include "server/ServiceOptions.h"
#include "server/routes/RouteHelpers.h"

#include <QJsonArray>

namespace htmse::server::routes {

using namespace Qt::StringLiterals;

namespace {

// The events of a push that can be read; those that cannot are refused here, by index.
struct ReadEvents
{
    QList<ReferralEvent> valid;
    QList<int> indexOfValid; // position in `valid` -> index in the request
    QList<QJsonObject> rejected;
};

ReadEvents readEvents(const QJsonArray& events)
{
    ReadEvents out;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QString path = u"events[%1]"_s.arg(i);
        if (!events[i].isObject()) {
            out.rejected.append(QJsonObject{{u"id"_s, QJsonValue::Null},
                                            {u"index"_s, int(i)},
                                            {u"reason"_s, u"%1: expected an object"_s.arg(path)}});
            continue;
        }
        ValidationProblems problems;
        auto event = ReferralEvent::fromJson(events[i].toObject(), problems, path);
        if (!event) {
            const QJsonValue id = events[i].toObject().value(u"id"_s);
            out.rejected.append(
                QJsonObject{{u"id"_s, id.isString() ? QJsonValue(id.toString().left(64)) : QJsonValue()},
                            {u"index"_s, int(i)},
                            {u"reason"_s, problems.toStrings().mid(0, 10).join(u"; "_s)}});
            continue;
        }
        event->serverSeq.reset();
        out.valid.append(*event);
        out.indexOfValid.append(int(i));
    }
    return out;
}

} // namespace

Reply referralEvents(RouteContext& context, const Request& request, const Actor& actor)
{
    return changesReply(context, request, u"htmse_referral_events_served_total"_s,
                        [&](qint64 after, int limit, StoreError* error) {
                            return context.referrals.visibleEvents(actor, after, limit, error);
                        });
}

Reply pushReferralEvents(RouteContext& context, const Request& request, const Actor& actor)
{
    Reply reply;
    const auto body = parseBody(request, &reply);
    if (!body)
        return reply;
    if (!body->value(u"events"_s).isArray())
        return Reply::error(400, u"invalid_request"_s, u"events: expected an array of events"_s);
    const QJsonArray events = body->value(u"events"_s).toArray();
    const int maxEvents = context.options.maxEventsPerPush;
    if (events.size() > maxEvents)
        return Reply::error(413, u"too_many_events"_s,
                            u"at most %1 events per request; send the rest in another"_s.arg(maxEvents));
    ReadEvents read = readEvents(events);
    StoreError error;
    const PushResult result = context.referrals.push(actor, read.valid, &error);
    if (error)
        return storeFailure(error);
    QJsonArray accepted;
    for (const auto& a : result.accepted)
        accepted.append(QJsonObject{{u"id"_s, uuidString(a.id)}, {u"seq"_s, a.seq}});
    QList<QJsonObject>& rejected = read.rejected;
    for (const auto& x : result.rejected)
        rejected.append(QJsonObject{
            {u"id"_s, uuidString(x.id)}, {u"index"_s, read.indexOfValid.value(x.position)}, {u"reason"_s, x.reason}});
    // Both lists follow the order of the request.
    std::stable_sort(rejected.begin(), rejected.end(), [](const QJsonObject& a, const QJsonObject& b) {
        return a.value(u"index"_s).toInt() < b.value(u"index"_s).toInt();
    });
    QJsonArray rejectedArray;
    for (const QJsonObject& x : rejected)
        rejectedArray.append(x);
    context.metrics.add(u"htmse_referral_events_accepted_total"_s, result.accepted.size());
    context.metrics.add(u"htmse_referral_events_rejected_total"_s, rejected.size());
    return Reply{200, QJsonObject{{u"accepted"_s, accepted}, {u"rejected"_s, rejectedArray}}, {}};
}

} // namespace htmse::server::routes
