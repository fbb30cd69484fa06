#include "views/directory/DirectoryPage.h"

#include "itemmodels/DirectoryModel.h"
#include "session/ProfileWorkspace.h"
#include "views/ProfessionalDetailsView.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

DirectoryPage::DirectoryPage(QWidget* parent)
    : QWidget(parent)
    , m_directory(new DirectoryModel(this))
    , m_file(new ProfessionalListModel(this))
    , m_search(new QLineEdit(this))
    , m_summary(new QLabel(this))
    , m_view(new QTableView(this))
    , m_details(new ProfessionalDetailsView(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_debounce(new QTimer(this))
{
    setObjectName(u"directoryPage"_s);
    m_search->setObjectName(u"directorySearch"_s);
    m_search->setAccessibleName(tr("Search the directory"));
    m_search->setPlaceholderText(tr("Search names, organisations, expertise, places…"));
    m_search->setClearButtonEnabled(true);
    auto* label = new QLabel(tr("&Search"), this);
    label->setBuddy(m_search);
    m_summary->setObjectName(u"directorySummary"_s);

    m_view->setObjectName(u"directoryView"_s);
    m_view->setAccessibleName(tr("Directory"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_details->setObjectName(u"detailsView"_s);
    m_details->setAccessibleName(tr("Details of the selected professional"));

    m_splitter->setObjectName(u"directorySplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    auto* left = new QWidget(m_splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(label);
    searchRow->addWidget(m_search, 1);
    leftLayout->addLayout(searchRow);
    leftLayout->addWidget(m_summary);
    leftLayout->addWidget(m_view, 1);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);
    setTabOrder(m_search, m_view);
    setTabOrder(m_view, m_details);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &DirectoryPage::search);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &DirectoryPage::search);
    for (ProfessionalListModel* model : {static_cast<ProfessionalListModel*>(m_directory), m_file}) {
        connect(model, &QAbstractItemModel::modelReset, this, &DirectoryPage::updateSummary);
        connect(model, &QAbstractItemModel::rowsInserted, this, &DirectoryPage::updateSummary);
    }
    useModel(m_directory);
    m_search->setEnabled(false);
    updateSummary();
}

void DirectoryPage::useModel(ProfessionalListModel* model)
{
    if (m_view->model() != model) {
        m_view->setModel(model);
        connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DirectoryPage::showSelected);
        connect(model, &QAbstractItemModel::modelReset, this, &DirectoryPage::showSelected);
        m_view->setColumnWidth(ProfessionalListModel::NameColumn, m_view->fontMetrics().averageCharWidth() * 28);
        m_view->setColumnWidth(ProfessionalListModel::TypeColumn, m_view->fontMetrics().averageCharWidth() * 22);
        m_view->setColumnWidth(ProfessionalListModel::PlaceColumn, m_view->fontMetrics().averageCharWidth() * 24);
    }
    showSelected();
}

void DirectoryPage::setWorkspace(ProfileWorkspace* workspace)
{
    m_debounce->stop();
    m_search->clear();
    m_debounce->stop();
    m_file->clear();
    m_directory->setSearchText({});
    m_directory->setWorkspace(workspace);
    if (workspace) { // locking: nothing of the profile stays on the page
        connect(workspace, &ProfileWorkspace::closing, this, &DirectoryPage::clear, Qt::UniqueConnection);
        connect(workspace, &ProfileWorkspace::indexesReady, this, &DirectoryPage::updateSummary, Qt::UniqueConnection);
    }
    useModel(m_directory);
    m_search->setEnabled(workspace != nullptr);
    m_search->setPlaceholderText(workspace ? tr("Search names, organisations, expertise, places…")
                                           : tr("Unlock a profile to search"));
    updateSummary();
}

void DirectoryPage::showFileDirectory(QList<Professional> professionals)
{
    m_directory->setWorkspace(nullptr);
    m_file->setProfessionals(std::move(professionals));
    useModel(m_file);
    m_search->setEnabled(false);
    m_search->setPlaceholderText(tr("Search needs an unlocked profile"));
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    if (m_file->rowCount() > 0)
        m_view->selectRow(0);
    updateSummary();
}

void DirectoryPage::clear()
{
    m_debounce->stop();
    m_search->clear();
    m_debounce->stop();
    m_directory->setSearchText({});
    m_directory->setWorkspace(nullptr);
    m_file->clear();
    m_details->clearProfessional();
    m_summary->clear();
    m_search->setEnabled(false);
    m_search->setPlaceholderText(tr("Unlock a profile to search"));
}

ProfessionalListModel* DirectoryPage::currentModel() const
{
    return qobject_cast<ProfessionalListModel*>(m_view->model());
}

void DirectoryPage::search()
{
    m_debounce->stop();
    if (currentModel() != m_directory)
        return;
    m_directory->setSearchText(m_search->text().trimmed());
    if (m_directory->rowCount() > 0 && !m_directory->searchText().isEmpty())
        m_view->selectRow(0);
    updateSummary();
}

void DirectoryPage::showSelected()
{
    const ProfessionalListModel* model = currentModel();
    const QModelIndex current = m_view->selectionModel() ? m_view->selectionModel()->currentIndex() : QModelIndex();
    if (const Professional* p = model && current.isValid() ? model->professionalAt(current.row()) : nullptr)
        m_details->showProfessional(*p);
    else
        m_details->clearProfessional();
}

void DirectoryPage::updateSummary()
{
    const ProfessionalListModel* model = currentModel();
    const int rows = model ? model->rowCount() : 0;
    if (model == m_file)
        m_summary->setText(tr("%n professional(s) from a directory file", nullptr, rows));
    else if (!m_directory->searchText().isEmpty())
        m_summary->setText(m_directory->preparing() ? tr("Preparing the directory for search…")
                           : rows == 0 ? tr("Nothing in the directory matches “%1”.").arg(m_directory->searchText())
                           : rows >= DirectoryModel::kSearchLimit
                               ? tr("The first %n matches, best first; type more to narrow them.", nullptr, rows)
                               : tr("%n match(es), best first", nullptr, rows));
    else
        m_summary->setText(m_search->isEnabled() ? tr("The whole directory, by name") : QString());
}

} // namespace htmse
