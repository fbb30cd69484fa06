// SyncController and SyncClient against a real htmse-server process on loopback (both backends):
// caseworkers of one organisation and of another record referrals offline and sync in turns —
// every replica ends equal to the server's view for its user and the other organisation sees
// none of it; a professional receives a referral and accepts it, and the referrer sees that; a
// conflicting event is refused with the server's reason and kept; an erasure reaches every
// device; a resend is idempotent; and a fault proxy (reset, truncated body, 500, garbage, a
// cursor going backwards) leaves nothing partial, after which sync converges.
#include "common/FaultProxy.h"
#include "common/TemporaryWorkspace.h"
#include "core/JsonReader.h"
#include "session/SyncController.h"
#include "sync/SyncServerFixture.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace htmse;
using namespace htmse::test;

namespace {

constexpr int kProfiles = 250;

SyncOutcome syncOnce(ProfileWorkspace& w, const QUrl& server, const QString& user, bool withPassword = true,
                     qint64 maxBodyBytes = 64 * 1024 * 1024)
{
    SyncController controller(w);
    controller.setServer(server, user);
    SyncSettings tuning;
    tuning.maxBodyBytes = maxBodyBytes;
    tuning.pageLimit = 100;
    tuning.retries = 2;
    tuning.retryBaseMs = 20;
    tuning.transferTimeoutMs = 20'000;
    controller.setTuning(tuning);
    std::optional<SyncOutcome> outcome;
    QEventLoop loop;
    QObject::connect(&controller, &SyncController::finished, &loop, [&](const SyncOutcome& o) {
        outcome = o;
        loop.quit();
    });
    std::optional<SecureBytes> password;
    if (withPassword)
        password = SecureBytes::copyOf(QByteArrayView(SyncServerFixture::kPassword));
    if (!controller.syncNow(std::move(password))) {
        SyncOutcome failed;
        failed.result = SyncOutcome::Result::Local;
        failed.message = u"did not start"_s;
        return failed;
    }
    loop.exec();
    return *outcome;
}

// This device's events as "id|type|seq" (the recipient's own view of a received referral left
// out), and whether every one is accepted.
QStringList replicaView(ProfileWorkspace& w, bool* allAccepted)
{
    QStringList out;
    *allAccepted = true;
    QSqlQuery q(w.session().database());
    // The recipient's own view of a received referral and the events the server refused (kept
    // here with its reason) are this device's alone.
    q.exec(u"SELECT id, type, server_seq, pending FROM referral_events WHERE sync_state NOT IN ('received', "
           "'rejected')"_s);
    while (q.next()) {
        out.append(q.value(0).toString() + u'|' + q.value(1).toString() + u'|' + q.value(2).toString());
        *allAccepted = *allAccepted && !q.value(2).isNull() && q.value(3).toInt() == 0;
    }
    out.sort();
    return out;
}

// The directory as stored, with the journal's cursor: what a fault must leave as it was.
QString directorySnapshot(ProfileWorkspace& w)
{
    QStringList out;
    QSqlQuery q(w.session().database());
    q.exec(u"SELECT id, server_version FROM directory_professionals ORDER BY id"_s);
    while (q.next())
        out.append(q.value(0).toString() + u'@' + q.value(1).toString());
    out.append(u"cursor="_s + w.syncJournal().cursor(SyncJournal::Stream::Directory));
    return out.join(u'\n');
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

} // namespace

class TestSyncController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void replicasConvergeAndOrganisationsStayApart();
    void professionalAcceptsAndTheReferrerSeesIt();
    void conflictIsRefusedWithTheReasonKept();
    void erasureReachesEveryDevice();
    void resendIsIdempotent();
    void randomisedConvergence();
    void faultsLeaveNothingPartial_data();
    void faultsLeaveNothingPartial();
    void unreachableServerIsToldTruthfully();
    void automaticSyncBacksOff();
    void cancelAndLockStopARun();
    void plainHttpToAnotherMachineIsRefused();
    void oversizedAnswerIsRefused();
    void certificatesAreCheckedAndPinned();

private:
    void checkReplica(ProfileWorkspace& w, const QString& user);

    SyncServerFixture m_fixture;
    std::unique_ptr<TemporaryWorkspace> m_a1, m_a2, m_b1, m_pro;
    QUuid m_toPro, m_toOther, m_a2Referral, m_b1Referral;
};

