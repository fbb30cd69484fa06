// htmse-cli sync and sync-status (DESIGN.md §10) against a real htmse-server on loopback, on both
// backends: the first sync signs in with the password, later ones use the stored refresh token;
// the --json keys of the contract; bad credentials exit 2 and an unreachable server exits 5,
// the profile unchanged in both; a refused http:// address; sync-status says what is waiting;
// referral answer-link makes and revokes a one-time answer link.
#include "common/RunProcess.h"
#include "core/JsonReader.h"
#include "session/ProfileWorkspace.h"
#include "sync/SyncServerFixture.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace htmse::test;

namespace {
const QByteArray kPass = "correct horse battery staple\n";
}

class TestCliSync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void firstSyncThenRefreshToken();
    void badCredentialsLeaveTheProfileUnchanged();
    void unreachableServerLeavesTheProfileUnchanged();
    void plainHttpElsewhereIsRefused();
    void killedMidSyncLosesNothing();
    void answerLinkFromTheCommandLine();

private:
    Run cli(const QStringList& args, const QByteArray& input = kPass)
    {
        return runProcess(qEnvironmentVariable("HTMSE_CLI"), QStringList{u"--profiles-dir"_s, m_dir.path()} + args,
                          input);
    }
    void createProfile(const QString& name)
    {
        QCOMPARE(
            cli({u"profile"_s, u"create"_s, name, u"--kdf-memory"_s, u"8"_s, u"--kdf-iterations"_s, u"1"_s}).exitCode,
            0);
    }
    QString addReferral(const QString& name, const QString& caseRef)
    {
        const Run r = cli({u"--json"_s, u"referral"_s, u"add"_s, name, u"--case"_s, caseRef, u"--kind"_s,
                           u"professional-consultation"_s, u"--to"_s, m_fixture.professionalIds().first(), u"--need"_s,
                           u"legal.immigration"_s, u"--consent"_s, u"yes"_s});
        return QJsonDocument::fromJson(r.out).object().value(u"id"_s).toString();
    }
    // What a sync must not change when it fails.
    QByteArray state(const QString& name)
    {
        QByteArray out;
        for (const QStringList& args : {QStringList{u"--json"_s, u"referral"_s, u"list"_s, name},
                                        QStringList{u"--json"_s, u"directory"_s, u"stats"_s, name}}) {
            const Run r = cli(args);
            out += r.out;
        }
        const QJsonObject status = QJsonDocument::fromJson(cli({u"--json"_s, u"sync-status"_s, name}).out).object();
        for (const char* key : {"pending_events", "rejected", "last_success", "server", "user"})
            out += QJsonDocument(QJsonObject{{QLatin1StringView(key), status.value(QLatin1StringView(key))}}).toJson();
        return out;
    }

    SyncServerFixture m_fixture;
    QTemporaryDir m_dir;
};

void TestCliSync::initTestCase()
{
    HTMSE_SET_UP_SYNC_FIXTURE(m_fixture, 60);
}

