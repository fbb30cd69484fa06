#include "sync/SyncPayload.h"

#include "core/JsonReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace htmse::syncpayload {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxItemsPerPage = 10'000;

void fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

std::optional<QJsonObject> parseObject(const QByteArray& body, QString* error)
{
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parse);
    if (parse.error != QJsonParseError::NoError) {
        fail(error,
             u"the server's answer is not valid JSON (%1 at byte %2)"_s.arg(parse.errorString()).arg(parse.offset));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        fail(error, u"the server's answer is not a JSON object"_s);
        return std::nullopt;
    }
    return doc.object();
}

std::optional<qint64> cursorValue(const QString& cursor)
{
    if (cursor.isEmpty())
        return 0;
    bool ok = false;
    const qint64 v = cursor.toLongLong(&ok);
    if (!ok || v < 0 || cursor.size() > 18 || cursor.startsWith(u'+'))
        return std::nullopt;
    return v;
}

// The frame of a list page: its items, its next cursor (a number, not before `after`).
std::optional<QJsonArray> readFrame(const QJsonObject& o, const QString& after, QString* next, PageFrame* frame,
                                    QString* error)
{
    if (!o.value(u"items"_s).isArray() || !o.value(u"next"_s).isString() || !o.value(u"has_more"_s).isBool()) {
        fail(error, u"the server's page lacks items, next or has_more"_s);
        return std::nullopt;
    }
    const QJsonArray items = o.value(u"items"_s).toArray();
    if (items.size() > kMaxItemsPerPage) {
        fail(error, u"the server's page has more than %1 items"_s.arg(kMaxItemsPerPage));
        return std::nullopt;
    }
    *next = o.value(u"next"_s).toString();
    const auto from = cursorValue(after);
    const auto to = cursorValue(*next);
    if (!from || !to || next->isEmpty()) {
        fail(error, u"the server sent a cursor this version does not understand"_s);
        return std::nullopt;
    }
    if (*to < *from || (!items.isEmpty() && *to == *from)) {
        fail(error, u"the server's cursor went backwards; nothing was applied"_s);
        return std::nullopt;
    }
    if (frame)
        frame->hasMore = o.value(u"has_more"_s).toBool();
    return items;
}

// Item numbers: after the page's start, increasing, not beyond its end.
bool checkNumber(qint64 number, qint64* last, qint64 end, const QString& path, QString* error)
{
    if (number <= *last || number > end) {
        fail(error, u"%1: numbered out of order; nothing was applied"_s.arg(path));
        return false;
    }
    *last = number;
    return true;
}

QString firstPaths(const ValidationProblems& problems)
{
    QStringList paths;
    for (const ValidationProblem& p : problems.list().mid(0, 5))
        paths.append(p.path);
    return paths.join(u", "_s);
}

} // namespace

std::optional<TokenAnswer> readToken(const QByteArray& body, QString* error)
{
    const auto o = parseObject(body, error);
    if (!o)
        return std::nullopt;
    const QString access = o->value(u"access_token"_s).toString();
    const QString refresh = o->value(u"refresh_token"_s).toString();
    if (access.isEmpty() || refresh.isEmpty() || access.size() > 512 || refresh.size() > 512) {
        fail(error, u"the server's sign-in answer has no usable tokens"_s);
        return std::nullopt;
    }
    return TokenAnswer{access.toLatin1(), refresh.toLatin1(), o->value(u"expires_in"_s).toInt()};
}

