// The dashboard's figures against a referral log built by hand in a real profile, where every
// figure can be worked out on paper: referrals per month by status, medians (odd and even
// counts), the period's edges, overdue follow-ups, refused uploads, and the referrals this user
// received as a professional, which are not the organisation's and are not counted.
#include "common/ManualClock.h"
#include "common/TemporaryWorkspace.h"
#include "storage/ReferralStatistics.h"

#include <QSqlQuery>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;
using E = ReferralEventType;
using S = ReferralStatus;

namespace {
const QUuid kLawyer = QUuid::fromString(u"6f1c2a9e-0000-4000-8000-000000000001"_s);
constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 24 * kHour;

QDateTime utc(int y, int m, int d, int h = 9)
{
    return QDateTime(QDate(y, m, d), QTime(h, 0), QTimeZone::utc());
}
} // namespace

class TestReferralStatistics : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void figuresOfAHandBuiltLog();
    void monthsAreTheCaseworkersOwn();
    void medians();
    void emptyAndReversedPeriods();

private:
    // A referral created at `created`, sent an hour later, answered `answer` after `answerAfter`
    // seconds (no answer when `answer` is Created), then completed when `complete`.
    QUuid referral(const QDateTime& created, const QString& kind, E answer = E::Created, qint64 answerAfter = 0,
                   bool complete = false);

    test::ManualClock m_clock;
    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    int m_case = 0;
};

void TestReferralStatistics::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>(m_clock);
}

void TestReferralStatistics::cleanup()
{
    m_workspace.reset();
}

QUuid TestReferralStatistics::referral(const QDateTime& created, const QString& kind, E answer, qint64 answerAfter,
                                       bool complete)
{
    m_clock.setWallClock(created);
    ReferralDetails d;
    d.caseRef = u"HT-S%1"_s.arg(++m_case);
    d.kind = kind;
    d.needs = {u"legal.immigration"_s};
    d.recipientId = kLawyer;
    d.consent = Consent{true, u"support"_s, created.date(), u"amina"_s, false, false, {}, {}};
    ReferralError error;
    const auto id = (*m_workspace)->createReferral(d, &error);
    if (!id)
        qFatal("createReferral: %s", qPrintable(error.message));
    m_clock.setWallClock(created.addSecs(kHour));
    if (!(*m_workspace)->addReferralEvent(*id, E::Sent, {}, &error))
        qFatal("sent: %s", qPrintable(error.message));
    if (answer != E::Created) {
        m_clock.setWallClock(created.addSecs(kHour + answerAfter));
        const QJsonObject payload =
            answer == E::Declined ? QJsonObject{{u"reason"_s, u"no-capacity"_s}} : QJsonObject{};
        if (!(*m_workspace)->addReferralEvent(*id, answer, payload, &error))
            qFatal("answer: %s", qPrintable(error.message));
    }
    if (complete) {
        m_clock.setWallClock(created.addSecs(kHour + answerAfter + 2 * kDay));
        if (!(*m_workspace)->addReferralEvent(*id, E::Completed, {{u"success"_s, true}}, &error))
            qFatal("completed: %s", qPrintable(error.message));
    }
    return *id;
}

