#include "common/ManualClock.h"
#include "common/ReferralScreens.h"
#include "common/TemporaryWorkspace.h"
#include "core/JsonReader.h"
#include "itemmodels/ReferralLogModel.h"
#include "session/SyncController.h"
#include "translations/Translations.h"
#include "views/ClipboardGuard.h"
#include "views/referrals/AnswerLinkDialog.h"
#include "views/referrals/ReferralLogView.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>

using namespace htmse;
using namespace Qt::StringLiterals;
using E = ReferralEventType;
using S = ReferralStatus;
using test::press;
using test::tabTo;
using test::type;

namespace {
const QUuid kLawyer = QUuid::fromString(u"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"_s);

ReferralDetails details(const QString& caseRef, const QString& kind = u"victim-support"_s)
{
    ReferralDetails d;
    d.caseRef = caseRef;
    d.kind = kind;
    d.needs = {u"legal.immigration"_s};
    d.languages = {u"tir"_s};
    d.recipientId = kLawyer;
    d.consent = Consent{true, u"legal referral"_s, QDate(2026, 11, 30), u"amina"_s, false, false, {}, {}};
    return d;
}

constexpr E kButtons[] = {E::Sent,    E::Acknowledged,     E::Accepted,  E::Declined,   E::Completed,
                          E::Revoked, E::ConsentWithdrawn, E::NoteAdded, E::FollowUpSet};
} // namespace

class TestReferralLogView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { installTranslations(); }
    void init();
    void cleanup();
    void chipsSayTheStatusAndOverdueIsMarked();
    void filters();
    void onlyAllowedActionsAndAnActionChangesTheStatus();
    void declineNeedsAReason();
    void rejectedEventsShowWithWhatToDo();
    void eraseACase();
    void exportCsvIsAudited();
    void letterSavedAsPdfIsAudited();
    void nothingLeavesWithoutItsAuditEntry();
    void followUpByKeyboard();
    void lockEmptiesEverything();
    void answerLinksForExternalRecipientsOnly();
    void answerLinkIsShownOnceAndCopiedUnderGuard();
    void everyInteractiveWidgetIsNamed();

private:
    QPushButton* action(E type) const { return m_view->findChild<QPushButton*>(u"action-"_s + toWire(type)); }
    void select(const QString& caseRef);
    // Selects a referral through the table's selection (no keyboard focus needed).
    void selectRow(const QString& caseRef)
    {
        auto* table = m_view->findChild<QTableView*>(u"referralTable"_s);
        for (int row = 0; row < table->model()->rowCount(); ++row)
            if (table->model()->index(row, 0).data().toString() == caseRef) {
                table->setCurrentIndex(table->model()->index(row, 0));
                table->selectRow(row);
                break;
            }
        QCOMPARE(table->currentIndex().siblingAtColumn(0).data().toString(), caseRef);
    }
    template <typename T> T* waitForDialog(const QString& name) const;
    void chooseFile(const QString& button, const QString& dialogName, const QString& path);
    // What a cell says, on screen and to a screen reader.
    QString words(const QModelIndex& index) const
    {
        return m_view->tableModel()->index(index.row(), index.column()).data(Qt::AccessibleTextRole).toString();
    }
    QString detailText() const { return m_view->findChild<QTextBrowser*>(u"referralDetail"_s)->toPlainText(); }

    test::ManualClock m_clock{QDateTime(QDate(2026, 11, 30), QTime(9, 0), Qt::UTC)};
    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    std::unique_ptr<ReferralLogView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<QAbstractItemModelTester> m_tableTester;
    QHash<QString, QUuid> m_ids;
};

