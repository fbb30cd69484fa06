#include "domain/Publication.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace htmse {

using namespace Qt::StringLiterals;

std::optional<Publication> Publication::fromJson(const QByteArray& json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    Publication p;
    p.id = QUuid(o.value(u"id"_s).toString());
    p.title = o.value(u"title"_s).toString();
    if (p.id.isNull() || p.title.isEmpty())
        return std::nullopt;
    p.summary = o.value(u"summary"_s).toString();
    p.body = o.value(u"body"_s).toString();
    p.url = o.value(u"url"_s).toString();
    p.kind = o.value(u"kind"_s).toString();
    p.language = o.value(u"language"_s).toString();
    p.publishedAt = QDateTime::fromString(o.value(u"published_at"_s).toString(), Qt::ISODateWithMs);
    const QJsonArray lessons = o.value(u"lessons"_s).toArray();
    for (qsizetype i = 0; i < lessons.size(); ++i) {
        const QJsonObject l = lessons.at(i).toObject();
        Lesson lesson{l.value(u"id"_s).toString(), l.value(u"title"_s).toString(), l.value(u"body"_s).toString()};
        if (lesson.title.isEmpty())
            continue;
        if (lesson.id.isEmpty()) // an older server's lesson: its place stands for it
            lesson.id = QString::number(i + 1);
        p.lessons.append(lesson);
    }
    return p;
}

} // namespace htmse