void TestReferralStatistics::figuresOfAHandBuiltLog()
{
    // Before the period (August), accepted in it: counts for the median, not for the months.
    referral(utc(2026, 8, 30), u"victim-support"_s, E::Accepted, 3 * kDay);
    // September: accepted after 2.5 days.
    referral(utc(2026, 9, 10), u"victim-support"_s, E::Accepted, 5 * kDay / 2);
    // October: accepted after 4.5 days and completed; accepted after 1 day.
    referral(utc(2026, 10, 5), u"victim-support"_s, E::Accepted, 9 * kDay / 2, true);
    const QUuid october = referral(utc(2026, 10, 20), u"victim-support"_s, E::Accepted, kDay);
    // November: two expert reports (3 and 6 days), one declined, one waiting with a follow-up.
    const QUuid expert = referral(utc(2026, 11, 2), u"expert-report"_s, E::Accepted, 3 * kDay);
    referral(utc(2026, 11, 3), u"expert-report"_s, E::Accepted, 6 * kDay);
    referral(utc(2026, 11, 15), u"victim-support"_s, E::Declined, kDay);
    const QUuid waiting = referral(utc(2026, 11, 20), u"victim-support"_s);
    // December, after the period: counted nowhere but in "open".
    referral(utc(2026, 12, 1, 8), u"victim-support"_s);

    ReferralError error;
    m_clock.setWallClock(utc(2026, 11, 21));
    QVERIFY((*m_workspace)->addReferralEvent(waiting, E::FollowUpSet, {{u"due"_s, u"2026-11-25"_s}}, &error));
    QVERIFY((*m_workspace)->addReferralEvent(expert, E::FollowUpSet, {{u"due"_s, u"2026-12-01"_s}}, &error));

    ReferralStore& store = (*m_workspace)->referrals();
    // The server refused one change of October's referral, and one from August (outside).
    QList<QUuid> refused;
    QSqlQuery q((*m_workspace)->session().database());
    QVERIFY(q.exec(u"SELECT id FROM referral_events WHERE type = 'sent' ORDER BY client_time"_s));
    while (q.next())
        refused.append(QUuid::fromString(q.value(0).toString()));
    QString why;
    QVERIFY(store.markRejected(refused.at(0), u"not allowed"_s, &why)); // August's
    QVERIFY(q.exec(u"SELECT id FROM referral_events WHERE type = 'sent' AND referral_id = '%1'"_s.arg(
                october.toString(QUuid::WithoutBraces))) &&
            q.next());
    QVERIFY(store.markRejected(QUuid::fromString(q.value(0).toString()), u"not allowed"_s, &why));

    // A referral of another organisation this user received as a professional, accepted in
    // October after half a day: not the organisation's, so in no figure.
    ReferralEvent sent;
    sent.id = QUuid::createUuid();
    sent.referralId = QUuid::createUuid();
    sent.type = E::Sent;
    sent.authorUser = u"other"_s;
    sent.authorOrganisation = u"elsewhere"_s;
    sent.deviceId = u"their-device"_s;
    sent.clientTime = utc(2026, 10, 7);
    sent.serverSeq = 900;
    ReferralDetails theirs;
    theirs.caseRef = u"OTHER-1"_s;
    theirs.kind = u"expert-report"_s;
    theirs.needs = {u"legal.immigration"_s};
    theirs.recipientId = kLawyer;
    QVERIFY2(store.addReceivedView(sent, theirs, &why), qPrintable(why));
    QVERIFY2(store.applyServerEvent(sent, &why), qPrintable(why));
    ReferralEvent accepted = sent;
    accepted.id = QUuid::createUuid();
    accepted.type = E::Accepted;
    accepted.authorUser = u"me"_s;
    accepted.clientTime = utc(2026, 10, 7, 21);
    accepted.serverSeq = 901;
    QVERIFY2(store.applyServerEvent(accepted, &why), qPrintable(why));
    QVERIFY2(store.refoldAll({sent.referralId}, &why), qPrintable(why));
    QVERIFY(store.summary(sent.referralId)); // it is in the log, with the others

    const ReferralFigures f =
        ReferralStatistics((*m_workspace)->session().database())
            .figures(QDate(2026, 9, 14), QDate(2026, 11, 1), QDate(2026, 12, 1), QTimeZone::utc());
    QCOMPARE(f.from, QDate(2026, 9, 1));
    QCOMPARE(f.to, QDate(2026, 11, 30));
    QCOMPARE(f.months, (QList<QDate>{QDate(2026, 9, 1), QDate(2026, 10, 1), QDate(2026, 11, 1)}));
    QCOMPARE(f.statuses, (QList<S>{S::Sent, S::Accepted, S::Declined, S::Completed}));
    QCOMPARE(f.perMonth, (QList<QList<int>>{{0, 0, 1}, {1, 1, 2}, {0, 0, 1}, {0, 1, 0}}));
    QCOMPARE(f.count(S::Accepted, 2), 2);
    QCOMPARE(f.count(S::Revoked, 0), 0);
    QCOMPARE(f.createdInPeriod, 7);
    // victim-support: 1, 2.5, 3, 4.5 → 2.75; expert-report: 3, 6 → 4.5 (the received one's
    // half day is not among them).
    QCOMPARE(f.acceptance,
             (QList<ReferralFigures::Acceptance>{{u"expert-report"_s, 4.5, 2}, {u"victim-support"_s, 2.75, 4}}));
    // Open: August's, September's, October's second, both expert reports, November's waiting,
    // December's; closed: the completed and the declined ones.
    QCOMPARE(f.openReferrals, 7);
    QCOMPARE(f.overdueFollowUps, 1);
    QCOMPARE(f.oldestOverdue, QDate(2026, 11, 25));
    QCOMPARE(f.followUpsDueToday, 1);
    QCOMPARE(f.rejectedUploads, 1);
    // Every local event is waiting but the two refused ones (the received ones are not local).
    QVERIFY(q.exec(u"SELECT count(*) FROM referral_events WHERE sync_state IN ('', 'sent') AND pending = 1"_s) &&
            q.next());
    QCOMPARE(f.waitingUploads, q.value(0).toInt());
    QVERIFY(f.waitingUploads > 20);
}

