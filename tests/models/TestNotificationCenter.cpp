// TestNotificationCenter: the notices shown outside the window, from a real encrypted profile
// with a referral log full of recognisable victim data (case references, names in notes and in
// the external recipient, free text): follow-ups due today and overdue, a referral received as
// a professional and waiting for an answer, an upload the server refused. Every text produced is
// read and none holds any of that data; nothing is produced while locked or with the policy off;
// a notice is raised once per change, not at every look.
#include "common/ManualClock.h"
#include "common/TemporaryWorkspace.h"
#include "session/NotificationCenter.h"
#include "translations/Translations.h"

#include <QSignalSpy>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
// Everything of the log that must never reach a notification.
const QStringList kSecrets = {
    u"HT-SECRET-0001"_s,    u"HT-SECRET-0002"_s, u"HT-SECRET-0003"_s, u"HT-SECRET-0004"_s, u"HT-SECRET-0005"_s,
    u"HT-INCOMING-77"_s,    u"Amina"_s,          u"Sesay"_s,          u"Tesfaye"_s,        u"bus station"_s,
    u"Riverside Shelter"_s, u"Gebremedhin"_s,    u"SECRET"_s};

ReferralDetails details(const QString& caseRef, const QString& note)
{
    ReferralDetails d;
    d.caseRef = caseRef;
    d.kind = u"professional-consultation"_s;
    d.needs = {u"legal.immigration"_s};
    d.languages = {u"tir"_s};
    d.externalRecipient = u"Riverside Shelter, ask for Tesfaye Gebremedhin"_s;
    d.note = note;
    return d;
}

// Every text in the notices and raised signals.
QStringList textsOf(const QList<NotificationCenter::Notice>& notices, const QSignalSpy& raised)
{
    QStringList texts;
    for (const auto& n : notices)
        texts.append(n.text);
    for (const auto& args : raised)
        texts.append(args.at(0).value<NotificationCenter::Notice>().text);
    return texts;
}

void verifyNoVictimData(const QStringList& texts)
{
    QVERIFY(!texts.isEmpty());
    for (const QString& text : texts)
        for (const QString& secret : kSecrets)
            QVERIFY2(!text.contains(secret, Qt::CaseInsensitive), qPrintable(text + u" holds "_s + secret));
}
} // namespace

class TestNotificationCenter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void countsOnlyFromARealLog();
    void raisedOncePerChange();
    void noneWhileLocked();
    void noneWithThePolicyOff();

private:
    // Fills `workspace` with the demo log: 2 follow-ups due today, 3 overdue (one of them
    // closed: not counted), 1 received and unanswered, 1 refused by the server.
    void buildLog(ProfileWorkspace& workspace);
};

void TestNotificationCenter::initTestCase()
{
    installTranslations(); // English plurals
    qRegisterMetaType<NotificationCenter::Notice>();
}

void TestNotificationCenter::buildLog(ProfileWorkspace& w)
{
    ReferralError e;
    const QDate today = w.clock().now().toLocalTime().date();
    QStringList failures;
    const auto referral = [&](const QString& caseRef, const QString& note, int dueInDays, bool sent) -> QUuid {
        const auto id = w.createReferral(details(caseRef, note), &e);
        if (!id) {
            failures.append(e.message);
            return {};
        }
        if (sent && !w.addReferralEvent(*id, ReferralEventType::Sent, {}, &e))
            failures.append(e.message);
        if (!w.addReferralEvent(*id, ReferralEventType::FollowUpSet,
                                {{u"due"_s, today.addDays(dueInDays).toString(Qt::ISODate)},
                                 {u"note"_s, u"Call Amina Sesay about the bus station"_s}},
                                &e))
            failures.append(e.message);
        if (!w.addReferralEvent(*id, ReferralEventType::NoteAdded, {{u"text"_s, u"Amina Sesay, HT-SECRET notes"_s}},
                                &e))
            failures.append(e.message);
        return *id;
    };
    referral(u"HT-SECRET-0001"_s, u"Amina Sesay met at the bus station"_s, 0, true);
    referral(u"HT-SECRET-0002"_s, u"Amina Sesay, second need"_s, 0, false);
    referral(u"HT-SECRET-0003"_s, u"overdue"_s, -1, true);
    referral(u"HT-SECRET-0004"_s, u"overdue"_s, -10, true);
    const QUuid closed = referral(u"HT-SECRET-0005"_s, u"closed"_s, -3, true);
    QVERIFY(w.addReferralEvent(closed, ReferralEventType::Revoked, {{u"reason"_s, u"Amina Sesay moved"_s}}, &e));
    const QUuid later = referral(u"HT-SECRET-0006"_s, u"later"_s, 5, true); // not due yet
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u"; "_s)));

    // A referral received as a professional: the server's "sent" event showing it to us.
    ReferralEvent sent;
    sent.id = QUuid::createUuid();
    sent.referralId = QUuid::createUuid();
    sent.type = ReferralEventType::Sent;
    ReferralDetails shown = details(u"HT-INCOMING-77"_s, u"Amina Sesay"_s);
    shown.externalRecipient.clear(); // addressed to us, a directory professional
    sent.payload = {{u"referral"_s, shown.toJson()}};
    sent.authorUser = u"someone"_s;
    sent.deviceId = u"elsewhere"_s;
    sent.clientTime = w.clock().now();
    sent.serverSeq = 1;
    QList<QUuid> changed;
    bool erased = false;
    QString error;
    QVERIFY2(w.syncJournal().applyEventPage({{sent}, u"1"_s}, QUuid::createUuid(), &changed, &erased, &error),
             qPrintable(error));
    w.referralsSynced(changed, erased);

    // The server refuses the upload of one referral's events (its reason quotes the case).
    const QList<ReferralEvent> outbox = w.syncJournal().takeOutbox(1000, &error);
    QVERIFY(!outbox.isEmpty());
    SyncJournal::PushAnswer answer;
    for (const ReferralEvent& event : outbox) {
        if (event.referralId == later)
            answer.rejected.append({event.id, u"HT-SECRET-0001 refused for Amina Sesay"_s});
        else
            answer.accepted.append({event.id, 100 + answer.accepted.size()});
    }
    QVERIFY2(w.syncJournal().recordPushAnswer(answer, &changed, &error), qPrintable(error));
    w.referralsSynced(changed, false);
}

