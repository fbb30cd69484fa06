#include "views/dashboard/DashboardPage.h"

#include "domain/Vocabulary.h"
#include "session/ProfileWorkspace.h"
#include "views/dashboard/ReferralCharts.h"
#include "views/referrals/ReferralTexts.h"

#include <QBuffer>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
enum Preset
{
    LastThreeMonths,
    LastSixMonths,
    LastTwelveMonths,
    ThisYear,
    LastYear,
    Custom
};

QDateEdit* monthEdit(const QString& objectName, const QString& accessibleName, QWidget* parent)
{
    auto* edit = new QDateEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    edit->setDisplayFormat(u"MMMM yyyy"_s);
    edit->setCalendarPopup(true);
    edit->setDateRange(QDate(2000, 1, 1), QDate(2100, 12, 31));
    return edit;
}

QTableWidgetItem* number(int value)
{
    auto* item = new QTableWidgetItem(QLocale().toString(value));
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
} // namespace

DashboardPage::DashboardPage(QWidget* parent)
    : QWidget(parent)
    , m_preset(new QComboBox(this))
    , m_from(monthEdit(u"fromMonth"_s, tr("From month"), this))
    , m_to(monthEdit(u"toMonth"_s, tr("To month"), this))
    , m_export(new QPushButton(tr("&Export…"), this))
    , m_report(new QWidget(this))
    , m_heading(new QLabel(m_report))
    , m_summary(new QLabel(m_report))
    , m_charts(new ReferralChartsView(m_report))
    , m_tabs(new QTabWidget(this))
    , m_monthTable(new QTableWidget(this))
    , m_acceptanceTable(new QTableWidget(this))
    , m_message(new QLabel(this))
    , m_refreshTimer(new QTimer(this))
{
    setObjectName(u"DashboardPage"_s);
    m_preset->setObjectName(u"periodPreset"_s);
    m_preset->setAccessibleName(tr("Period"));
    m_preset->addItems({tr("Last 3 months"), tr("Last 6 months"), tr("Last 12 months"), tr("This year"),
                        tr("Last year"), tr("Chosen months")});
    m_export->setObjectName(u"exportDashboard"_s);
    m_export->setAccessibleName(tr("Export the dashboard"));
    m_export->setToolTip(tr("Save these figures and charts as a PNG image or a PDF document"));
    m_heading->setObjectName(u"dashboardHeading"_s);
    m_summary->setObjectName(u"dashboardSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    m_summary->setFocusPolicy(Qt::StrongFocus); // read by screen readers in tab order
    m_summary->setAccessibleName(tr("Summary of the figures"));
    m_message->setObjectName(u"dashboardMessage"_s);
    m_message->setWordWrap(true);
    m_monthTable->setObjectName(u"monthTable"_s);
    m_monthTable->setAccessibleName(tr("Referrals per month by status, as a table"));
    m_acceptanceTable->setObjectName(u"acceptanceTable"_s);
    m_acceptanceTable->setAccessibleName(tr("Median days from sent to accepted, by kind, as a table"));
    for (QTableWidget* table : {m_monthTable, m_acceptanceTable}) {
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->verticalHeader()->setVisible(false);
        table->horizontalHeader()->setStretchLastSection(true);
    }

    auto* periodRow = new QHBoxLayout;
    auto* periodLabel = new QLabel(tr("&Period:"), this);
    periodLabel->setBuddy(m_preset);
    auto* fromLabel = new QLabel(tr("&From"), this);
    fromLabel->setBuddy(m_from);
    auto* toLabel = new QLabel(tr("&to"), this);
    toLabel->setBuddy(m_to);
    periodRow->addWidget(periodLabel);
    periodRow->addWidget(m_preset);
    periodRow->addSpacing(fontMetrics().averageCharWidth() * 2);
    periodRow->addWidget(fromLabel);
    periodRow->addWidget(m_from);
    periodRow->addWidget(toLabel);
    periodRow->addWidget(m_to);
    periodRow->addStretch(1);
    periodRow->addWidget(m_export);

    auto* reportLayout = new QVBoxLayout(m_report);
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    reportLayout->addWidget(m_heading);
    reportLayout->addWidget(m_summary);
    reportLayout->addWidget(m_charts, 1);

    auto* tables = new QSplitter(Qt::Vertical, this);
    tables->addWidget(m_monthTable);
    tables->addWidget(m_acceptanceTable);
    m_tabs->setObjectName(u"dashboardTabs"_s);
    m_tabs->setAccessibleName(tr("Charts or table"));
    m_tabs->tabBar()->setAccessibleName(tr("Charts or table"));
    m_tabs->addTab(m_report, tr("&Charts"));
    m_tabs->addTab(tables, tr("Figures as a &table"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(periodRow);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);
    auto* note = new QLabel(tr("Counted from this device's referral log: your organisation's referrals as last "
                               "synced. Referrals you received as a professional are not counted. Counts only — "
                               "no case is named here or in an export."),
                            this);
    note->setWordWrap(true);
    note->setEnabled(false);
    layout->addWidget(note);

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(250); // a burst of referral changes (a sync) is counted once
    connect(m_refreshTimer, &QTimer::timeout, this, &DashboardPage::refresh);
    connect(m_preset, &QComboBox::activated, this, &DashboardPage::choosePreset);
    for (QDateEdit* edit : {m_from, m_to})
        connect(edit, &QDateEdit::dateChanged, this, [this] {
            m_preset->setCurrentIndex(Custom);
            scheduleRefresh();
        });
    connect(m_export, &QPushButton::clicked, this, &DashboardPage::chooseExportFile);
    m_preset->setCurrentIndex(LastSixMonths);
    choosePreset(LastSixMonths);
    clear();
}

void DashboardPage::setWorkspace(ProfileWorkspace* workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    if (m_dialog)
        m_dialog->reject();
    if (!workspace) {
        clear();
        return;
    }
    connect(workspace, &ProfileWorkspace::referralChanged, this, &DashboardPage::scheduleRefresh);
    connect(workspace, &ProfileWorkspace::referralsReplaced, this, &DashboardPage::scheduleRefresh);
    connect(workspace, &ProfileWorkspace::closing, this, [this] { setWorkspace(nullptr); });
    choosePreset(m_preset->currentIndex()); // "this year" is the workspace clock's
    scheduleRefresh();
}

void DashboardPage::choosePreset(int index)
{
    const QDate today = m_workspace ? m_workspace->clock().now().toLocalTime().date() : QDate::currentDate();
    const QDate thisMonth(today.year(), today.month(), 1);
    switch (Preset(index)) {
    case LastThreeMonths:
        return setPeriod(thisMonth.addMonths(-2), thisMonth);
    case LastSixMonths:
        return setPeriod(thisMonth.addMonths(-5), thisMonth);
    case LastTwelveMonths:
        return setPeriod(thisMonth.addMonths(-11), thisMonth);
    case ThisYear:
        return setPeriod(QDate(today.year(), 1, 1), thisMonth);
    case LastYear:
        return setPeriod(QDate(today.year() - 1, 1, 1), QDate(today.year() - 1, 12, 1));
    case Custom:
        break;
    }
}

void DashboardPage::setPeriod(QDate fromMonth, QDate toMonth)
{
    const int preset = m_preset->currentIndex();
    const QSignalBlocker fromBlocker(m_from);
    const QSignalBlocker toBlocker(m_to);
    m_from->setDate(fromMonth);
    m_to->setDate(toMonth);
    m_preset->setCurrentIndex(preset);
    scheduleRefresh();
}

void DashboardPage::scheduleRefresh()
{
    if (!m_workspace)
        return;
    // Counting a large log takes a while (about a second at 50,000 referrals): only while the
    // page is seen; a hidden page counts when it is shown again.
    if (isVisible())
        m_refreshTimer->start();
    else
        m_stale = true;
}

void DashboardPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale && m_workspace)
        m_refreshTimer->start();
}

