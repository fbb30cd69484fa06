#include "itemmodels/DirectoryModel.h"

#include "session/ProfileWorkspace.h"

namespace htmse {

DirectoryModel::DirectoryModel(QObject* parent)
    : ProfessionalListModel(parent)
{}

void DirectoryModel::setWorkspace(ProfileWorkspace* workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    if (workspace) {
        connect(workspace, &ProfileWorkspace::closing, this, [this] { setWorkspace(nullptr); });
        connect(workspace, &ProfileWorkspace::directoryChanged, this, &DirectoryModel::restart);
        connect(workspace, &ProfileWorkspace::indexesReady, this, [this] {
            if (!m_searchText.isEmpty())
                restart();
        });
    }
    restart();
}

void DirectoryModel::restart()
{
    // Always a reset, so views ask canFetchMore() again; nothing is fetched from inside it (a
    // view or the model tester may ask while the reset is still going out), only after.
    m_cursor = {};
    m_atEnd = true;
    if (m_workspace && m_workspace->isOpen() && !SearchIndex::words(m_searchText).isEmpty()) {
        // Hits arrive ranked; the documents are read by id (a few hundred at most).
        QList<Professional> hits;
        DirectoryStore& store = m_workspace->directory();
        for (const SearchIndex::Hit& hit : m_workspace->searchIndex().search(m_searchText, kSearchLimit))
            if (auto professional = store.professional(hit.id))
                hits.append(std::move(*professional));
        setProfessionals(std::move(hits));
        return;
    }
    setProfessionals({});
    m_atEnd = !m_workspace || !m_workspace->isOpen();
}

bool DirectoryModel::preparing() const
{
    return m_workspace && m_workspace->indexesPreparing() && !m_searchText.isEmpty();
}

void DirectoryModel::setSearchText(const QString& text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    restart();
}

bool DirectoryModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void DirectoryModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid() || m_atEnd || m_fetching || !m_workspace)
        return;
    m_fetching = true;
    DirectoryStore::Cursor last = m_cursor;
    const QList<Professional> page = m_workspace->directory().page(m_cursor, kPageSize, &last);
    m_cursor = last;
    if (page.size() < kPageSize)
        m_atEnd = true;
    append(page);
    m_fetching = false;
}

} // namespace htmse
