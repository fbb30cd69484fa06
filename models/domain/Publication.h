// Publication: a news item or a resource of the library as the server publishes it (wire keys
// id, title, summary, body, url, kind, language, published_at, and for a course its ordered
// lessons, each id, title, body). Bodies are HTML as an editor wrote them: show them only
// through SafeHtml.
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace htmse {

struct Lesson
{
    QString id; // stable across edits, so progress follows the lesson and not its place
    QString title;
    QString body;
};

struct Publication
{
    QUuid id;
    QString title;
    QString summary;
    QString body;
    QString url;
    QString kind; // resources: "course", "guide", "document", "video"; empty for news
    QString language;
    QDateTime publishedAt;
    QList<Lesson> lessons; // a course's, in order

    bool isCourse() const { return kind == QLatin1StringView("course"); }
    // From the stored JSON; nothing when it lacks an id or a title.
    static std::optional<Publication> fromJson(const QByteArray& json);
};

} // namespace htmse
