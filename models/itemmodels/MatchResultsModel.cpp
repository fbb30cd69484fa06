#include "itemmodels/MatchResultsModel.h"

#include "session/ProfileWorkspace.h"

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
    case LatitudeRole:
        return r.place ? QVariant(r.place->latitude()) : QVariant();
    case LongitudeRole:
        return r.place ? QVariant(r.place->longitude()) : QVariant();
    case PlaceConfidentialRole:
        return r.placeConfidential;
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
    names.insert(LatitudeRole, "latitude");
    names.insert(LongitudeRole, "longitude");
    names.insert(PlaceConfidentialRole, "placeConfidential");
    return names;
}

void MatchResultsModel::setResults(QList<MatchResult> results, QList<Relaxation> relaxations)
{
    beginResetModel();
    m_results = std::move(results);
    m_relaxations = std::move(relaxations);
    endResetModel();
}

bool MatchResultsModel::preparing() const
{
    return m_workspace && m_workspace->indexesPreparing();
}

void MatchResultsModel::clear()
{
    setResults({}, {});
}

void MatchResultsModel::setWorkspace(ProfileWorkspace* workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    m_query.reset();
    clear();
    if (!workspace)
        return;
    connect(workspace, &ProfileWorkspace::closing, this, [this] { setWorkspace(nullptr); });
    const auto rerun = [this] {
        if (m_query)
            setQuery(*m_query);
    };
    connect(workspace, &ProfileWorkspace::directoryChanged, this, rerun);
    connect(workspace, &ProfileWorkspace::indexesReady, this, rerun);
}

bool MatchResultsModel::setQuery(const MatchQuery& query, QStringList* problems)
{
    if (!m_workspace || !m_workspace->isOpen())
        return false;
    const MatchEngine& engine = m_workspace->matchEngine();
    const QStringList found = engine.validate(query);
    if (!found.isEmpty()) {
        if (problems)
            *problems = found;
        return false;
    }
    m_query = query;
    if (m_workspace->indexesPreparing()) {
        clear(); // run again when the indexes are in (indexesReady)
        return true;
    }
    QList<MatchResult> results = engine.match(query);
    // Relaxations only where they help: when the results do not fill the page.
    QList<Relaxation> relaxations = results.size() < query.limit ? engine.relaxations(query) : QList<Relaxation>();
    setResults(std::move(results), std::move(relaxations));
    return true;
}

} // namespace htmse
