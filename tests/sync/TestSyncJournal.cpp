// SyncJournal and the sync payload checks on a real encrypted profile: a page and its cursor
// land together or not at all; a page with one bad item, garbage, a truncated body or a cursor
// going backwards leaves the profile exactly as it was; unknown fields are ignored; tombstones
// remove; the outbox moves through pending, sent, accepted and rejected; erasure purges.
#include "common/TemporaryWorkspace.h"
#include "core/JsonReader.h"
#include "demo/DemoDirectoryGenerator.h"
#include "sync/SyncPayload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace htmse;
using htmse::test::TemporaryWorkspace;

namespace {

QJsonObject directoryItem(const Professional& p, qint64 version)
{
    return QJsonObject{{u"kind"_s, u"professional"_s},
                       {u"id"_s, uuidString(p.id)},
                       {u"version"_s, version},
                       {u"deleted"_s, false},
                       {u"data"_s, p.toJson()}};
}

QByteArray page(const QJsonArray& items, const QString& next, bool hasMore = false)
{
    return QJsonDocument(QJsonObject{{u"items"_s, items}, {u"next"_s, next}, {u"has_more"_s, hasMore}})
        .toJson(QJsonDocument::Compact);
}

ReferralDetails details(const QString& caseRef)
{
    ReferralDetails d;
    d.caseRef = caseRef;
    d.kind = u"professional-consultation"_s;
    d.needs = {u"legal.immigration"_s};
    d.recipientId = QUuid::createUuid();
    return d;
}

// What a profile holds that sync may change, in one comparable value.
QString snapshot(ProfileWorkspace& w)
{
    QStringList out;
    QSqlQuery q(w.session().database());
    for (const QString& sql :
         {u"SELECT id, server_version, body FROM directory_professionals ORDER BY id"_s,
          u"SELECT id, record FROM directory_index ORDER BY id"_s,
          u"SELECT id, type, server_seq, pending, sync_state, sync_reason FROM referral_events ORDER BY id"_s,
          u"SELECT * FROM referrals ORDER BY id"_s,
          u"SELECT key, value FROM meta WHERE key NOT IN ('audit_head') ORDER BY key"_s}) {
        if (!q.exec(sql))
            return u"cannot read: "_s + sql;
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < q.record().count(); ++i)
                row.append(q.value(i).toString());
            out.append(row.join(u'|'));
        }
    }
    return out.join(u'\n');
}

} // namespace

class TestSyncJournal : public QObject
{
    Q_OBJECT

private slots:
    void pageAndCursorLandTogether();
    void badPagesLeaveTheProfileAsItWas_data();
    void badPagesLeaveTheProfileAsItWas();
    void cursorGoingBackwardsIsRefused();
    void unknownFieldsAndKindsAreIgnored();
    void outboxStates();
    void erasureFromTheServerPurges();
    void signInStateAndHistory();
};

