#include "itemmodels/PublicationModel.h"

#include "domain/SafeHtml.h"
#include "session/ProfileWorkspace.h"
#include "taxonomy/TextFolding.h"

#include <QLocale>

namespace htmse {

using namespace Qt::StringLiterals;

PublicationModel::PublicationModel(SyncJournal::Stream stream, QObject* parent)
    : QAbstractTableModel(parent)
    , m_stream(stream)
{}

int PublicationModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int PublicationModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PublicationModel::kindText(const QString& kind)
{
    if (kind == "course"_L1)
        return tr("Course");
    if (kind == "guide"_L1)
        return tr("Guide");
    if (kind == "document"_L1)
        return tr("Document");
    if (kind == "video"_L1)
        return tr("Video");
    return kind.isEmpty() ? tr("News") : kind;
}

QString PublicationModel::stateText(const Publication& item, bool opened, int lessonsDone)
{
    if (item.isCourse() && !item.lessons.isEmpty()) {
        const int total = int(item.lessons.size());
        if (lessonsDone >= total)
            return tr("All %n lesson(s) done", nullptr, total);
        if (lessonsDone > 0)
            return tr("%1 of %n lesson(s) done", nullptr, total).arg(lessonsDone);
        return opened ? tr("Not started") : tr("Unread");
    }
    return opened ? tr("Read") : tr("Unread");
}

QVariant PublicationModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const Publication& item = m_items.at(index.row());
    const bool unread = !m_opened.contains(item.id);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case TitleColumn:
            return item.title;
        case KindColumn:
            return kindText(item.kind);
        case PublishedColumn:
            return QLocale().toString(item.publishedAt.toLocalTime().date(), QLocale::ShortFormat);
        case StateColumn:
            return stateText(item, !unread, int(m_done.value(item.id).size()));
        }
        return {};
    case Qt::ToolTipRole:
        return item.summary.isEmpty() ? item.title : item.title + u"\n"_s + item.summary;
    case IdRole:
        return item.id;
    case UnreadRole:
        return unread;
    case SearchTextRole:
        return m_searchText.at(index.row());
    }
    return {};
}

QVariant PublicationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn:
        return tr("Title");
    case KindColumn:
        return tr("Kind");
    case PublishedColumn:
        return tr("Published");
    case StateColumn:
        return tr("Read");
    }
    return {};
}

void PublicationModel::setWorkspace(ProfileWorkspace* workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    if (workspace) {
        connect(workspace, &ProfileWorkspace::closing, this, [this] { setWorkspace(nullptr); });
        connect(workspace, &ProfileWorkspace::publicationsChanged, this, &PublicationModel::reload);
    }
    reload();
}

void PublicationModel::reload()
{
    const int unreadBefore = unreadCount();
    beginResetModel();
    m_items.clear();
    m_searchText.clear();
    m_opened.clear();
    m_done.clear();
    if (m_workspace && m_workspace->isOpen()) {
        for (const QByteArray& json : m_workspace->syncJournal().publications(m_stream))
            if (auto item = Publication::fromJson(json))
                m_items.append(std::move(*item));
        // Newest first by publication time; the server's order (its numbers) breaks ties.
        std::stable_sort(m_items.begin(), m_items.end(),
                         [](const Publication& a, const Publication& b) { return a.publishedAt > b.publishedAt; });
        for (const Publication& item : std::as_const(m_items)) {
            QStringList words{item.title, item.summary, SafeHtml::toPlainText(item.body)};
            for (const Lesson& lesson : item.lessons)
                words << lesson.title << SafeHtml::toPlainText(lesson.body);
            m_searchText.append(foldForSearch(words.join(u' ')));
        }
        m_opened = m_workspace->reading().opened();
        m_done = m_workspace->reading().allLessonsDone();
    }
    endResetModel();
    if (unreadCount() != unreadBefore)
        emit unreadCountChanged(unreadCount());
}

const Publication* PublicationModel::publicationAt(int row) const
{
    return row >= 0 && row < m_items.size() ? &m_items.at(row) : nullptr;
}

int PublicationModel::rowOf(const QUuid& id) const
{
    for (qsizetype i = 0; i < m_items.size(); ++i)
        if (m_items.at(i).id == id)
            return int(i);
    return -1;
}

int PublicationModel::unreadCount() const
{
    int unread = 0;
    for (const Publication& item : m_items)
        unread += m_opened.contains(item.id) ? 0 : 1;
    return unread;
}

void PublicationModel::rowChanged(const QUuid& id)
{
    const int row = rowOf(id);
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

bool PublicationModel::markOpened(const QUuid& id, QString* error)
{
    if (!m_workspace || m_opened.contains(id))
        return m_workspace != nullptr;
    if (!m_workspace->reading().markOpened(id, error))
        return false;
    m_opened.insert(id);
    rowChanged(id);
    emit unreadCountChanged(unreadCount());
    return true;
}

bool PublicationModel::markUnread(const QUuid& id, QString* error)
{
    if (!m_workspace || !m_opened.contains(id))
        return m_workspace != nullptr;
    if (!m_workspace->reading().markUnread(id, error))
        return false;
    m_opened.remove(id);
    rowChanged(id);
    emit unreadCountChanged(unreadCount());
    return true;
}

bool PublicationModel::setLessonDone(const QUuid& course, const QString& lesson, bool done, QString* error)
{
    if (!m_workspace || !m_workspace->reading().setLessonDone(course, lesson, done, error))
        return false;
    if (done)
        m_done[course].insert(lesson);
    else
        m_done[course].remove(lesson);
    rowChanged(course);
    return true;
}

void PublicationFilterModel::setSearchText(const QString& text)
{
    const QStringList words = searchWords(text);
    if (words == m_words)
        return;
    m_words = words;
    invalidateFilter();
}

bool PublicationFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QString text =
        sourceModel()->index(sourceRow, 0, sourceParent).data(PublicationModel::SearchTextRole).toString();
    for (const QString& word : m_words)
        if (!text.contains(word))
            return false;
    return true;
}

} // namespace htmse