void TestNotificationCenter::countsOnlyFromARealLog()
{
    test::ManualClock clock;
    test::TemporaryWorkspace profile(clock);
    buildLog(*profile);
    NotificationCenter center;
    QSignalSpy raised(&center, &NotificationCenter::noticeRaised);
    center.setWorkspace(profile.get());
    const QList<NotificationCenter::Notice> notices = center.notices();
    QStringList texts;
    for (const auto& n : notices)
        texts.append(n.text);
    QCOMPARE(texts, (QStringList{u"2 follow-ups due today"_s, u"2 follow-ups overdue"_s,
                                 u"1 referral waiting for your answer"_s, u"1 referral could not be uploaded"_s}));
    QCOMPARE(raised.size(), 4);
    verifyNoVictimData(textsOf(notices, raised));
    // Nothing but digits and the fixed words.
    for (const QString& text : texts)
        for (const QString& word : text.split(u' '))
            QVERIFY2(word.toInt() > 0 ||
                         QStringList({u"follow-up"_s, u"follow-ups"_s, u"due"_s, u"today"_s, u"overdue"_s,
                                      u"referral"_s, u"referrals"_s, u"waiting"_s, u"for"_s, u"your"_s, u"answer"_s,
                                      u"could"_s, u"not"_s, u"be"_s, u"uploaded"_s})
                             .contains(word),
                     qPrintable(word));
}

void TestNotificationCenter::raisedOncePerChange()
{
    test::ManualClock clock;
    test::TemporaryWorkspace profile(clock);
    buildLog(*profile);
    NotificationCenter center;
    QSignalSpy raised(&center, &NotificationCenter::noticeRaised);
    center.setWorkspace(profile.get());
    QCOMPARE(raised.size(), 4);
    center.refresh();
    center.refresh();
    QCOMPARE(raised.size(), 4); // looking again changes nothing
    // A day later: today's two are overdue now (4), nothing is due today; only the changed count rises.
    clock.advance(24 * 3600);
    center.refresh();
    QCOMPARE(raised.size(), 5);
    QCOMPARE(raised.last().at(0).value<NotificationCenter::Notice>().text, u"4 follow-ups overdue"_s);
    // A change in the log: the professional answers; the waiting notice goes without a message.
    ReferralError e;
    const QUuid incoming = profile->referrals().receivedReferrals().value(0);
    QVERIFY(!incoming.isNull());
    QVERIFY2(profile->addReferralEvent(incoming, ReferralEventType::Acknowledged, {}, &e), qPrintable(e.message));
    QCOMPARE(raised.size(), 5);
    QCOMPARE(center.notices().size(), 2);
    verifyNoVictimData(textsOf(center.notices(), raised));
}

void TestNotificationCenter::noneWhileLocked()
{
    test::ManualClock clock;
    test::TemporaryWorkspace profile(clock);
    buildLog(*profile);
    NotificationCenter center;
    QSignalSpy raised(&center, &NotificationCenter::noticeRaised);
    center.setWorkspace(profile.get());
    QCOMPARE(raised.size(), 4);
    profile->close(u"manual"_s); // the lock: closing() goes out
    QVERIFY(center.notices().isEmpty());
    clock.advance(24 * 3600);
    center.refresh();
    QCOMPARE(raised.size(), 4);
    profile.close();
    center.refresh();
    QVERIFY(center.notices().isEmpty());
    QCOMPARE(raised.size(), 4);
    // Unlocked again, a day later: the notices of the profile are told once more (nothing is due
    // today any more: 4 overdue, 1 waiting, 1 refused).
    profile.reopen();
    center.setWorkspace(profile.get());
    QCOMPARE(raised.size(), 7);
    verifyNoVictimData(textsOf(center.notices(), raised));
}

void TestNotificationCenter::noneWithThePolicyOff()
{
    test::ManualClock clock;
    Policy policy;
    policy.notificationsEnabled = false;
    test::TemporaryWorkspace profile(clock, policy);
    buildLog(*profile);
    NotificationCenter center;
    QSignalSpy raised(&center, &NotificationCenter::noticeRaised);
    center.setWorkspace(profile.get());
    clock.advance(24 * 3600);
    center.refresh();
    QVERIFY(center.notices().isEmpty());
    QCOMPARE(raised.size(), 0);
    // The same log with the policy on does produce them: the switch is what stopped them.
    QVERIFY(!profile->referrals().overdue(clock.now().date()).isEmpty());
}

QTEST_GUILESS_MAIN(TestNotificationCenter)
#include "TestNotificationCenter.moc"