void TestSyncController::initTestCase()
{
    HTMSE_SET_UP_SYNC_FIXTURE(m_fixture, kProfiles);
    m_a1 = std::make_unique<TemporaryWorkspace>();
    m_a2 = std::make_unique<TemporaryWorkspace>();
    m_b1 = std::make_unique<TemporaryWorkspace>();
    m_pro = std::make_unique<TemporaryWorkspace>();
}

void TestSyncController::checkReplica(ProfileWorkspace& w, const QString& user)
{
    bool allAccepted = false;
    const QStringList replica = replicaView(w, &allAccepted);
    const QStringList server = m_fixture.serverView(user);
    if (replica != server)
        qWarning().noquote() << "replica of" << user << replica << "\nserver" << server;
    QCOMPARE(replica, server);
    QVERIFY(allAccepted);
    QCOMPARE(w.syncJournal().pendingEvents(), 0);
}

void TestSyncController::replicasConvergeAndOrganisationsStayApart()
{
    // Offline: each records referrals.
    ReferralError e;
    const QStringList& pros = m_fixture.professionalIds();
    m_toPro = *(*m_a1)->createReferral(referralTo(u"HT-A-1"_s, pros.at(0)), &e);
    m_toOther = *(*m_a1)->createReferral(referralTo(u"HT-A-2"_s, pros.at(1)), &e);
    QVERIFY((*m_a1)->addReferralEvent(m_toPro, ReferralEventType::Sent, {}, &e));
    m_a2Referral = *(*m_a2)->createReferral(referralTo(u"HT-A-3"_s, pros.at(1)), &e);
    QVERIFY((*m_a2)->addReferralEvent(m_a2Referral, ReferralEventType::Sent, {}, &e));
    m_b1Referral = *(*m_b1)->createReferral(referralTo(u"HT-B-1"_s, pros.at(0)), &e);
    QVERIFY(!m_toPro.isNull() && !m_a2Referral.isNull() && !m_b1Referral.isNull());

    SyncOutcome o = syncOnce(**m_a1, m_fixture.url(), u"a1"_s);
    QVERIFY2(o.ok(), qPrintable(o.message));
    QCOMPARE(o.pushedEvents, 3);
    QCOMPARE(o.pulledProfiles, m_fixture.liveProfessionals());
    QCOMPARE((*m_a1)->directory().stats().professionals, m_fixture.liveProfessionals());
    o = syncOnce(**m_a2, m_fixture.url(), u"a2"_s);
    QVERIFY2(o.ok(), qPrintable(o.message));
    QCOMPARE(o.pushedEvents, 2);
    QCOMPARE(o.pulledEvents, 5); // a1's three and its own two
    o = syncOnce(**m_b1, m_fixture.url(), u"b1"_s);
    QVERIFY2(o.ok(), qPrintable(o.message));
    o = syncOnce(**m_a1, m_fixture.url(), u"a1"_s, false); // the stored refresh token
    QVERIFY2(o.ok(), qPrintable(o.message));
    QCOMPARE(o.pulledProfiles, 0);

    checkReplica(**m_a1, u"a1"_s);
    checkReplica(**m_a2, u"a2"_s);
    checkReplica(**m_b1, u"b1"_s);
    QCOMPARE((*m_a1)->referrals().summaries(), (*m_a2)->referrals().summaries());
    QCOMPARE((*m_a1)->referrals().summaries().size(), 3);
    // The other organisation sees nothing of it, and its own referral stays its own.
    const auto bSummaries = (*m_b1)->referrals().summaries();
    QCOMPARE(bSummaries.size(), 1);
    QCOMPARE(bSummaries.first().id, m_b1Referral);
    QVERIFY(!(*m_a1)->referrals().summary(m_b1Referral));
    QCOMPARE((*m_a1)->referrals().summary(m_a2Referral)->status, ReferralStatus::Sent);
}

