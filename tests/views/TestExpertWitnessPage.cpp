#include "common/TemporaryWorkspace.h"
#include "common/ViewFixtures.h"
#include "itemmodels/MatchResultsModel.h"
#include "itemmodels/ShortlistModel.h"
#include "translations/Translations.h"
#include "views/expertwitness/ExpertWitnessPage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestExpertWitnessPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { installTranslations(); } // English plural forms
    void init();
    void cleanup();
    void filtersNarrowTheExperts();
    void shortlistAddReorderExportCsv();
    void exportPdf();
    void requestAReportAsMedicolegal();
    void lockEmptiesTheShortlist();

private:
    QStringList resultNames() const;
    void chooseInCombo(const QString& name, const QString& text);
    void addResult(const QString& name);
    void click(const QString& button);

    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    std::unique_ptr<ExpertWitnessPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_resultsTester;
    std::unique_ptr<QAbstractItemModelTester> m_shortlistTester;
};

void TestExpertWitnessPage::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>();
    QVERIFY(test::fillDirectory(**m_workspace));
    m_page = std::make_unique<ExpertWitnessPage>();
    m_resultsTester = std::make_unique<QAbstractItemModelTester>(
        m_page->resultsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_shortlistTester = std::make_unique<QAbstractItemModelTester>(
        m_page->shortlistModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_page->resize(1200, 800);
    m_page->show();
    m_page->activateWindow(); // keys reach the focused widget, shortcuts included
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    m_page->setWorkspace(m_workspace->get());
}

void TestExpertWitnessPage::cleanup()
{
    m_shortlistTester.reset();
    m_resultsTester.reset();
    m_page.reset();
    m_workspace.reset();
}

QStringList TestExpertWitnessPage::resultNames() const
{
    QStringList names;
    for (int row = 0; row < m_page->resultsModel()->rowCount(); ++row)
        names.append(m_page->resultsModel()->index(row).data(MatchResultsModel::NameRole).toString());
    names.sort();
    return names;
}

void TestExpertWitnessPage::chooseInCombo(const QString& name, const QString& text)
{
    auto* box = m_page->findChild<QComboBox*>(name);
    QVERIFY(box);
    QSignalSpy reset(m_page->resultsModel(), &QAbstractItemModel::modelReset);
    box->setFocus();
    QTest::keyClicks(box, text); // a closed combo box picks the item whose text starts so
    QVERIFY2(box->currentText().startsWith(text), qPrintable(box->currentText()));
    QVERIFY(reset.wait());
}

void TestExpertWitnessPage::addResult(const QString& name)
{
    const int row = [this, &name] {
        for (int r = 0; r < m_page->resultsModel()->rowCount(); ++r)
            if (m_page->resultsModel()->index(r).data(MatchResultsModel::NameRole).toString() == name)
                return r;
        return -1;
    }();
    QVERIFY2(row >= 0, qPrintable(name));
    QListView* view = m_page->resultsView();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(m_page->resultsModel()->index(row)).center());
    QCOMPARE(view->currentIndex().row(), row);
    click(u"addToShortlist"_s);
}

void TestExpertWitnessPage::click(const QString& button)
{
    auto* b = m_page->findChild<QPushButton*>(button);
    QVERIFY2(b && b->isEnabled(), qPrintable(button));
    QTest::mouseClick(b, Qt::LeftButton);
}

void TestExpertWitnessPage::filtersNarrowTheExperts()
{
    // Every expert witness at first (the lawyers and doctors without the block are not).
    QTRY_COMPARE(resultNames(), (QStringList{u"Farah Testmedic"_s, u"Gideon Testcountry"_s, u"Hana Testmedic"_s}));
    chooseInCombo(u"disciplineBox"_s, u"Medicolegal"_s);
    QCOMPARE(resultNames(), (QStringList{u"Farah Testmedic"_s, u"Hana Testmedic"_s}));
    auto* court = m_page->findChild<QSpinBox*>(u"courtBox"_s);
    QSignalSpy reset(m_page->resultsModel(), &QAbstractItemModel::modelReset);
    court->setFocus();
    court->selectAll();
    QTest::keyClicks(court, u"10"_s);
    QVERIFY(reset.wait());
    QCOMPARE(resultNames(), QStringList{u"Farah Testmedic"_s});
    chooseInCombo(u"jurisdictionBox"_s, u"Scotland"_s); // Farah is instructed in England and Wales only
    QCOMPARE(resultNames(), QStringList());
    QVERIFY(m_page->findChild<QLabel*>(u"expertSummary"_s)->text().contains(u"No expert"_s));
}

