// TestSyncPage: the desktop's sync screens against a real htmse-server on loopback, driven
// through the widgets. A caseworker signs in from the Sync place and the directory arrives; a
// referral waits to upload, the status bar says so and "Sync now" sends it; a professional on a
// second profile receives it in Incoming and accepts it with the buttons; the caseworker's next
// sync shows it accepted. A stopped server is told truthfully and what waits stays counted; a
// lock leaves nothing of the profile in the Sync and Incoming places.
#include "common/ShownTexts.h"
#include "common/TemporaryWorkspace.h"
#include "itemmodels/ProfessionalListModel.h"
#include "session/LockController.h"
#include "session/SyncController.h"
#include "session/UnlockController.h"
#include "sync/SyncServerFixture.h"
#include "translations/Translations.h"
#include "views/MainWindow.h"
#include "views/SignedInDevice.h"
#include "views/incoming/IncomingPage.h"
#include "views/referrals/ReferralLogView.h"
#include "views/referrals/ReferralTexts.h"
#include "views/sync/SyncPage.h"
#include "views/sync/SyncStatusItem.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
using test::kSyncTimeoutMs;

// A profile unlocked in a main window behind a real lock controller.
struct Device : test::SignedInDevice
{
    // Ctrl+1..9 reach the window's shortcuts only while it is the active one.
    bool showPlace(int key) { return SignedInDevice::showPlace(MainWindow::Place(key - 1)); }
    QString statusBarText() const { return window.syncStatusItem()->text(); }
};

using test::replaceText;

// Every text a widget under `root` shows, item views' cells included.
QStringList shownTexts(QWidget* root)
{
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.append(root);
    return test::shownTexts(widgets);
}

QStringList unnamedInteractiveWidgets(QWidget* root)
{
    QStringList unnamed;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (!w->isVisible() || !(w->focusPolicy() & Qt::TabFocus) || w->focusProxy())
            continue;
        if (qobject_cast<QAbstractSpinBox*>(w->parentWidget()) || qobject_cast<QComboBox*>(w->parentWidget()))
            continue;
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(w);
        const QString name = accessible ? accessible->text(QAccessible::Name) : QString();
        if (w->accessibleName().isEmpty() && name.trimmed().isEmpty())
            unnamed.append(u"%1 (%2)"_s.arg(QString::fromLatin1(w->metaObject()->className()), w->objectName()));
    }
    return unnamed;
}

// The words of the referral log's cells, as a screen reader hears them (the status chip's words).
QStringList logTexts(MainWindow& window)
{
    QStringList texts;
    for (auto* view : window.referralLog()->findChildren<QAbstractItemView*>()) {
        const QAbstractItemModel* model = view->model();
        for (int r = 0; model && r < model->rowCount(); ++r)
            for (int c = 0; c < model->columnCount(); ++c)
                texts.append(model->index(r, c).data(Qt::AccessibleTextRole).toString());
    }
    return texts;
}

// The row of the Incoming list showing `caseRef`; -1 when none.
int rowOf(const QTableWidget* list, const QString& caseRef)
{
    for (int r = 0; r < list->rowCount(); ++r)
        if (list->item(r, 0)->text() == caseRef)
            return r;
    return -1;
}

void clickRow(QTableWidget* list, int row)
{
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(row, 0)).center());
}

ReferralDetails referralTo(const QString& caseRef, const QString& recipient)
{
    ReferralDetails d;
    d.caseRef = caseRef;
    d.kind = u"professional-consultation"_s;
    d.needs = {u"legal.immigration"_s};
    d.languages = {u"tir"_s};
    d.recipientId = QUuid(recipient);
    return d;
}

void grabTo(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("HTMSE_SCREENSHOT_DIR");
    QCoreApplication::sendPostedEvents(); // layouts settle first
    if (!dir.isEmpty())
        widget->grab().save(dir + u'/' + name + u".png"_s);
}
} // namespace

class TestSyncPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void signInFromTheSyncPlaceBringsTheDirectory();
    void aWaitingReferralIsCountedAndSent();
    void theProfessionalAcceptsInIncoming();
    void theProfessionalDeclinesWithAReason();
    void theReferrerSeesItAccepted();
    void aStoppedServerIsToldTruthfully();
    void plainHttpToAnotherMachineIsRefused();
    void lockEmptiesSyncAndIncoming();
    void unlockSyncsWithTheLastSignIn();
    void cleanupTestCase();

private:
    void signIn(Device& device, const QString& user);

    test::SyncServerFixture m_fixture;
    std::unique_ptr<Device> m_a1;
    std::unique_ptr<Device> m_pro;
    QUuid m_referral;
    QUuid m_declined;
};

void TestSyncPage::initTestCase()
{
    installTranslations(); // English plurals
    HTMSE_SET_UP_SYNC_FIXTURE(m_fixture, 40);
}

void TestSyncPage::cleanupTestCase()
{
    m_pro.reset();
    m_a1.reset();
}

// Types the user and password into the Sync place (Ctrl+6) and clicks Sync now.
void TestSyncPage::signIn(Device& device, const QString& user)
{
    QVERIFY(device.showPlace(6));
    QCOMPARE(device.window.currentPlace(), MainWindow::Place::Sync);
    auto* server = device.find<QLineEdit>(u"syncServer"_s);
    auto* userEdit = device.find<QLineEdit>(u"syncUser"_s);
    auto* password = device.find<QLineEdit>(u"syncPassword"_s);
    QVERIFY(server && userEdit && password);
    if (server->text() != m_fixture.url().toString())
        replaceText(server, m_fixture.url().toString());
    replaceText(userEdit, user);
    password->setFocus();
    QTest::keyClicks(password, QLatin1StringView(test::SyncServerFixture::kPassword));
    QTest::mouseClick(device.find<QPushButton>(u"syncNow"_s), Qt::LeftButton);
    QVERIFY(password->text().isEmpty()); // handed over and cleared at once
    QTRY_VERIFY_WITH_TIMEOUT(device.idle() && device.window.syncController()->lastOutcome(), kSyncTimeoutMs);
    QVERIFY2(device.window.syncController()->lastOutcome()->ok(),
             qPrintable(device.window.syncController()->lastOutcome()->message));
}