void TestSyncJournal::pageAndCursorLandTogether()
{
    TemporaryWorkspace w;
    SyncJournal& journal = w->syncJournal();
    const auto d = DemoDirectoryGenerator(5, 7).generate();
    QJsonArray items;
    for (qsizetype i = 0; i < d.professionals.size(); ++i)
        items.append(directoryItem(d.professionals.at(i), 10 + i));
    QString error;
    const auto parsed = syncpayload::readDirectoryPage(page(items, u"14"_s), {}, nullptr, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->professionals.size(), 5);
    QVERIFY2(journal.applyDirectoryPage(*parsed, &error), qPrintable(error));
    QCOMPARE(journal.cursor(SyncJournal::Stream::Directory), u"14"_s);
    QCOMPARE(w->directory().stats().professionals, 5);
    QCOMPARE(w->directory().professional(d.professionals.at(2).id)->serverVersion, 12);

    // A tombstone removes the profile and its index record, in the next page.
    const QJsonArray tomb{QJsonObject{{u"kind"_s, u"professional"_s},
                                      {u"id"_s, uuidString(d.professionals.at(0).id)},
                                      {u"version"_s, 15},
                                      {u"deleted"_s, true}}};
    const auto second = syncpayload::readDirectoryPage(page(tomb, u"15"_s), u"14"_s, nullptr, &error);
    QVERIFY2(second, qPrintable(error));
    QCOMPARE(second->removedProfessionals.size(), 1);
    QVERIFY(journal.applyDirectoryPage(*second, &error));
    QCOMPARE(w->directory().stats().professionals, 4);
    QVERIFY(!w->directory().professional(d.professionals.at(0).id));
    int indexed = 0;
    w->directory().forEachIndexRecord([&](const IndexRecord&) { ++indexed; });
    QCOMPARE(indexed, 4);

    // The database refusing the page (here: a read-only transaction cannot start a write)
    // leaves both as they were: a failed write is simulated by a cursor the store cannot take.
    QSqlQuery(w->session().database())
        .exec(u"CREATE TRIGGER refuse BEFORE INSERT ON directory_professionals "
              "BEGIN SELECT RAISE(ABORT, 'refused'); END"_s);
    const auto third = syncpayload::readDirectoryPage(
        page(QJsonArray{directoryItem(d.professionals.at(0), 16)}, u"16"_s), u"15"_s, nullptr, &error);
    QVERIFY(third);
    QVERIFY(!journal.applyDirectoryPage(*third, &error));
    QCOMPARE(journal.cursor(SyncJournal::Stream::Directory), u"15"_s);
    QCOMPARE(w->directory().stats().professionals, 4);
}

void TestSyncJournal::badPagesLeaveTheProfileAsItWas_data()
{
    QTest::addColumn<QByteArray>("body");
    const auto d = DemoDirectoryGenerator(3, 9).generate();
    QJsonArray good;
    for (qsizetype i = 0; i < d.professionals.size(); ++i)
        good.append(directoryItem(d.professionals.at(i), 20 + i));
    const QByteArray whole = page(good, u"22"_s);
    QTest::newRow("garbage") << QByteArray("<html>502 Bad Gateway</html>");
    QTest::newRow("truncated") << whole.left(whole.size() / 2);
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not an object") << QByteArray("[1,2,3]");
    QTest::newRow("no next") << QByteArray(R"({"items":[],"has_more":false})");
    QTest::newRow("cursor not a number") << page({}, u"abc"_s);
    QJsonArray oneBad = good;
    QJsonObject bad = oneBad.at(1).toObject();
    QJsonObject data = bad.value(u"data"_s).toObject();
    data.insert(u"languages"_s, QJsonArray{QJsonObject{{u"code"_s, u"xx"_s}}});
    bad.insert(u"data"_s, data);
    oneBad.replace(1, bad);
    QTest::newRow("one invalid profile") << page(oneBad, u"22"_s);
    QJsonArray wrongId = good;
    QJsonObject other = wrongId.at(2).toObject();
    other.insert(u"id"_s, uuidString(QUuid::createUuid()));
    wrongId.replace(2, other);
    QTest::newRow("data id differs") << page(wrongId, u"22"_s);
    QJsonArray disorder = good;
    QJsonObject late = disorder.at(0).toObject();
    late.insert(u"version"_s, 30);
    disorder.replace(0, late);
    QTest::newRow("numbered beyond next") << page(disorder, u"22"_s);
    QTest::newRow("items but next not moved") << page(good, u"5"_s);
}

