// The Dashboard place on a real profile: the figures it shows (table, charts, summary) are the
// hand-built log's; it follows the log and the period; exports as PNG and PDF are audited and
// nothing is written when the audit entry cannot be; no case is named anywhere on it; a lock
// empties it.
#include "common/ManualClock.h"
#include "common/ReferralScreens.h"
#include "common/TemporaryWorkspace.h"
#include "translations/Translations.h"
#include "views/dashboard/DashboardPage.h"
#include "views/dashboard/ReferralCharts.h"

#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStackedBarSeries>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace htmse;
using namespace Qt::StringLiterals;
using E = ReferralEventType;
using S = ReferralStatus;
using test::press;

namespace {
const QUuid kLawyer = QUuid::fromString(u"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"_s);

QDateTime utc(int m, int d)
{
    return QDateTime(QDate(2026, m, d), QTime(12, 0), QTimeZone::utc());
}
} // namespace

class TestDashboardPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { installTranslations(); }
    void init();
    void cleanup();
    void showsTheLogsFigures();
    void followsTheLogAndThePeriod();
    void exportsAreAudited();
    void exportByKeyboard();
    void nothingLeavesWithoutItsAuditEntry();
    void namesNoCaseAndLockEmptiesIt();
    void everyInteractiveWidgetIsNamed();

private:
    QUuid referral(const QDateTime& created, E answer, qint64 answerAfterDays,
                   const QString& kind = u"victim-support"_s);
    QString cell(const QString& table, int row, int column) const
    {
        const QTableWidgetItem* item = m_page->findChild<QTableWidget*>(table)->item(row, column);
        return item ? item->text() : QString();
    }

    test::ManualClock m_clock{utc(11, 30)};
    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    std::unique_ptr<DashboardPage> m_page;
    int m_case = 0;
};

QUuid TestDashboardPage::referral(const QDateTime& created, E answer, qint64 answerAfterDays, const QString& kind)
{
    m_clock.setWallClock(created);
    ReferralDetails d;
    d.caseRef = u"HT-DASH-%1"_s.arg(++m_case);
    d.kind = kind;
    d.needs = {u"legal.immigration"_s};
    d.recipientId = kLawyer;
    d.consent = Consent{true, u"support"_s, created.date(), u"amina"_s, false, false, {}, {}};
    ReferralError error;
    const auto id = (*m_workspace)->createReferral(d, &error);
    if (!id)
        qFatal("createReferral: %s", qPrintable(error.message));
    (*m_workspace)->addReferralEvent(*id, E::Sent, {}, &error);
    if (answer != E::Created) {
        m_clock.setWallClock(created.addDays(answerAfterDays));
        const QJsonObject payload =
            answer == E::Declined ? QJsonObject{{u"reason"_s, u"no-capacity"_s}} : QJsonObject{};
        if (!(*m_workspace)->addReferralEvent(*id, answer, payload, &error))
            qFatal("answer: %s", qPrintable(error.message));
    }
    m_clock.setWallClock(utc(11, 30));
    return *id;
}

void TestDashboardPage::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>(m_clock);
    referral(utc(9, 10), E::Accepted, 2);
    referral(utc(11, 2), E::Accepted, 4);
    referral(utc(11, 3), E::Declined, 1);
    m_page = std::make_unique<DashboardPage>();
    m_page->resize(1100, 800);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    m_page->setWorkspace(m_workspace->get());
    QSignalSpy refreshed(m_page.get(), &DashboardPage::refreshed);
    m_page->setPeriod(QDate(2026, 9, 1), QDate(2026, 11, 1));
    QVERIFY(refreshed.wait());
}

void TestDashboardPage::cleanup()
{
    m_page.reset();
    m_workspace.reset();
}

