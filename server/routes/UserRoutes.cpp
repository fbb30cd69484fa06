#include "server/routes/UserRoutes.h"

#include "core/JsonReader.h"
#include "server/JsonLog.h"
#include "server/routes/RouteHelpers.h"
#include "server/store/AccountStore.h"

#include <QJsonDocument>

namespace htmse::server::routes {

using namespace Qt::StringLiterals;

namespace {

QJsonObject userJson(const UserRecord& u)
{
    QJsonObject o{{u"id"_s, uuidString(u.id)},
                  {u"user"_s, u.username},
                  {u"role"_s, toWire(u.role)},
                  {u"organisation_id"_s, uuidString(u.organisationId)},
                  {u"disabled"_s, u.disabled}};
    if (u.disabledBy != UserRecord::DisabledBy::Nobody)
        o.insert(u"disabled_by"_s,
                 u.disabledBy == UserRecord::DisabledBy::Operator ? u"operator"_s : u"organisation"_s);
    if (!u.professionalId.isNull())
        o.insert(u"professional_id"_s, uuidString(u.professionalId));
    return o;
}

Reply noSuchUser()
{
    return Reply::error(404, u"not_found"_s, u"no such user in your organisation"_s);
}

Reply setDisabled(RouteContext& context, const Request& request, const Actor& actor, bool disable)
{
    StoreError error;
    const QUuid id(request.pathArg);
    auto user = id.isNull() ? std::nullopt : context.accounts.userById(id, &error);
    if (error)
        return storeFailure(error);
    if (!user || user->organisationId != actor.organisationId)
        return noSuchUser();
    if (disable && user->id == actor.userId)
        return Reply::error(409, u"conflict"_s, u"you cannot disable your own account"_s);
    // A directory editor's powers reach beyond the organisation: only the operator may let one
    // back in.
    if (!disable && user->role == Role::DirectoryEditor)
        return Reply::error(403, u"forbidden"_s,
                            u"a directory editor's account is enabled by the server's operator "
                            "(htmse-server enable-user)"_s);
    if (!context.accounts.setUserDisabled(user->id, disable, UserRecord::DisabledBy::Organisation, &error)) {
        if (error.kind == StoreError::Kind::Conflict)
            return Reply::error(403, u"forbidden"_s, error.message);
        return storeFailure(error);
    }
    if (!(user = context.accounts.userById(user->id, &error)))
        return storeFailure(error);
    logEvent(u"info"_s, disable ? u"auth.user_disabled"_s : u"auth.user_enabled"_s);
    return Reply{200, userJson(*user), {}};
}

} // namespace

Reply listUsers(RouteContext& context, const Request& request, const Actor& actor)
{
    Reply reply;
    const auto page = pageRequest(context, request, &reply);
    if (!page)
        return reply;
    StoreError error;
    const QList<UserRecord> users = context.accounts.usersOfOrganisation(actor.organisationId, &error);
    if (error)
        return storeFailure(error);
    ChangePage out;
    const qsizetype from = std::min<qsizetype>(users.size(), qsizetype(page->after));
    const qsizetype to = std::min<qsizetype>(users.size(), from + page->limit);
    for (qsizetype i = from; i < to; ++i)
        out.items.append({qint64(i + 1), QJsonDocument(userJson(users[i])).toJson(QJsonDocument::Compact)});
    out.hasMore = to < users.size();
    return listReply(out, page->after);
}

Reply revokeUserTokens(RouteContext& context, const Request& request, const Actor& actor)
{
    StoreError error;
    const QUuid id(request.pathArg);
    const auto user = id.isNull() ? std::nullopt : context.accounts.userById(id, &error);
    if (error)
        return storeFailure(error);
    if (!user || user->organisationId != actor.organisationId)
        return noSuchUser();
    const int revoked = context.accounts.revokeUserTokens(user->id, &error);
    if (error)
        return storeFailure(error);
    return Reply{200, QJsonObject{{u"revoked_tokens"_s, revoked}}, {}};
}

Reply disableUser(RouteContext& context, const Request& request, const Actor& actor)
{
    return setDisabled(context, request, actor, true);
}

Reply enableUser(RouteContext& context, const Request& request, const Actor& actor)
{
    return setDisabled(context, request, actor, false);
}

} // namespace htmse::server::routes
