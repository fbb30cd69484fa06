#include "common/ManualClock.h"
#include "common/ServerProcess.h"
#include "common/ShownTexts.h"
#include "common/TemporaryWorkspace.h"
#include "common/ViewFixtures.h"
#include "demo/DemoDirectoryGenerator.h"
#include "itemmodels/DirectoryModel.h"
#include "itemmodels/MatchResultsModel.h"
#include "itemmodels/ProfessionalListModel.h"
#include "itemmodels/ShortlistModel.h"
#include "security/InactivityMonitor.h"
#include "session/LockController.h"
#include "session/NotificationCenter.h"
#include "session/UnlockController.h"
#include "translations/Translations.h"
#include "views/AboutDialog.h"
#include "views/ClipboardGuard.h"
#include "views/KeyboardShortcutsDialog.h"
#include "views/MainWindow.h"
#include "views/ProfessionalDetailsView.h"
#include "views/TrayNotifier.h"
#include "views/directory/DirectoryPage.h"
#include "views/expertwitness/ExpertWitnessPage.h"
#include "views/findhelp/FindHelpPage.h"
#include "views/incoming/IncomingPage.h"
#include "views/referrals/ReferralLogView.h"
#include "views/referrals/ReferralWizard.h"
#include "views/sync/SyncPage.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QThreadPool>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void placesByKeyboardAndListedUnderHelp();
    void hostedPlacesAreTheirScreens();
    void newReferralOpensTheWizardAndLockClosesIt();
    void unlockSearchThenLockHidesEverything();
    void directoryIsPreparedWithoutHoldingTheWindow();
    void lockWhileTheDirectoryIsPrepared();
    void everyInteractiveWidgetHasAnAccessibleName();
    void layoutIsRememberedNeverData();
    void autoLockAfterIdleEmptiesThePlaces();
    void opensDemoDirectory();
    void detailsNeverShowConfidentialAddresses();
    void badFileIsReportedNotFatal();
    void serverStatusOnline();
    void serverStatusOffline();
    void aboutCreditsGeoNames();
    void desktopBinaryVersion();
    void trayNoticesAreCountsAndNoneWhileLocked();

private:
    QTemporaryDir m_dir;
    QString m_demoFile;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // window geometry goes to a test settings file
    installTranslations();
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

namespace {
// An unlocked profile with the known profiles and 200 demo ones, behind a real lock controller.
struct UnlockedWindow
{
    test::TemporaryWorkspace profile;
    Policy policy;
    LockController lock;
    UnlockController unlocker{profile.vault(), lock, policy};
    MainWindow window;

    // Unlocks and, unless `prepared` is false, waits for the directory's indexes (built on a
    // worker thread after unlock).
    bool unlock(bool prepared = true, int profiles = 200)
    {
        if (!test::fillDirectory(*profile, profiles))
            return false;
        window.setLocking(&unlocker, &lock);
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        lock.setWorkspace(profile.take()); // what a successful unlock does
        if (window.isShowingLockScreen() || !window.workspace())
            return false;
        if (prepared && window.workspace()->indexesPreparing()) {
            QSignalSpy ready(window.workspace(), &ProfileWorkspace::indexesReady);
            return ready.wait(60'000);
        }
        return true;
    }
};

// Interactive widgets (those reached with Tab) under `root` that no assistive technology can name.
QStringList unnamedInteractiveWidgets(QWidget* root, int* checked = nullptr)
{
    QStringList unnamed;
    if (checked)
        *checked = 0;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (!w->isVisible() || !(w->focusPolicy() & Qt::TabFocus) || w->focusProxy())
            continue;
        // The inner line edit of a spin box or combo box is named through its owner.
        if (qobject_cast<QAbstractSpinBox*>(w->parentWidget()) || qobject_cast<QComboBox*>(w->parentWidget()))
            continue;
        if (checked)
            ++*checked;
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(w);
        const QString name = accessible ? accessible->text(QAccessible::Name) : QString();
        if (w->accessibleName().isEmpty() && name.trimmed().isEmpty())
            unnamed.append(u"%1 (%2)"_s.arg(QString::fromLatin1(w->metaObject()->className()), w->objectName()));
    }
    return unnamed;
}

// Every text the application's widgets show, item views' cells included.
QStringList shownTexts()
{
    return test::shownTexts(QApplication::allWidgets());
}
} // namespace