void DashboardPage::refresh()
{
    m_refreshTimer->stop();
    m_stale = false;
    if (!m_workspace || !m_workspace->isOpen()) {
        clear();
        return;
    }
    const QDate today = m_workspace->clock().now().toLocalTime().date();
    m_figures = ReferralStatistics(m_workspace->session().database()).figures(m_from->date(), m_to->date(), today);
    m_heading->setText(tr("Referral figures, %1").arg(periodText()));
    fillSummary();
    m_charts->setFigures(m_figures);
    fillTables();
    m_export->setEnabled(true);
    emit refreshed();
}

QString DashboardPage::periodText() const
{
    const QLocale locale;
    if (m_figures.months.isEmpty())
        return {};
    const QString first = locale.toString(m_figures.from, u"MMMM yyyy"_s);
    const QString last = locale.toString(m_figures.months.constLast(), u"MMMM yyyy"_s);
    return first == last ? first : tr("%1 to %2").arg(first, last);
}

void DashboardPage::fillSummary()
{
    const QLocale locale;
    QStringList lines;
    lines << tr("%n referral(s) created in this period.", nullptr, m_figures.createdInPeriod);
    QString followUps = tr("%n open referral(s); ", nullptr, m_figures.openReferrals) +
                        tr("%n follow-up(s) overdue", nullptr, m_figures.overdueFollowUps);
    if (m_figures.oldestOverdue.isValid())
        followUps += tr(" (the oldest due %1)").arg(locale.toString(m_figures.oldestOverdue, QLocale::ShortFormat));
    followUps += tr(", %n due today.", nullptr, m_figures.followUpsDueToday);
    lines << followUps;
    lines << tr("%n change(s) refused by the server in this period; ", nullptr, m_figures.rejectedUploads) +
                 tr("%n waiting to upload.", nullptr, m_figures.waitingUploads);
    m_summary->setText(lines.join(u'\n'));
}

