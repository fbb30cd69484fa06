// FindHelpPage: the "Find help" place. Filters (needs as a tree, languages, a place and radius,
// remote, interpreter, accepting referrals, verified only) drive a match on the workspace's
// engine through MatchResultsModel; results show a score bar with its number and the engine's
// "why"; the engine's zero-result relaxations are buttons that apply themselves; "Refer…" hands
// the query and the chosen professional on (referralRequested).
#pragma once

#include "matching/MatchQuery.h"
#include "session/ProfileWorkspace.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QVBoxLayout;
class QLabel;
class QListView;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTimer;

namespace htmse {

class LanguagePicker;
class MatchResultsModel;
class NeedsTree;
class PlacePicker;
class ProfessionalDetailsView;
class ResultsMap;

class FindHelpPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 150; // filter changes settle before the match runs

    explicit FindHelpPage(QWidget* parent = nullptr);

    // Matches run on `workspace`; null empties everything, the filters included.
    void setWorkspace(ProfileWorkspace* workspace);
    // Empties the results, the detail pane and the filters (on lock).
    void clear();
    MatchQuery currentQuery() const;
    // Sets the filters from `query` (what a relaxation does) and matches at once.
    void applyQuery(const MatchQuery& query);

    MatchResultsModel* resultsModel() const { return m_model; }
    QListView* resultsView() const { return m_results; }
    // The results as a list or on a map (the map shares the list's model and selection).
    QTabWidget* resultsTabs() const { return m_resultsTabs; }
    ResultsMap* resultsMap() const { return m_map; }
    QSplitter* splitter() const { return m_splitter; }
    ProfessionalDetailsView* detailsView() const { return m_details; }

signals:
    // "Refer…": the query as it stands and the chosen professional; kind "victim-support".
    void referralRequested(const htmse::MatchQuery& query, const QUuid& professionalId, const QString& kind);

private:
    QWidget* buildFilters();
    QWidget* buildResults();
    void filtersChanged();
    void runQuery();
    void showOutcome(); // the summary line for what the model holds
    void showRelaxations();
    void showSelected();
    void refer();
    bool hasFilters() const;

    QPointer<ProfileWorkspace> m_workspace;
    MatchResultsModel* m_model;
    QTimer* m_debounce;
    NeedsTree* m_needs = nullptr;
    LanguagePicker* m_languages = nullptr;
    PlacePicker* m_place = nullptr;
    QCheckBox* m_remote = nullptr;
    QCheckBox* m_interpreter = nullptr;
    QCheckBox* m_accepting = nullptr;
    QCheckBox* m_verified = nullptr;
    QPushButton* m_clearFilters = nullptr;
    QLabel* m_summary = nullptr;
    QWidget* m_relaxations = nullptr;
    QVBoxLayout* m_relaxationButtons = nullptr;
    QListView* m_results = nullptr;
    QTabWidget* m_resultsTabs = nullptr;
    ResultsMap* m_map = nullptr;
    QPushButton* m_refer = nullptr;
    ProfessionalDetailsView* m_details = nullptr;
    QSplitter* m_splitter = nullptr;
};

} // namespace htmse
