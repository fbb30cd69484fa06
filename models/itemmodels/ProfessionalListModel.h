// ProfessionalListModel: a flat, read-only list of directory profiles with roles for every
// field the views show. It holds the rows it is given; DirectoryModel (lazy, over the
// encrypted store) takes over the whole-directory view when the store lands.
#pragma once

#include "domain/Professional.h"

#include <QAbstractListModel>
#include <QHash>

namespace htmse {

class ProfessionalListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        DisplayNameRole,
        TitleRole,
        ProfessionalTypesRole, // QStringList of codes
        TypesTextRole,         // translated, comma separated
        ServicesRole,          // QStringList of need codes
        LanguagesRole,         // QStringList of ISO 639-3 codes
        LanguagesTextRole,     // language names, comma separated
        PlaceRole,             // "City, Country" of the first location, or "Remote"
        RemoteRole,
        AcceptingReferralsRole,
        VerificationStatusRole,
        ExpertWitnessRole, // bool
        ProfessionalRole,  // the whole Professional as a QVariant
    };
    Q_ENUM(Role)

    enum Column
    {
        NameColumn,
        TypeColumn,
        PlaceColumn,
        LanguagesColumn,
        ColumnCount
    };

    explicit ProfessionalListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setProfessionals(QList<Professional> professionals); // resets the model
    void upsert(const Professional& professional);            // inserts or updates one row
    void append(const QList<Professional>& professionals);    // adds rows at the end, one insert signal
    bool remove(const QUuid& id);
    void clear(); // on lock: nothing stays in memory
    const Professional* professionalAt(int row) const;
    int rowOf(const QUuid& id) const;

private:
    void reindex();

    QList<Professional> m_rows;
    QHash<QUuid, int> m_rowById;
};

} // namespace htmse

Q_DECLARE_METATYPE(htmse::Professional)
