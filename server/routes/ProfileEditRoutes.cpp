#include "server/routes/ProfileEditRoutes.h"

#include "core/JsonReader.h"
#include "domain/Professional.h"
#include "server/Disclosure.h"
#include "server/routes/RouteHelpers.h"
#include "server/store/DirectoryStore.h"

#include <QDateTime>
#include <QUrlQuery>

namespace htmse::server::routes {

using namespace Qt::StringLiterals;

namespace {

// A directory editor sees every professional's edits; anyone else, their own.
std::optional<QUuid> editsVisibleTo(const Actor& actor)
{
    if (actor.role == Role::DirectoryEditor)
        return std::nullopt;
    return actor.professionalId;
}

Reply notLinked()
{
    return Reply::error(404, u"not_found"_s, u"this account is not linked to a directory profile"_s);
}

Reply review(RouteContext& context, const Request& request, const Actor& actor, ReviewDecision decision)
{
    const QUuid id(request.pathArg);
    if (id.isNull())
        return Reply::error(404, u"not_found"_s, u"no such profile edit"_s);
    QString note;
    if (!request.body.trimmed().isEmpty()) {
        Reply reply;
        const auto body = parseBody(request, &reply);
        if (!body)
            return reply;
        ValidationProblems problems;
        note = JsonReader(*body, {}, problems)
                   .string(QLatin1StringView("note"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
        if (!problems.isEmpty())
            return invalid(problems);
    }
    StoreError error;
    const auto profile = context.directory.reviewProfileEdit(actor.username, id, decision, note, &error);
    if (error.kind == StoreError::Kind::NotFound)
        return Reply::error(404, u"not_found"_s, error.message);
    if (error.kind == StoreError::Kind::Conflict)
        return Reply::error(409, u"conflict"_s, error.message);
    if (error)
        return storeFailure(error);
    return Reply{200,
                 QJsonObject{{u"id"_s, uuidString(id)},
                             {u"status"_s, decision == ReviewDecision::Approve ? u"approved"_s : u"rejected"_s},
                             {u"profile"_s, profile.value_or(QJsonObject{})}},
                 {}};
}

} // namespace

Reply ownProfile(RouteContext& context, const Request& request, const Actor& actor)
{
    if (actor.professionalId.isNull())
        return notLinked();
    StoreError error;
    const auto profile = context.directory.directoryEntry(u"professional"_s, actor.professionalId, &error);
    Reply pageReply;
    const auto page = pageRequest(context, request, &pageReply);
    if (!page)
        return pageReply;
    const ChangePage edits =
        context.directory.profileEdits(editsVisibleTo(actor), page->after, page->limit, false, &error);
    if (error)
        return storeFailure(error);
    return listReply(edits, page->after, {{u"profile"_s, profile ? QJsonValue(*profile) : QJsonValue()}});
}

Reply submitProfileEdit(RouteContext& context, const Request& request, const Actor& actor)
{
    if (actor.professionalId.isNull())
        return notLinked();
    Reply reply;
    auto body = parseBody(request, &reply);
    if (!body)
        return reply;
    // The listing is the caller's own, whatever id the body claims; verification and versions
    // are the directory's to set.
    body->insert(u"id"_s, uuidString(actor.professionalId));
    body->remove(u"server_version"_s);
    body->insert(u"verification"_s, QJsonObject{{u"status"_s, u"pending"_s}});
    body->insert(u"updated_at"_s, toIsoUtc(QDateTime::currentDateTimeUtc()));
    ValidationProblems problems;
    const auto profile = Professional::fromJson(*body, problems);
    if (!profile)
        return invalid(problems);
    const QUuid editId = QUuid::createUuid();
    StoreError error;
    const qint64 seq = context.directory.submitProfileEdit(actor.professionalId, actor.username, editId,
                                                           redactConfidentialLocations(profile->toJson()), &error);
    if (error)
        return storeFailure(error);
    return Reply{202, QJsonObject{{u"id"_s, uuidString(editId)}, {u"status"_s, u"pending"_s}, {u"version"_s, seq}}, {}};
}

Reply profileEdits(RouteContext& context, const Request& request, const Actor& actor)
{
    Reply reply;
    const auto page = pageRequest(context, request, &reply);
    if (!page)
        return reply;
    const QString status = QUrlQuery(request.query).queryItemValue(u"status"_s);
    if (!status.isEmpty() && status != "pending"_L1 && status != "all"_L1)
        return Reply::error(400, u"invalid_request"_s, u"status must be \"pending\" or \"all\""_s);
    StoreError error;
    const ChangePage edits =
        context.directory.profileEdits(editsVisibleTo(actor), page->after, page->limit, status != "all"_L1, &error);
    if (error)
        return storeFailure(error);
    return listReply(edits, page->after);
}

Reply approveProfileEdit(RouteContext& context, const Request& request, const Actor& actor)
{
    return review(context, request, actor, ReviewDecision::Approve);
}

Reply rejectProfileEdit(RouteContext& context, const Request& request, const Actor& actor)
{
    return review(context, request, actor, ReviewDecision::Reject);
}

} // namespace htmse::server::routes
