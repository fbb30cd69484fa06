#include "storage/ReadingStore.h"

#include "core/JsonReader.h"

#include <QSqlError>
#include <QSqlQuery>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
bool run(QSqlQuery& q, QString* error)
{
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}
} // namespace

ReadingStore::ReadingStore(QSqlDatabase db, const Clock& clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

bool ReadingStore::markOpened(const QUuid& item, QString* error)
{
    QSqlQuery q(m_db);
    q.prepare(u"INSERT OR IGNORE INTO reading_opened (item_id, opened_at) VALUES (?, ?)"_s);
    q.addBindValue(uuidString(item));
    q.addBindValue(toIsoUtc(m_clock.now()));
    return run(q, error);
}

bool ReadingStore::markUnread(const QUuid& item, QString* error)
{
    QSqlQuery q(m_db);
    q.prepare(u"DELETE FROM reading_opened WHERE item_id = ?"_s);
    q.addBindValue(uuidString(item));
    return run(q, error);
}

QSet<QUuid> ReadingStore::opened() const
{
    QSet<QUuid> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT item_id FROM reading_opened"_s))
        while (q.next())
            out.insert(QUuid(q.value(0).toString()));
    return out;
}

bool ReadingStore::setLessonDone(const QUuid& course, const QString& lesson, bool done, QString* error)
{
    QSqlQuery q(m_db);
    if (done) {
        q.prepare(u"INSERT OR IGNORE INTO course_progress (resource_id, lesson_id, done_at) VALUES (?, ?, ?)"_s);
        q.addBindValue(uuidString(course));
        q.addBindValue(lesson);
        q.addBindValue(toIsoUtc(m_clock.now()));
    } else {
        q.prepare(u"DELETE FROM course_progress WHERE resource_id = ? AND lesson_id = ?"_s);
        q.addBindValue(uuidString(course));
        q.addBindValue(lesson);
    }
    return run(q, error);
}

QSet<QString> ReadingStore::lessonsDone(const QUuid& course) const
{
    return allLessonsDone().value(course);
}

QHash<QUuid, QSet<QString>> ReadingStore::allLessonsDone() const
{
    QHash<QUuid, QSet<QString>> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT resource_id, lesson_id FROM course_progress"_s))
        while (q.next())
            out[QUuid(q.value(0).toString())].insert(q.value(1).toString());
    return out;
}

} // namespace htmse
