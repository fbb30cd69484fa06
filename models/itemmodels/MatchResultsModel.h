// MatchResultsModel: the top results of a match, with the score, its parts and the explanation
// as roles. It holds only the top N, never the whole directory.
#pragma once

#include "matching/MatchQuery.h"

#include <QAbstractListModel>
#include <QPointer>

#include <optional>

namespace htmse {

class ProfileWorkspace;

class MatchResultsModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        NameRole,
        ScoreRole,      // 0..100
        DistanceKmRole, // double, or invalid when not by place
        ExplanationRole,
        PartsRole,        // QVariantMap: needs, language, distance, capacity, verification, preference (0..1)
        CoveredNeedsRole, // QStringList
        RemoteRole,
        InterpreterRole,
        LatitudeRole,          // double: where the result may be drawn; invalid when it may not (below)
        LongitudeRole,         // double, or invalid
        PlaceConfidentialRole, // bool: matched at a confidential location, so it has no place to draw
    };
    Q_ENUM(Role)

    explicit MatchResultsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Matches run on `workspace`'s engine, again when its directory changes; null (or the
    // workspace closing) empties the model.
    void setWorkspace(ProfileWorkspace* workspace);
    // Runs `query` (false, with the problems in plain words, when it is not valid) and shows the
    // top results, plus the relaxations when the results do not fill query.limit.
    bool setQuery(const MatchQuery& query, QStringList* problems = nullptr);
    // The workspace's indexes are still being built: no results yet, which is not "none found".
    // The query is kept and run when they are ready.
    bool preparing() const;
    const std::optional<MatchQuery>& query() const { return m_query; }

    void setResults(QList<MatchResult> results, QList<Relaxation> relaxations = {});
    void clear();
    const QList<Relaxation>& relaxations() const { return m_relaxations; }
    const MatchResult* resultAt(int row) const;

private:
    QPointer<ProfileWorkspace> m_workspace;
    std::optional<MatchQuery> m_query;
    QList<MatchResult> m_results;
    QList<Relaxation> m_relaxations;
};

} // namespace htmse
