// DirectoryPage: the "Directory" place. The whole directory by name, or — as you type — the
// search index's hits (every word a prefix), with the detail pane for the selected profile.
// Without a profile it can show a directory file (the demo) as it is.
#pragma once

#include "domain/Professional.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTimer;

namespace htmse {

class DirectoryModel;
class ProfessionalDetailsView;
class ProfessionalListModel;
class ProfileWorkspace;

class DirectoryPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 150;

    explicit DirectoryPage(QWidget* parent = nullptr);

    // The unlocked profile's directory; null empties the page.
    void setWorkspace(ProfileWorkspace* workspace);
    // Shows a directory file's profiles (no profile open; search needs one).
    void showFileDirectory(QList<Professional> professionals);
    void clear();

    // The model the table shows now: the profile's directory, or the file's.
    ProfessionalListModel* currentModel() const;
    DirectoryModel* directoryModel() const { return m_directory; }
    ProfessionalListModel* fileModel() const { return m_file; }
    QTableView* view() const { return m_view; }
    QLineEdit* searchEdit() const { return m_search; }
    QSplitter* splitter() const { return m_splitter; }
    ProfessionalDetailsView* detailsView() const { return m_details; }

private:
    void useModel(ProfessionalListModel* model);
    void search();
    void showSelected();
    void updateSummary();

    DirectoryModel* m_directory;
    ProfessionalListModel* m_file;
    QLineEdit* m_search;
    QLabel* m_summary;
    QTableView* m_view;
    ProfessionalDetailsView* m_details;
    QSplitter* m_splitter;
    QTimer* m_debounce;
};

} // namespace htmse
