#include "common/ManualClock.h"
#include "common/ReferralScreens.h"
#include "common/TemporaryWorkspace.h"
#include "itemmodels/ReferralLogModel.h"
#include "views/referrals/ReferralLogView.h"
#include "views/referrals/ReferralTexts.h"
#include "views/referrals/ReferralWizard.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QListView>
#include <QSignalSpy>
#include <QTableView>
#include <QTreeWidget>

using namespace htmse;
using namespace Qt::StringLiterals;
using test::focusedName;
using test::press;
using test::tabTo;
using test::type;

namespace {
const GeoPoint kLeeds(53.80, -1.55);
}

class TestReferralWizard : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void caseReferenceChecks_data();
    void caseReferenceChecks();
    void wholeWizardByKeyboard();
    void consentCannotBeSkippedForAVictimReferral();
    void duplicateWarningTheSecondTime();
    void statutoryDecisionsInOrder();
    void externalRecipientWhenNothingMatches();
    void prefillFromASearch();
    void lockEmptiesTheWizard();
    void everyInteractiveWidgetIsNamed();

private:
    void openWizard();
    void walkToConsent(const QString& caseRef, int kindDowns = 0);
    void walkToConfirm(const QString& caseRef);
    int page() const { return m_wizard->currentId(); }

    test::ManualClock m_clock{QDateTime(QDate(2026, 11, 30), QTime(9, 0), Qt::UTC)};
    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    std::unique_ptr<ReferralWizard> m_wizard;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QUuid m_nearLawyer;
    QUuid m_farLawyer;
};

void TestReferralWizard::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>(m_clock);
    const Professional near =
        test::professional(u"Dr Selam Tesfaye"_s, {u"legal.immigration"_s}, u"tir"_s, u"Leeds"_s, kLeeds);
    const Professional far =
        test::professional(u"Ruth Okafor"_s, {u"legal.immigration"_s}, u"tir"_s, u"Bradford"_s, GeoPoint(53.79, -1.75));
    m_nearLawyer = near.id;
    m_farLawyer = far.id;
    QString error;
    QVERIFY2((*m_workspace)->directory().upsert({near, far}, {}, &error), qPrintable(error));
    openWizard();
}

void TestReferralWizard::openWizard()
{
    m_tester.reset();
    m_wizard = std::make_unique<ReferralWizard>(**m_workspace, nullptr);
    auto* matches = m_wizard->findChild<QListView*>(u"matches"_s);
    QVERIFY(matches);
    m_tester = std::make_unique<QAbstractItemModelTester>(matches->model(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_wizard->show();
    m_wizard->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_wizard.get()));
    QVERIFY(tabTo(u"caseRef"_s));
}

void TestReferralWizard::cleanup()
{
    m_tester.reset();
    m_wizard.reset();
    m_workspace.reset();
}

void TestReferralWizard::caseReferenceChecks_data()
{
    QTest::addColumn<QString>("ref");
    QTest::addColumn<bool>("canGoOn");
    QTest::addColumn<QString>("message");
    QTest::newRow("office code") << u"HT-2026-0142"_s << true << QString();
    QTest::newRow("name") << u"MariaLopez"_s << true << u"person's name"_s;
    QTest::newRow("name with a dot") << u"amina.yusuf"_s << true << u"person's name"_s;
    QTest::newRow("date of birth") << u"HT-12.05.1990"_s << true << u"date of birth"_s;
    QTest::newRow("compact date of birth") << u"K19900512"_s << true << u"date of birth"_s;
    QTest::newRow("spaces") << u"Maria Lopez"_s << false << u"no spaces"_s;
}

