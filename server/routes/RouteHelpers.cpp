#include "server/routes/RouteHelpers.h"

#include "core/Validation.h"
#include "server/JsonLog.h"
#include "server/Metrics.h"
#include "server/ServiceOptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

namespace htmse::server {

using namespace Qt::StringLiterals;

Reply storeFailure(const StoreError& error)
{
    // The database's own text can name tables and values: it goes to the log, not the client.
    logEvent(u"error"_s, u"store.error"_s, {{u"message"_s, error.message.left(500)}});
    return Reply::error(503, u"unavailable"_s, u"the store is unavailable; try again shortly"_s);
}

std::optional<QJsonObject> parseBody(const Request& request, Reply* reply)
{
    if (request.body.trimmed().isEmpty()) {
        *reply = Reply::error(400, u"invalid_request"_s, u"the request needs a JSON object body"_s);
        return std::nullopt;
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError) {
        *reply =
            Reply::error(400, u"malformed_json"_s,
                         u"the body is not valid JSON: %1 at byte %2"_s.arg(error.errorString()).arg(error.offset));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *reply = Reply::error(400, u"invalid_request"_s, u"the body must be a JSON object"_s);
        return std::nullopt;
    }
    return doc.object();
}

Reply invalid(const ValidationProblems& problems)
{
    Reply r = Reply::error(400, u"invalid_request"_s, problems.toStrings().mid(0, 20).join(u"; "_s));
    QJsonArray list;
    for (const QString& p : problems.toStrings().mid(0, 100))
        list.append(p);
    QJsonObject error = r.body.value(u"error"_s).toObject();
    error.insert(u"problems"_s, list);
    r.body.insert(u"error"_s, error);
    return r;
}

std::optional<PageRequest> pageRequest(const Request& request, int defaultLimit, int maxLimit, Reply* reply)
{
    const QUrlQuery query(request.query);
    PageRequest page{0, defaultLimit};
    static const QRegularExpression digits(u"^[0-9]{1,15}$"_s);
    if (query.hasQueryItem(u"after"_s)) {
        const QString after = query.queryItemValue(u"after"_s);
        if (!after.isEmpty()) {
            if (!digits.match(after).hasMatch()) {
                *reply = Reply::error(400, u"invalid_cursor"_s, u"after must be a cursor returned as \"next\""_s);
                return std::nullopt;
            }
            page.after = after.toLongLong();
        }
    }
    if (query.hasQueryItem(u"limit"_s) && !query.queryItemValue(u"limit"_s).isEmpty()) {
        const QString limit = query.queryItemValue(u"limit"_s);
        const int value = digits.match(limit).hasMatch() ? int(std::min<qint64>(limit.toLongLong(), 1'000'000)) : 0;
        if (value < 1 || value > maxLimit) {
            *reply =
                Reply::error(400, u"invalid_limit"_s, u"limit must be a whole number from 1 to %1"_s.arg(maxLimit));
            return std::nullopt;
        }
        page.limit = value;
    }
    return page;
}

std::optional<PageRequest> pageRequest(const RouteContext& context, const Request& request, Reply* reply)
{
    return pageRequest(request, context.options.pageDefault, context.options.pageMax, reply);
}

Reply listReply(const ChangePage& page, qint64 after, const QJsonObject& extra)
{
    qint64 next = after;
    qsizetype size = 64;
    for (const ChangeItem& item : page.items)
        size += item.json.size() + 1;
    QByteArray out;
    out.reserve(size);
    out += "{\"items\":[";
    for (qsizetype i = 0; i < page.items.size(); ++i) {
        if (i)
            out += ',';
        out += page.items[i].json;
        next = page.items[i].seq;
    }
    out += "],\"next\":\"" + QByteArray::number(next) + "\",\"has_more\":" + (page.hasMore ? "true" : "false");
    if (!extra.isEmpty()) {
        const QByteArray more = QJsonDocument(extra).toJson(QJsonDocument::Compact);
        out += ',' + more.mid(1, more.size() - 2);
    }
    out += '}';
    Reply r;
    r.raw = out;
    return r;
}

Reply changesReply(RouteContext& context, const Request& request, const QString& counter, const PageFetch& fetch)
{
    Reply reply;
    const auto page = pageRequest(context, request, &reply);
    if (!page)
        return reply;
    StoreError error;
    const ChangePage changes = fetch(page->after, page->limit, &error);
    if (error)
        return storeFailure(error);
    context.metrics.add(counter, changes.items.size());
    return listReply(changes, page->after);
}

} // namespace htmse::server
