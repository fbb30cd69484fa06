#include "views/expertwitness/ExpertWitnessPage.h"

#include "domain/Vocabulary.h"
#include "export/PdfDocument.h"
#include "itemmodels/MatchResultsModel.h"
#include "itemmodels/ShortlistModel.h"
#include "session/ProfileWorkspace.h"
#include "taxonomy/Countries.h"
#include "views/ProfessionalDetailsView.h"
#include "views/findhelp/ScoreBarDelegate.h"
#include "views/map/MapView.h"
#include "views/map/ResultsMap.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
QComboBox* vocabularyBox(Vocabulary vocabulary, const QString& any, const QString& name, QWidget* parent)
{
    auto* box = new QComboBox(parent);
    box->setObjectName(name);
    box->addItem(any, QString());
    for (const QString& code : vocabularyCodes(vocabulary))
        box->addItem(vocabularyLabel(vocabulary, code), code);
    return box;
}

QPushButton* button(const QString& text, const QString& name, const QString& accessible, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(accessible);
    return b;
}
} // namespace

ExpertWitnessPage::ExpertWitnessPage(QWidget* parent)
    : QWidget(parent)
    , m_model(new MatchResultsModel(this))
    , m_shortlist(new ShortlistModel(this))
    , m_debounce(new QTimer(this))
{
    setObjectName(u"expertWitnessPage"_s);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &ExpertWitnessPage::runQuery);

    m_details = new ProfessionalDetailsView(this);
    m_details->setObjectName(u"expertDetails"_s);
    m_details->setAccessibleName(tr("Details of the selected expert"));

    auto* middle = new QSplitter(Qt::Vertical, this);
    middle->setObjectName(u"expertListsSplitter"_s);
    middle->setChildrenCollapsible(false);
    middle->addWidget(buildResults());
    middle->addWidget(buildShortlist());
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"expertSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(buildFilters());
    m_splitter->addWidget(middle);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);

    QWidget* order[] = {
        m_discipline, m_jurisdiction, m_reportType, m_court,         m_available, m_fees, m_resultsTabs->tabBar(),
        m_results,    m_map->map(),   m_add,        m_shortlistView, m_up,        m_down, m_remove,
        m_exportPdf,  m_exportCsv,    m_request,    m_details};
    for (std::size_t i = 1; i < std::size(order); ++i)
        setTabOrder(order[i - 1], order[i]);
    setWorkspace(nullptr);
}

QWidget* ExpertWitnessPage::buildFilters()
{
    auto* panel = new QWidget;
    m_discipline = vocabularyBox(Vocabulary::ExpertDiscipline, tr("Any discipline"), u"disciplineBox"_s, panel);
    m_discipline->setAccessibleName(tr("Discipline"));
    m_reportType = vocabularyBox(Vocabulary::ReportType, tr("Any report type"), u"reportTypeBox"_s, panel);
    m_reportType->setAccessibleName(tr("Report type"));
    m_jurisdiction = new QComboBox(panel);
    m_jurisdiction->setObjectName(u"jurisdictionBox"_s);
    m_jurisdiction->setAccessibleName(tr("Jurisdiction"));
    m_jurisdiction->addItem(tr("Any jurisdiction"), QString());
    // The United Kingdom's legal systems first: most of the directory's court work is there.
    m_jurisdiction->addItem(tr("England and Wales"), u"GB-ENG"_s);
    m_jurisdiction->addItem(tr("Scotland"), u"GB-SCT"_s);
    m_jurisdiction->addItem(tr("Northern Ireland"), u"GB-NIR"_s);
    m_jurisdiction->insertSeparator(m_jurisdiction->count());
    QList<Countries::Entry> countries = Countries::instance().entries();
    std::sort(countries.begin(), countries.end(), [](const Countries::Entry& a, const Countries::Entry& b) {
        return a.name.localeAwareCompare(b.name) < 0;
    });
    for (const Countries::Entry& c : std::as_const(countries))
        m_jurisdiction->addItem(c.name, c.alpha2);
    // The longest country names would otherwise push the field onto a row of its own.
    m_jurisdiction->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_jurisdiction->setMinimumContentsLength(18);
    m_court = new QSpinBox(panel);
    m_court->setObjectName(u"courtBox"_s);
    m_court->setAccessibleName(tr("Court or tribunal appearances, at least"));
    m_court->setRange(0, 500);
    m_court->setSpecialValueText(tr("Any"));
    m_available = new QCheckBox(tr("Accepting referrals &now"), panel);
    m_available->setObjectName(u"availableOnly"_s);
    m_available->setAccessibleName(tr("Accepting referrals now"));
    m_available->setToolTip(tr("Experts not taking instructions are never shown"));
    m_available->setChecked(true);
    m_fees = new QComboBox(panel);
    m_fees->setObjectName(u"feesBox"_s);
    m_fees->setAccessibleName(tr("Fees"));
    m_fees->addItem(tr("Any fees"), QString());
    m_fees->addItem(tr("Free"), u"free"_s);
    m_fees->addItem(tr("Legal aid"), u"legal-aid"_s);
    m_fees->addItem(tr("Free, legal aid or pro bono"), u"free-or-legal-aid"_s);

    auto* form = new QFormLayout(panel);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("&Discipline"), m_discipline);
    form->addRow(tr("&Jurisdiction"), m_jurisdiction);
    form->addRow(tr("Report &type"), m_reportType);
    form->addRow(tr("&Court experience"), m_court);
    form->addRow(tr("Availability"), m_available);
    form->addRow(tr("&Fees"), m_fees);
    for (QComboBox* box : {m_discipline, m_jurisdiction, m_reportType, m_fees})
        connect(box, &QComboBox::currentIndexChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_court, &QSpinBox::valueChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_available, &QCheckBox::toggled, m_debounce, qOverload<>(&QTimer::start));
    return panel;
}