void TestReferralStatistics::monthsAreTheCaseworkersOwn()
{
    // 23:30 UTC on the last day of September is already October in Kyiv (UTC+3 then).
    ReferralFacts late;
    late.kind = u"victim-support"_s;
    late.status = S::Sent;
    late.createdAt = QDateTime(QDate(2026, 9, 30), QTime(23, 30), QTimeZone::utc());
    const auto months = [&](const QTimeZone& zone) {
        return ReferralStatistics::compute({late}, {}, QDate(2026, 9, 1), QDate(2026, 10, 1), QDate(2026, 12, 1), zone)
            .perMonth;
    };
    QCOMPARE(months(QTimeZone::utc()), (QList<QList<int>>{{1, 0}}));
    QCOMPARE(months(QTimeZone("Europe/Kyiv")), (QList<QList<int>>{{0, 1}}));
    // The last day of a 31-day month is in the period, the first day after it is not.
    late.createdAt = QDateTime(QDate(2026, 10, 31), QTime(23, 59), QTimeZone::utc());
    QCOMPARE(months(QTimeZone::utc()), (QList<QList<int>>{{0, 1}}));
    late.createdAt = QDateTime(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc());
    QCOMPARE(months(QTimeZone::utc()), QList<QList<int>>{});
}

void TestReferralStatistics::medians()
{
    QCOMPARE(ReferralStatistics::median({}), 0.0);
    QCOMPARE(ReferralStatistics::median({7.0}), 7.0);
    QCOMPARE(ReferralStatistics::median({9.0, 1.0, 5.0}), 5.0);
    QCOMPARE(ReferralStatistics::median({9.0, 1.0, 5.0, 2.0}), 3.5);
    // An acceptance recorded before its sending (clocks of two devices) is not a negative delay.
    ReferralFacts odd;
    odd.kind = u"victim-support"_s;
    odd.status = S::Accepted;
    odd.createdAt = utc(2026, 10, 1);
    odd.firstSent = utc(2026, 10, 3);
    odd.firstAccepted = utc(2026, 10, 2);
    QVERIFY(ReferralStatistics::compute({odd}, {}, QDate(2026, 10, 1), QDate(2026, 10, 1), QDate(2026, 12, 1),
                                        QTimeZone::utc())
                .acceptance.isEmpty());
}

void TestReferralStatistics::emptyAndReversedPeriods()
{
    referral(utc(2026, 10, 5), u"victim-support"_s, E::Accepted, kDay);
    const ReferralStatistics stats((*m_workspace)->session().database());
    const ReferralFigures reversed = stats.figures(QDate(2026, 11, 1), QDate(2026, 9, 1), QDate(2026, 12, 1));
    QCOMPARE(reversed.months.size(), 3);
    QCOMPARE(reversed.createdInPeriod, 1);
    const ReferralFigures none = stats.figures(QDate(2025, 1, 1), QDate(2025, 3, 1), QDate(2026, 12, 1));
    QCOMPARE(none.months.size(), 3);
    QVERIFY(none.statuses.isEmpty());
    QVERIFY(none.perMonth.isEmpty());
    QVERIFY(none.acceptance.isEmpty());
    QCOMPARE(none.openReferrals, 1);
    QCOMPARE(stats.figures(QDate(), QDate(2026, 1, 1), QDate(2026, 12, 1)).months.size(), 0);
}

QTEST_GUILESS_MAIN(TestReferralStatistics)
#include "TestReferralStatistics.moc"
