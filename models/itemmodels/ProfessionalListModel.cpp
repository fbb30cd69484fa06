#include "itemmodels/ProfessionalListModel.h"

#include "domain/LanguageCode.h"
#include "domain/Vocabulary.h"
#include "taxonomy/Countries.h"

namespace htmse {

using namespace Qt::StringLiterals;

ProfessionalListModel::ProfessionalListModel(QObject* parent)
    : QAbstractListModel(parent)
{}

int ProfessionalListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProfessionalListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {
QString typesText(const Professional& p)
{
    QStringList labels;
    for (const QString& t : p.professionalTypes)
        labels.append(vocabularyLabel(Vocabulary::ProfessionalType, t));
    return labels.join(u", "_s);
}

QString languagesText(const Professional& p)
{
    QStringList names;
    for (const LanguageSkill& l : p.languages)
        if (const auto code = LanguageCode::parse(l.code))
            names.append(code->name());
    return names.join(u", "_s);
}

QString placeText(const Professional& p)
{
    if (p.locations.isEmpty())
        return ProfessionalListModel::tr("Remote");
    const ServiceLocation& l = p.locations.first();
    const QString country = Countries::instance().name(l.country);
    return l.city.isEmpty() ? country : l.city + u", "_s + country;
}
} // namespace

QVariant ProfessionalListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Professional& p = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return p.displayName;
        case TypeColumn:
            return typesText(p);
        case PlaceColumn:
            return placeText(p);
        case LanguagesColumn:
            return languagesText(p);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return index.column() == NameColumn && !p.title.isEmpty() ? QVariant(p.displayName + u" · "_s + p.title)
                                                                  : QVariant();
    case IdRole:
        return p.id;
    case DisplayNameRole:
        return p.displayName;
    case TitleRole:
        return p.title;
    case ProfessionalTypesRole:
        return p.professionalTypes;
    case TypesTextRole:
        return typesText(p);
    case ServicesRole:
        return p.services;
    case LanguagesRole: {
        QStringList codes;
        for (const LanguageSkill& l : p.languages)
            codes.append(l.code);
        return codes;
    }
    case LanguagesTextRole:
        return languagesText(p);
    case PlaceRole:
        return placeText(p);
    case RemoteRole:
        return p.remoteService;
    case AcceptingReferralsRole:
        return p.capacity.acceptingReferrals;
    case VerificationStatusRole:
        return p.verification.status;
    case ExpertWitnessRole:
        return p.expertWitness.has_value();
    case ProfessionalRole:
        return QVariant::fromValue(p);
    default:
        return {};
    }
}

QVariant ProfessionalListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case TypeColumn:
        return tr("Profession");
    case PlaceColumn:
        return tr("Place");
    case LanguagesColumn:
        return tr("Languages");
    default:
        return {};
    }
}

QHash<int, QByteArray> ProfessionalListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(DisplayNameRole, "displayName");
    names.insert(TitleRole, "title");
    names.insert(ProfessionalTypesRole, "professionalTypes");
    names.insert(TypesTextRole, "typesText");
    names.insert(ServicesRole, "services");
    names.insert(LanguagesRole, "languages");
    names.insert(LanguagesTextRole, "languagesText");
    names.insert(PlaceRole, "place");
    names.insert(RemoteRole, "remote");
    names.insert(AcceptingReferralsRole, "acceptingReferrals");
    names.insert(VerificationStatusRole, "verificationStatus");
    names.insert(ExpertWitnessRole, "expertWitness");
    names.insert(ProfessionalRole, "professional");
    return names;
}

void ProfessionalListModel::setProfessionals(QList<Professional> professionals)
{
    beginResetModel();
    m_rows = std::move(professionals);
    reindex();
    endResetModel();
}

void ProfessionalListModel::upsert(const Professional& professional)
{
    if (const int row = rowOf(professional.id); row >= 0) {
        m_rows[row] = professional;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(professional);
    m_rowById.insert(professional.id, row);
    endInsertRows();
}

void ProfessionalListModel::append(const QList<Professional>& professionals)
{
    if (professionals.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(professionals.size()) - 1);
    for (const Professional& p : professionals) {
        m_rowById.insert(p.id, int(m_rows.size()));
        m_rows.append(p);
    }
    endInsertRows();
}

bool ProfessionalListModel::remove(const QUuid& id)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    reindex();
    endRemoveRows();
    return true;
}

void ProfessionalListModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    endResetModel();
}

const Professional* ProfessionalListModel::professionalAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int ProfessionalListModel::rowOf(const QUuid& id) const
{
    return m_rowById.value(id, -1);
}

void ProfessionalListModel::reindex()
{
    m_rowById.clear();
    m_rowById.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).id, i);
}

} // namespace htmse