QWidget* ExpertWitnessPage::buildResults()
{
    auto* panel = new QWidget;
    m_summary = new QLabel(panel);
    m_summary->setObjectName(u"expertSummary"_s);
    m_summary->setWordWrap(true);
    m_results = new QListView(panel);
    m_results->setObjectName(u"expertResults"_s);
    m_results->setAccessibleName(tr("Matching expert witnesses"));
    m_results->setModel(m_model);
    m_results->setItemDelegate(new ScoreBarDelegate(m_results));
    m_results->setWordWrap(true);
    m_results->setResizeMode(QListView::Adjust);
    m_results->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_add = button(tr("&Add to shortlist"), u"addToShortlist"_s, tr("Add the selected expert to the shortlist"), panel);
    connect(m_add, &QPushButton::clicked, this, &ExpertWitnessPage::addSelected);
    connect(m_results, &QListView::activated, this, &ExpertWitnessPage::addSelected);
    connect(m_results->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (const MatchResult* r = current.isValid() ? m_model->resultAt(current.row()) : nullptr)
                    showProfessional(r->id);
                updateButtons();
            });
    m_map = new ResultsMap(panel);
    m_map->map()->setModel(m_model);
    m_map->map()->setSelectionModel(m_results->selectionModel());
    m_resultsTabs = new QTabWidget(panel);
    m_resultsTabs->setObjectName(u"expertResultsTabs"_s);
    m_resultsTabs->setAccessibleName(tr("Show the results as a list or on a map"));
    m_resultsTabs->tabBar()->setAccessibleName(tr("Show the results as a list or on a map"));
    m_resultsTabs->addTab(m_results, tr("L&ist"));
    m_resultsTabs->addTab(m_map, tr("&On the map"));
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_resultsTabs, 1);
    layout->addWidget(m_add, 0, Qt::AlignRight);
    return panel;
}