void TestSyncController::professionalAcceptsAndTheReferrerSeesIt()
{
    SyncOutcome o = syncOnce(**m_pro, m_fixture.url(), u"pro"_s);
    QVERIFY2(o.ok(), qPrintable(o.message));
    // Addressed to them and sent: only a1's first referral (b1's was never sent).
    const auto received = (*m_pro)->referrals().summaries();
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().id, m_toPro);
    QCOMPARE(received.first().status, ReferralStatus::Sent);
    QCOMPARE(received.first().caseRef, u"HT-A-1"_s);
    ReferralError e;
    QVERIFY((*m_pro)->addReferralEvent(m_toPro, ReferralEventType::Accepted, {}, &e));
    o = syncOnce(**m_pro, m_fixture.url(), u"pro"_s, false);
    QVERIFY2(o.ok(), qPrintable(o.message));
    QCOMPARE(o.pushedEvents, 1);
    QCOMPARE(o.rejectedEvents, 0);
    QCOMPARE((*m_pro)->referrals().summary(m_toPro)->status, ReferralStatus::Accepted);

    o = syncOnce(**m_a1, m_fixture.url(), u"a1"_s, false);
    QVERIFY2(o.ok(), qPrintable(o.message));
    QCOMPARE((*m_a1)->referrals().summary(m_toPro)->status, ReferralStatus::Accepted);
    checkReplica(**m_a1, u"a1"_s);
    checkReplica(**m_pro, u"pro"_s);
}

void TestSyncController::conflictIsRefusedWithTheReasonKept()
{
    QVERIFY2(syncOnce(**m_a2, m_fixture.url(), u"a2"_s, false).ok(), "a2 catches up");
    QCOMPARE((*m_a2)->referrals().summary(m_toPro)->status, ReferralStatus::Accepted);
    // Both complete the same referral offline; a1's arrives first.
    ReferralError e;
    const QJsonObject done{{u"success"_s, true}};
    QVERIFY((*m_a1)->addReferralEvent(m_toPro, ReferralEventType::Completed, done, &e));
    QVERIFY((*m_a2)->addReferralEvent(m_toPro, ReferralEventType::Completed, done, &e));
    QVERIFY(syncOnce(**m_a1, m_fixture.url(), u"a1"_s, false).ok());
    const SyncOutcome o = syncOnce(**m_a2, m_fixture.url(), u"a2"_s, false);
    QVERIFY2(o.ok(), qPrintable(o.message));
    QCOMPARE(o.rejectedEvents, 1);
    const auto rejected = (*m_a2)->syncJournal().rejectedEvents();
    QCOMPARE(rejected.size(), 1);
    QCOMPARE(rejected.first().referralId, m_toPro);
    QVERIFY(!rejected.first().reason.isEmpty());
    const auto referral = (*m_a2)->referrals().referral(m_toPro);
    QCOMPARE(referral->status, ReferralStatus::Completed); // a1's completion, from the server
    QCOMPARE(referral->rejected.size(), 1);
    SyncController controller(**m_a2);
    QVERIFY2(controller.statusText().contains(u"1 change refused by the server"_s),
             qPrintable(controller.statusText()));
    QVERIFY2(controller.statusText().contains(u"last synced"_s), qPrintable(controller.statusText()));
    checkReplica(**m_a1, u"a1"_s);
}

