// htmse-cli sync and sync-status (DESIGN.md §10) against a real htmse-server on loopback, on both
// backends: the first sync signs in with the password, later ones use the stored refresh token;
// the --json keys of the contract; bad credentials exit 2 and an unreachable server exits 5,
// the profile unchanged in both; a refused http:// address; sync-status says what is waiting.
#include "common/RunProcess.h"
#include "sync/SyncServerFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

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
    const QString problem = m_fixture.setUp(60);
    if (problem.startsWith(u"skip: "_s))
        QSKIP(qPrintable(problem.mid(6)));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
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
    // The refresh token is nowhere in the profile folder's plain files.
    QDir folder(m_dir.path());
    for (const QFileInfo& f : folder.entryInfoList(QDir::Files | QDir::NoDotAndDotDot))
        QVERIFY(f.suffix() != "json"_L1 || !QFile(f.filePath()).open(QIODevice::ReadOnly) ||
                !QFile(f.filePath()).readAll().contains("refresh"));
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

QTEST_GUILESS_MAIN(TestCliSync)
#include "TestCliSync.moc"