QWidget* ExpertWitnessPage::buildShortlist()
{
    auto* panel = new QWidget;
    m_shortlistView = new QListView(panel);
    m_shortlistView->setObjectName(u"shortlistView"_s);
    m_shortlistView->setAccessibleName(tr("Shortlist"));
    m_shortlistView->setModel(m_shortlist);
    auto* label = new QLabel(tr("&Shortlist"), panel);
    label->setBuddy(m_shortlistView);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    m_up = button(tr("Move &up"), u"shortlistUp"_s, tr("Move the selected entry up"), panel);
    m_down = button(tr("Move do&wn"), u"shortlistDown"_s, tr("Move the selected entry down"), panel);
    m_remove = button(tr("Re&move"), u"shortlistRemove"_s, tr("Remove the selected entry from the shortlist"), panel);
    m_exportPdf = button(tr("Export &PDF…"), u"exportPdf"_s, tr("Export the shortlist as PDF"), panel);
    m_exportCsv = button(tr("Export CS&V…"), u"exportCsv"_s, tr("Export the shortlist as CSV"), panel);
    m_request =
        button(tr("Request a &report…"), u"requestReport"_s, tr("Request a report from the selected expert"), panel);
    m_exportStatus = new QLabel(panel);
    m_exportStatus->setObjectName(u"exportStatus"_s);
    m_exportStatus->setWordWrap(true);
    connect(m_up, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveSelected(+1); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        m_shortlist->removeAt(m_shortlistView->currentIndex().row());
        updateButtons();
    });
    auto* removeKey = new QShortcut(QKeySequence::Delete, m_shortlistView, nullptr, nullptr, Qt::WidgetShortcut);
    connect(removeKey, &QShortcut::activated, m_remove, &QPushButton::click);
    connect(m_exportPdf, &QPushButton::clicked, this, [this] { chooseExportFile(u"pdf"_s); });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { chooseExportFile(u"csv"_s); });
    connect(m_request, &QPushButton::clicked, this, &ExpertWitnessPage::requestReport);
    connect(m_shortlistView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    showProfessional(current.data(ShortlistModel::IdRole).toUuid());
                updateButtons();
            });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_shortlist, signal, this, &ExpertWitnessPage::updateButtons);
    connect(m_shortlist, &QAbstractItemModel::modelReset, this, &ExpertWitnessPage::updateButtons);

    auto* buttons = new QGridLayout;
    buttons->addWidget(m_up, 0, 0);
    buttons->addWidget(m_down, 0, 1);
    buttons->addWidget(m_remove, 0, 2);
    buttons->addWidget(m_exportPdf, 1, 0);
    buttons->addWidget(m_exportCsv, 1, 1);
    buttons->addWidget(m_request, 1, 2);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addWidget(m_shortlistView, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_exportStatus);
    return panel;
}

void ExpertWitnessPage::setWorkspace(ProfileWorkspace* workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    if (workspace) // locking: nothing of the profile stays on the page
        connect(workspace, &ProfileWorkspace::closing, this, [this] { setWorkspace(nullptr); });
    m_model->setWorkspace(workspace);
    m_shortlist->setWorkspace(workspace);
    if (workspace) // after the model, which runs its query again first
        connect(workspace, &ProfileWorkspace::indexesReady, this, &ExpertWitnessPage::runQuery);
    if (!workspace)
        clear();
    else
        runQuery();
    setEnabled(workspace != nullptr);
}

void ExpertWitnessPage::clear()
{
    for (QComboBox* box : {m_discipline, m_jurisdiction, m_reportType, m_fees}) {
        const QSignalBlocker blocker(box);
        box->setCurrentIndex(0);
    }
    {
        const QSignalBlocker c(m_court), a(m_available);
        m_court->setValue(0);
        m_available->setChecked(true);
    }
    m_debounce->stop();
    if (m_fileDialog)
        m_fileDialog->reject();
    m_model->clear();
    m_shortlist->clear();
    m_details->clearProfessional();
    m_shown = {};
    m_summary->clear();
    m_exportStatus->clear();
    updateButtons();
}

MatchQuery ExpertWitnessPage::currentQuery() const
{
    MatchQuery q;
    q.expertWitness = true;
    q.discipline = m_discipline->currentData().toString();
    q.jurisdiction = m_jurisdiction->currentData().toString();
    q.reportType = m_reportType->currentData().toString();
    q.minCourtAppearances = m_court->value();
    q.includeNotAccepting = !m_available->isChecked();
    q.cost = m_fees->currentData().toString();
    q.remoteOk = true; // an expert's report does not depend on where they sit
    q.limit = 100;
    return q;
}

QString ExpertWitnessPage::reportKind() const
{
    const QString report = m_reportType->currentData().toString();
    const bool medicolegal = report == "medicolegal"_L1 || report == "istanbul-protocol"_L1 ||
                             m_discipline->currentData().toString() == "medicolegal"_L1;
    return medicolegal ? u"medicolegal-report"_s : u"expert-report"_s;
}

