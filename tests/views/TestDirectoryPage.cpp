#include "common/TemporaryWorkspace.h"
#include "common/ViewFixtures.h"
#include "itemmodels/DirectoryModel.h"
#include "views/ProfessionalDetailsView.h"
#include "views/directory/DirectoryPage.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestDirectoryPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void wholeDirectoryByName();
    void searchAsYouType();
    void searchNeedsAProfileInFileMode();
    void lockEmptiesThePage();

private:
    void type(const QString& text);

    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    std::unique_ptr<DirectoryPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_directoryTester;
    std::unique_ptr<QAbstractItemModelTester> m_fileTester;
};

void TestDirectoryPage::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>();
    QVERIFY(test::fillDirectory(**m_workspace, 300));
    m_page = std::make_unique<DirectoryPage>();
    m_directoryTester = std::make_unique<QAbstractItemModelTester>(
        m_page->directoryModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_fileTester = std::make_unique<QAbstractItemModelTester>(m_page->fileModel(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_page->resize(1000, 600);
    m_page->show();
    m_page->activateWindow(); // keys reach the focused widget, shortcuts included
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    m_page->setWorkspace(m_workspace->get());
}

void TestDirectoryPage::cleanup()
{
    m_fileTester.reset();
    m_directoryTester.reset();
    m_page.reset();
    m_workspace.reset();
}

void TestDirectoryPage::type(const QString& text)
{
    QSignalSpy reset(m_page->directoryModel(), &QAbstractItemModel::modelReset);
    m_page->searchEdit()->setFocus();
    QTest::keyClicks(m_page->searchEdit(), text);
    QVERIFY(reset.wait()); // once the typing settles
}

void TestDirectoryPage::wholeDirectoryByName()
{
    // The view fetches pages as it needs them; never the whole directory at once.
    QTRY_VERIFY(m_page->directoryModel()->rowCount() > 0);
    QVERIFY(m_page->directoryModel()->rowCount() <= 307);
    QVERIFY(m_page->searchEdit()->isEnabled());
}

void TestDirectoryPage::searchAsYouType()
{
    type(u"testfa"_s);
    QCOMPARE(m_page->directoryModel()->rowCount(), 1);
    QCOMPARE(m_page->directoryModel()->professionalAt(0)->displayName, u"Abeba Testfaye"_s);
    // The first hit is selected and shown.
    QVERIFY(m_page->detailsView()->toPlainText().contains(u"Abeba Testfaye"_s));
    // Every word a prefix: "test leed" finds the hand-made profiles in Leeds only.
    m_page->searchEdit()->clear();
    type(u"testm lond"_s);
    QCOMPARE(m_page->directoryModel()->rowCount(), 1);
    QCOMPARE(m_page->directoryModel()->professionalAt(0)->displayName, u"Hana Testmedic"_s);
    // Keyboard: down moves the selection and the detail pane along.
    m_page->searchEdit()->clear();
    type(u"testmedic"_s);
    QCOMPARE(m_page->directoryModel()->rowCount(), 2);
    m_page->view()->setFocus();
    QTest::keyClick(m_page->view(), Qt::Key_Down);
    const QString second = m_page->directoryModel()->professionalAt(1)->displayName;
    QVERIFY(m_page->detailsView()->toPlainText().contains(second));
    // Nothing found is said so.
    type(u"zz"_s);
    QCOMPARE(m_page->directoryModel()->rowCount(), 0);
    QVERIFY(m_page->findChild<QLabel*>(u"directorySummary"_s)->text().contains(u"Nothing"_s));
}

void TestDirectoryPage::searchNeedsAProfileInFileMode()
{
    m_page->showFileDirectory(test::knownProfessionals());
    QCOMPARE(m_page->currentModel(), m_page->fileModel());
    QCOMPARE(m_page->fileModel()->rowCount(), 7);
    QVERIFY(!m_page->searchEdit()->isEnabled());
}

void TestDirectoryPage::lockEmptiesThePage()
{
    type(u"testfa"_s);
    QCOMPARE(m_page->directoryModel()->rowCount(), 1);
    m_workspace->close();
    QCOMPARE(m_page->directoryModel()->rowCount(), 0);
    QVERIFY(m_page->searchEdit()->text().isEmpty());
    QVERIFY(!m_page->detailsView()->toPlainText().contains(u"Abeba"_s));
}

QTEST_MAIN(TestDirectoryPage)
#include "TestDirectoryPage.moc"
