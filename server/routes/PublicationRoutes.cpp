#include "server/routes/PublicationRoutes.h"

#include "core/JsonReader.h"
#include "server/routes/RouteHelpers.h"
#include "server/store/DirectoryStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace htmse::server::routes {

using namespace Qt::StringLiterals;

namespace {

// A course's lessons, in order: each {id (kept, or made here), title, body}. Only courses have them.
QJsonArray readLessons(const JsonReader& r, ValidationProblems& problems)
{
    QJsonArray out;
    const QJsonArray lessons = r.array(QLatin1StringView("lessons"), Presence::Optional, 50);
    for (qsizetype i = 0; i < lessons.size(); ++i) {
        const QString path = r.pathOf(QLatin1StringView("lessons")) + u"[%1]"_s.arg(i);
        if (!lessons.at(i).isObject()) {
            problems.add(path, u"must be an object"_s);
            continue;
        }
        const JsonReader lesson(lessons.at(i).toObject(), path, problems);
        QString id = lesson.string(QLatin1StringView("id"), Presence::Optional, 64);
        if (id.isEmpty())
            id = uuidString(QUuid::createUuid());
        QJsonObject o{{u"id"_s, id}, {u"title"_s, lesson.string(QLatin1StringView("title"), Presence::Required)}};
        const QString body =
            lesson.string(QLatin1StringView("body"), Presence::Optional, 5 * limits::kLongText, TextKind::MultiLine);
        if (!body.isEmpty())
            o.insert(u"body"_s, body);
        out.append(o);
    }
    return out;
}

} // namespace

std::optional<QJsonObject> readPublication(const QString& stream, const QJsonObject& in, const QString& publishedBy,
                                           QUuid* id, ValidationProblems& problems)
{
    const JsonReader r(in, {}, problems);
    *id = r.uuid(QLatin1StringView("id"), Presence::Optional);
    QJsonObject out;
    out.insert(u"title"_s, r.string(QLatin1StringView("title"), Presence::Required));
    const QString summary =
        r.string(QLatin1StringView("summary"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
    if (!summary.isEmpty())
        out.insert(u"summary"_s, summary);
    const QString body =
        r.string(QLatin1StringView("body"), Presence::Optional, 20 * limits::kLongText, TextKind::MultiLine);
    if (!body.isEmpty())
        out.insert(u"body"_s, body);
    const bool resource = stream == "resources"_L1;
    const QString url = r.url(QLatin1StringView("url"), resource ? Presence::Required : Presence::Optional);
    if (!url.isEmpty())
        out.insert(u"url"_s, url);
    const QString kind = resource ? r.oneOf(QLatin1StringView("kind"),
                                            {u"course"_s, u"guide"_s, u"document"_s, u"video"_s}, Presence::Required)
                                  : QString();
    if (resource)
        out.insert(u"kind"_s, kind);
    if (r.has(QLatin1StringView("lessons")) && kind != "course"_L1)
        problems.add(u"lessons"_s, u"only a resource of kind course has lessons"_s);
    else if (const QJsonArray lessons = readLessons(r, problems); !lessons.isEmpty())
        out.insert(u"lessons"_s, lessons);
    const QString language = r.string(QLatin1StringView("language"), Presence::Optional, 35);
    static const QRegularExpression bcp47(u"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"_s);
    if (!language.isEmpty()) {
        if (!bcp47.match(language).hasMatch())
            problems.add(u"language"_s, u"%1 is not a BCP 47 language tag"_s.arg(ValidationProblems::quote(language)));
        out.insert(u"language"_s, language);
    }
    out.insert(u"deleted"_s, r.boolean(QLatin1StringView("deleted"), false));
    if (!problems.isEmpty())
        return std::nullopt;
    if (id->isNull())
        *id = QUuid::createUuid();
    out.insert(u"id"_s, uuidString(*id));
    out.insert(u"published_at"_s, toIsoUtc(QDateTime::currentDateTimeUtc()));
    out.insert(u"published_by"_s, publishedBy);
    return out;
}

namespace {

Reply list(RouteContext& context, const Request& request, const QString& stream, const QString& counter)
{
    return changesReply(context, request, counter, [&](qint64 after, int limit, StoreError* error) {
        return context.directory.publications(stream, after, limit, error);
    });
}

Reply publish(RouteContext& context, const Request& request, const Actor& actor, const QString& stream)
{
    Reply reply;
    const auto body = parseBody(request, &reply);
    if (!body)
        return reply;
    ValidationProblems problems;
    QUuid id;
    const auto item = readPublication(stream, *body, actor.username, &id, problems);
    if (!item)
        return invalid(problems);
    StoreError error;
    const qint64 seq = context.directory.publish(stream, id, *item, &error);
    if (error)
        return storeFailure(error);
    QJsonObject out = *item;
    out.insert(u"version"_s, seq);
    return Reply{201, out, {}};
}

} // namespace

Reply listNews(RouteContext& context, const Request& request, const Actor&)
{
    return list(context, request, u"news"_s, u"htmse_news_items_served_total"_s);
}

Reply listResources(RouteContext& context, const Request& request, const Actor&)
{
    return list(context, request, u"resources"_s, u"htmse_resources_served_total"_s);
}

Reply publishNews(RouteContext& context, const Request& request, const Actor& actor)
{
    return publish(context, request, actor, u"news"_s);
}

Reply publishResource(RouteContext& context, const Request& request, const Actor& actor)
{
    return publish(context, request, actor, u"resources"_s);
}

} // namespace htmse::server::routes
