// ShortlistModel: the professionals a legal team (or a caseworker) has picked to take away, in the
// order they chose, with why each was picked. Entries are added, removed and moved by the user;
// exporting goes through export/Shortlist (the views write the file) and is audited here, as
// `htmse-cli export --shortlist` audits it. Emptied when the workspace closes.
#pragma once

#include "export/Shortlist.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QSaveFile>

namespace htmse {

class ProfileWorkspace;

class ShortlistModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        WhyRole,
        PlaceRole,
    };
    Q_ENUM(Role)

    explicit ShortlistModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Entries are looked up in `workspace`'s directory; null (or the workspace closing) empties
    // the list.
    void setWorkspace(ProfileWorkspace* workspace);
    // Adds the professional at the end; false when there is no such profile or it is listed already.
    bool add(const QUuid& id, const QString& why = {});
    bool removeAt(int row);
    // Moves one entry up (-1) or down (+1); false at either end.
    bool moveBy(int row, int delta);
    bool contains(const QUuid& id) const;
    void clear();
    const QList<ShortlistEntry>& entries() const { return m_entries; }
    // Releases a written export (a QSaveFile holding it all, not yet committed) once its audit
    // entry is written ("shortlist as CSV: 3 professionals", no names); nothing is released when
    // the entry cannot be written or the profile is locked (ProfileWorkspace::releaseAudited).
    bool releaseExport(QSaveFile& file, const QString& format, QString* error);

private:
    QPointer<ProfileWorkspace> m_workspace;
    QList<ShortlistEntry> m_entries;
};

} // namespace htmse