void TestReferralLogView::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>(m_clock);
    m_view = std::make_unique<ReferralLogView>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_view->model(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_tableTester = std::make_unique<QAbstractItemModelTester>(m_view->tableModel(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    ReferralError error;
    for (const QString& ref : {u"HT-1"_s, u"HT-2"_s, u"HT-3"_s}) {
        const auto id =
            (*m_workspace)
                ->createReferral(details(ref, ref == "HT-3"_L1 ? u"expert-report"_s : u"victim-support"_s), &error);
        QVERIFY2(id, qPrintable(error.message));
        m_ids.insert(ref, *id);
        m_clock.advance(60);
    }
    // HT-2's follow-up was due yesterday.
    QVERIFY((*m_workspace)->addReferralEvent(m_ids[u"HT-2"_s], E::FollowUpSet, {{u"due"_s, u"2026-11-29"_s}}, &error));
    m_view->setWorkspace(m_workspace->get());
    m_view->resize(1100, 700);
    m_view->show();
    m_view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
}

void TestReferralLogView::cleanup()
{
    m_tableTester.reset();
    m_tester.reset();
    m_view.reset();
    m_workspace.reset();
    m_ids.clear();
}

// Selects a referral with the keyboard: the table gets the focus, the arrows move.
void TestReferralLogView::select(const QString& caseRef)
{
    auto* table = m_view->findChild<QTableView*>(u"referralTable"_s);
    m_view->activateWindow(); // a dialog that closed took the activation with it
    QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
    table->setFocus();
    press(Qt::Key_Home);
    for (int i = 0; i < table->model()->rowCount(); ++i) {
        if (table->currentIndex().siblingAtColumn(0).data().toString() == caseRef)
            break;
        press(Qt::Key_Down);
    }
    QCOMPARE(table->currentIndex().siblingAtColumn(0).data().toString(), caseRef);
    QVERIFY(!m_view->currentReferral().isNull());
}

template <typename T> T* TestReferralLogView::waitForDialog(const QString& name) const
{
    T* dialog = m_view->findChild<T*>(name);
    if (dialog && QTest::qWaitForWindowExposed(dialog))
        dialog->activateWindow();
    return dialog;
}

void TestReferralLogView::chipsSayTheStatusAndOverdueIsMarked()
{
    ReferralLogModel* model = m_view->model();
    QCOMPARE(model->rowCount(), 3);
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex status = model->index(row, ReferralLogModel::StatusColumn);
        QCOMPARE(words(status), u"Created"_s); // words, not colour alone
        const QModelIndex followUp = model->index(row, ReferralLogModel::FollowUpColumn);
        const bool overdue = model->index(row, 0).data().toString() == "HT-2"_L1;
        QCOMPARE(words(followUp).endsWith(u"overdue"_s), overdue);
    }
    select(u"HT-2"_s);
    QVERIFY2(detailText().contains(u"overdue"_s), qPrintable(detailText()));
}

void TestReferralLogView::filters()
{
    ReferralLogModel* model = m_view->model();
    QVERIFY(tabTo(u"overdueFilter"_s));
    press(Qt::Key_Space);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data().toString(), u"HT-2"_s);
    press(Qt::Key_Space);
    QCOMPARE(model->rowCount(), 3);

    QVERIFY(tabTo(u"kindFilter"_s));
    auto* kind = m_view->findChild<QComboBox*>(u"kindFilter"_s);
    while (kind->currentData().toString() != "expert-report"_L1 && kind->currentIndex() < kind->count() - 1)
        press(Qt::Key_Down);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data().toString(), u"HT-3"_s);
    press(Qt::Key_Home);
    QCOMPARE(model->rowCount(), 3);

    ReferralError error;
    QVERIFY((*m_workspace)->addReferralEvent(m_ids[u"HT-1"_s], E::Revoked, {}, &error));
    QVERIFY(tabTo(u"statusFilter"_s));
    press(Qt::Key_Down); // open ones only
    QCOMPARE(model->rowCount(), 2);
    press(Qt::Key_Home);

    // Updated from tomorrow: nothing.
    QVERIFY(tabTo(u"fromFilterOn"_s));
    press(Qt::Key_Space);
    QVERIFY(tabTo(u"fromFilter"_s));
    press(Qt::Key_Up); // a year later: nothing was updated since
    QCOMPARE(model->rowCount(), 0);
}