void TestReferralWizard::caseReferenceChecks()
{
    QFETCH(QString, ref);
    QFETCH(bool, canGoOn);
    QFETCH(QString, message);
    type(ref);
    auto* label = m_wizard->findChild<QLabel*>(u"caseRefMessage"_s);
    QVERIFY(label);
    if (message.isEmpty()) {
        QVERIFY(label->isHidden());
    } else {
        QVERIFY(label->isVisible());
        QVERIFY2(label->text().contains(message), qPrintable(label->text()));
    }
    QCOMPARE(m_wizard->button(QWizard::NextButton)->isEnabled(), canGoOn);
    press(Qt::Key_Return);
    QCOMPARE(page(), canGoOn ? int(ReferralWizard::NeedsPage) : int(ReferralWizard::CasePage));
}

// Case reference and kind, then Legal > Immigration ticked, Tigrinya, an interpreter, Leeds.
void TestReferralWizard::walkToConsent(const QString& caseRef, int kindDowns)
{
    QCOMPARE(page(), int(ReferralWizard::CasePage));
    type(caseRef);
    QVERIFY(tabTo(u"kind"_s));
    QCOMPARE(m_wizard->details().kind, u"victim-support"_s); // the first kind
    for (int i = 0; i < kindDowns; ++i)
        press(Qt::Key_Down);
    QVERIFY(tabTo(u"urgency"_s));
    press(Qt::Key_Down); // "Within a week"
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::NeedsPage));

    QVERIFY(tabTo(u"needs"_s));
    auto* tree = m_wizard->findChild<QTreeWidget*>(u"needs"_s);
    press(Qt::Key_Right); // open "Legal advice and representation"
    press(Qt::Key_Down);
    QCOMPARE(tree->currentItem()->text(0), u"Immigration and asylum"_s);
    press(Qt::Key_Space);
    QCOMPARE(m_wizard->details().needs, QStringList{u"legal.immigration"_s});
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::PersonPage));

    QVERIFY(tabTo(u"languageInput"_s));
    type(u"Tigrinya"_s);
    press(Qt::Key_Return); // adds the language, stays on the page
    QCOMPARE(page(), int(ReferralWizard::PersonPage));
    QCOMPARE(m_wizard->details().languages, QStringList{u"tir"_s});
    QVERIFY(tabTo(u"interpreter"_s));
    press(Qt::Key_Space);
    QVERIFY(tabTo(u"place"_s));
    type(u"Leeds"_s);
    QVERIFY(tabTo(u"radius"_s));
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::ConsentPage));
    const ReferralDetails d = m_wizard->details();
    QVERIFY(d.interpreter);
    QVERIFY(d.location);
    QCOMPARE(d.location->city, u"Leeds"_s);
}

void TestReferralWizard::walkToConfirm(const QString& caseRef)
{
    walkToConsent(caseRef);
    QVERIFY(tabTo(u"consentGiven"_s));
    press(Qt::Key_Space); // consented
    QVERIFY(tabTo(u"consentScope"_s));
    type(u"legal advice"_s);
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::StatutoryPage));

    QVERIFY(tabTo(u"statutoryRoute"_s));
    press(Qt::Key_Up);
    press(Qt::Key_Up); // National Referral Mechanism
    QVERIFY(tabTo(u"statutoryReference"_s));
    type(u"SCA-99871"_s);
    QVERIFY(tabTo(u"reasonableGrounds"_s));
    press(Qt::Key_Down); // Pending
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::RecipientPage));

    // Ranked: the nearer lawyer first, already chosen, with the why.
    auto* matches = m_wizard->findChild<QListView*>(u"matches"_s);
    QCOMPARE(matches->model()->rowCount(), 2);
    QCOMPARE(matches->currentIndex().data().toString(), u"Dr Selam Tesfaye"_s);
    QVERIFY(m_wizard->findChild<QLabel*>(u"why"_s)->text().contains(u"Tigrinya"_s));
    QVERIFY(tabTo(u"matches"_s));
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::ConfirmPage));
}