void DashboardPage::fillTables()
{
    const QLocale locale;
    m_monthTable->clear();
    m_monthTable->setRowCount(int(m_figures.months.size()));
    m_monthTable->setColumnCount(int(m_figures.statuses.size()) + 2);
    QStringList headers{tr("Month")};
    for (ReferralStatus status : m_figures.statuses)
        headers << ReferralTexts::status(status);
    headers << tr("All");
    m_monthTable->setHorizontalHeaderLabels(headers);
    for (int m = 0; m < m_figures.months.size(); ++m) {
        m_monthTable->setItem(m, 0, new QTableWidgetItem(locale.toString(m_figures.months.at(m), u"MMMM yyyy"_s)));
        int total = 0;
        for (int s = 0; s < m_figures.statuses.size(); ++s) {
            total += m_figures.perMonth.at(s).at(m);
            m_monthTable->setItem(m, s + 1, number(m_figures.perMonth.at(s).at(m)));
        }
        m_monthTable->setItem(m, int(m_figures.statuses.size()) + 1, number(total));
    }
    m_monthTable->resizeColumnsToContents();

    m_acceptanceTable->clear();
    m_acceptanceTable->setColumnCount(3);
    m_acceptanceTable->setHorizontalHeaderLabels(
        {tr("Kind"), tr("Median days, sent to accepted"), tr("Referrals accepted")});
    m_acceptanceTable->setRowCount(int(m_figures.acceptance.size()));
    for (int row = 0; row < m_figures.acceptance.size(); ++row) {
        const ReferralFigures::Acceptance& a = m_figures.acceptance.at(row);
        m_acceptanceTable->setItem(row, 0, new QTableWidgetItem(vocabularyLabel(Vocabulary::ReferralKind, a.kind)));
        auto* days = new QTableWidgetItem(locale.toString(a.medianDays, 'f', 1));
        days->setData(Qt::UserRole, a.medianDays);
        days->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_acceptanceTable->setItem(row, 1, days);
        m_acceptanceTable->setItem(row, 2, number(a.count));
    }
    m_acceptanceTable->resizeColumnsToContents();
}

