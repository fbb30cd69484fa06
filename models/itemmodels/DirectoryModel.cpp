#include "itemmodels/DirectoryModel.h"

namespace htmse {

DirectoryModel::DirectoryModel(QObject* parent)
    : ProfessionalListModel(parent)
{}

void DirectoryModel::setDatabase(const QSqlDatabase& db)
{
    clear();
    m_db = db;
    m_cursor = {};
    m_atEnd = !db.isValid() || !db.isOpen();
}

bool DirectoryModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void DirectoryModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid() || m_atEnd || m_fetching)
        return;
    m_fetching = true;
    DirectoryStore::Cursor last = m_cursor;
    const QList<Professional> page = DirectoryStore(m_db).page(m_cursor, kPageSize, &last);
    m_cursor = last;
    if (page.size() < kPageSize)
        m_atEnd = true;
    append(page);
    m_fetching = false;
}

} // namespace htmse