void TestSyncJournal::badPagesLeaveTheProfileAsItWas()
{
    QFETCH(QByteArray, body);
    TemporaryWorkspace w;
    // Something there already, with a cursor.
    QString error;
    const auto first = DemoDirectoryGenerator(2, 3).generate();
    QJsonArray items{directoryItem(first.professionals.at(0), 4), directoryItem(first.professionals.at(1), 5)};
    QVERIFY(w->syncJournal().applyDirectoryPage(
        *syncpayload::readDirectoryPage(page(items, u"5"_s), {}, nullptr, &error), &error));
    const QString before = snapshot(*w);
    const auto parsed = syncpayload::readDirectoryPage(body, u"5"_s, nullptr, &error);
    if (parsed)
        QVERIFY(!w->syncJournal().applyDirectoryPage(*parsed, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(snapshot(*w), before);
}

void TestSyncJournal::cursorGoingBackwardsIsRefused()
{
    TemporaryWorkspace w;
    SyncJournal& journal = w->syncJournal();
    QString error;
    SyncJournal::EventPage events;
    events.next = u"40"_s;
    QVERIFY2(journal.applyEventPage(events, {}, nullptr, nullptr, &error), qPrintable(error));
    const QString before = snapshot(*w);
    events.next = u"39"_s;
    QVERIFY(!journal.applyEventPage(events, {}, nullptr, nullptr, &error));
    QVERIFY2(error.contains(u"backwards"_s), qPrintable(error));
    // The payload check refuses it too, before the journal sees it.
    QVERIFY(!syncpayload::readEventPage(page({}, u"39"_s), u"40"_s, nullptr, &error));
    QVERIFY2(error.contains(u"backwards"_s), qPrintable(error));
    QCOMPARE(snapshot(*w), before);
    QCOMPARE(journal.cursor(SyncJournal::Stream::Events), u"40"_s);
}

void TestSyncJournal::unknownFieldsAndKindsAreIgnored()
{
    TemporaryWorkspace w;
    const Professional p = DemoDirectoryGenerator(1, 4).generate().professionals.first();
    QJsonObject item = directoryItem(p, 2);
    item.insert(u"from_the_future"_s, 42);
    QJsonObject data = item.value(u"data"_s).toObject();
    data.insert(u"x_unknown"_s, u"ignored"_s);
    item.insert(u"data"_s, data);
    const QJsonObject otherKind{{u"kind"_s, u"hologram"_s},
                                {u"id"_s, uuidString(QUuid::createUuid())},
                                {u"version"_s, 3},
                                {u"deleted"_s, false}};
    QString error;
    const auto parsed = syncpayload::readDirectoryPage(page(QJsonArray{item, otherKind}, u"3"_s), {}, nullptr, &error);
    QVERIFY2(parsed, qPrintable(error));
    QVERIFY(w->syncJournal().applyDirectoryPage(*parsed, &error));
    QCOMPARE(w->directory().stats().professionals, 1);
    QCOMPARE(w->syncJournal().cursor(SyncJournal::Stream::Directory), u"3"_s);
}

void TestSyncJournal::outboxStates()
{
    TemporaryWorkspace w;
    ReferralError rerror;
    const auto a = w->createReferral(details(u"HT-1"_s), &rerror);
    const auto b = w->createReferral(details(u"HT-2"_s), &rerror);
    QVERIFY(a && b);
    QVERIFY(w->addReferralEvent(*a, ReferralEventType::Sent, {}, &rerror));
    SyncJournal& journal = w->syncJournal();
    QCOMPARE(journal.pendingEvents(), 3);
    QCOMPARE(journal.pendingReferrals(), 2);
    QString error;
    const QList<ReferralEvent> sent = journal.takeOutbox(10, &error);
    QCOMPARE(sent.size(), 3);
    // Sent but unanswered: still waiting, and offered again (the server is idempotent by id).
    QCOMPARE(journal.pendingEvents(), 3);
    QCOMPARE(journal.takeOutbox(10, &error).size(), 3);
    SyncJournal::PushAnswer answer;
    for (const ReferralEvent& e : sent) {
        if (e.referralId == *b)
            answer.rejected.append({e.id, u"unknown referral"_s});
        else
            answer.accepted.append({e.id, 100 + answer.accepted.size()});
    }
    QList<QUuid> changed;
    QVERIFY2(journal.recordPushAnswer(answer, &changed, &error), qPrintable(error));
    QCOMPARE(changed.size(), 2);
    QCOMPARE(journal.pendingEvents(), 0);
    QCOMPARE(journal.rejectedEvents().size(), 1);
    QCOMPARE(journal.rejectedEvents().first().reason, u"unknown referral"_s);
    QCOMPARE(journal.rejectedEvents().first().referralId, *b);
    // The refused "created" is out of the fold and kept with the reason on the referral.
    const auto refused = w->referrals().referral(*b);
    QVERIFY(refused);
    QCOMPARE(refused->rejected.size(), 1);
    QVERIFY(refused->rejected.first().reason.contains(u"unknown referral"_s));
    QVERIFY(!w->referrals().summary(*b));
    QCOMPARE(w->referrals().summary(*a)->status, ReferralStatus::Sent);
    QVERIFY(journal.takeOutbox(10, &error).isEmpty());
}

void TestSyncJournal::erasureFromTheServerPurges()
{
    TemporaryWorkspace w;
    ReferralError rerror;
    const auto a = w->createReferral(details(u"HT-9"_s), &rerror);
    QVERIFY(a);
    QVERIFY(w->addReferralEvent(*a, ReferralEventType::Sent, {}, &rerror));
    ReferralEvent erased;
    erased.id = QUuid::createUuid();
    erased.referralId = *a;
    erased.type = ReferralEventType::Erased;
    erased.deviceId = u"other-device"_s;
    erased.clientTime = QDateTime::currentDateTimeUtc();
    erased.serverSeq = 7;
    QString error;
    bool wasErased = false;
    QVERIFY2(w->syncJournal().applyEventPage({{erased}, u"7"_s}, {}, nullptr, &wasErased, &error), qPrintable(error));
    QVERIFY(wasErased);
    const auto r = w->referrals().referral(*a);
    QVERIFY(r);
    QCOMPARE(r->status, ReferralStatus::Erased);
    QCOMPARE(r->history.size(), 1);
    QVERIFY(r->details.caseRef.isEmpty());
    QCOMPARE(w->syncJournal().pendingEvents(), 0);
}

void TestSyncJournal::signInStateAndHistory()
{
    TemporaryWorkspace w;
    SyncJournal& journal = w->syncJournal();
    const QUrl server(u"https://htmse.example.org/"_s);
    QVERIFY(!journal.refreshToken(server, u"amina"_s));
    QString error;
    SyncJournal::EventPage empty{{}, u"12"_s};
    QVERIFY(journal.applyEventPage(empty, {}, nullptr, nullptr, &error));
    QVERIFY(journal.storeSignIn(server, u"amina"_s, "refresh-1", &error));
    QCOMPARE(journal.refreshToken(server, u"amina"_s)->view().toByteArray(), QByteArray("refresh-1"));
    QVERIFY(!journal.refreshToken(server, u"someone-else"_s));
    QVERIFY(!journal.refreshToken(QUrl(u"https://other.example.org"_s), u"amina"_s));
    // Another user on the same server starts the event cursor afresh.
    QVERIFY(journal.storeSignIn(server, u"bilal"_s, "refresh-2", &error));
    QCOMPARE(journal.cursor(SyncJournal::Stream::Events), QString());

    journal.recordError(SyncPhase::Push, u"server unreachable"_s);
    QCOMPARE(journal.lastErrors().value(SyncPhase::Push).message, u"server unreachable"_s);
    journal.clearError(SyncPhase::Push);
    QVERIFY(journal.lastErrors().isEmpty());
    QVERIFY(!journal.lastSuccess().isValid());
    SyncJournal::HistoryEntry entry;
    entry.startedAt = QDateTime::currentDateTimeUtc();
    entry.durationMs = 1200;
    entry.outcome = u"ok"_s;
    entry.pulledProfiles = 3;
    QVERIFY(journal.appendHistory(entry, &error));
    QCOMPARE(journal.history().size(), 1);
    QCOMPARE(journal.history().first().pulledProfiles, 3);
    QVERIFY(journal.lastSuccess().isValid());
}

QTEST_GUILESS_MAIN(TestSyncJournal)
#include "TestSyncJournal.moc"