void TestSyncController::erasureReachesEveryDevice()
{
    ReferralError e;
    QCOMPARE((*m_a1)->eraseCase(u"HT-A-3"_s, &e), 1);
    QVERIFY(syncOnce(**m_a1, m_fixture.url(), u"a1"_s, false).ok());
    QVERIFY(syncOnce(**m_a2, m_fixture.url(), u"a2"_s, false).ok());
    const auto erased = (*m_a2)->referrals().referral(m_a2Referral);
    QVERIFY(erased);
    QCOMPARE(erased->status, ReferralStatus::Erased);
    QCOMPARE(erased->history.size(), 1);
    QVERIFY(erased->details.caseRef.isEmpty());
    QSqlQuery q((*m_a2)->session().database());
    q.exec(u"SELECT count(*) FROM referral_events WHERE referral_id = '%1'"_s.arg(uuidString(m_a2Referral)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    checkReplica(**m_a1, u"a1"_s);
    checkReplica(**m_a2, u"a2"_s);
}

void TestSyncController::resendIsIdempotent()
{
    // As if the device had died after the server took its events and before it recorded the
    // answer: they are sent again, and answered with the same numbers.
    bool allAccepted = false;
    const QStringList before = replicaView(**m_b1, &allAccepted);
    QVERIFY(allAccepted);
    QSqlQuery q((*m_b1)->session().database());
    QVERIFY(q.exec(u"UPDATE referral_events SET server_seq = NULL, pending = 1, sync_state = 'sent'"_s));
    QCOMPARE((*m_b1)->syncJournal().pendingEvents(), 1);
    const SyncOutcome o = syncOnce(**m_b1, m_fixture.url(), u"b1"_s, false);
    QVERIFY2(o.ok(), qPrintable(o.message));
    QCOMPARE(o.pushedEvents, 1);
    QCOMPARE(replicaView(**m_b1, &allAccepted), before);
    QVERIFY(allAccepted);
    checkReplica(**m_b1, u"b1"_s);
}

// Seeds of random work: two caseworkers of one organisation create, send, revoke, withdraw
// consent, note and erase, the professional accepts or declines what reaches them, and devices
// sync in random order between steps. At the end every replica equals the server's view for its
// user, the two caseworkers fold the same referrals, no event is held twice and every erased
// referral keeps only its erasure. HTMSE_SYNC_SEEDS sets how many (default 25).
void TestSyncController::randomisedConvergence()
{
    const int seeds =
        qEnvironmentVariableIntValue("HTMSE_SYNC_SEEDS") > 0 ? qEnvironmentVariableIntValue("HTMSE_SYNC_SEEDS") : 25;
    const quint32 base = QRandomGenerator::global()->generate();
    qInfo("seeds %u .. %u", base, base + quint32(seeds) - 1);
    ProfileWorkspace* caseworkers[] = {m_a1->get(), m_a2->get()};
    const QString users[] = {u"a1"_s, u"a2"_s};
    const auto syncDevice = [&](int which) {
        ProfileWorkspace& w = which == 2 ? **m_pro : *caseworkers[which];
        const SyncOutcome o = syncOnce(w, m_fixture.url(), which == 2 ? u"pro"_s : users[which], false);
        if (!o.ok())
            qWarning("sync of device %d failed: %s", which, qPrintable(o.message));
        return o.ok();
    };
    int made = 0;
    for (int seed = 0; seed < seeds; ++seed) {
        QRandomGenerator random(base + quint32(seed));
        for (int step = 0; step < 8; ++step) {
            ReferralError e;
            const int who = int(random.bounded(3));
            if (who == 2) {
                // The professional answers something addressed to them.
                const auto received = (*m_pro)->referrals().summaries();
                if (!received.isEmpty()) {
                    const ReferralSummary& r = received.at(int(random.bounded(int(received.size()))));
                    if (random.bounded(2) == 0)
                        (*m_pro)->addReferralEvent(r.id, ReferralEventType::Accepted, {}, &e);
                    else
                        (*m_pro)->addReferralEvent(r.id, ReferralEventType::Declined, {{u"reason"_s, u"no-capacity"_s}},
                                                   &e);
                }
            } else {
                ProfileWorkspace& w = *caseworkers[who];
                const auto mine = w.referrals().summaries();
                const int op = int(random.bounded(6));
                if (op == 0 || mine.isEmpty()) {
                    w.createReferral(referralTo(u"HT-R-%1"_s.arg(made++), m_fixture.professionalIds().at(0)), &e);
                } else {
                    const ReferralSummary& r = mine.at(int(random.bounded(int(mine.size()))));
                    if (op == 1)
                        w.addReferralEvent(r.id, ReferralEventType::Sent, {}, &e);
                    else if (op == 2)
                        w.addReferralEvent(r.id, ReferralEventType::Revoked, {}, &e);
                    else if (op == 3)
                        w.addReferralEvent(r.id, ReferralEventType::ConsentWithdrawn,
                                           {{u"date"_s, u"2026-12-01"_s}, {u"recorded_by"_s, u"caseworker"_s}}, &e);
                    else if (op == 4)
                        w.addReferralEvent(r.id, ReferralEventType::NoteAdded, {{u"text"_s, u"called back"_s}}, &e);
                    else if (!r.caseRef.isEmpty())
                        w.eraseCase(r.caseRef, &e);
                }
            }
            if (random.bounded(10) < 4)
                QVERIFY(syncDevice(int(random.bounded(3))));
        }
    }
    for (int which : {0, 1, 2, 0, 1})
        QVERIFY(syncDevice(which));
    checkReplica(**m_a1, u"a1"_s);
    checkReplica(**m_a2, u"a2"_s);
    checkReplica(**m_pro, u"pro"_s);
    QCOMPARE((*m_a1)->referrals().summaries(), (*m_a2)->referrals().summaries());
    for (ProfileWorkspace* w : caseworkers) {
        QSqlQuery q(w->session().database());
        QVERIFY(q.exec(u"SELECT count(*) = count(DISTINCT id) FROM referral_events"_s) && q.next());
        QVERIFY(q.value(0).toBool());
        // An erased referral keeps its erasure and nothing else.
        QVERIFY(q.exec(u"SELECT count(*) FROM referral_events e JOIN referrals r ON r.id = e.referral_id "
                       "WHERE r.status = 'erased' AND e.type <> 'erased' AND e.sync_state <> 'rejected'"_s) &&
                q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }
}

void TestSyncController::faultsLeaveNothingPartial_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<bool>("rewind");
    QTest::newRow("reset") << int(FaultProxy::Fault::Reset) << false;
    QTest::newRow("truncated body") << int(FaultProxy::Fault::Truncate) << false;
    QTest::newRow("500") << int(FaultProxy::Fault::Status500) << false;
    QTest::newRow("garbage JSON") << int(FaultProxy::Fault::Garbage) << false;
    QTest::newRow("cursor going backwards") << int(FaultProxy::Fault::None) << true;
}

void TestSyncController::faultsLeaveNothingPartial()
{
    QFETCH(int, fault);
    QFETCH(bool, rewind);
    TemporaryWorkspace device;
    FaultProxy proxy(m_fixture.url());
    // Two directory pages get through, then every directory request breaks.
    int directoryRequests = 0;
    proxy.setRule([&](const QByteArray&, const QByteArray& target) {
        if (!target.startsWith("/api/v1/directory/changes"))
            return FaultProxy::Fault::None;
        return ++directoryRequests > 2 ? FaultProxy::Fault(fault) : FaultProxy::Fault::None;
    });
    if (rewind)
        proxy.setRewrite([&](const QByteArray& target, const QByteArray& body) {
            if (!target.startsWith("/api/v1/directory/changes") || directoryRequests <= 2)
                return body;
            static const QRegularExpression next(u"\"next\":\"[0-9]+\""_s);
            return QString::fromUtf8(body).replace(next, u"\"next\":\"1\""_s).toUtf8();
        });
    SyncOutcome o = syncOnce(*device, proxy.url(), u"b1"_s);
    QVERIFY(!o.ok());
    QCOMPARE(o.phase, std::optional<SyncPhase>(SyncPhase::Directory));
    QVERIFY2(!o.message.isEmpty(), "the failure is said in words");
    // Whole pages only: what the server's first two pages hold, with the cursor of the second.
    const QByteArray token = m_fixture.api().signIn(u"b1"_s, QLatin1StringView(SyncServerFixture::kPassword));
    const QJsonObject twoPages = m_fixture.api().get(u"/api/v1/directory/changes?limit=200"_s, token).json();
    int professionals = 0;
    for (const QJsonValue& v : twoPages.value(u"items"_s).toArray())
        professionals += v[u"kind"_s].toString() == "professional"_L1 && !v[u"deleted"_s].toBool() ? 1 : 0;
    QVERIFY(professionals > 0 && professionals < m_fixture.liveProfessionals());
    QCOMPARE(device->directory().stats().professionals, professionals);
    QCOMPARE(o.pulledProfiles, professionals);
    QCOMPARE(device->syncJournal().cursor(SyncJournal::Stream::Directory), twoPages.value(u"next"_s).toString());
    const QString afterFault = directorySnapshot(*device);
    // The same faults again change nothing at all.
    o = syncOnce(*device, proxy.url(), u"b1"_s, false);
    QVERIFY(!o.ok());
    QCOMPARE(directorySnapshot(*device), afterFault);
    // The faults stop: sync converges.
    proxy.clear();
    o = syncOnce(*device, proxy.url(), u"b1"_s, false);
    QVERIFY2(o.ok(), qPrintable(o.message));
    QCOMPARE(device->directory().stats().professionals, m_fixture.liveProfessionals());
    checkReplica(*device, u"b1"_s);
    SyncController controller(*device);
    QVERIFY2(controller.statusText().startsWith(u"Last synced"_s), qPrintable(controller.statusText()));
}

void TestSyncController::unreachableServerIsToldTruthfully()
{
    TemporaryWorkspace device;
    ReferralError e;
    QVERIFY(device->createReferral(referralTo(u"HT-OFF-1"_s, m_fixture.professionalIds().at(0)), &e));
    // A port nothing listens on.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const QUrl nowhere(u"http://127.0.0.1:%1"_s.arg(closed.serverPort()));
    closed.close();
    const SyncOutcome o = syncOnce(*device, nowhere, u"b1"_s);
    QCOMPARE(o.result, SyncOutcome::Result::Unreachable);
    QCOMPARE(device->syncJournal().pendingEvents(), 1);
    SyncController controller(*device);
    controller.setServer(nowhere, u"b1"_s);
    const QString text = controller.statusText();
    QVERIFY2(text.startsWith(u"1 referral waiting to upload — last attempt "_s), qPrintable(text));
    QVERIFY2(text.contains(u"failed: server unreachable"_s), qPrintable(text));
    QCOMPARE(controller.status().lastAttemptOutcome, u"unreachable"_s);
    QVERIFY(!controller.status().lastSuccess.isValid());
}

void TestSyncController::automaticSyncBacksOff()
{
    // Signed in once through the proxy; then every connection is cut.
    TemporaryWorkspace device;
    FaultProxy proxy(m_fixture.url());
    QVERIFY(syncOnce(*device, proxy.url(), u"b1"_s).ok());
    proxy.setRule([](const QByteArray&, const QByteArray&) { return FaultProxy::Fault::Reset; });
    SyncController controller(*device);
    SyncSettings tuning;
    tuning.retryBaseMs = 10;
    controller.setTuning(tuning);
    std::optional<SyncOutcome> automatic;
    connect(&controller, &SyncController::finished, this, [&](const SyncOutcome& outcome) { automatic = outcome; });
    // A run at once (as after unlock); after its failure a retry within the backoff's first step
    // (a minute, with jitter), never later than the interval.
    controller.setAutomatic(30);
    QTRY_VERIFY_WITH_TIMEOUT(automatic.has_value(), 60'000);
    QCOMPARE(automatic->result, SyncOutcome::Result::Unreachable);
    const QDateTime next = controller.status().nextAttempt;
    QVERIFY(next.isValid());
    QVERIFY(next > QDateTime::currentDateTimeUtc().addSecs(30) && next < QDateTime::currentDateTimeUtc().addSecs(80));
    const qint64 seconds = QDateTime::currentDateTimeUtc().secsTo(next);
    const QString expected =
        seconds < 60 ? u" — retrying in under a minute"_s : u" — retrying in %1 min"_s.arg((seconds + 59) / 60);
    QVERIFY2(controller.statusText().startsWith(u"Last attempt "_s), qPrintable(controller.statusText()));
    QVERIFY2(controller.statusText().endsWith(expected), qPrintable(controller.statusText()));
    controller.setAutomatic(0);
    QVERIFY(!controller.status().nextAttempt.isValid());
}

void TestSyncController::cancelAndLockStopARun()
{
    TemporaryWorkspace device;
    SyncController controller(*device);
    controller.setServer(m_fixture.url(), u"b1"_s);
    std::optional<SyncOutcome> outcome;
    connect(&controller, &SyncController::finished, this, [&](const SyncOutcome& o) { outcome = o; });
    QVERIFY(controller.syncNow(SecureBytes::copyOf(QByteArrayView(SyncServerFixture::kPassword))));
    QVERIFY(controller.isRunning());
    QVERIFY(!controller.syncNow()); // one run at a time
    controller.cancel();
    QVERIFY(outcome.has_value());
    QCOMPARE(outcome->result, SyncOutcome::Result::Cancelled);
    QVERIFY(!controller.isRunning());
    QCOMPARE(device->directory().stats().professionals, 0);

    // Locking mid-run: the run stops while the database is still open; the controller is done.
    outcome.reset();
    QVERIFY(controller.syncNow(SecureBytes::copyOf(QByteArrayView(SyncServerFixture::kPassword))));
    device.close();
    QVERIFY(outcome.has_value());
    QCOMPARE(outcome->result, SyncOutcome::Result::Cancelled);
    QVERIFY(!controller.syncNow());
    QVERIFY(!controller.status().configured || controller.status().pendingEvents == 0);
}

void TestSyncController::plainHttpToAnotherMachineIsRefused()
{
    TemporaryWorkspace device;
    const SyncOutcome o = syncOnce(device.operator*(), QUrl(u"http://htmse.example.org"_s), u"b1"_s);
    QCOMPARE(o.result, SyncOutcome::Result::Refused);
    QVERIFY2(o.message.contains(u"https://"_s), qPrintable(o.message));
    QString why;
    QVERIFY(SyncClient::acceptableServer(QUrl(u"https://htmse.example.org"_s), &why));
    QVERIFY(SyncClient::acceptableServer(QUrl(u"http://[::1]:8470"_s), &why));
    QVERIFY(!SyncClient::acceptableServer(QUrl(u"ftp://127.0.0.1"_s), &why));
}

void TestSyncController::oversizedAnswerIsRefused()
{
    // A directory page of 100 profiles is far over 20 KiB: refused, nothing of it applied.
    TemporaryWorkspace device;
    const SyncOutcome o = syncOnce(*device, m_fixture.url(), u"b1"_s, true, 20 * 1024);
    QCOMPARE(o.result, SyncOutcome::Result::Invalid);
    QCOMPARE(o.phase, std::optional<SyncPhase>(SyncPhase::Directory));
    QVERIFY2(o.message.contains(u"limit"_s), qPrintable(o.message));
    QCOMPARE(device->directory().stats().professionals, 0);
    QVERIFY(device->syncJournal().cursor(SyncJournal::Stream::Directory).isEmpty());
}

void TestSyncController::certificatesAreCheckedAndPinned()
{
    QTemporaryDir dir;
    const QString cert = dir.filePath(u"cert.pem"_s);
    const QString key = dir.filePath(u"key.pem"_s);
    const Run made = runProcess(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                                               u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, u"2"_s,
                                               u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s,
                                               u"subjectAltName=IP:127.0.0.1"_s, u"-keyout"_s, key, u"-out"_s, cert});
    QVERIFY2(made.exitCode == 0, made.err.constData());
    ServerProcess secure;
    QVERIFY2(secure.start(qEnvironmentVariable("HTMSE_SERVER"),
                          m_fixture.storeArguments() + QStringList{u"--tls-cert"_s, cert, u"--tls-key"_s, key}),
             secure.log().constData());
    QCOMPARE(secure.url().scheme(), u"https"_s);
    QFile pem(cert);
    QVERIFY(pem.open(QIODevice::ReadOnly));
    const QString digest =
        QString::fromLatin1(QSslCertificate(pem.readAll()).digest(QCryptographicHash::Sha256).toHex(':'));

    // System trust only: a self-signed certificate is refused, and said so in words.
    TemporaryWorkspace plain;
    SyncOutcome o = syncOnce(*plain, secure.url(), u"b1"_s);
    QCOMPARE(o.result, SyncOutcome::Result::Tls);
    QVERIFY2(o.message.contains(u"certificate cannot be trusted"_s) &&
                 o.message.contains(u"self"_s, Qt::CaseInsensitive),
             qPrintable(o.message));
    QCOMPARE(plain->directory().stats().professionals, 0);

    // The office policy pins this certificate: accepted.
    Policy pinned;
    pinned.pinnedServerCertificateSha256 = digest.toUpper();
    TemporaryWorkspace trusting(Clock::system(), pinned);
    o = syncOnce(*trusting, secure.url(), u"b1"_s);
    QVERIFY2(o.ok(), qPrintable(o.message));
    QCOMPARE(trusting->directory().stats().professionals, m_fixture.liveProfessionals());

    // A pin of another certificate: refused even though nothing else is wrong.
    Policy other;
    other.pinnedServerCertificateSha256 = QString(64, u'a');
    TemporaryWorkspace mispinned(Clock::system(), other);
    o = syncOnce(*mispinned, secure.url(), u"b1"_s);
    QCOMPARE(o.result, SyncOutcome::Result::Tls);
    QVERIFY2(o.message.contains(u"not the one this office's policy pins"_s), qPrintable(o.message));
}

QTEST_GUILESS_MAIN(TestSyncController)
#include "TestSyncController.moc"
