#include "views/findhelp/FindHelpPage.h"

#include "itemmodels/MatchResultsModel.h"
#include "session/ProfileWorkspace.h"
#include "views/ProfessionalDetailsView.h"
#include "views/findhelp/LanguagePicker.h"
#include "views/findhelp/NeedsTree.h"
#include "views/findhelp/PlacePicker.h"
#include "views/findhelp/ScoreBarDelegate.h"
#include "views/map/MapView.h"
#include "views/map/ResultsMap.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
QLabel* heading(const QString& text, QWidget* buddy, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setBuddy(buddy);
    return label;
}

QCheckBox* checkBox(const QString& text, const QString& name, QWidget* parent)
{
    auto* box = new QCheckBox(text, parent);
    box->setObjectName(name);
    box->setAccessibleName(QString(text).remove(u'&'));
    return box;
}
} // namespace

FindHelpPage::FindHelpPage(QWidget* parent)
    : QWidget(parent)
    , m_model(new MatchResultsModel(this))
    , m_debounce(new QTimer(this))
{
    setObjectName(u"findHelpPage"_s);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &FindHelpPage::runQuery);

    m_details = new ProfessionalDetailsView(this);
    m_details->setObjectName(u"findHelpDetails"_s);
    m_details->setAccessibleName(tr("Details of the selected professional"));

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"findHelpSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(buildFilters());
    m_splitter->addWidget(buildResults());
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 3);
    // The filters as wide as the needs' labels, within reason; the rest shared (unless remembered).
    const int em = fontMetrics().averageCharWidth();
    const int filters = std::min(m_needs->labelsWidth() + em * 6, em * 48);
    m_splitter->setSizes({filters, em * 60, em * 50});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);

    // Tab order follows the reading order: filters top to bottom, then results, then the details.
    QWidget* order[] = {m_needs,
                        m_languages->lineEdit(),
                        m_languages->list(),
                        m_place->lineEdit(),
                        m_place->radiusBox(),
                        m_remote,
                        m_interpreter,
                        m_accepting,
                        m_verified,
                        m_clearFilters,
                        m_resultsTabs->tabBar(),
                        m_results,
                        m_map->map(),
                        m_refer,
                        m_details};
    for (std::size_t i = 1; i < std::size(order); ++i)
        setTabOrder(order[i - 1], order[i]);
    setWorkspace(nullptr);
}