void TestReferralWizard::wholeWizardByKeyboard()
{
    QSignalSpy recorded(m_wizard.get(), &ReferralWizard::referralRecorded);
    walkToConfirm(u"HT-2026-0142"_s);
    auto* letter = m_wizard->findChild<QTextEdit*>(u"letterPreview"_s);
    QVERIFY(letter->toPlainText().contains(u"Dr Selam Tesfaye"_s));
    QVERIFY(letter->toPlainText().contains(u"Immigration and asylum"_s));
    QVERIFY(!letter->toPlainText().contains(u"SCA-99871"_s)); // the letter says no more than needed
    QVERIFY(letter->toPlainText().contains(u"Reference (given when the referral is recorded)"_s));
    QVERIFY(m_wizard->findChild<QLabel*>(u"duplicateWarning"_s)->isHidden());
    press(Qt::Key_Return); // Finish
    QCOMPARE(recorded.size(), 1);
    QVERIFY(m_wizard->isHidden());
    QVERIFY(!test::visibleTexts(m_wizard.get()).join(u'\n').contains(u"HT-2026-0142"_s)); // emptied once closed
    QCOMPARE(page(), int(ReferralWizard::CasePage));
    const QUuid id = recorded.first().first().toUuid();

    const auto referral = (*m_workspace)->referrals().referral(id);
    QVERIFY(referral);
    QCOMPARE(referral->status, ReferralStatus::Created);
    const ReferralDetails& d = referral->details;
    QCOMPARE(d.caseRef, u"HT-2026-0142"_s);
    QCOMPARE(d.kind, u"victim-support"_s);
    QCOMPARE(d.urgency, u"soon"_s);
    QCOMPARE(d.needs, QStringList{u"legal.immigration"_s});
    QCOMPARE(d.languages, QStringList{u"tir"_s});
    QVERIFY(d.interpreter);
    QCOMPARE(d.recipientId, m_nearLawyer);
    QVERIFY(d.consent && d.consent->given);
    QCOMPARE(d.consent->scope, u"legal advice"_s);
    QCOMPARE(d.consent->recordedBy, u"Test profile"_s);
    QVERIFY(d.statutory);
    QCOMPARE(d.statutory->route, u"nrm"_s);
    QCOMPARE(d.statutory->reference, u"SCA-99871"_s);
    QCOMPARE(d.statutory->reasonableGrounds.decision, u"pending"_s);
    // Audited by its kind, never its case.
    const auto audit = (*m_workspace)->audit().entries();
    QCOMPARE(audit.first().event, u"referral-created"_s);
    QVERIFY(!audit.first().detail.contains(u"HT-2026"_s));

    // It is in the log, as "created".
    ReferralLogView log;
    QAbstractItemModelTester tester(log.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    log.setWorkspace(m_workspace->get());
    QCOMPARE(log.model()->rowCount(), 1);
    QCOMPARE(log.model()->index(0, ReferralLogModel::CaseColumn).data().toString(), u"HT-2026-0142"_s);
    QCOMPARE(log.model()->index(0, 0).data(ReferralLogModel::StatusRole).toString(), u"created"_s);
    // On screen and to a screen reader: the recipient's name, the status in words.
    const QAbstractItemModel* table = log.tableModel();
    QCOMPARE(table->index(0, ReferralLogModel::RecipientColumn).data(Qt::AccessibleTextRole).toString(),
             u"Dr Selam Tesfaye"_s);
    QCOMPARE(table->index(0, ReferralLogModel::StatusColumn).data(Qt::AccessibleTextRole).toString(), u"Created"_s);
}

void TestReferralWizard::consentCannotBeSkippedForAVictimReferral()
{
    walkToConsent(u"HT-2026-0150"_s);
    auto* message = m_wizard->findChild<QLabel*>(u"consentMessage"_s);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(u"requires the person's consent"_s), qPrintable(message->text()));
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::ConsentPage));

    // An override goes on only with its reason.
    QVERIFY(tabTo(u"consentGiven"_s));
    press(Qt::Key_Down);
    QCOMPARE(focusedName(), u"consentOverride"_s);
    press(Qt::Key_Space);
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::ConsentPage));
    QVERIFY2(message->text().startsWith(u"Write the reason"_s), qPrintable(message->text()));
    QVERIFY(tabTo(u"overrideReason"_s));
    type(u"Child-protection duty"_s);
    QVERIFY(tabTo(u"minor"_s));
    press(Qt::Key_Space);
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::StatutoryPage));
    const auto consent = m_wizard->details().consent;
    QVERIFY(consent);
    QVERIFY(!consent->given);
    QVERIFY(consent->override);
    QVERIFY(consent->minor);
    QCOMPARE(consent->overrideReason, u"Child-protection duty"_s);

    // For a professional consultation the office's rule does not apply.
    openWizard();
    walkToConsent(u"HT-2026-0151"_s, 1);
    QCOMPARE(m_wizard->details().kind, u"professional-consultation"_s);
    QVERIFY(m_wizard->button(QWizard::NextButton)->isEnabled());
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::StatutoryPage));
    QVERIFY(!m_wizard->details().consent);
}