void TestDashboardPage::showsTheLogsFigures()
{
    // The table: a row per month, a column per status that occurs, and the month's total.
    auto* months = m_page->findChild<QTableWidget*>(u"monthTable"_s);
    QCOMPARE(months->rowCount(), 3);
    QCOMPARE(months->columnCount(), 4);
    QCOMPARE(months->horizontalHeaderItem(1)->text(), u"Accepted"_s);
    QCOMPARE(months->horizontalHeaderItem(2)->text(), u"Declined"_s);
    QCOMPARE(months->horizontalHeaderItem(3)->text(), u"All"_s);
    const QList<QStringList> expected{{u"September 2026"_s, u"1"_s, u"0"_s, u"1"_s},
                                      {u"October 2026"_s, u"0"_s, u"0"_s, u"0"_s},
                                      {u"November 2026"_s, u"1"_s, u"1"_s, u"2"_s}};
    for (int row = 0; row < 3; ++row)
        for (int column = 0; column < 4; ++column)
            QCOMPARE(cell(u"monthTable"_s, row, column), expected.at(row).at(column));
    // Sent when created, accepted 2 and 4 days later: a median of 3.0 days.
    QCOMPARE(cell(u"acceptanceTable"_s, 0, 0), u"Victim support"_s);
    QCOMPARE(cell(u"acceptanceTable"_s, 0, 1), u"3.0"_s);
    QCOMPARE(cell(u"acceptanceTable"_s, 0, 2), u"2"_s);
    const QString summary = m_page->findChild<QLabel*>(u"dashboardSummary"_s)->text();
    QVERIFY2(summary.contains(u"3 referrals created in this period."_s), qPrintable(summary));
    QVERIFY2(summary.contains(u"2 open referrals; 0 follow-ups overdue"_s), qPrintable(summary));
    QCOMPARE(m_page->findChild<QLabel*>(u"dashboardHeading"_s)->text(),
             u"Referral figures, September 2026 to November 2026"_s);

    // The charts carry the same numbers.
    auto* charts = m_page->findChild<ReferralChartsView*>();
    const auto series = charts->monthsChart()->series();
    QCOMPARE(series.size(), 1);
    const auto sets = qobject_cast<QStackedBarSeries*>(series.first())->barSets();
    QCOMPARE(sets.size(), 2);
    QCOMPARE(sets.at(0)->label(), u"Accepted"_s);
    QCOMPARE(QList<qreal>({sets.at(0)->at(0), sets.at(0)->at(1), sets.at(0)->at(2)}), (QList<qreal>{1, 0, 1}));
    QCOMPARE(QList<qreal>({sets.at(1)->at(0), sets.at(1)->at(1), sets.at(1)->at(2)}), (QList<qreal>{0, 0, 1}));
    const auto acceptance = charts->acceptanceChart()->series();
    QCOMPARE(acceptance.size(), 1);
    // Three days, give or take the millisecond by which the store orders events recorded at once.
    QVERIFY(qAbs(qobject_cast<QAbstractBarSeries*>(acceptance.first())->barSets().first()->at(0) - 3.0) < 1e-6);
}

void TestDashboardPage::followsTheLogAndThePeriod()
{
    QSignalSpy refreshed(m_page.get(), &DashboardPage::refreshed);
    referral(utc(10, 12), E::Created, 0, u"expert-report"_s);
    QVERIFY(refreshed.wait());
    QCOMPARE(cell(u"monthTable"_s, 1, 0), u"October 2026"_s);
    QCOMPARE(m_page->figures().createdInPeriod, 4);
    QCOMPARE(m_page->figures().count(S::Sent, 1), 1);
    // Hidden (another place shown), it does not count; shown again, it does.
    m_page->hide();
    referral(utc(10, 13), E::Created, 0);
    QVERIFY(!refreshed.wait(800));
    QCOMPARE(m_page->figures().createdInPeriod, 4);
    m_page->show();
    QVERIFY(refreshed.wait());
    QCOMPARE(m_page->figures().createdInPeriod, 5);

    // "Last 3 months" by keyboard, the clock's today being 30 November: September to November
    // again; "Last year": nothing.
    auto* preset = m_page->findChild<QComboBox*>(u"periodPreset"_s);
    preset->setFocus();
    press(Qt::Key_Home);
    QVERIFY(refreshed.wait());
    QCOMPARE(m_page->figures().from, QDate(2026, 9, 1));
    QCOMPARE(m_page->figures().to, QDate(2026, 11, 30));
    press(Qt::Key_End);
    press(Qt::Key_Up); // "Last year"
    QVERIFY(refreshed.wait());
    QCOMPARE(m_page->figures().from, QDate(2025, 1, 1));
    QCOMPARE(m_page->figures().createdInPeriod, 0);
    QCOMPARE(m_page->findChild<QTableWidget*>(u"acceptanceTable"_s)->rowCount(), 0);
}

