// DirectoryModel: the whole directory of the unlocked profile, by name, fetched lazily from the
// workspace's encrypted store a page at a time as the view scrolls (canFetchMore/fetchMore) —
// never the whole directory at once, and no proxy model over it. With search text it holds the
// workspace's SearchIndex hits instead, best first. Emptied when the workspace closes; starts
// over when the directory changes underneath.
#pragma once

#include "itemmodels/ProfessionalListModel.h"
#include "storage/DirectoryStore.h"

#include <QPointer>

namespace htmse {

class ProfileWorkspace;

class DirectoryModel : public ProfessionalListModel
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 200;
    static constexpr int kSearchLimit = 200; // hits shown for a search

    explicit DirectoryModel(QObject* parent = nullptr);

    // Starts over on `workspace`'s directory; null empties the model.
    void setWorkspace(ProfileWorkspace* workspace);
    // Every word a prefix of a word of the profile (SearchIndex); empty text: the whole directory.
    void setSearchText(const QString& text);
    // A search typed while the workspace's indexes are still being built: shown once they are in.
    bool preparing() const;
    const QString& searchText() const { return m_searchText; }
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

private:
    void restart();

    QPointer<ProfileWorkspace> m_workspace;
    QString m_searchText;
    DirectoryStore::Cursor m_cursor;
    bool m_atEnd = true;
    bool m_fetching = false; // views (and QAbstractItemModelTester) may ask again from inside an insert
};

} // namespace htmse