void TestCliSync::firstSyncThenRefreshToken()
{
    createProfile(u"amina"_s);
    QVERIFY(!addReferral(u"amina"_s, u"HT-CLI-1"_s).isEmpty());
    const QStringList sync{u"--json"_s, u"sync"_s, u"amina"_s, u"--server"_s, m_fixture.url().toString(),
                           u"--user"_s, u"a1"_s};
    // No password the first time: exit 2, and the reason.
    Run r = cli(sync);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("server password is needed"), r.err.constData());

    r = cli(sync, kPass + SyncServerFixture::kPassword + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject first = QJsonDocument::fromJson(r.out).object();
    for (const char* key : {"pulled_profiles", "pushed_events", "rejected_events", "pulled_events"})
        QVERIFY2(first.value(QLatin1StringView(key)).isDouble(), key);
    QCOMPARE(first.value(u"pushed_events"_s).toInt(), 1);
    QCOMPARE(first.value(u"rejected_events"_s).toInt(), 0);
    QCOMPARE(first.value(u"pulled_events"_s).toInt(), 1);
    QCOMPARE(first.value(u"pulled_profiles"_s).toInt(), m_fixture.liveProfessionals());
    // The password is not asked again: the stored (and now rotated) refresh token signs in.
    r = cli(sync);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject second = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(second.value(u"pulled_profiles"_s).toInt(), 0);
    QCOMPARE(second.value(u"pushed_events"_s).toInt(), 0);
    r = cli({u"sync"_s, u"amina"_s}); // the server and user are remembered
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("pulled 0 profiles"));

    const QJsonObject status = QJsonDocument::fromJson(cli({u"--json"_s, u"sync-status"_s, u"amina"_s}).out).object();
    QCOMPARE(status.value(u"pending_events"_s).toInt(), 0);
    QVERIFY(status.value(u"rejected"_s).isArray());
    QVERIFY(status.value(u"last_success"_s).isString());
    QVERIFY2(status.value(u"status"_s).toString().startsWith(u"Last synced"_s),
             qPrintable(status.value(u"status"_s).toString()));
    // The refresh token is inside the encrypted database only: its bytes appear in no file of
    // the profiles folder (profile.json, the lock, the database and its WAL, which are encrypted).
    QByteArray token;
    {
        htmse::Vault vault(m_dir.path());
        htmse::VaultError error;
        auto session = vault.unlock(u"amina"_s, htmse::SecureBytes::copyOf(kPass.chopped(1)), &error);
        QVERIFY2(session, qPrintable(error.message));
        auto workspace = htmse::ProfileWorkspace::open(std::move(session), htmse::Policy());
        const auto stored = workspace->syncJournal().refreshToken(m_fixture.url(), u"a1"_s);
        QVERIFY(stored);
        token = stored->view().toByteArray();
    }
    QVERIFY(token.size() >= 16);
    int files = 0;
    QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(token), qPrintable(f.fileName()));
        ++files;
    }
    QVERIFY(files >= 2);
}

void TestCliSync::badCredentialsLeaveTheProfileUnchanged()
{
    createProfile(u"bilal"_s);
    QVERIFY(!addReferral(u"bilal"_s, u"HT-CLI-2"_s).isEmpty());
    const QByteArray before = state(u"bilal"_s);
    const Run r =
        cli({u"--json"_s, u"sync"_s, u"bilal"_s, u"--server"_s, m_fixture.url().toString(), u"--user"_s, u"a1"_s},
            kPass + "not the password\n");
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("wrong user name or password"), r.err.constData());
    QVERIFY(r.out.isEmpty());
    QCOMPARE(state(u"bilal"_s), before);
    const QJsonObject status = QJsonDocument::fromJson(cli({u"--json"_s, u"sync-status"_s, u"bilal"_s}).out).object();
    QCOMPARE(status.value(u"pending_events"_s).toInt(), 1);
    QCOMPARE(status.value(u"last_outcome"_s).toString(), u"bad-credentials"_s);
}

void TestCliSync::unreachableServerLeavesTheProfileUnchanged()
{
    createProfile(u"chen"_s);
    QVERIFY(!addReferral(u"chen"_s, u"HT-CLI-3"_s).isEmpty());
    const QByteArray before = state(u"chen"_s);
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const QString nowhere = u"http://127.0.0.1:%1"_s.arg(closed.serverPort());
    closed.close();
    const Run r = cli({u"sync"_s, u"chen"_s, u"--server"_s, nowhere, u"--user"_s, u"a1"_s},
                      kPass + SyncServerFixture::kPassword + '\n');
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains("server unreachable"), r.err.constData());
    QCOMPARE(state(u"chen"_s), before);
    const Run status = cli({u"sync-status"_s, u"chen"_s});
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(status.out.startsWith("1 referral waiting to upload — last attempt "), status.out.constData());
    QVERIFY2(status.out.contains("failed: server unreachable"), status.out.constData());
}

void TestCliSync::plainHttpElsewhereIsRefused()
{
    createProfile(u"dara"_s);
    const Run r = cli({u"sync"_s, u"dara"_s, u"--server"_s, u"http://htmse.example.org"_s, u"--user"_s, u"a1"_s},
                      kPass + SyncServerFixture::kPassword + '\n');
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("https://"), r.err.constData());
}