void TestMainWindow::placesByKeyboardAndListedUnderHelp()
{
    UnlockedWindow w;
    QVERIFY(w.unlock());
    QCOMPARE(w.window.currentPlace(), MainWindow::Place::FindHelp);
    const Qt::Key keys[] = {Qt::Key_1, Qt::Key_2, Qt::Key_3, Qt::Key_4, Qt::Key_5,
                            Qt::Key_6, Qt::Key_7, Qt::Key_8, Qt::Key_9};
    static_assert(std::size(keys) == MainWindow::kPlaceCount);
    for (int i = MainWindow::kPlaceCount - 1; i >= 0; --i) {
        QTest::keyClick(&w.window, keys[i], Qt::ControlModifier);
        QCOMPARE(int(w.window.currentPlace()), i);
        QCOMPARE(w.window.placeList()->currentRow(), i);
        QVERIFY(w.window.windowTitle().startsWith(MainWindow::placeName(MainWindow::Place(i))));
    }
    // Help > Keyboard shortcuts lists every place with its key, and Lock.
    QTest::keyClick(&w.window, Qt::Key_Slash, Qt::ControlModifier);
    KeyboardShortcutsDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = w.window.findChild<KeyboardShortcutsDialog*>()) && dialog->isVisible());
    QStringList rows;
    for (int r = 0; r < dialog->table()->rowCount(); ++r)
        rows.append(dialog->table()->item(r, 0)->text() + u" = "_s + dialog->table()->item(r, 1)->text());
    for (int i = 0; i < MainWindow::kPlaceCount; ++i)
        QVERIFY2(rows.contains(u"%1 = Ctrl+%2"_s.arg(MainWindow::placeName(MainWindow::Place(i))).arg(i + 1)),
                 qPrintable(rows.join(u"; "_s)));
    QVERIFY2(rows.contains(u"Lock = Ctrl+L"_s), qPrintable(rows.join(u"; "_s)));
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!w.window.findChild<KeyboardShortcutsDialog*>());
}

void TestMainWindow::hostedPlacesAreTheirScreens()
{
    MainWindow window;
    QVERIFY(qobject_cast<ReferralLogView*>(window.placeWidget(MainWindow::Place::Referrals)));
    QCOMPARE(window.placeWidget(MainWindow::Place::Incoming), window.incomingPage());
    QVERIFY(qobject_cast<IncomingPage*>(window.placeWidget(MainWindow::Place::Incoming)));
    QVERIFY(qobject_cast<SyncPage*>(window.placeWidget(MainWindow::Place::Sync)));
    QVERIFY(!window.syncController()); // nothing unlocked
    auto* log = new QLabel(u"a referral log"_s);
    window.setPlaceWidget(MainWindow::Place::Referrals, log);
    QCOMPARE(window.placeWidget(MainWindow::Place::Referrals), log);
    window.showPlace(MainWindow::Place::Referrals);
    QCOMPARE(window.currentPlace(), MainWindow::Place::Referrals);
    QVERIFY(log->isVisibleTo(&window));
    QCOMPARE(window.placeWidget(MainWindow::Place::Sync), window.syncPage());
}

