#include "itemmodels/MatchResultsModel.h"

namespace htmse {

using namespace Qt::StringLiterals;

MatchResultsModel::MatchResultsModel(QObject* parent)
    : QAbstractListModel(parent)
{}

int MatchResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

const MatchResult* MatchResultsModel::resultAt(int row) const
{
    return row >= 0 && row < m_results.size() ? &m_results.at(row) : nullptr;
}

QVariant MatchResultsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MatchResult& r = m_results.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return r.name;
    case Qt::ToolTipRole:
    case ExplanationRole:
        return r.explanation();
    case IdRole:
        return r.id;
    case ScoreRole:
        return r.score;
    case DistanceKmRole:
        return r.distanceKm ? QVariant(*r.distanceKm) : QVariant();
    case PartsRole:
        return QVariantMap{{u"needs"_s, r.needsPart},
                           {u"language"_s, r.languagePart},
                           {u"distance"_s, r.distancePart},
                           {u"capacity"_s, r.capacityPart},
                           {u"verification"_s, r.verificationPart},
                           {u"preference"_s, r.preferencePart}};
    case CoveredNeedsRole:
        return r.coveredNeeds;
    case RemoteRole:
        return r.viaRemote;
    case InterpreterRole:
        return r.viaInterpreter;
    default:
        return {};
    }
}

QHash<int, QByteArray> MatchResultsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(NameRole, "name");
    names.insert(ScoreRole, "score");
    names.insert(DistanceKmRole, "distanceKm");
    names.insert(ExplanationRole, "explanation");
    names.insert(PartsRole, "parts");
    names.insert(CoveredNeedsRole, "coveredNeeds");
    names.insert(RemoteRole, "remote");
    names.insert(InterpreterRole, "interpreter");
    return names;
}

void MatchResultsModel::setResults(QList<MatchResult> results, QList<Relaxation> relaxations)
{
    beginResetModel();
    m_results = std::move(results);
    m_relaxations = std::move(relaxations);
    endResetModel();
}

void MatchResultsModel::clear()
{
    setResults({}, {});
}

} // namespace htmse