void TestReferralLogView::onlyAllowedActionsAndAnActionChangesTheStatus()
{
    select(u"HT-1"_s);
    const auto expectAllowed = [this](S status) {
        const QList<E> allowed = ReferralTransitions::allowedEvents(status);
        for (E type : kButtons)
            QVERIFY2(action(type)->isEnabled() == allowed.contains(type), qPrintable(toWire(type)));
    };
    expectAllowed(S::Created);
    QVERIFY(!action(E::Accepted)->isEnabled());
    QVERIFY(action(E::Revoked)->isEnabled());

    // Withdraw the referral, with its reason, by keyboard.
    action(E::Revoked)->setFocus();
    press(Qt::Key_Space);
    auto* dialog = waitForDialog<QDialog>(u"referralEventDialog"_s);
    QVERIFY(dialog);
    QVERIFY(tabTo(u"eventReason"_s));
    type(u"The person moved away"_s);
    QVERIFY(tabTo(u"recordEvent"_s));
    press(Qt::Key_Space);
    QTRY_VERIFY(!m_view->findChild<QDialog*>(u"referralEventDialog"_s));
    QCOMPARE((*m_workspace)->referrals().summary(m_ids[u"HT-1"_s])->status, S::Revoked);
    QCOMPARE(m_view->currentReferral(), m_ids[u"HT-1"_s]);
    QVERIFY(detailText().contains(u"The person moved away"_s));
    expectAllowed(S::Revoked);
    QVERIFY(!action(E::Sent)->isEnabled());
    QVERIFY(!action(E::Revoked)->isEnabled());
    // The chip says the new status in words.
    auto* model = m_view->model();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, 0).data().toString() == "HT-1"_L1)
            QCOMPARE(words(model->index(row, ReferralLogModel::StatusColumn)), u"Withdrawn"_s);
}

void TestReferralLogView::declineNeedsAReason()
{
    ReferralError error;
    QVERIFY((*m_workspace)->addReferralEvent(m_ids[u"HT-3"_s], E::Sent, {}, &error));
    select(u"HT-3"_s);
    QVERIFY(action(E::Declined)->isEnabled());
    action(E::Declined)->setFocus();
    press(Qt::Key_Space);
    auto* dialog = waitForDialog<QDialog>(u"referralEventDialog"_s);
    QVERIFY(dialog);
    const QStringList unnamed = test::unnamedWidgets(dialog);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog->findChild<QLabel*>(u"eventMessage"_s)->text().contains(u"reason"_s));
    QVERIFY(tabTo(u"declineReason"_s));
    press(Qt::Key_Down); // No capacity
    QVERIFY(ok->isEnabled());
    ok->setFocus();
    press(Qt::Key_Space);
    QTRY_VERIFY(!m_view->findChild<QDialog*>(u"referralEventDialog"_s));
    const auto referral = (*m_workspace)->referrals().referral(m_ids[u"HT-3"_s]);
    QCOMPARE(referral->status, S::Declined);
    QCOMPARE(referral->declineReason, u"no-capacity"_s);
    QVERIFY(detailText().contains(u"No capacity"_s));
}

void TestReferralLogView::rejectedEventsShowWithWhatToDo()
{
    // An event that arrived for HT-1 but that its status does not allow (as one synced from another
    // device, or refused by the server, would): the fold keeps it with the reason.
    QSqlQuery q((*m_workspace)->session().database());
    QVERIFY(q.prepare(u"INSERT INTO referral_events (id, referral_id, type, payload, device_id, client_time) "
                      "VALUES (?, ?, 'accepted', '{}', 'other-device', ?)"_s));
    q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    q.addBindValue(m_ids[u"HT-1"_s].toString(QUuid::WithoutBraces));
    q.addBindValue(toIsoUtc(m_clock.now().addSecs(3600)));
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    select(u"HT-3"_s);
    QVERIFY(!detailText().contains(u"did not take effect"_s)); // none on a clean referral
    select(u"HT-1"_s);
    const QString text = detailText();
    QVERIFY2(text.contains(u"Changes that did not take effect"_s), qPrintable(text));
    QVERIFY(text.contains(u"cannot apply \"accepted\" to a referral that is \"created\""_s));
    QVERIFY(text.contains(u"What to do"_s));
}