// The referral log's "New referral…" opens the wizard over the window (one at a time); a lock
// closes it with everything typed into it.
void TestMainWindow::newReferralOpensTheWizardAndLockClosesIt()
{
    UnlockedWindow w;
    QVERIFY(w.unlock());
    QTest::keyClick(&w.window, Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(w.window.currentPlace(), MainWindow::Place::Referrals);
    auto* newReferral = w.window.referralLog()->findChild<QPushButton*>(u"newReferral"_s);
    QVERIFY(newReferral);
    QTest::mouseClick(newReferral, Qt::LeftButton);
    QTRY_VERIFY(w.window.referralWizard() && w.window.referralWizard()->isVisible());
    QPointer<ReferralWizard> wizard = w.window.referralWizard();
    QTest::mouseClick(newReferral, Qt::LeftButton); // a second click brings the same one forward
    QCOMPARE(w.window.referralWizard(), wizard.data());
    auto* caseRef = wizard->findChild<QLineEdit*>();
    QVERIFY(caseRef);
    QTest::keyClicks(caseRef, u"HT-LOCK-7"_s);
    QTest::keyClick(wizard, Qt::Key_L, Qt::ControlModifier);
    QTRY_VERIFY(wizard.isNull()); // closed and deleted
    QVERIFY(w.window.isShowingLockScreen());
    for (QWidget* widget : QApplication::allWidgets())
        if (auto* edit = qobject_cast<QLineEdit*>(widget))
            QVERIFY2(!edit->text().contains(u"HT-LOCK-7"_s), qPrintable(edit->objectName()));
}

void TestMainWindow::unlockSearchThenLockHidesEverything()
{
    UnlockedWindow w;
    QAbstractItemModelTester directoryTester(w.window.directoryPage()->directoryModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester resultsTester(w.window.findHelpPage()->resultsModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester shortlistTester(w.window.expertWitnessPage()->shortlistModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(w.unlock());
    QVERIFY(w.window.directoryStatusText().contains(u"207"_s));
    // Directory: search as you type.
    QTest::keyClick(&w.window, Qt::Key_2, Qt::ControlModifier);
    QLineEdit* search = w.window.directoryPage()->searchEdit();
    search->setFocus();
    QSignalSpy reset(w.window.directoryPage()->directoryModel(), &QAbstractItemModel::modelReset);
    QTest::keyClicks(search, u"abeba"_s);
    QVERIFY(reset.wait());
    QCOMPARE(w.window.directoryModel()->rowCount(), 1);
    ProfessionalDetailsView* details = w.window.directoryPage()->detailsView();
    QVERIFY(details->toPlainText().contains(u"Abeba Testfaye"_s));
    // Contact details copied from the pane are guarded: taken off the clipboard at the lock.
    details->setFocus();
    QTest::keyClick(details, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(details, Qt::Key_C, Qt::ControlModifier);
    QVERIFY(QGuiApplication::clipboard()->text().contains(u"+441132960000"_s));
    QVERIFY(w.window.clipboardGuard()->isArmed());
    QCOMPARE(w.window.clipboardGuard()->clearSeconds(), Policy().clipboardClearSeconds);
    // Expert witnesses list and a shortlist entry; an open dialog.
    QTest::keyClick(&w.window, Qt::Key_3, Qt::ControlModifier);
    QTRY_VERIFY(w.window.expertWitnessPage()->resultsModel()->rowCount() > 0);
    QTest::keyClick(&w.window, Qt::Key_Slash, Qt::ControlModifier);
    KeyboardShortcutsDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = w.window.findChild<KeyboardShortcutsDialog*>()) && dialog->isVisible());

    QStringList names;
    for (const Professional& p : test::knownProfessionals())
        names.append(p.displayName);
    for (const Professional& p : DemoDirectoryGenerator(200, 11).generate().professionals)
        names.append(p.displayName);
    const auto leaks = [&names] {
        QStringList found;
        for (const QString& text : shownTexts())
            for (const QString& name : names)
                if (!text.isEmpty() && text.contains(name))
                    found.append(name);
        return found;
    };
    QVERIFY(!leaks().isEmpty()); // the walk does see the data while unlocked

    // Ctrl+L from the open dialog: the lock works wherever the focus is.
    QTest::keyClick(dialog, Qt::Key_L, Qt::ControlModifier);
    QVERIFY(w.lock.isLocked());
    QVERIFY(w.window.isShowingLockScreen());
    QCOMPARE(w.window.windowTitle(), u"HTMSE Desktop"_s);
    QVERIFY(!w.window.workspace());
    QTRY_VERIFY(!w.window.findChild<KeyboardShortcutsDialog*>() ||
                !w.window.findChild<KeyboardShortcutsDialog*>()->isVisible());
    QCOMPARE(w.window.directoryPage()->directoryModel()->rowCount(), 0);
    QCOMPARE(w.window.findHelpPage()->resultsModel()->rowCount(), 0);
    QCOMPARE(w.window.expertWitnessPage()->resultsModel()->rowCount(), 0);
    QCOMPARE(w.window.expertWitnessPage()->shortlistModel()->rowCount(), 0);
    QVERIFY(!QGuiApplication::clipboard()->text().contains(u"+441132960000"_s));
    const QStringList leaked = leaks();
    QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(u", "_s)));
}

void TestMainWindow::directoryIsPreparedWithoutHoldingTheWindow()
{
    UnlockedWindow w;
    QVERIFY(w.unlock(false, 3000));
    // The window is there at once; the directory is being prepared, and a match asked for now
    // says so instead of "no one matches".
    QVERIFY(w.window.workspace()->indexesPreparing());
    QVERIFY2(w.window.directoryStatusText().startsWith(u"Preparing the directory"_s),
             qPrintable(w.window.directoryStatusText()));
    FindHelpPage* page = w.window.findHelpPage();
    MatchQuery query;
    query.needs = {{u"legal.immigration"_s, true}};
    page->applyQuery(query);
    auto* summary = page->findChild<QLabel*>(u"resultsSummary"_s);
    QVERIFY(summary);
    QTRY_VERIFY2(summary->text().startsWith(u"Preparing the directory"_s) || !w.window.workspace()->indexesPreparing(),
                 qPrintable(summary->text()));
    if (w.window.workspace()->indexesPreparing())
        QCOMPARE(page->resultsView()->model()->rowCount(), 0);
    // Once ready, the same query shows its results without being asked again.
    QSignalSpy ready(w.window.workspace(), &ProfileWorkspace::indexesReady);
    if (w.window.workspace()->indexesPreparing())
        QVERIFY(ready.wait(60'000));
    QTRY_VERIFY(page->resultsView()->model()->rowCount() > 0);
    QVERIFY2(summary->text().contains(u"match"_s) && !summary->text().startsWith(u"Preparing"_s),
             qPrintable(summary->text()));
    QVERIFY2(w.window.directoryStatusText().endsWith(u"professionals in the directory"_s),
             qPrintable(w.window.directoryStatusText()));
}

void TestMainWindow::lockWhileTheDirectoryIsPrepared()
{
    UnlockedWindow w;
    QVERIFY(w.unlock(false, 3000));
    QPointer<ProfileWorkspace> workspace = w.window.workspace();
    QVERIFY(workspace->indexesPreparing());
    QSignalSpy ready(workspace.data(), &ProfileWorkspace::indexesReady);
    QTest::keyClick(&w.window, Qt::Key_L, Qt::ControlModifier);
    QVERIFY(w.window.isShowingLockScreen());
    QVERIFY(workspace.isNull()); // locking destroyed it while a build was under way
    // Whatever the worker was doing ends on its own data: no crash, nothing swapped in.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(ready.size(), 0);
    QVERIFY(w.window.isShowingLockScreen());
    QCOMPARE(w.window.findHelpPage()->resultsView()->model()->rowCount(), 0);
}

void TestMainWindow::everyInteractiveWidgetHasAnAccessibleName()
{
    // The check itself: an unnamed line edit is caught.
    {
        QWidget probe;
        auto* edit = new QLineEdit(&probe);
        probe.show();
        QCOMPARE(unnamedInteractiveWidgets(&probe).size(), 1);
        edit->setAccessibleName(u"named"_s);
        QVERIFY(unnamedInteractiveWidgets(&probe).isEmpty());
    }
    UnlockedWindow w;
    QVERIFY(w.unlock());
    QStringList unnamed;
    for (int i = 0; i < MainWindow::kPlaceCount; ++i) {
        w.window.showPlace(MainWindow::Place(i));
        int checked = 0;
        const QStringList found = unnamedInteractiveWidgets(&w.window, &checked);
        // Find help and Expert witnesses have a dozen fields and buttons each, besides the place list.
        if (i == int(MainWindow::Place::FindHelp) || i == int(MainWindow::Place::ExpertWitnesses))
            QVERIFY2(checked > 12, qPrintable(QString::number(checked)));
        for (const QString& u : found)
            unnamed.append(MainWindow::placeName(MainWindow::Place(i)) + u": "_s + u);
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u"\n"_s)));
}

void TestMainWindow::layoutIsRememberedNeverData()
{
    QList<int> sizes;
    {
        UnlockedWindow w;
        QVERIFY(w.unlock());
        auto* splitter = w.window.findChild<QSplitter*>(u"findHelpSplitter"_s);
        QVERIFY(splitter);
        const int total = splitter->sizes().at(0) + splitter->sizes().at(1) + splitter->sizes().at(2);
        splitter->setSizes({total / 2, total / 4, total - total / 2 - total / 4});
        sizes = splitter->sizes();
        w.window.close();
    }
    MainWindow again;
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.findChild<QSplitter*>(u"findHelpSplitter"_s)->sizes(), sizes);
    // What is kept is the window's shape: geometry and splitter states, nothing else.
    QSettings settings;
    for (const QString& key : settings.allKeys())
        QVERIFY2(key == u"MainWindow/geometry"_s || key.startsWith(u"MainWindow/splitter/"_s), qPrintable(key));
    for (const QString& key : settings.allKeys())
        QVERIFY(!settings.value(key).toByteArray().contains("Testfaye"));
}