void TestSyncPage::signInFromTheSyncPlaceBringsTheDirectory()
{
    m_a1 = std::make_unique<Device>();
    // The app's --server is the default for a profile that has signed in to none.
    m_a1->window.setServer(m_fixture.url());
    QVERIFY(m_a1->unlock());
    QVERIFY(m_a1->statusBarText().contains(u"Not set up to sync"_s));
    QCOMPARE(m_a1->find<QLineEdit>(u"syncServer"_s)->text(), m_fixture.url().toString());
    QCOMPARE(m_a1->window.directoryModel()->rowCount(), 0);

    signIn(*m_a1, u"a1"_s);
    QCOMPARE(m_a1->window.workspace()->directory().stats().professionals, m_fixture.liveProfessionals());
    QVERIFY2(m_a1->window.directoryStatusText().startsWith(u"%1 professionals"_s.arg(m_fixture.liveProfessionals())),
             qPrintable(m_a1->window.directoryStatusText()));
    QVERIFY(m_a1->showPlace(2)); // the Directory place lists them (a page at a time)
    QTRY_VERIFY_WITH_TIMEOUT(m_a1->window.directoryModel()->rowCount() > 0, 10'000);
    QVERIFY(m_a1->showPlace(6));
    QVERIFY2(m_a1->statusBarText().startsWith(u"Last synced"_s), qPrintable(m_a1->statusBarText()));
    QVERIFY(m_a1->find<QLabel>(u"syncPageStatus"_s)->text().startsWith(u"Last synced"_s));
    // The history says what moved and the outcome.
    auto* history = m_a1->find<QTableWidget>(u"syncHistory"_s);
    QCOMPARE(history->rowCount(), 1);
    QVERIFY2(
        history->item(0, 1)->text().contains(u"%1 directory profiles received"_s.arg(m_fixture.liveProfessionals())),
        qPrintable(history->item(0, 1)->text()));
    QCOMPARE(history->item(0, 3)->text(), u"Synced"_s);
    const QStringList unnamed = unnamedInteractiveWidgets(m_a1->window.syncPage());
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    QVERIFY(!m_a1->window.syncStatusItem()->findChild<QPushButton*>()->accessibleName().isEmpty());
    grabTo(&m_a1->window, u"sync-place"_s);

    // Not a professional's account: Incoming says so in one line.
    QVERIFY(m_a1->showPlace(5));
    QCOMPARE(m_a1->window.currentPlace(), MainWindow::Place::Incoming);
    QVERIFY(m_a1->find<QLabel>(u"incomingSummary"_s)->text().contains(u"not linked to a professional"_s));
    QCOMPARE(m_a1->find<QTableWidget>(u"incomingList"_s)->rowCount(), 0);
}

void TestSyncPage::aWaitingReferralIsCountedAndSent()
{
    QVERIFY(m_a1);
    ProfileWorkspace* w = m_a1->window.workspace();
    ReferralError e;
    const auto id = w->createReferral(referralTo(u"HT-UI-1"_s, m_fixture.professionalIds().first()), &e);
    QVERIFY2(id, qPrintable(e.message));
    m_referral = *id;
    QVERIFY2(w->addReferralEvent(m_referral, ReferralEventType::Sent, {}, &e), qPrintable(e.message));
    QTRY_VERIFY(m_a1->statusBarText().startsWith(u"1 referral waiting to upload"_s));
    // Nothing of the case in the status bar.
    QVERIFY(!m_a1->window.statusBar()->findChildren<QLabel*>().isEmpty());
    for (auto* label : m_a1->window.statusBar()->findChildren<QLabel*>())
        QVERIFY2(!label->text().contains(u"HT-UI"_s), qPrintable(label->text()));
    grabTo(&m_a1->window, u"status-bar-waiting"_s);

    QTest::mouseClick(m_a1->find<QPushButton>(u"statusSyncNow"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_a1->idle() && m_a1->window.syncController()->lastOutcome()->pushedEvents == 2,
                             kSyncTimeoutMs);
    QVERIFY2(!m_a1->statusBarText().contains(u"waiting"_s), qPrintable(m_a1->statusBarText()));
    QCOMPARE(w->syncJournal().pendingEvents(), 0);
    QCOMPARE(w->referrals().summary(m_referral)->status, ReferralStatus::Sent);
    QVERIFY(logTexts(m_a1->window).contains(u"Sent"_s));
}

void TestSyncPage::theProfessionalAcceptsInIncoming()
{
    QVERIFY(!m_referral.isNull());
    m_pro = std::make_unique<Device>();
    QVERIFY(m_pro->unlock());
    signIn(*m_pro, u"pro"_s);
    QVERIFY(m_pro->showPlace(5));
    auto* list = m_pro->find<QTableWidget>(u"incomingList"_s);
    QTRY_COMPARE(list->rowCount(), 1);
    QCOMPARE(list->item(0, 0)->text(), u"HT-UI-1"_s);
    QCOMPARE(list->item(0, 3)->text(), u"Sent"_s);
    auto* accept = m_pro->find<QPushButton>(u"incomingAccept"_s);
    auto* complete = m_pro->find<QPushButton>(u"incomingComplete"_s);
    QVERIFY(!accept->isEnabled()); // nothing chosen yet
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(0, 0)).center());
    QTRY_VERIFY(accept->isEnabled());
    QVERIFY(!complete->isEnabled()); // the table: only an accepted referral is completed
    const QStringList unnamed = unnamedInteractiveWidgets(m_pro->window.incomingPage());
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    grabTo(&m_pro->window, u"incoming-place"_s);

    QTest::mouseClick(accept, Qt::LeftButton);
    QTRY_COMPARE(list->item(0, 3)->text(), u"Accepted"_s);
    QVERIFY(!accept->isEnabled());
    QVERIFY(complete->isEnabled()); // an accepted referral may be completed, and nothing else here
    QVERIFY(!m_pro->find<QPushButton>(u"incomingAcknowledge"_s)->isEnabled());
    QVERIFY(m_pro->find<QLabel>(u"incomingMessage"_s)->text().startsWith(u"Recorded as Accepted"_s));
    QTRY_VERIFY(m_pro->statusBarText().startsWith(u"1 referral waiting to upload"_s));
    QTest::mouseClick(m_pro->find<QPushButton>(u"statusSyncNow"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_pro->idle() && m_pro->window.syncController()->lastOutcome()->pushedEvents == 1,
                             kSyncTimeoutMs);
    QVERIFY(m_pro->window.syncController()->lastOutcome()->ok());
    QVERIFY2(!m_pro->statusBarText().contains(u"waiting"_s), qPrintable(m_pro->statusBarText()));
}

void TestSyncPage::theProfessionalDeclinesWithAReason()
{
    QVERIFY(m_a1 && m_pro);
    ReferralError e;
    ProfileWorkspace* w = m_a1->window.workspace();
    const auto id = w->createReferral(referralTo(u"HT-UI-2"_s, m_fixture.professionalIds().first()), &e);
    QVERIFY2(id, qPrintable(e.message));
    m_declined = *id;
    QVERIFY2(w->addReferralEvent(m_declined, ReferralEventType::Sent, {}, &e), qPrintable(e.message));
    QTest::mouseClick(m_a1->find<QPushButton>(u"statusSyncNow"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_a1->idle() && m_a1->window.syncController()->lastOutcome()->pushedEvents == 2,
                             kSyncTimeoutMs);

    QTest::mouseClick(m_pro->find<QPushButton>(u"statusSyncNow"_s), Qt::LeftButton);
    auto* list = m_pro->find<QTableWidget>(u"incomingList"_s);
    QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 2, kSyncTimeoutMs);
    QTRY_VERIFY(m_pro->idle());
    const int row = rowOf(list, u"HT-UI-2"_s);
    QVERIFY(row >= 0);
    QCOMPARE(list->item(row, 3)->text(), u"Sent"_s);
    clickRow(list, row);
    auto* reason = m_pro->find<QComboBox>(u"incomingDeclineReason"_s);
    auto* decline = m_pro->find<QPushButton>(u"incomingDecline"_s);
    QTRY_VERIFY(reason->isEnabled());
    QVERIFY(!decline->isEnabled()); // no reason chosen yet
    reason->setFocus();
    QTest::keyClick(reason, Qt::Key_Down); // "No capacity"
    QVERIFY(decline->isEnabled());
    QTest::mouseClick(decline, Qt::LeftButton);
    QTRY_COMPARE(list->item(rowOf(list, u"HT-UI-2"_s), 3)->text(), u"Declined"_s);
    QVERIFY(!decline->isEnabled());
    QTest::mouseClick(m_pro->find<QPushButton>(u"statusSyncNow"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_pro->idle() && m_pro->window.syncController()->lastOutcome()->pushedEvents == 1,
                             kSyncTimeoutMs);
    QVERIFY(m_pro->window.syncController()->lastOutcome()->ok());
}

void TestSyncPage::theReferrerSeesItAccepted()
{
    QVERIFY(m_a1 && m_pro);
    // Before it hears of the decline, the caseworker revokes that referral: the server, where it is
    // declined (closed), refuses the revocation, and the Sync place lists it with the reason.
    ReferralError e;
    QVERIFY2(m_a1->window.workspace()->addReferralEvent(m_declined, ReferralEventType::Revoked, {}, &e),
             qPrintable(e.message));
    QVERIFY(m_a1->showPlace(6));
    QTest::mouseClick(m_a1->find<QPushButton>(u"syncNow"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_a1->idle() && m_a1->window.syncController()->lastOutcome()->pulledEvents > 0,
                             kSyncTimeoutMs);
    QCOMPARE(m_a1->window.syncController()->lastOutcome()->rejectedEvents, 1);
    QVERIFY2(m_a1->statusBarText().startsWith(u"1 change refused by the server"_s), qPrintable(m_a1->statusBarText()));
    auto* refused = m_a1->find<QTableWidget>(u"syncRefused"_s);
    QCOMPARE(refused->rowCount(), 1);
    QCOMPARE(refused->item(0, 0)->text(), u"HT-UI-2"_s);
    QCOMPARE(refused->item(0, 1)->text(), ReferralTexts::event(ReferralEventType::Revoked)); // "Withdrawn by us"
    QVERIFY2(refused->item(0, 2)->text().contains(u"declined"_s), qPrintable(refused->item(0, 2)->text()));
    QVERIFY(!refused->item(0, 3)->text().isEmpty());
    grabTo(&m_a1->window, u"sync-refused-change"_s);
    QCOMPARE(m_a1->window.workspace()->referrals().summary(m_referral)->status, ReferralStatus::Accepted);
    const auto declined = m_a1->window.workspace()->referrals().referral(m_declined);
    QCOMPARE(declined->status, ReferralStatus::Declined);
    QCOMPARE(declined->declineReason, u"no-capacity"_s);
    QTRY_VERIFY(logTexts(m_a1->window).contains(u"Accepted"_s));
    QVERIFY(logTexts(m_a1->window).contains(u"Declined"_s));
    QCOMPARE(m_a1->find<QTableWidget>(u"syncHistory"_s)->rowCount(), 4);
}

void TestSyncPage::aStoppedServerIsToldTruthfully()
{
    QVERIFY(m_a1);
    ReferralError e;
    QVERIFY2(m_a1->window.workspace()->addReferralEvent(m_referral, ReferralEventType::NoteAdded,
                                                        QJsonObject{{u"text"_s, u"Called back"_s}}, &e),
             qPrintable(e.message));
    QTRY_VERIFY(m_a1->statusBarText().startsWith(u"1 referral waiting to upload"_s));
    m_fixture.server().stop();
    QVERIFY(m_a1->showPlace(6));
    QTest::mouseClick(m_a1->find<QPushButton>(u"syncNow"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_a1->idle() && !m_a1->window.syncController()->lastOutcome()->ok(), kSyncTimeoutMs);
    QCOMPARE(m_a1->window.syncController()->lastOutcome()->result, SyncOutcome::Result::Unreachable);
    const QString text = m_a1->statusBarText();
    QVERIFY2(text.startsWith(u"1 referral waiting to upload — 1 change refused"_s), qPrintable(text));
    QVERIFY2(text.contains(u"failed: server unreachable"_s), qPrintable(text));
    QVERIFY2(text.contains(u"retrying in"_s), qPrintable(text));
    QCOMPARE(m_a1->find<QLabel>(u"syncPageStatus"_s)->text(), text);
    QCOMPARE(m_a1->find<QTableWidget>(u"syncHistory"_s)->item(0, 3)->text().left(18), u"Server unreachable"_s);
    QVERIFY(m_a1->find<QLabel>(u"syncProblem"_s)->text().startsWith(u"Nothing is lost"_s));
    grabTo(&m_a1->window, u"sync-unreachable"_s);
}

void TestSyncPage::plainHttpToAnotherMachineIsRefused()
{
    QVERIFY(m_pro);
    QVERIFY(m_pro->showPlace(6));
    replaceText(m_pro->find<QLineEdit>(u"syncServer"_s), u"http://192.0.2.10:8470"_s);
    auto* password = m_pro->find<QLineEdit>(u"syncPassword"_s);
    password->setFocus();
    QTest::keyClicks(password, QLatin1StringView(test::SyncServerFixture::kPassword));
    QTest::keyClick(password, Qt::Key_Return);
    QVERIFY(password->text().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_pro->idle() &&
                                 m_pro->window.syncController()->lastOutcome()->result == SyncOutcome::Result::Refused,
                             kSyncTimeoutMs);
    QVERIFY(m_pro->find<QLabel>(u"syncProblem"_s)->text().contains(u"https://"_s));
    QVERIFY2(m_pro->statusBarText().contains(u"failed"_s), qPrintable(m_pro->statusBarText()));
    grabTo(&m_pro->window, u"sync-refused"_s);
}

void TestSyncPage::lockEmptiesSyncAndIncoming()
{
    QVERIFY(m_a1 && m_pro);
    for (Device* device : {m_a1.get(), m_pro.get()}) {
        device->window.lockNow();
        QTRY_VERIFY(device->window.isShowingLockScreen());
        QVERIFY(!device->window.syncController());
        QStringList texts = shownTexts(device->window.syncPage()) + shownTexts(device->window.incomingPage()) +
                            shownTexts(device->window.syncStatusItem());
        for (const QString& text : std::as_const(texts))
            for (const QString& secret : {u"HT-UI"_s, m_fixture.url().authority(), u"a1"_s, u"Accepted"_s, u"Synced"_s,
                                          u"waiting"_s, u"Last synced"_s})
                QVERIFY2(!text.contains(secret), qPrintable(u"%1 in \"%2\""_s.arg(secret, text)));
        QVERIFY(device->find<QLineEdit>(u"syncUser"_s)->text().isEmpty());
        QCOMPARE(device->find<QTableWidget>(u"syncHistory"_s)->rowCount(), 0);
        QCOMPARE(device->find<QTableWidget>(u"incomingList"_s)->rowCount(), 0);
        QVERIFY(!device->find<QPushButton>(u"statusSyncNow"_s)->isEnabled());
    }
}

// The next unlock makes a new controller with the profile's last sign-in (not the address typed
// and refused) and syncs at once, unasked; the server is still stopped, and it says so.
void TestSyncPage::unlockSyncsWithTheLastSignIn()
{
    QVERIFY(m_pro && m_pro->window.isShowingLockScreen());
    m_pro->profile.reopen();
    m_pro->lock.setWorkspace(m_pro->profile.take());
    QVERIFY(!m_pro->window.isShowingLockScreen());
    SyncController* controller = m_pro->window.syncController();
    QVERIFY(controller);
    QCOMPARE(controller->server(), m_fixture.url());
    QCOMPARE(controller->user(), u"pro"_s);
    QCOMPARE(m_pro->find<QLineEdit>(u"syncServer"_s)->text(), m_fixture.url().toString());
    QCOMPARE(m_pro->find<QLineEdit>(u"syncUser"_s)->text(), u"pro"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning() && controller->lastOutcome(), kSyncTimeoutMs);
    QCOMPARE(controller->lastOutcome()->result, SyncOutcome::Result::Unreachable);
    QVERIFY2(m_pro->statusBarText().contains(u"retrying in"_s), qPrintable(m_pro->statusBarText()));
    // What it received before stays in Incoming, as accepted.
    auto* list = m_pro->find<QTableWidget>(u"incomingList"_s);
    QCOMPARE(list->rowCount(), 2);
    QCOMPARE(list->item(rowOf(list, u"HT-UI-1"_s), 3)->text(), u"Accepted"_s);
    QCOMPARE(list->item(rowOf(list, u"HT-UI-2"_s), 3)->text(), u"Declined"_s);
}

QTEST_MAIN(TestSyncPage)
#include "TestSyncPage.moc"