void TestReferralWizard::duplicateWarningTheSecondTime()
{
    walkToConfirm(u"HT-2026-0160"_s);
    press(Qt::Key_Return);
    QCOMPARE((*m_workspace)->referrals().summaries().size(), 1);

    openWizard();
    walkToConfirm(u"HT-2026-0160"_s);
    auto* warning = m_wizard->findChild<QLabel*>(u"duplicateWarning"_s);
    QVERIFY(warning->isVisible());
    // A directory professional answers through their account: no answer link offered.
    QVERIFY(!m_wizard->findChild<QCheckBox*>(u"makeAnswerLinkOnFinish"_s)->isVisible());
    QVERIFY2(warning->text().contains(u"already referred to this recipient"_s), qPrintable(warning->text()));
    QVERIFY(!m_wizard->button(QWizard::FinishButton)->isEnabled());
    press(Qt::Key_Return);
    QCOMPARE((*m_workspace)->referrals().summaries().size(), 1);
    QVERIFY(tabTo(u"recordAnyway"_s));
    press(Qt::Key_Space);
    press(Qt::Key_Return);
    QCOMPARE((*m_workspace)->referrals().summaries().size(), 2);
}

void TestReferralWizard::externalRecipientWhenNothingMatches()
{
    QString error;
    QVERIFY((*m_workspace)->directory().remove({m_nearLawyer, m_farLawyer}, &error));
    QSignalSpy recorded(m_wizard.get(), &ReferralWizard::referralRecorded);
    walkToConsent(u"HT-2026-0180"_s);
    QVERIFY(tabTo(u"consentGiven"_s));
    press(Qt::Key_Space);
    press(Qt::Key_Return);
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::RecipientPage));
    auto* none = m_wizard->findChild<QLabel*>(u"relaxations"_s);
    QVERIFY(none->isVisible());
    QVERIFY2(none->text().contains(u"No professional in the directory matches"_s), qPrintable(none->text()));
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
    QVERIFY(tabTo(u"fromDirectory"_s)); // the two choices are one group: the arrows move between them
    press(Qt::Key_Down);
    QCOMPARE(focusedName(), u"externalRecipientChoice"_s);
    press(Qt::Key_Space);
    QVERIFY(tabTo(u"externalRecipient"_s));
    type(u"Dr K Mensah, Leeds Community Clinic"_s);
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::ConfirmPage));
    QVERIFY(m_wizard->findChild<QTextEdit*>(u"letterPreview"_s)->toPlainText().contains(u"Dr K Mensah"_s));
    // Outside the directory: an answer link can be asked for, by keyboard.
    QSignalSpy linkRequested(m_wizard.get(), &ReferralWizard::answerLinkRequested);
    auto* answerLink = m_wizard->findChild<QCheckBox*>(u"makeAnswerLinkOnFinish"_s);
    QVERIFY(answerLink->isVisible());
    QVERIFY(tabTo(u"makeAnswerLinkOnFinish"_s));
    press(Qt::Key_Space);
    QVERIFY(answerLink->isChecked());
    press(Qt::Key_Return);
    QCOMPARE(recorded.size(), 1);
    QCOMPARE(linkRequested.size(), 1);
    QCOMPARE(linkRequested.first().first().toUuid(), recorded.first().first().toUuid());
    QCOMPARE((*m_workspace)->referrals().summary(recorded.first().first().toUuid())->status, ReferralStatus::Sent);
    const auto referral = (*m_workspace)->referrals().referral(recorded.first().first().toUuid());
    QVERIFY(referral);
    QVERIFY(referral->details.recipientId.isNull());
    QCOMPARE(referral->details.externalRecipient, u"Dr K Mensah, Leeds Community Clinic"_s);
}