void TestDashboardPage::exportsAreAudited()
{
    QTemporaryDir dir;
    const QString png = dir.filePath(u"figures.png"_s);
    QVERIFY(m_page->exportTo(png));
    QImage image(png);
    QCOMPARE(image.size(), QSize(1400, 1000));
    if (!qEnvironmentVariableIsEmpty("HTMSE_KEEP_EXPORTS")) // to look at
        QFile::copy(png, qEnvironmentVariable("HTMSE_KEEP_EXPORTS") + u"/dashboard.png"_s);
    auto entry = (*m_workspace)->audit().entries().first();
    QCOMPARE(entry.event, u"export"_s);
    QCOMPARE(entry.detail, u"dashboard as PNG: 2026-09-01 to 2026-11-30"_s);

    const QString pdf = dir.filePath(u"figures.pdf"_s);
    QVERIFY(m_page->exportTo(pdf));
    entry = (*m_workspace)->audit().entries().first();
    QCOMPARE(entry.detail, u"dashboard as PDF: 2026-09-01 to 2026-11-30"_s);
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    QVERIFY2(!pdftotext.isEmpty(), "scripts/bootstrap installs poppler-utils");
    QProcess p;
    p.start(pdftotext, {pdf, u"-"_s});
    QVERIFY(p.waitForFinished(30'000));
    // Normalised: the PDF's text may set "fi" as a ligature.
    const QString text =
        QString::fromUtf8(p.readAllStandardOutput()).normalized(QString::NormalizationForm_KC).simplified();
    for (const QString& expected : {u"Referral figures, September 2026 to November 2026"_s,
                                    u"3 referrals created in this period."_s, u"Referrals per month by status"_s})
        QVERIFY2(text.contains(expected), qPrintable(expected + u" missing from: "_s + text));
    QVERIFY(!text.contains(u"HT-DASH"_s));
}

void TestDashboardPage::exportByKeyboard()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"by-keyboard.pdf"_s);
    auto* button = m_page->findChild<QPushButton*>(u"exportDashboard"_s);
    QVERIFY(button->isEnabled());
    button->setFocus();
    press(Qt::Key_Space);
    QFileDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = m_page->findChild<QFileDialog*>(u"dashboardFileDialog"_s)));
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(dialog));
    auto* name = dialog->findChild<QLineEdit*>(u"fileNameEdit"_s);
    QVERIFY(name);
    QTest::keyClicks(name, path);
    QTest::keyClick(name, Qt::Key_Return);
    QTRY_VERIFY(QFile::exists(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(4), QByteArray("%PDF"));
    QVERIFY(m_page->findChild<QLabel*>(u"dashboardMessage"_s)->text().startsWith(u"The dashboard was exported"_s));
}

void TestDashboardPage::nothingLeavesWithoutItsAuditEntry()
{
    QSqlQuery q((*m_workspace)->session().database());
    QVERIFY2(
        q.exec(u"CREATE TEMP TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END"_s),
        qPrintable(q.lastError().text()));
    QTemporaryDir dir;
    QVERIFY(!m_page->exportTo(dir.filePath(u"figures.pdf"_s)));
    QVERIFY(!m_page->exportTo(dir.filePath(u"figures.png"_s)));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0); // no temporary file left
    QVERIFY(m_page->findChild<QLabel*>(u"dashboardMessage"_s)->text().contains(u"audit log could not be written"_s));
}

void TestDashboardPage::namesNoCaseAndLockEmptiesIt()
{
    const auto chartTexts = [this] {
        QStringList out;
        auto* charts = m_page->findChild<ReferralChartsView*>();
        for (QChart* chart : {charts->monthsChart(), charts->acceptanceChart()}) {
            out << chart->title();
            for (QAbstractAxis* axis : chart->axes())
                out << axis->titleText();
            for (QAbstractSeries* series : chart->series())
                for (QBarSet* set : qobject_cast<QAbstractBarSeries*>(series)->barSets())
                    out << set->label();
        }
        return out;
    };
    QStringList texts = test::visibleTexts(m_page.get()) + chartTexts();
    for (QTableWidget* table : m_page->findChildren<QTableWidget*>())
        for (int r = 0; r < table->rowCount(); ++r)
            for (int c = 0; c < table->columnCount(); ++c)
                texts << (table->item(r, c) ? table->item(r, c)->text() : QString());
    QVERIFY(texts.join(u' ').contains(u"September 2026"_s)); // the walk sees the figures
    QVERIFY(!texts.join(u' ').contains(u"HT-DASH"_s));

    m_page->setWorkspace(nullptr);
    QCOMPARE(m_page->findChild<QTableWidget*>(u"monthTable"_s)->rowCount(), 0);
    QCOMPARE(m_page->findChild<QTableWidget*>(u"acceptanceTable"_s)->rowCount(), 0);
    QVERIFY(!m_page->findChild<QPushButton*>(u"exportDashboard"_s)->isEnabled());
    QVERIFY(chartTexts().filter(u"Accepted"_s).isEmpty());
    QCOMPARE(m_page->figures().createdInPeriod, 0);
    QVERIFY(!m_page->exportTo(QDir::temp().filePath(u"never.pdf"_s)));
}

void TestDashboardPage::everyInteractiveWidgetIsNamed()
{
    const QStringList unnamed = test::unnamedWidgets(m_page.get());
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

QTEST_MAIN(TestDashboardPage)
#include "TestDashboardPage.moc"