QWidget* FindHelpPage::buildFilters()
{
    auto* panel = new QWidget;
    m_needs = new NeedsTree(panel);
    m_needs->setObjectName(u"needsTree"_s);
    m_needs->setAccessibleName(tr("Needs"));
    m_languages = new LanguagePicker(panel);
    m_place = new PlacePicker(panel);
    m_remote = checkBox(tr("Re&mote services will do"), u"remoteOk"_s, panel);
    m_interpreter = checkBox(tr("&An interpreter will do"), u"interpreterOk"_s, panel);
    m_accepting = checkBox(tr("A&ccepting referrals now"), u"acceptingOnly"_s, panel);
    m_accepting->setChecked(true);
    m_verified = checkBox(tr("&Verified only"), u"verifiedOnly"_s, panel);
    m_clearFilters = new QPushButton(tr("Clear filters"), panel);
    m_clearFilters->setObjectName(u"clearFilters"_s);
    m_clearFilters->setAccessibleName(tr("Clear filters"));

    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(heading(tr("&Needs"), m_needs, panel));
    layout->addWidget(m_needs, 1);
    layout->addWidget(heading(tr("&Languages"), m_languages->lineEdit(), panel));
    layout->addWidget(m_languages);
    layout->addWidget(heading(tr("&Place"), m_place->lineEdit(), panel));
    layout->addWidget(m_place);
    for (QCheckBox* box : {m_remote, m_interpreter, m_accepting, m_verified})
        layout->addWidget(box);
    layout->addWidget(m_clearFilters, 0, Qt::AlignLeft);

    connect(m_needs, &NeedsTree::needsChanged, this, &FindHelpPage::filtersChanged);
    connect(m_languages, &LanguagePicker::languagesChanged, this, &FindHelpPage::filtersChanged);
    connect(m_place, &PlacePicker::placeChanged, this, &FindHelpPage::filtersChanged);
    for (QCheckBox* box : {m_remote, m_interpreter, m_accepting, m_verified})
        connect(box, &QCheckBox::toggled, this, &FindHelpPage::filtersChanged);
    connect(m_clearFilters, &QPushButton::clicked, this, [this] { applyQuery(MatchQuery()); });

    auto* scroll = new QScrollArea;
    scroll->setObjectName(u"findHelpFilters"_s);
    scroll->setAccessibleName(tr("Filters"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus);
    scroll->setWidget(panel);
    return scroll;
}

QWidget* FindHelpPage::buildResults()
{
    auto* panel = new QWidget;
    m_summary = new QLabel(panel);
    m_summary->setObjectName(u"resultsSummary"_s);
    m_summary->setWordWrap(true);

    m_relaxations = new QWidget(panel);
    m_relaxations->setObjectName(u"relaxations"_s);
    auto* relaxLayout = new QVBoxLayout(m_relaxations);
    relaxLayout->setContentsMargins(0, 0, 0, 0);
    relaxLayout->addWidget(new QLabel(tr("Widen the search:"), m_relaxations));
    m_relaxationButtons = new QVBoxLayout;
    relaxLayout->addLayout(m_relaxationButtons);
    m_relaxations->hide();

    m_results = new QListView(panel);
    m_results->setObjectName(u"resultsView"_s);
    m_results->setAccessibleName(tr("Matching professionals"));
    m_results->setModel(m_model);
    m_results->setItemDelegate(new ScoreBarDelegate(m_results));
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->setUniformItemSizes(false);
    m_results->setWordWrap(true);
    m_results->setResizeMode(QListView::Adjust);
    m_results->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    connect(m_results->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FindHelpPage::showSelected);
    connect(m_model, &QAbstractItemModel::modelReset, this, &FindHelpPage::showRelaxations);
    connect(m_model, &QAbstractItemModel::modelReset, this, &FindHelpPage::showSelected); // none left: empty pane
    connect(m_results, &QListView::activated, this, &FindHelpPage::refer);

    m_map = new ResultsMap(panel);
    m_map->map()->setModel(m_model);
    m_map->map()->setSelectionModel(m_results->selectionModel());
    m_resultsTabs = new QTabWidget(panel);
    m_resultsTabs->setObjectName(u"resultsTabs"_s);
    m_resultsTabs->setAccessibleName(tr("Show the results as a list or on a map"));
    m_resultsTabs->tabBar()->setAccessibleName(tr("Show the results as a list or on a map"));
    m_resultsTabs->addTab(m_results, tr("L&ist"));
    m_resultsTabs->addTab(m_map, tr("&On the map"));

    m_refer = new QPushButton(tr("&Refer…"), panel);
    m_refer->setObjectName(u"referButton"_s);
    m_refer->setAccessibleName(tr("Refer the person to the selected professional"));
    m_refer->setEnabled(false);
    connect(m_refer, &QPushButton::clicked, this, &FindHelpPage::refer);

    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(m_summary);
    layout->addWidget(m_relaxations);
    layout->addWidget(m_resultsTabs, 1);
    layout->addWidget(m_refer, 0, Qt::AlignRight);
    return panel;
}

void FindHelpPage::setWorkspace(ProfileWorkspace* workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    if (workspace) // locking: nothing of the profile stays on the page
        connect(workspace, &ProfileWorkspace::closing, this, [this] { setWorkspace(nullptr); });
    m_model->setWorkspace(workspace);
    if (workspace) {
        // After the model, which runs its query again first.
        connect(workspace, &ProfileWorkspace::indexesReady, this, &FindHelpPage::showOutcome);
        connect(workspace, &ProfileWorkspace::indexProgress, this, [this] {
            if (m_model->preparing() && m_model->query())
                showOutcome();
        });
    }
    if (!workspace)
        clear();
    else
        runQuery();
    setEnabled(workspace != nullptr);
}

void FindHelpPage::clear()
{
    m_debounce->stop();
    {
        const QSignalBlocker n(m_needs), l(m_languages), p(m_place);
        m_needs->clearChecks();
        m_languages->setLanguages({});
        m_place->clear();
        m_place->setRadiusKm(50);
        m_remote->setChecked(false);
        m_interpreter->setChecked(false);
        m_accepting->setChecked(true);
        m_verified->setChecked(false);
    }
    m_debounce->stop(); // the check boxes above asked for a match
    m_map->map()->setSearchArea(std::nullopt, 0);
    m_model->clear();
    m_details->clearProfessional();
    showRelaxations();
}

bool FindHelpPage::hasFilters() const
{
    return !m_needs->checkedCodes().isEmpty() || !m_languages->languages().isEmpty() || m_place->point().has_value();
}

MatchQuery FindHelpPage::currentQuery() const
{
    MatchQuery q;
    for (const QString& code : m_needs->checkedCodes())
        q.needs.append({code, true});
    q.languages = m_languages->languages();
    q.near = m_place->point();
    q.radiusKm = m_place->radiusKm();
    q.remoteOk = m_remote->isChecked();
    q.interpreterOk = m_interpreter->isChecked();
    q.includeNotAccepting = !m_accepting->isChecked();
    q.verifiedOnly = m_verified->isChecked();
    q.limit = 50;
    return q;
}

void FindHelpPage::applyQuery(const MatchQuery& query)
{
    {
        const QSignalBlocker n(m_needs), l(m_languages), p(m_place);
        QStringList codes;
        for (const MatchQuery::Need& need : query.needs)
            codes.append(need.code);
        m_needs->setCheckedCodes(codes);
        m_languages->setLanguages(query.languages);
        if (!query.near)
            m_place->clear();
        m_place->setRadiusKm(query.radiusKm);
        m_remote->setChecked(query.remoteOk);
        m_interpreter->setChecked(query.interpreterOk);
        m_accepting->setChecked(!query.includeNotAccepting);
        m_verified->setChecked(query.verifiedOnly);
    }
    m_debounce->stop();
    runQuery();
}

void FindHelpPage::filtersChanged()
{
    m_debounce->start(); // restarts: a burst of changes runs one match
}

void FindHelpPage::runQuery()
{
    m_debounce->stop();
    if (!m_workspace || !m_workspace->isOpen()) {
        m_summary->setText(tr("Unlock a profile to find help."));
        return;
    }
    if (!hasFilters()) {
        m_map->map()->setSearchArea(std::nullopt, 0);
        m_model->clear();
        m_summary->setText(tr("Choose the person's needs, languages or place to see who can help."));
        return;
    }
    QStringList problems;
    const MatchQuery query = currentQuery();
    m_map->map()->setSearchArea(query.near, query.radiusKm);
    if (!m_model->setQuery(query, &problems)) {
        m_summary->setText(tr("These filters cannot be matched: %1").arg(problems.join(u"; "_s)));
        return;
    }
    showOutcome();
}

void FindHelpPage::showOutcome()
{
    if (!m_workspace || !m_model->query())
        return;
    if (m_model->preparing()) {
        m_summary->setText(tr("Preparing the directory… %1 %").arg(m_workspace->indexPercent()));
        return;
    }
    const int rows = m_model->rowCount();
    m_summary->setText(rows > 0 ? tr("%n professional(s) match, best first.", nullptr, rows)
                       : m_model->relaxations().isEmpty()
                           ? tr("No one matches all of these filters, and no single change finds anyone. Try "
                                "fewer needs, another place or a larger radius.")
                           : tr("No one matches all of these filters."));
    if (m_place->isUnknownPlace())
        m_summary->setText(m_summary->text() + u' ' + tr("The place is not known, so distance is not used."));
    if (rows > 0)
        m_results->setCurrentIndex(m_model->index(0));
}

void FindHelpPage::showRelaxations()
{
    while (QLayoutItem* item = m_relaxationButtons->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QList<Relaxation>& relaxations = m_model->relaxations();
    // The model offers them only when the results do not fill the query's limit.
    m_relaxations->setVisible(!relaxations.isEmpty());
    for (const Relaxation& r : relaxations) {
        auto* button = new QPushButton(r.description, m_relaxations);
        button->setObjectName(u"relaxation"_s);
        button->setAccessibleName(tr("Widen the search: %1").arg(r.description));
        button->setToolTip(tr("Change the filters to find these too"));
        m_relaxationButtons->addWidget(button);
        connect(button, &QPushButton::clicked, this, [this, kind = r.kind] {
            if (const std::optional<MatchQuery>& q = m_model->query())
                applyQuery(Relaxation::apply(*q, kind));
        });
    }
}

void FindHelpPage::showSelected()
{
    const QModelIndex current = m_results->currentIndex();
    const MatchResult* result = current.isValid() ? m_model->resultAt(current.row()) : nullptr;
    m_refer->setEnabled(result != nullptr);
    if (!result || !m_workspace || !m_workspace->isOpen()) {
        m_details->clearProfessional();
        return;
    }
    if (const auto professional = m_workspace->directory().professional(result->id))
        m_details->showProfessional(*professional);
    else
        m_details->clearProfessional();
}

void FindHelpPage::refer()
{
    const QModelIndex current = m_results->currentIndex();
    const MatchResult* result = current.isValid() ? m_model->resultAt(current.row()) : nullptr;
    if (result && m_model->query())
        emit referralRequested(*m_model->query(), result->id, u"victim-support"_s);
}

} // namespace htmse