void TestMainWindow::autoLockAfterIdleEmptiesThePlaces()
{
    test::ManualClock clock;
    InactivityMonitor idle(clock);
    idle.setTimeoutMinutes(5);
    idle.start();
    UnlockedWindow w;
    w.lock.watch(&idle); // as the desktop's main() wires it
    QVERIFY(w.unlock());
    QTest::keyClick(&w.window, Qt::Key_2, Qt::ControlModifier);
    QSignalSpy reset(w.window.directoryPage()->directoryModel(), &QAbstractItemModel::modelReset);
    QTest::keyClicks(w.window.directoryPage()->searchEdit(), u"testm"_s);
    QVERIFY(reset.wait());
    QCOMPARE(w.window.directoryModel()->rowCount(), 2);
    clock.advance(4 * 60);
    idle.check();
    QVERIFY(!w.lock.isLocked());
    clock.advance(2 * 60);
    idle.check();
    QVERIFY(w.lock.isLocked());
    QVERIFY(w.window.isShowingLockScreen());
    QCOMPARE(w.window.directoryPage()->directoryModel()->rowCount(), 0);
    QVERIFY(w.window.directoryPage()->searchEdit()->text().isEmpty());
    QVERIFY(!w.window.directoryPage()->detailsView()->toPlainText().contains(u"Testmedic"_s));
}