// The CLI SIGKILLed (12 times) at random points of syncs that push 300 (then 20 more each round) events and
// pull some 3,000 (then 300 more each round) profiles, then run to the end: the database is intact, every event reached
// the server exactly once, the directory is complete and its cursor is the server's. (Every run gives the password: a
// kill between the server rotating the refresh token and this device storing the new one leaves a spent token, and the
// person signs in again — see docs/security.md.)
void TestCliSync::killedMidSyncLosesNothing()
{
    QVERIFY(m_fixture.admin({u"seed"_s, u"--profiles"_s, u"3000"_s, u"--seed"_s, u"5"_s}).exitCode == 0);
    createProfile(u"kill"_s);
    const htmse::SecureBytes passphrase = htmse::SecureBytes::copyOf(kPass.chopped(1));
    // Referrals recorded on this device between runs (the CLI is not running then).
    int recorded = 0;
    const auto record = [&](int count) {
        htmse::Vault vault(m_dir.path());
        htmse::VaultError error;
        auto session = vault.unlock(u"kill"_s, htmse::SecureBytes::copyOf(passphrase.view()), &error);
        if (!session)
            return false;
        auto workspace = htmse::ProfileWorkspace::open(std::move(session), htmse::Policy());
        for (int i = 0; i < count; ++i, ++recorded) {
            htmse::ReferralDetails d;
            d.caseRef = u"HT-K-%1"_s.arg(recorded);
            d.kind = u"professional-consultation"_s;
            d.needs = {u"legal.immigration"_s};
            d.recipientId = QUuid(m_fixture.professionalIds().first());
            htmse::ReferralError e;
            if (!workspace->createReferral(d, &e))
                return false;
        }
        return true;
    };
    QVERIFY(record(300));
    const QStringList args{u"--profiles-dir"_s,        m_dir.path(), u"sync"_s, u"kill"_s, u"--server"_s,
                           m_fixture.url().toString(), u"--user"_s,  u"a1"_s};
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("kill points from seed %u", seed);
    QRandomGenerator random(seed);
    // Kill points are drawn from the length of the last run that was let finish, so that they fall inside a sync
    // however fast this machine is (a fixed window let every run finish before its kill point on a fast one).
    int windowMs = 1500;
    int kills = 0;
    int rounds = 0;
    for (; rounds < 40 && kills < 12; ++rounds) {
        // More to do each round, so that every run has something to be killed in.
        if (rounds > 0) {
            QVERIFY(record(20));
            QVERIFY(m_fixture.admin({u"seed"_s, u"--profiles"_s, u"300"_s, u"--seed"_s, QString::number(100 + rounds)})
                        .exitCode == 0);
        }
        QProcess p;
        QElapsedTimer ran;
        ran.start();
        p.start(qEnvironmentVariable("HTMSE_CLI"), args);
        p.write(kPass + SyncServerFixture::kPassword + '\n');
        p.closeWriteChannel();
        if (!p.waitForFinished(random.bounded(20, std::max(40, windowMs)))) {
            p.kill(); // SIGKILL
            p.waitForFinished(10'000);
            ++kills;
            windowMs = windowMs * 5 / 4; // the work left grows with each killed run
        } else {
            windowMs = int(ran.elapsed() * 9 / 10);
        }
    }
    qInfo("%d of %d runs killed", kills, rounds);
    QVERIFY2(kills >= 12, "every run finished before its kill point");
    const Run last = cli({u"--json"_s, u"sync"_s, u"kill"_s}, kPass + SyncServerFixture::kPassword + '\n');
    QVERIFY2(last.exitCode == 0, last.err.constData());

    // On the server: each of the 300 exactly once.
    QStringList serverIds;
    for (const QString& row : m_fixture.serverView(u"a1"_s))
        serverIds.append(row.section(u'|', 0, 0));
    const QSet<QString> unique(serverIds.cbegin(), serverIds.cend());
    QCOMPARE(unique.size(), serverIds.size());
    htmse::Vault vault(m_dir.path());
    htmse::VaultError error;
    auto session = vault.unlock(u"kill"_s, htmse::SecureBytes::copyOf(passphrase.view()), &error);
    QVERIFY2(session, qPrintable(error.message));
    auto workspace = htmse::ProfileWorkspace::open(std::move(session), htmse::Policy());
    QSqlQuery q(workspace->session().database());
    QVERIFY(q.exec(u"PRAGMA integrity_check"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"ok"_s);
    QVERIFY(q.exec(u"SELECT count(*), count(DISTINCT id), sum(pending), sum(server_seq IS NULL) FROM referral_events "
                   "WHERE referral_id IN (SELECT id FROM referrals WHERE case_ref LIKE 'HT-K-%')"_s) &&
            q.next());
    QCOMPARE(q.value(0).toInt(), recorded);
    QCOMPARE(q.value(1).toInt(), recorded);
    QCOMPARE(q.value(2).toInt(), 0);
    QCOMPARE(q.value(3).toInt(), 0);
    // Every local event is on the server, once.
    QVERIFY(q.exec(u"SELECT id FROM referral_events"_s));
    int local = 0;
    while (q.next()) {
        ++local;
        QVERIFY2(unique.contains(q.value(0).toString()), qPrintable(q.value(0).toString()));
    }
    QCOMPARE(local, serverIds.size());
    // The directory is complete, at the server's cursor.
    const QByteArray token = m_fixture.api().signIn(u"a1"_s, QLatin1StringView(SyncServerFixture::kPassword));
    QString cursor;
    int professionals = 0;
    for (const QJsonValue& v : m_fixture.api().all(u"/api/v1/directory/changes"_s, token, 1000, &cursor))
        professionals += v[u"kind"_s].toString() == "professional"_L1 && !v[u"deleted"_s].toBool() ? 1 : 0;
    QCOMPARE(workspace->directory().stats().professionals, professionals);
    QCOMPARE(workspace->syncJournal().cursor(htmse::SyncJournal::Stream::Directory), cursor);
}

// referral answer-link: through the stored sign-in, for a referral to a recipient outside the
// directory; {"id","url","expires_at"} once, then --revoke; a directory recipient exits 4.
void TestCliSync::answerLinkFromTheCommandLine()
{
    createProfile(u"linker"_s);
    QString external;
    {
        htmse::Vault vault(m_dir.path());
        htmse::VaultError error;
        auto session = vault.unlock(u"linker"_s, htmse::SecureBytes::copyOf(kPass.chopped(1)), &error);
        QVERIFY2(session, qPrintable(error.message));
        auto workspace = htmse::ProfileWorkspace::open(std::move(session), htmse::Policy());
        htmse::ReferralDetails d;
        d.caseRef = u"HT-CLI-LINK"_s;
        d.kind = u"professional-consultation"_s;
        d.needs = {u"legal.immigration"_s};
        d.externalRecipient = u"Haven Shelter"_s;
        htmse::ReferralError e;
        const auto id = workspace->createReferral(d, &e);
        QVERIFY2(id, qPrintable(e.message));
        QVERIFY(workspace->addReferralEvent(*id, htmse::ReferralEventType::Sent, {}, &e));
        external = htmse::uuidString(*id);
    }
    const QStringList link{u"--json"_s, u"referral"_s, u"answer-link"_s, u"linker"_s, external};
    Run r = cli(link);
    QCOMPARE(r.exitCode, 1); // never synced: no server to ask
    QVERIFY2(r.err.contains("run htmse-cli sync first"), r.err.constData());
    r = cli({u"sync"_s, u"linker"_s, u"--server"_s, m_fixture.url().toString(), u"--user"_s, u"a1"_s},
            kPass + SyncServerFixture::kPassword + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = cli(link + QStringList{u"--days"_s, u"3"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject made = QJsonDocument::fromJson(r.out).object();
    const QUrl url(made.value(u"url"_s).toString());
    QCOMPARE(url.host(), m_fixture.url().host());
    QVERIFY(!QUuid::fromString(made.value(u"id"_s).toString()).isNull());
    const QDateTime expires = QDateTime::fromString(made.value(u"expires_at"_s).toString(), Qt::ISODateWithMs);
    QVERIFY(expires > QDateTime::currentDateTimeUtc().addDays(2) &&
            expires < QDateTime::currentDateTimeUtc().addDays(4));
    const ApiReply page = m_fixture.api().get(url.path());
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("HT-CLI-LINK"));

    r = cli({u"--json"_s, u"referral"_s, u"answer-link"_s, u"linker"_s, external, u"--revoke"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(u"revoked"_s).toInt(), 1);
    QCOMPARE(m_fixture.api().get(url.path()).status, 404);

    // A directory professional answers through their account: refused, in words.
    const QString toPro = addReferral(u"linker"_s, u"HT-CLI-PRO"_s);
    QVERIFY(!toPro.isEmpty());
    r = cli({u"referral"_s, u"event"_s, u"linker"_s, toPro, u"sent"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = cli({u"referral"_s, u"answer-link"_s, u"linker"_s, toPro});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("in the directory"), r.err.constData());
    r = cli({u"referral"_s, u"answer-link"_s, u"linker"_s, htmse::uuidString(QUuid::createUuid())});
    QCOMPARE(r.exitCode, 3);
}

QTEST_GUILESS_MAIN(TestCliSync)
#include "TestCliSync.moc"
