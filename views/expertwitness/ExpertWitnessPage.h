// ExpertWitnessPage: the "Expert witnesses" place for legal teams. Filters (discipline,
// jurisdiction, report type, court experience, availability, fees) match expert witnesses on the
// workspace's engine; a shortlist is built, reordered and exported as PDF or CSV through
// export/Shortlist (audited as htmse-cli audits it); "Request a report" hands the query and the
// expert on as an expert-report or medicolegal-report referral.
#pragma once

#include "matching/MatchQuery.h"
#include "session/ProfileWorkspace.h"

#include <QPointer>
#include <QUuid>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QFileDialog;
class QLabel;
class QListView;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTabWidget;
class QTimer;

namespace htmse {

class MatchResultsModel;
class ProfessionalDetailsView;
class ResultsMap;
class ShortlistModel;

class ExpertWitnessPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 150;

    explicit ExpertWitnessPage(QWidget* parent = nullptr);

    void setWorkspace(ProfileWorkspace* workspace);
    void clear(); // results, shortlist, filters, detail pane (on lock)
    MatchQuery currentQuery() const;
    // Writes the shortlist (PDF when `path` ends in .pdf, else CSV) and audits it; false with
    // *error when nothing was written.
    bool exportShortlist(const QString& path, QString* error);
    // The referral kind a report request from these filters asks for.
    QString reportKind() const;

    MatchResultsModel* resultsModel() const { return m_model; }
    ShortlistModel* shortlistModel() const { return m_shortlist; }
    QListView* resultsView() const { return m_results; }
    QTabWidget* resultsTabs() const { return m_resultsTabs; } // list or map, one selection
    ResultsMap* resultsMap() const { return m_map; }
    QListView* shortlistView() const { return m_shortlistView; }
    QSplitter* splitter() const { return m_splitter; }

signals:
    void referralRequested(const htmse::MatchQuery& query, const QUuid& professionalId, const QString& kind);
    void shortlistExported(const QString& path);

private:
    QWidget* buildFilters();
    QWidget* buildResults();
    QWidget* buildShortlist();
    void runQuery();
    void showProfessional(const QUuid& id);
    void addSelected();
    void moveSelected(int delta);
    void chooseExportFile(const QString& suffix);
    void requestReport();
    void updateButtons();
    QUuid m_shown; // the professional in the detail pane: what "Request a report" asks

    QPointer<ProfileWorkspace> m_workspace;
    MatchResultsModel* m_model;
    ShortlistModel* m_shortlist;
    QTimer* m_debounce;
    QComboBox* m_discipline = nullptr;
    QComboBox* m_jurisdiction = nullptr;
    QComboBox* m_reportType = nullptr;
    QSpinBox* m_court = nullptr;
    QCheckBox* m_available = nullptr;
    QComboBox* m_fees = nullptr;
    QLabel* m_summary = nullptr;
    QListView* m_results = nullptr;
    QTabWidget* m_resultsTabs = nullptr;
    ResultsMap* m_map = nullptr;
    QPushButton* m_add = nullptr;
    QListView* m_shortlistView = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_up = nullptr;
    QPushButton* m_down = nullptr;
    QPushButton* m_exportPdf = nullptr;
    QPushButton* m_exportCsv = nullptr;
    QPushButton* m_request = nullptr;
    QLabel* m_exportStatus = nullptr;
    ProfessionalDetailsView* m_details = nullptr;
    QSplitter* m_splitter = nullptr;
    QPointer<QFileDialog> m_fileDialog;
};

} // namespace htmse