void TestReferralLogView::eraseACase()
{
    ReferralError error;
    QVERIFY((*m_workspace)->createReferral(details(u"HT-2"_s, u"professional-consultation"_s), &error));
    QCOMPARE(m_view->model()->rowCount(), 4);
    select(u"HT-2"_s);
    auto* erase = m_view->findChild<QPushButton*>(u"eraseCase"_s);
    erase->setFocus();
    press(Qt::Key_Space);
    auto* box = waitForDialog<QMessageBox>(u"eraseConfirmation"_s);
    QVERIFY(box);
    QVERIFY2(box->text().contains(u"HT-2"_s), qPrintable(box->text()));
    QVERIFY2(box->text().contains(u"erases 2 referrals of this case"_s), qPrintable(box->text()));
    QTest::mouseClick(box->findChild<QPushButton*>(u"confirmErase"_s), Qt::LeftButton);
    QTRY_VERIFY(!m_view->findChild<QMessageBox*>(u"eraseConfirmation"_s));
    // The rows stay, saying only that something was erased.
    QCOMPARE(m_view->model()->rowCount(), 4);
    int erased = 0;
    for (int row = 0; row < m_view->model()->rowCount(); ++row) {
        QVERIFY(m_view->model()->index(row, 0).data().toString() != "HT-2"_L1);
        erased += m_view->model()->index(row, 0).data(ReferralLogModel::StatusRole).toString() == "erased"_L1;
    }
    QCOMPARE(erased, 2);
    QVERIFY(!test::visibleTexts(m_view.get()).join(u'\n').contains(u"HT-2"_s));
    QCOMPARE((*m_workspace)->audit().entries().first().event, u"erase"_s);
}

void TestReferralLogView::exportCsvIsAudited()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"log.csv"_s);
    auto* exportButton = m_view->findChild<QPushButton*>(u"exportCsv"_s);
    exportButton->setFocus();
    press(Qt::Key_Space);
    auto* dialog = waitForDialog<QFileDialog>(u"csvFileDialog"_s);
    QVERIFY(dialog);
    auto* name = dialog->findChild<QLineEdit*>(u"fileNameEdit"_s);
    QVERIFY(name);
    QTest::keyClicks(name, path);
    QTest::keyClick(name, Qt::Key_Return);
    QTRY_VERIFY(QFile::exists(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray csv = file.readAll();
    QCOMPARE(csv.count('\n'), 4);   // header + 3 referrals
    QVERIFY(!csv.contains("HT-1")); // minimised by default: no case references
    const auto entry = (*m_workspace)->audit().entries().first();
    QCOMPARE(entry.event, u"export"_s);
    QCOMPARE(entry.detail, u"referral log as CSV, minimised: 3 referrals"_s);
}

// Opens a file dialog with its button and types the path, by keyboard.
void TestReferralLogView::chooseFile(const QString& button, const QString& dialogName, const QString& path)
{
    auto* b = m_view->findChild<QPushButton*>(button);
    QVERIFY(b && b->isEnabled());
    m_view->activateWindow(); // a dialog that closed took the activation with it
    QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
    b->setFocus();
    press(Qt::Key_Space);
    auto* dialog = waitForDialog<QFileDialog>(dialogName);
    QVERIFY(dialog);
    auto* name = dialog->findChild<QLineEdit*>(u"fileNameEdit"_s);
    QVERIFY(name);
    QTest::keyClicks(name, path);
    QTest::keyClick(name, Qt::Key_Return);
    QTRY_VERIFY(!m_view->findChild<QFileDialog*>(dialogName));
}

void TestReferralLogView::letterSavedAsPdfIsAudited()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"letter.pdf"_s);
    select(u"HT-1"_s);
    chooseFile(u"saveLetter"_s, u"letterFileDialog"_s, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(4) == "%PDF");
    const auto entry = (*m_workspace)->audit().entries().first();
    QCOMPARE(entry.event, u"export"_s);
    QCOMPARE(entry.detail, u"referral letter as PDF"_s);
    // Once consent is withdrawn the letter can no longer be had.
    ReferralError error;
    QVERIFY((*m_workspace)
                ->addReferralEvent(m_ids[u"HT-1"_s], E::ConsentWithdrawn,
                                   {{u"date"_s, u"2026-11-30"_s}, {u"recorded_by"_s, u"amina"_s}}, &error));
    QVERIFY(!m_view->findChild<QPushButton*>(u"saveLetter"_s)->isEnabled());
    QVERIFY(!m_view->findChild<QPushButton*>(u"printLetter"_s)->isEnabled());
}