std::optional<SyncJournal::DirectoryPage> readDirectoryPage(const QByteArray& body, const QString& after,
                                                            PageFrame* frame, QString* error)
{
    const auto o = parseObject(body, error);
    if (!o)
        return std::nullopt;
    SyncJournal::DirectoryPage page;
    const auto items = readFrame(*o, after, &page.next, frame, error);
    if (!items)
        return std::nullopt;
    page.hasItems = !items->isEmpty();
    qint64 last = *cursorValue(after);
    const qint64 end = *cursorValue(page.next);
    for (qsizetype i = 0; i < items->size(); ++i) {
        const QString path = u"items[%1]"_s.arg(i);
        const QJsonObject item = items->at(i).toObject();
        ValidationProblems problems;
        const JsonReader r(item, path, problems);
        const QString kind = r.string(QLatin1StringView("kind"), Presence::Required, 32);
        const QUuid id = r.uuid(QLatin1StringView("id"), Presence::Required);
        const auto version = r.integer(QLatin1StringView("version"), 1, qint64(1) << 52, Presence::Required);
        const bool deleted = r.boolean(QLatin1StringView("deleted"), false, Presence::Required);
        if (!items->at(i).isObject() || !problems.isEmpty()) {
            fail(error, u"the directory page is not readable at %1; nothing was applied"_s.arg(
                            items->at(i).isObject() ? firstPaths(problems) : path));
            return std::nullopt;
        }
        if (!checkNumber(*version, &last, end, path, error))
            return std::nullopt;
        const bool professional = kind == "professional"_L1;
        if (!professional && kind != "organisation"_L1)
            continue; // a kind this version does not know: the cursor moves past it
        if (deleted) {
            (professional ? page.removedProfessionals : page.removedOrganisations).append(id);
            continue;
        }
        const auto data = r.object(QLatin1StringView("data"), Presence::Required);
        if (data && data->value(u"id"_s).toString() != uuidString(id))
            problems.add(path + u".data.id"_s, u"differs from the item's id"_s);
        if (professional) {
            if (auto p = data ? Professional::fromJson(*data, problems, path + u".data"_s) : std::nullopt) {
                p->serverVersion = *version;
                page.professionals.append(*std::move(p));
            }
        } else if (auto org = data ? Organisation::fromJson(*data, problems, path + u".data"_s) : std::nullopt) {
            page.organisations.append(*std::move(org));
        }
        if (!problems.isEmpty()) {
            fail(error, u"the directory page has an invalid entry (%1); nothing was applied"_s.arg(
                            problems.toStrings().mid(0, 3).join(u"; "_s)));
            return std::nullopt;
        }
    }
    return page;
}

std::optional<SyncJournal::EventPage> readEventPage(const QByteArray& body, const QString& after, PageFrame* frame,
                                                    QString* error)
{
    const auto o = parseObject(body, error);
    if (!o)
        return std::nullopt;
    SyncJournal::EventPage page;
    const auto items = readFrame(*o, after, &page.next, frame, error);
    if (!items)
        return std::nullopt;
    qint64 last = *cursorValue(after);
    const qint64 end = *cursorValue(page.next);
    for (qsizetype i = 0; i < items->size(); ++i) {
        const QString path = u"items[%1]"_s.arg(i);
        if (!items->at(i).isObject()) {
            fail(error, u"the referral page is not readable at %1; nothing was applied"_s.arg(path));
            return std::nullopt;
        }
        QJsonObject item = items->at(i).toObject();
        // A recipient is not told which device recorded an event.
        if (!item.contains(u"device_id"_s))
            item.insert(u"device_id"_s, u"server"_s);
        ValidationProblems problems;
        auto event = ReferralEvent::fromJson(item, problems, path, /*asRecipientSees=*/true);
        if (event && !event->serverSeq)
            problems.add(path + u".seq"_s, u"missing"_s);
        if (!problems.isEmpty()) {
            // Paths only: an event's payload is about a person.
            fail(error,
                 u"the referral page has an invalid event at %1; nothing was applied"_s.arg(firstPaths(problems)));
            return std::nullopt;
        }
        if (!checkNumber(*event->serverSeq, &last, end, path, error))
            return std::nullopt;
        page.events.append(*std::move(event));
    }
    return page;
}