void DashboardPage::clear()
{
    m_refreshTimer->stop();
    m_figures = {};
    m_heading->setText(tr("Referral figures"));
    m_summary->setText(tr("Unlock a profile to see its figures."));
    m_charts->clear();
    m_monthTable->clear();
    m_monthTable->setRowCount(0);
    m_monthTable->setColumnCount(0);
    m_acceptanceTable->clear();
    m_acceptanceTable->setRowCount(0);
    m_acceptanceTable->setColumnCount(0);
    m_message->clear();
    m_message->hide();
    m_export->setEnabled(false);
}

QByteArray DashboardPage::render(Format format) const
{
    // Drawn at a fixed size, whatever the window's, so that exports look alike.
    const QSize size(1400, 1000);
    const QSize shown = m_report->size();
    m_report->resize(size);
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    if (format == Format::Png) {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(palette().color(QPalette::Window));
        m_report->render(&image);
        image.save(&buffer, "PNG");
    } else {
        QPdfWriter pdf(&buffer);
        pdf.setTitle(tr("Referral figures"));
        pdf.setCreator(u"HTMSE Desktop"_s);
        pdf.setPageOrientation(QPageLayout::Landscape);
        pdf.setResolution(150);
        QPainter painter(&pdf);
        const QRect page = painter.viewport();
        const double scale = std::min(double(page.width()) / size.width(), double(page.height()) / size.height());
        painter.scale(scale, scale);
        m_report->render(&painter);
    }
    m_report->resize(shown);
    return out;
}

void DashboardPage::chooseExportFile()
{
    if (!m_workspace)
        return;
    auto* dialog = new QFileDialog(this, tr("Export the dashboard"));
    dialog->setObjectName(u"dashboardFileDialog"_s);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setNameFilters({tr("PDF documents (*.pdf)"), tr("PNG images (*.png)")});
    dialog->setDefaultSuffix(u"pdf"_s);
    connect(dialog, &QFileDialog::filterSelected, dialog, [dialog](const QString& filter) {
        dialog->setDefaultSuffix(filter.contains(u"*.png"_s) ? u"png"_s : u"pdf"_s);
    });
    connect(dialog, &QFileDialog::fileSelected, this, &DashboardPage::exportTo);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    m_dialog = dialog;
    dialog->open();
}

bool DashboardPage::exportTo(const QString& path)
{
    if (!m_workspace || !m_workspace->isOpen())
        return false;
    refresh(); // the figures as they are now, not as they were when the page last counted
    const bool png = QFileInfo(path).suffix().compare(u"png"_s, Qt::CaseInsensitive) == 0;
    const QByteArray bytes = render(png ? Format::Png : Format::Pdf);
    QSaveFile file(path);
    QString error;
    if (bytes.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        error = bytes.isEmpty() ? tr("the report could not be drawn") : file.errorString();
        file.cancelWriting();
        say(tr("Nothing was exported: %1").arg(error), true);
        return false;
    }
    // Audited before it appears, like every export (counts only, but it leaves the profile).
    if (!m_workspace->releaseAudited(file, u"export"_s,
                                     u"dashboard as %1: %2 to %3"_s.arg(png ? u"PNG"_s : u"PDF"_s,
                                                                        m_figures.from.toString(Qt::ISODate),
                                                                        m_figures.to.toString(Qt::ISODate)),
                                     &error)) {
        say(tr("Nothing was exported: %1").arg(error), true);
        return false;
    }
    say(tr("The dashboard was exported to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

void DashboardPage::say(const QString& text, bool problem)
{
    m_message->setText(text);
    m_message->setStyleSheet(problem ? u"color: #a4262c;"_s : QString());
    m_message->setAccessibleName(text);
    m_message->show();
}

} // namespace htmse