// The window's tray notices (shown where the platform has a tray; recorded everywhere): the
// profile's counts once at unlock, never a case or a name, nothing while locked.
void TestMainWindow::trayNoticesAreCountsAndNoneWhileLocked()
{
    UnlockedWindow w;
    ReferralDetails d;
    d.caseRef = u"HT-TRAY-SECRET-1"_s;
    d.kind = u"professional-consultation"_s;
    d.needs = {u"legal.immigration"_s};
    d.externalRecipient = u"Amina Sesay at Riverside Shelter"_s;
    d.note = u"Met Amina Sesay at the bus station"_s;
    ReferralError e;
    const auto id = w.profile->createReferral(d, &e);
    QVERIFY2(id, qPrintable(e.message));
    const QDate today = w.profile->clock().now().toLocalTime().date();
    QVERIFY(w.profile->addReferralEvent(*id, ReferralEventType::FollowUpSet,
                                        {{u"due"_s, today.toString(Qt::ISODate)}, {u"note"_s, u"Call Amina"_s}}, &e));
    QVERIFY(w.unlock());
    TrayNotifier* tray = w.window.trayNotifier();
    QVERIFY(tray);
    QCOMPARE(tray->shownMessages(), QStringList{u"1 follow-up due today"_s});
    w.window.notifications()->refresh(); // looking again tells nothing new
    QCOMPARE(tray->shownMessages().size(), 1);
    w.window.lockNow();
    QTRY_VERIFY(w.window.isShowingLockScreen());
    QVERIFY(w.window.notifications()->notices().isEmpty());
    w.window.notifications()->refresh();
    QCOMPARE(tray->shownMessages().size(), 1);
    for (const QString& text : tray->shownMessages())
        for (const QString& secret : {u"HT-TRAY"_s, u"Amina"_s, u"Riverside"_s, u"bus station"_s})
            QVERIFY(!text.contains(secret));
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