std::optional<SyncJournal::PublicationPage> readPublicationPage(const QByteArray& body, const QString& after,
                                                                PageFrame* frame, QString* error)
{
    const auto o = parseObject(body, error);
    if (!o)
        return std::nullopt;
    SyncJournal::PublicationPage page;
    const auto items = readFrame(*o, after, &page.next, frame, error);
    if (!items)
        return std::nullopt;
    const qint64 seq = *cursorValue(page.next);
    for (qsizetype i = 0; i < items->size(); ++i) {
        const QString path = u"items[%1]"_s.arg(i);
        const QJsonObject item = items->at(i).toObject();
        ValidationProblems problems;
        const JsonReader r(item, path, problems);
        const QUuid id = r.uuid(QLatin1StringView("id"), Presence::Required);
        const bool deleted = r.boolean(QLatin1StringView("deleted"), false);
        if (!deleted) {
            r.string(QLatin1StringView("title"), Presence::Required);
            r.string(QLatin1StringView("summary"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
            r.string(QLatin1StringView("body"), Presence::Optional, 20 * limits::kLongText, TextKind::MultiLine);
            r.url(QLatin1StringView("url"), Presence::Optional);
        }
        if (!items->at(i).isObject() || !problems.isEmpty()) {
            fail(error, u"the %1 page has an invalid item (%2); nothing was applied"_s.arg(
                            u"publications"_s, problems.toStrings().mid(0, 3).join(u"; "_s)));
            return std::nullopt;
        }
        page.items.append({id, seq, deleted ? QByteArray() : QJsonDocument(item).toJson(QJsonDocument::Compact)});
    }
    return page;
}

std::optional<SyncJournal::PushAnswer> readPushAnswer(const QByteArray& body, const QList<QUuid>& sent, QString* error)
{
    const auto o = parseObject(body, error);
    if (!o)
        return std::nullopt;
    if (!o->value(u"accepted"_s).isArray() || !o->value(u"rejected"_s).isArray()) {
        fail(error, u"the server's answer to the upload lacks accepted or rejected"_s);
        return std::nullopt;
    }
    const QSet<QUuid> ours(sent.cbegin(), sent.cend());
    SyncJournal::PushAnswer answer;
    for (const QJsonValue& v : o->value(u"accepted"_s).toArray()) {
        const QUuid id(v[u"id"_s].toString());
        const qint64 seq = v[u"seq"_s].toInteger(0);
        if (!ours.contains(id) || seq < 1) {
            fail(error, u"the server's answer to the upload names an event that was not sent"_s);
            return std::nullopt;
        }
        answer.accepted.append({id, seq});
    }
    for (const QJsonValue& v : o->value(u"rejected"_s).toArray()) {
        QUuid id(v[u"id"_s].toString());
        // An event the server could not even read is named by its place in the request.
        if (id.isNull() && v[u"index"_s].isDouble() && v[u"index"_s].toInt(-1) >= 0 &&
            v[u"index"_s].toInt() < sent.size())
            id = sent.at(v[u"index"_s].toInt());
        const QString reason = v[u"reason"_s].toString().left(2000);
        if (!ours.contains(id) || reason.isEmpty()) {
            fail(error, u"the server's answer to the upload names an event that was not sent"_s);
            return std::nullopt;
        }
        answer.rejected.append({id, reason});
    }
    return answer;
}

QString errorMessage(const QByteArray& body)
{
    const QJsonObject error = QJsonDocument::fromJson(body.left(64 * 1024)).object().value(u"error"_s).toObject();
    return error.value(u"message"_s).toString().left(300);
}

std::optional<ReferralDetails> receivedDetails(const ReferralEvent& sent, const QUuid& self)
{
    QJsonObject shown = sent.payload.value(u"referral"_s).toObject();
    if (shown.isEmpty() || self.isNull())
        return std::nullopt;
    // The letter's consent statement is kept on the "sent" event itself; the view here is
    // what matching and the referral list need.
    shown.remove(u"consent"_s);
    shown.insert(u"recipient_id"_s, uuidString(self));
    ValidationProblems problems;
    return ReferralDetails::fromJson(shown, problems);
}

} // namespace htmse::syncpayload