void TestReferralWizard::statutoryDecisionsInOrder()
{
    walkToConsent(u"HT-2026-0190"_s);
    QVERIFY(tabTo(u"consentGiven"_s));
    press(Qt::Key_Space);
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::StatutoryPage));
    QVERIFY(tabTo(u"statutoryRoute"_s));
    press(Qt::Key_Up); // Duty to notify
    QVERIFY(tabTo(u"conclusiveGrounds"_s));
    press(Qt::Key_Down); // a conclusive decision with no reasonable-grounds decision before it
    auto* message = m_wizard->findChild<QLabel*>(u"statutoryMessage"_s);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(u"reasonable grounds decision"_s), qPrintable(message->text()));
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::StatutoryPage));
    QVERIFY(tabTo(u"reasonableGrounds"_s));
    press(Qt::Key_Down);
    press(Qt::Key_Down); // Positive
    QVERIFY(message->isHidden());
    press(Qt::Key_Return);
    QCOMPARE(page(), int(ReferralWizard::RecipientPage));
    const auto route = m_wizard->details().statutory;
    QVERIFY(route);
    QCOMPARE(route->route, u"duty-to-notify"_s);
    QCOMPARE(route->reasonableGrounds.decision, u"positive"_s);
    QCOMPARE(route->reasonableGrounds.date, QDate(2026, 11, 30));
    QCOMPARE(route->conclusiveGrounds.decision, u"pending"_s);
}

void TestReferralWizard::prefillFromASearch()
{
    MatchQuery q;
    q.needs = {{u"legal.immigration"_s, true}};
    q.languages = {u"tir"_s};
    q.interpreterOk = true;
    q.near = kLeeds;
    q.radiusKm = 30;
    m_wizard->prefill(q, m_nearLawyer, u"expert-report"_s);
    const ReferralDetails d = m_wizard->details();
    QCOMPARE(d.kind, u"expert-report"_s);
    QCOMPARE(d.needs, QStringList{u"legal.immigration"_s});
    QCOMPARE(d.languages, QStringList{u"tir"_s});
    QVERIFY(d.interpreter);
    QVERIFY(d.location);
    QCOMPARE(d.location->city, u"Leeds"_s);
}

void TestReferralWizard::lockEmptiesTheWizard()
{
    walkToConsent(u"HT-2026-0170"_s);
    QVERIFY(test::visibleTexts(m_wizard.get()).join(u'\n').contains(u"HT-2026-0170"_s));
    m_tester.reset();
    (*m_workspace)->close(u"locked"_s);
    QVERIFY(m_wizard->isHidden());
    const QString texts = test::visibleTexts(m_wizard.get()).join(u'\n');
    QVERIFY(!texts.contains(u"HT-2026-0170"_s));
    QVERIFY(!texts.contains(u"Tigrinya"_s));
    QVERIFY(m_wizard->details().needs.isEmpty());
}

void TestReferralWizard::everyInteractiveWidgetIsNamed()
{
    const QStringList unnamed = test::unnamedWidgets(m_wizard.get());
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

QTEST_MAIN(TestReferralWizard)
#include "TestReferralWizard.moc"