void TestReferralLogView::nothingLeavesWithoutItsAuditEntry()
{
    // The audit log refuses every new entry (a full disk, a damaged table).
    QSqlQuery q((*m_workspace)->session().database());
    QVERIFY2(
        q.exec(u"CREATE TEMP TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END"_s),
        qPrintable(q.lastError().text()));
    const qsizetype before = (*m_workspace)->audit().entries().size();
    QTemporaryDir dir;
    select(u"HT-1"_s);
    chooseFile(u"saveLetter"_s, u"letterFileDialog"_s, dir.filePath(u"letter.pdf"_s));
    QVERIFY(!QFile::exists(dir.filePath(u"letter.pdf"_s)));
    QVERIFY(m_view->findChild<QLabel*>(u"logMessage"_s)->text().contains(u"audit log could not be written"_s));
    chooseFile(u"exportCsv"_s, u"csvFileDialog"_s, dir.filePath(u"log.csv"_s));
    QVERIFY(!QFile::exists(dir.filePath(u"log.csv"_s)));
    QVERIFY(m_view->findChild<QLabel*>(u"logMessage"_s)->text().contains(u"audit log could not be written"_s));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0); // no temporary file left
    QCOMPARE((*m_workspace)->audit().entries().size(), before);
}

void TestReferralLogView::followUpByKeyboard()
{
    select(u"HT-3"_s);
    QVERIFY(tabTo(u"followUpDate"_s));
    press(Qt::Key_Up); // a year later
    QVERIFY(tabTo(u"action-follow-up-set"_s));
    press(Qt::Key_Space);
    const auto summary = (*m_workspace)->referrals().summary(m_ids[u"HT-3"_s]);
    QCOMPARE(summary->followUpDue, QDate(2027, 12, 7));
    QVERIFY(detailText().contains(u"Follow-up set"_s));
    QCOMPARE(m_view->currentReferral(), m_ids[u"HT-3"_s]);
}

void TestReferralLogView::lockEmptiesEverything()
{
    select(u"HT-2"_s);
    QVERIFY(detailText().contains(u"HT-2"_s));
    QVERIFY(action(E::NoteAdded)->isEnabled());
    action(E::NoteAdded)->setFocus();
    press(Qt::Key_Space); // a dialog is open when the lock comes
    QVERIFY(waitForDialog<QDialog>(u"referralEventDialog"_s));
    m_view->setWorkspace(nullptr);
    QCOMPARE(m_view->model()->rowCount(), 0);
    QVERIFY(!m_view->findChild<QDialog*>(u"referralEventDialog"_s));
    const QString texts = test::visibleTexts(m_view.get()).join(u'\n');
    for (const QString& ref : {u"HT-1"_s, u"HT-2"_s, u"HT-3"_s})
        QVERIFY2(!texts.contains(ref), qPrintable(ref));
    for (E type : kButtons)
        QVERIFY(!action(type)->isEnabled());
    QVERIFY(!m_view->findChild<QPushButton*>(u"exportCsv"_s)->isEnabled());

    // The workspace closing does the same.
    m_view->setWorkspace(m_workspace->get());
    select(u"HT-1"_s);
    m_tableTester.reset();
    m_tester.reset();
    (*m_workspace)->close(u"locked"_s);
    QCOMPARE(m_view->model()->rowCount(), 0);
    QVERIFY(!test::visibleTexts(m_view.get()).join(u'\n').contains(u"HT-1"_s));
}

