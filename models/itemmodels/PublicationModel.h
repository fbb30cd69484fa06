// PublicationModel: the news feed or the resource library kept in the profile for offline
// reading (SyncJournal), newest first, each row read or unread and, for a course, how many of
// its lessons this person has done (ReadingStore). Follows the workspace: a sync that brings,
// updates or withdraws items reloads it; lock empties it. PublicationFilterModel narrows it to
// the rows whose words contain every word typed (case and diacritics folded).
#pragma once

#include "domain/Publication.h"
#include "sync/SyncJournal.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QSet>
#include <QSortFilterProxyModel>

namespace htmse {

class ProfileWorkspace;

class PublicationModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TitleColumn,
        KindColumn,
        PublishedColumn,
        StateColumn, // "Unread", "Read", a course's "2 of 5 lessons done"
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        UnreadRole,     // bool (the views show it bold, besides the state column's words)
        SearchTextRole, // folded words of the title, summary, body and lessons
    };
    Q_ENUM(Role)

    explicit PublicationModel(SyncJournal::Stream stream, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setWorkspace(ProfileWorkspace* workspace);
    void reload();
    SyncJournal::Stream stream() const { return m_stream; }

    const Publication* publicationAt(int row) const;
    int rowOf(const QUuid& id) const; // -1 when not shown
    int unreadCount() const;
    bool isOpened(const QUuid& id) const { return m_opened.contains(id); }
    QSet<QString> lessonsDone(const QUuid& course) const { return m_done.value(course); }

    // Kept in the profile; false (and *error) when it cannot be written.
    bool markOpened(const QUuid& id, QString* error = nullptr);
    bool markUnread(const QUuid& id, QString* error = nullptr);
    bool setLessonDone(const QUuid& course, const QString& lesson, bool done, QString* error = nullptr);

    // "2 of 5 lessons done" (a course), "Read", "Unread".
    static QString stateText(const Publication& item, bool opened, int lessonsDone);
    static QString kindText(const QString& kind);

signals:
    void unreadCountChanged(int unread);

private:
    void rowChanged(const QUuid& id);

    SyncJournal::Stream m_stream;
    QPointer<ProfileWorkspace> m_workspace;
    QList<Publication> m_items;
    QStringList m_searchText;
    QSet<QUuid> m_opened;
    QHash<QUuid, QSet<QString>> m_done;
};

class PublicationFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setSearchText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QStringList m_words;
};

} // namespace htmse