void TestExpertWitnessPage::shortlistAddReorderExportCsv()
{
    QTRY_COMPARE(m_page->resultsModel()->rowCount(), 3);
    addResult(u"Farah Testmedic"_s);
    addResult(u"Gideon Testcountry"_s);
    addResult(u"Farah Testmedic"_s); // listed already: not twice
    ShortlistModel* shortlist = m_page->shortlistModel();
    QCOMPARE(shortlist->rowCount(), 2);
    QCOMPARE(shortlist->entries().at(0).professional.displayName, u"Farah Testmedic"_s);
    // The last one added is selected; move it up.
    QSignalSpy moved(shortlist, &QAbstractItemModel::rowsMoved);
    click(u"shortlistUp"_s);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(shortlist->entries().at(0).professional.displayName, u"Gideon Testcountry"_s);
    QCOMPARE(shortlist->index(0).data().toString(), u"Gideon Testcountry — London, United Kingdom"_s);
    // Export as CSV through the file dialog, typed as a user would.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"experts.csv"_s);
    const qint64 auditBefore = (*m_workspace)->audit().entries().size();
    click(u"exportCsv"_s);
    QFileDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = m_page->findChild<QFileDialog*>(u"shortlistFileDialog"_s)) && dialog->isVisible());
    dialog->setDirectory(dir.path()); // an empty folder: no completion list over the name
    auto* name = dialog->findChild<QLineEdit*>(u"fileNameEdit"_s);
    QVERIFY(name);
    name->selectAll();
    QTest::keyClicks(name, u"experts.csv"_s);
    QTest::keyClick(name, Qt::Key_Return);
    QTRY_VERIFY(QFile::exists(path));
    QVERIFY(m_page->findChild<QLabel*>(u"exportStatus"_s)->text().contains(u" written to "_s));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    const qsizetype gideon = csv.indexOf(u"Gideon Testcountry"_s);
    const qsizetype farah = csv.indexOf(u"Farah Testmedic"_s);
    QVERIFY2(gideon > 0 && farah > gideon, qPrintable(csv)); // in the shortlist's order, after the header
    QCOMPARE(csv.count(u'\n'), 3);
    // Audited as the CLI audits it, with counts and no names.
    const auto entries = (*m_workspace)->audit().entries();
    QCOMPARE(entries.size(), auditBefore + 1);
    QCOMPARE(entries.first().event, u"export"_s);
    QCOMPARE(entries.first().detail, u"shortlist as CSV: 2 professionals"_s);
    // Remove the first entry.
    m_page->shortlistView()->setCurrentIndex(shortlist->index(0));
    click(u"shortlistRemove"_s);
    QCOMPARE(shortlist->rowCount(), 1);
    QCOMPARE(shortlist->entries().at(0).professional.displayName, u"Farah Testmedic"_s);
    // And by keyboard: Delete on the shortlist.
    m_page->shortlistView()->setFocus();
    m_page->shortlistView()->setCurrentIndex(shortlist->index(0));
    QTest::keyClick(m_page->shortlistView(), Qt::Key_Delete);
    QCOMPARE(shortlist->rowCount(), 0);
}

void TestExpertWitnessPage::exportPdf()
{
    QTRY_COMPARE(m_page->resultsModel()->rowCount(), 3);
    addResult(u"Farah Testmedic"_s);
    QTemporaryDir dir;
    click(u"exportPdf"_s);
    QFileDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = m_page->findChild<QFileDialog*>(u"shortlistFileDialog"_s)) && dialog->isVisible());
    dialog->setDirectory(dir.path());
    auto* name = dialog->findChild<QLineEdit*>(u"fileNameEdit"_s);
    QVERIFY(name);
    name->selectAll();
    QTest::keyClicks(name, u"experts"_s); // the dialog adds .pdf
    QTest::keyClick(name, Qt::Key_Return);
    const QString path = dir.filePath(u"experts.pdf"_s);
    QTRY_VERIFY(QFile::exists(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    const auto entries = (*m_workspace)->audit().entries(1);
    QCOMPARE(entries.first().detail, u"shortlist as PDF: 1 professionals"_s);
}

void TestExpertWitnessPage::requestAReportAsMedicolegal()
{
    QSignalSpy spy(m_page.get(), &ExpertWitnessPage::referralRequested);
    chooseInCombo(u"reportTypeBox"_s, u"Istanbul"_s);
    QCOMPARE(resultNames(), (QStringList{u"Farah Testmedic"_s, u"Hana Testmedic"_s}));
    addResult(u"Hana Testmedic"_s);
    auto* request = m_page->findChild<QPushButton*>(u"requestReport"_s);
    QVERIFY(request->text().contains(u"medicolegal"_s));
    click(u"requestReport"_s);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.first().at(0).value<MatchQuery>().reportType, u"istanbul-protocol"_s);
    QCOMPARE(spy.first().at(1).toUuid(), m_page->shortlistModel()->entries().at(0).professional.id);
    QCOMPARE(spy.first().at(2).toString(), u"medicolegal-report"_s);
}

void TestExpertWitnessPage::lockEmptiesTheShortlist()
{
    QTRY_COMPARE(m_page->resultsModel()->rowCount(), 3);
    addResult(u"Gideon Testcountry"_s);
    QCOMPARE(m_page->shortlistModel()->rowCount(), 1);
    m_workspace->close();
    QCOMPARE(m_page->shortlistModel()->rowCount(), 0);
    QCOMPARE(m_page->resultsModel()->rowCount(), 0);
    QVERIFY(!m_page->isEnabled());
}

QTEST_MAIN(TestExpertWitnessPage)
#include "TestExpertWitnessPage.moc"