// Answer links are offered for a sent referral to a recipient outside the directory, and only
// with sync set up; a run that cannot sign in says so in the log's message line.
void TestReferralLogView::answerLinksForExternalRecipientsOnly()
{
    ReferralDetails external = details(u"HT-EXT"_s);
    external.recipientId = QUuid();
    external.externalRecipient = u"Haven Shelter"_s;
    ReferralError error;
    const auto id = (*m_workspace)->createReferral(external, &error);
    QVERIFY2(id, qPrintable(error.message));
    QVERIFY((*m_workspace)->addReferralEvent(*id, E::Sent, {}, &error));
    auto* make = m_view->findChild<QPushButton*>(u"makeAnswerLink"_s);
    auto* revoke = m_view->findChild<QPushButton*>(u"revokeAnswerLinks"_s);
    QVERIFY(make && revoke);
    selectRow(u"HT-EXT"_s);
    QVERIFY(!make->isEnabled()); // no sync set up
    SyncController sync(**m_workspace);
    sync.setServer(QUrl(u"http://127.0.0.1:1"_s), u"a1"_s); // no sign-in stored for it
    m_view->setSyncController(&sync);
    selectRow(u"HT-EXT"_s);
    QVERIFY(make->isEnabled());
    QVERIFY(revoke->isEnabled());
    selectRow(u"HT-1"_s); // a directory professional: they answer through their account
    QVERIFY(!make->isEnabled());
    QVERIFY(!revoke->isEnabled());
    selectRow(u"HT-EXT"_s);
    QSignalSpy done(&sync, &SyncController::answerLinkDone);
    make->click();
    QVERIFY(!make->isEnabled()); // while the run goes
    QVERIFY(done.wait(20'000));
    auto* message = m_view->findChild<QLabel*>(u"logMessage"_s);
    QVERIFY2(message->text().startsWith(u"No answer link was made:"_s), qPrintable(message->text()));
    QVERIFY2(message->text().contains(u"password"_s), qPrintable(message->text()));
    QVERIFY(make->isEnabled());
    QVERIFY(!m_view->findChild<AnswerLinkDialog*>());
    m_view->setSyncController(nullptr);
}

// The link shows in its own window; Copy puts it on the clipboard under the guard, which takes
// it off again (here: as at a lock).
void TestReferralLogView::answerLinkIsShownOnceAndCopiedUnderGuard()
{
    ClipboardGuard guard;
    guard.setClearSeconds(30);
    const QUrl url(u"https://htmse.example.org/answer/48iJSuTgO-V6FFQCN17o17_Jipt83vp1PjyrjCZW-lY"_s);
    AnswerLinkDialog dialog(url, QDateTime(QDate(2026, 12, 17), QTime(12, 0), Qt::UTC), &guard);
    QSignalSpy print(&dialog, &AnswerLinkDialog::printRequested);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.findChild<QLineEdit*>(u"answerLink"_s)->text(), url.toString());
    QVERIFY(dialog.findChild<QLineEdit*>(u"answerLink"_s)->isReadOnly());
    QGuiApplication::clipboard()->setText(u"something else"_s);
    dialog.findChild<QPushButton*>(u"copyAnswerLink"_s)->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), url.toString());
    QVERIFY(guard.isArmed());
    QVERIFY(dialog.findChild<QLabel*>(u"copiedNote"_s)->text().contains(u"in 30 seconds"_s));
    guard.clearNow();
    QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    dialog.findChild<QPushButton*>(u"printWithAnswerLink"_s)->click();
    QCOMPARE(print.size(), 1);
    QCOMPARE(print.first().at(0).toUrl(), url);
}

void TestReferralLogView::everyInteractiveWidgetIsNamed()
{
    const QStringList unnamed = test::unnamedWidgets(m_view.get());
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

QTEST_MAIN(TestReferralLogView)
#include "TestReferralLogView.moc"
