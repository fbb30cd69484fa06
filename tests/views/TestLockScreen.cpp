#include "common/ManualClock.h"
#include "demo/DemoDirectoryGenerator.h"
#include "itemmodels/ProfessionalListModel.h"
#include "security/InactivityMonitor.h"
#include "session/LockController.h"
#include "session/ProfileWorkspace.h"
#include "session/UnlockController.h"
#include "storage/Vault.h"
#include "views/CreateProfileDialog.h"
#include "views/LockScreen.h"
#include "views/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestLockScreen : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void unlockWrongThenRight();
    void inactivityLocksAndEmptiesTheWindow();
    void manualLockInDemoMode();
    void createDialogRefusesWeakOrMismatched();
    void startScreenWithoutProfilesShowsAllItsText();

private:
    void typePassphraseAndUnlock(const QString& passphrase);

    std::unique_ptr<QTemporaryDir> m_dir;
    test::ManualClock m_clock;
    std::unique_ptr<Vault> m_vault;
    std::unique_ptr<LockController> m_lock;
    std::unique_ptr<UnlockController> m_unlocker;
    std::unique_ptr<MainWindow> m_window;
};

void TestLockScreen::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_vault = std::make_unique<Vault>(m_dir->path(), m_clock);
    VaultError error;
    QVERIFY(m_vault->create(u"Amina"_s, SecureBytes::copyOf("correct horse battery staple"), 3, &error,
                            KeyDerivation::withLimits(1, KeyDerivation::kMinMemLimit)));
    m_lock = std::make_unique<LockController>();
    m_unlocker = std::make_unique<UnlockController>(*m_vault, *m_lock, Policy());
    m_window = std::make_unique<MainWindow>();
    m_window->setLocking(m_unlocker.get(), m_lock.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestLockScreen::cleanup()
{
    m_window.reset();
    m_unlocker.reset();
    m_lock.reset();
    m_vault.reset();
}

void TestLockScreen::typePassphraseAndUnlock(const QString& passphrase)
{
    auto* edit = m_window->lockScreen()->findChild<QLineEdit*>(u"passphrase"_s);
    edit->setFocus();
    QTest::keyClicks(edit, passphrase);
    QTest::keyClick(edit, Qt::Key_Return);
}

void TestLockScreen::unlockWrongThenRight()
{
    QVERIFY(m_window->isShowingLockScreen());
    auto* profiles = m_window->lockScreen()->findChild<QComboBox*>(u"profiles"_s);
    QCOMPARE(profiles->count(), 1);
    QCOMPARE(profiles->currentText(), u"Amina"_s);

    typePassphraseAndUnlock(u"not the passphrase"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->lockScreen()->message().contains(u"wrong passphrase"_s), 10'000);
    QVERIFY(m_window->isShowingLockScreen());
    QVERIFY(m_window->lockScreen()->findChild<QLineEdit*>(u"passphrase"_s)->text().isEmpty()); // not kept around

    typePassphraseAndUnlock(u"correct horse battery staple"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isShowingLockScreen(), 10'000);
    QVERIFY(!m_lock->isLocked());
    QVERIFY(m_lock->workspace()->session().database().isOpen());
}

void TestLockScreen::inactivityLocksAndEmptiesTheWindow()
{
    InactivityMonitor monitor(m_clock);
    monitor.setTimeoutMinutes(5);
    monitor.start();
    m_lock->watch(&monitor);
    typePassphraseAndUnlock(u"correct horse battery staple"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isShowingLockScreen(), 10'000);
    QAbstractItemModelTester tester(m_window->directoryModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->directoryModel()->setProfessionals(DemoDirectoryGenerator(20, 3).generate().professionals);
    const QString connection = m_lock->workspace()->session().database().connectionName();

    m_clock.advance(5 * 60 + 1);
    monitor.check();
    QVERIFY(m_window->isShowingLockScreen());
    QCOMPARE(m_window->directoryModel()->rowCount(), 0);
    QVERIFY(m_lock->isLocked());
    QVERIFY(!QSqlDatabase::contains(connection));
    QVERIFY(m_window->lockScreen()->message().contains(u"without activity"_s));
}

void TestLockScreen::manualLockInDemoMode()
{
    QTemporaryDir dir;
    const QString demo = dir.filePath(u"demo.json"_s);
    QSaveFile file(demo);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(DemoDirectoryGenerator(30, 2).write(&file, nullptr));
    QVERIFY(file.commit());
    QVERIFY(m_window->openDirectoryFile(demo));
    QVERIFY(!m_window->isShowingLockScreen());
    QCOMPARE(m_window->directoryModel()->rowCount(), 30);
    QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_L));
    QVERIFY(m_window->isShowingLockScreen());
    QCOMPARE(m_window->directoryModel()->rowCount(), 0);
    auto* reopen = m_window->lockScreen()->findChild<QPushButton*>(u"openDemo"_s);
    QVERIFY(reopen->isVisible());
    QTest::mouseClick(reopen, Qt::LeftButton);
    QVERIFY(!m_window->isShowingLockScreen());
    QCOMPARE(m_window->directoryModel()->rowCount(), 30);
}

void TestLockScreen::createDialogRefusesWeakOrMismatched()
{
    CreateProfileDialog dialog(3);
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QTest::keyClicks(dialog.findChild<QLineEdit*>(u"name"_s), u"Brian"_s);
    QTest::keyClicks(dialog.findChild<QLineEdit*>(u"passphrase"_s), u"brian123"_s);
    QTest::keyClicks(dialog.findChild<QLineEdit*>(u"repeat"_s), u"brian123"_s);
    QVERIFY(!ok->isEnabled());
    QVERIFY(!dialog.findChild<QLabel*>(u"advice"_s)->text().isEmpty());
    dialog.findChild<QLineEdit*>(u"passphrase"_s)->setText(u"seven purple elephants sing at dawn"_s);
    QVERIFY(!ok->isEnabled()); // repeat differs
    dialog.findChild<QLineEdit*>(u"repeat"_s)->setText(u"seven purple elephants sing at dawn"_s);
    QVERIFY(ok->isEnabled());
    const SecureBytes taken = dialog.takePassphrase();
    QCOMPARE(taken.size(), std::size_t(35));
    QVERIFY(dialog.findChild<QLineEdit*>(u"passphrase"_s)->text().isEmpty());
}

// The first screen on a new computer (no profile yet, so a message under the buttons): every
// word-wrapped label gets the height its text needs at the width it was given, none is clipped.
void TestLockScreen::startScreenWithoutProfilesShowsAllItsText()
{
    QTemporaryDir empty;
    Vault vault(empty.path(), m_clock);
    LockController lock;
    UnlockController unlocker(vault, lock, Policy());
    MainWindow window;
    window.setLocking(&unlocker, &lock);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* screen = window.findChild<LockScreen*>();
    QVERIFY(screen);
    QVERIFY(screen->isVisible());
    int wrapped = 0;
    for (QLabel* label : screen->findChildren<QLabel*>()) {
        if (!label->isVisible() || !label->wordWrap() || label->text().isEmpty())
            continue;
        ++wrapped;
        QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                 qPrintable(u"\"%1\" is %2 px high at %3 px wide but needs %4"_s.arg(label->text())
                                .arg(label->height())
                                .arg(label->width())
                                .arg(label->heightForWidth(label->width()))));
    }
    QCOMPARE(wrapped, 2); // the introduction and "There is no profile on this computer yet"
}
QTEST_MAIN(TestLockScreen)
#include "TestLockScreen.moc"