void ExpertWitnessPage::runQuery()
{
    m_debounce->stop();
    if (!m_workspace || !m_workspace->isOpen()) {
        m_summary->setText(tr("Unlock a profile to find expert witnesses."));
        return;
    }
    QStringList problems;
    if (!m_model->setQuery(currentQuery(), &problems)) {
        m_summary->setText(tr("These filters cannot be matched: %1").arg(problems.join(u"; "_s)));
        return;
    }
    const int rows = m_model->rowCount();
    m_summary->setText(m_model->preparing() ? tr("Preparing the directory…")
                       : rows == 0          ? tr("No expert witness matches all of these filters.")
                                            : tr("%n expert witness(es) match, best first.", nullptr, rows));
    m_request->setText(reportKind() == "medicolegal-report"_L1 ? tr("Request a medicolegal &report…")
                                                               : tr("Request an expert &report…"));
    updateButtons();
}

void ExpertWitnessPage::showProfessional(const QUuid& id)
{
    m_shown = {};
    if (m_workspace && m_workspace->isOpen())
        if (const auto professional = m_workspace->directory().professional(id)) {
            m_details->showProfessional(*professional);
            m_shown = id;
            return;
        }
    m_details->clearProfessional();
}

void ExpertWitnessPage::addSelected()
{
    const QModelIndex current = m_results->currentIndex();
    const MatchResult* r = current.isValid() ? m_model->resultAt(current.row()) : nullptr;
    if (!r || !m_shortlist->add(r->id, r->explanation()))
        return;
    m_shortlistView->setCurrentIndex(m_shortlist->index(m_shortlist->rowCount() - 1));
    updateButtons();
}

void ExpertWitnessPage::moveSelected(int delta)
{
    const int row = m_shortlistView->currentIndex().row();
    if (m_shortlist->moveBy(row, delta))
        m_shortlistView->setCurrentIndex(m_shortlist->index(row + delta));
    updateButtons();
}

void ExpertWitnessPage::chooseExportFile(const QString& suffix)
{
    if (m_fileDialog)
        m_fileDialog->reject();
    // open(), not exec(): no nested event loop; the dialog goes when the profile locks.
    m_fileDialog = new QFileDialog(this, suffix == "pdf"_L1 ? tr("Export the shortlist as PDF")
                                                            : tr("Export the shortlist as CSV"));
    m_fileDialog->setObjectName(u"shortlistFileDialog"_s);
    m_fileDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_fileDialog->setAcceptMode(QFileDialog::AcceptSave);
    m_fileDialog->setDefaultSuffix(suffix);
    m_fileDialog->setNameFilter(suffix == "pdf"_L1 ? tr("PDF files (*.pdf)") : tr("CSV files (*.csv)"));
    m_fileDialog->selectFile(suffix == "pdf"_L1 ? tr("shortlist.pdf") : tr("shortlist.csv"));
    connect(m_fileDialog, &QFileDialog::fileSelected, this, [this](const QString& path) {
        QString error;
        if (exportShortlist(path, &error))
            m_exportStatus->setText(tr("%n expert(s) written to %1", nullptr, int(m_shortlist->rowCount())).arg(path));
        else
            m_exportStatus->setText(tr("Nothing was written to %1: %2").arg(path, error));
    });
    m_fileDialog->open();
}

bool ExpertWitnessPage::exportShortlist(const QString& path, QString* error)
{
    const bool pdf = path.endsWith(u".pdf"_s, Qt::CaseInsensitive);
    // Written in full, then audited, then released.
    QSaveFile file(path);
    const bool written = file.open(QIODevice::WriteOnly) &&
                         (pdf ? PdfDocument::write(Shortlist::html(m_shortlist->entries(), tr("Shortlist")),
                                                   tr("Shortlist"), &file, error)
                              : Shortlist::writeCsv(&file, m_shortlist->entries(), error));
    if (!written) {
        if (error && error->isEmpty())
            *error = file.errorString();
        file.cancelWriting();
        return false;
    }
    if (!m_shortlist->releaseExport(file, pdf ? u"PDF"_s : u"CSV"_s, error))
        return false;
    emit shortlistExported(path);
    return true;
}

void ExpertWitnessPage::requestReport()
{
    if (!m_shown.isNull())
        emit referralRequested(currentQuery(), m_shown, reportKind());
}

void ExpertWitnessPage::updateButtons()
{
    const int row = m_shortlistView->currentIndex().row();
    const int count = m_shortlist->rowCount();
    m_add->setEnabled(m_results->currentIndex().isValid());
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row < count - 1);
    m_remove->setEnabled(row >= 0);
    m_exportPdf->setEnabled(count > 0);
    m_exportCsv->setEnabled(count > 0);
    m_request->setEnabled(!m_shown.isNull());
}

} // namespace htmse
