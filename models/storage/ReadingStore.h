// ReadingStore: what this person has read in the news feed and the resource library, and the
// lessons of each course they have done, inside the encrypted profile. Keyed by the items' ids,
// so it survives lock, unlock and every re-sync; a withdrawn item simply is no longer shown.
#pragma once

#include "core/Clock.h"

#include <QSet>
#include <QSqlDatabase>
#include <QUuid>

namespace htmse {

class ReadingStore
{
public:
    explicit ReadingStore(QSqlDatabase db, const Clock& clock = Clock::system());

    bool markOpened(const QUuid& item, QString* error = nullptr); // idempotent
    bool markUnread(const QUuid& item, QString* error = nullptr);
    QSet<QUuid> opened() const;

    bool setLessonDone(const QUuid& course, const QString& lesson, bool done, QString* error = nullptr);
    QSet<QString> lessonsDone(const QUuid& course) const;
    // Every course's done lessons at once (the resource list shows "2 of 5").
    QHash<QUuid, QSet<QString>> allLessonsDone() const;

private:
    QSqlDatabase m_db;
    const Clock& m_clock;
};

} // namespace htmse
