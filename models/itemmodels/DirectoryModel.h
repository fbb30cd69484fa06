// DirectoryModel: the whole directory of the unlocked profile, by name, fetched lazily from the
// encrypted store a page at a time as the view scrolls (canFetchMore/fetchMore) — never the
// whole directory at once, and no proxy model over it.
#pragma once

#include "itemmodels/ProfessionalListModel.h"
#include "storage/DirectoryStore.h"

#include <QSqlDatabase>

namespace htmse {

class DirectoryModel : public ProfessionalListModel
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 200;

    explicit DirectoryModel(QObject* parent = nullptr);

    // Starts over on `db` (the unlocked profile's connection); an invalid one empties the model.
    void setDatabase(const QSqlDatabase& db);
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

private:
    QSqlDatabase m_db;
    DirectoryStore::Cursor m_cursor;
    bool m_atEnd = true;
    bool m_fetching = false; // views (and QAbstractItemModelTester) may ask again from inside an insert
};

} // namespace htmse
