#include "common/ServerProcess.h"
#include "demo/DemoDirectoryGenerator.h"
#include "itemmodels/ProfessionalListModel.h"
#include "views/AboutDialog.h"
#include "views/MainWindow.h"
#include "views/ProfessionalDetailsView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QProcess>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void opensDemoDirectory();
    void detailsNeverShowConfidentialAddresses();
    void badFileIsReportedNotFatal();
    void serverStatusOnline();
    void serverStatusOffline();
    void aboutCreditsGeoNames();
    void desktopBinaryVersion();

private:
    QTemporaryDir m_dir;
    QString m_demoFile;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_demoFile = m_dir.filePath(u"demo.json"_s);
    QSaveFile file(m_demoFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(DemoDirectoryGenerator(400, 11).write(&file, nullptr));
    QVERIFY(file.commit());
}

void TestMainWindow::opensDemoDirectory()
{
    MainWindow window;
    QAbstractItemModelTester tester(window.directoryModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openDirectoryFile(m_demoFile));
    QCOMPARE(window.directoryModel()->rowCount(), 400);
    QVERIFY(window.directoryStatusText().contains(u"400"_s));
    // The first row is selected and shown.
    QTableView* view = window.directoryView();
    QCOMPARE(view->selectionModel()->currentIndex().row(), 0);
    const auto* details = window.findChild<ProfessionalDetailsView*>(u"detailsView"_s);
    QVERIFY(details);
    QVERIFY(details->toPlainText().contains(window.directoryModel()->professionalAt(0)->displayName));
    // Keyboard navigation moves the details along.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(view->selectionModel()->currentIndex().row(), 1);
    QVERIFY(details->toPlainText().contains(window.directoryModel()->professionalAt(1)->displayName));
}

void TestMainWindow::detailsNeverShowConfidentialAddresses()
{
    const auto directory = DemoDirectoryGenerator(400, 11).generate();
    int confidential = 0;
    for (const Professional& p : directory.professionals) {
        const QString html = ProfessionalDetailsView::toHtml(p);
        for (const ServiceLocation& l : p.locations) {
            if (!l.confidential)
                continue;
            ++confidential;
            QVERIFY2(!html.contains(l.address.toHtmlEscaped()), qPrintable(p.displayName));
            QVERIFY(html.contains(u"confidential address"_s));
        }
    }
    QVERIFY(confidential > 0);
}

void TestMainWindow::badFileIsReportedNotFatal()
{
    MainWindow window;
    QVERIFY(window.openDirectoryFile(m_demoFile));
    const QString junk = m_dir.filePath(u"junk.json"_s);
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\": \"htmse-directory\", \"version\": ");
    f.close();
    QVERIFY(!window.openDirectoryFile(junk));
    QVERIFY(window.directoryStatusText().contains(u"not a directory file"_s));
    QCOMPARE(window.directoryModel()->rowCount(), 400); // what was open stays open
    QVERIFY(!window.openDirectoryFile(m_dir.filePath(u"missing.json"_s)));
    QVERIFY(window.directoryStatusText().contains(u"Cannot open"_s));
}

void TestMainWindow::serverStatusOnline()
{
    QTemporaryDir data;
    test::ServerProcess server;
    QVERIFY(server.start(qEnvironmentVariable("HTMSE_SERVER"), {u"--data-dir"_s, data.path()}));
    MainWindow window;
    window.setServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(window.serverStatusText().contains(u"online"_s), 10'000);
}

void TestMainWindow::serverStatusOffline()
{
    quint16 port = 0;
    {
        QTcpServer probe; // find a port nobody listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    MainWindow window;
    window.setServer(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    QTRY_VERIFY_WITH_TIMEOUT(window.serverStatusText().contains(u"offline"_s), 10'000);
}

void TestMainWindow::aboutCreditsGeoNames()
{
    AboutDialog about;
    const auto* credits = about.findChild<QLabel*>(u"credits"_s);
    QVERIFY(credits);
    QVERIFY(credits->text().contains(u"GeoNames"_s));
    QVERIFY(credits->text().contains(u"CC BY 4.0"_s));
}

void TestMainWindow::desktopBinaryVersion()
{
    QProcess p;
    p.start(qEnvironmentVariable("HTMSE_DESKTOP"), {u"--version"_s});
    QVERIFY(p.waitForFinished(30'000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardOutput().contains("0."));
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
