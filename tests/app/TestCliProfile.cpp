#include "common/RunProcess.h"
#include "storage/Vault.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {
using htmse::test::Run;

const QByteArray kPass = "correct horse battery staple\n";
const QByteArray kNewPass = "seven purple elephants sing at dawn\n";
// Fast key derivation for tests; production profiles are tuned to about half a second.
const QStringList kFast = {u"--kdf-memory"_s, u"8"_s, u"--kdf-iterations"_s, u"1"_s};
} // namespace

class TestCliProfile : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void createListDelete();
    void refusals_data();
    void refusals();
    void wrongPassphraseThenThrottle();
    void passwdAndRotate();
    void passwdWithRotateKeyRetiresTheOldKeyFile();
    void secondProcessIsRefused();
    void parallelGuessesAreAllCounted();
    void fullDiskLeavesNothingBehind();

private:
    Run cli(const QStringList& args, const QByteArray& input = {}, bool limitFileSize = false);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCliProfile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

Run TestCliProfile::cli(const QStringList& args, const QByteArray& input, bool limitFileSize)
{
    const auto limit = [] {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit fileSize{16 * 1024, 16 * 1024};
        ::setrlimit(RLIMIT_FSIZE, &fileSize);
    };
    return htmse::test::runProcess(qEnvironmentVariable("HTMSE_CLI"),
                                   QStringList{u"--profiles-dir"_s, m_dir->path()} + args, input, 120'000,
                                   limitFileSize ? std::function<void()>(limit) : std::function<void()>());
}

void TestCliProfile::createListDelete()
{
    const Run created = cli(QStringList{u"--json"_s, u"profile"_s, u"create"_s, u"Amina"_s} + kFast, kPass);
    QCOMPARE(created.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(created.out).object();
    QCOMPARE(o.value(u"name"_s).toString(), u"Amina"_s);
    QVERIFY(!QUuid::fromString(o.value(u"id"_s).toString()).isNull());
    QVERIFY(!created.out.contains("correct horse"));
    QVERIFY(!created.err.contains("correct horse"));

    const Run listed = cli({u"--json"_s, u"profile"_s, u"list"_s});
    QCOMPARE(listed.exitCode, 0);
    const QJsonArray list = QJsonDocument::fromJson(listed.out).array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first()[u"id"_s].toString(), o.value(u"id"_s).toString());
    QCOMPARE(list.first()[u"name"_s].toString(), u"Amina"_s);
    QVERIFY(!list.first()[u"created"_s].toString().isEmpty());

    const Run audit = cli({u"--json"_s, u"profile"_s, u"audit"_s, u"Amina"_s}, kPass);
    QCOMPARE(audit.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(audit.out).object().value(u"intact"_s).toBool());

    QCOMPARE(cli({u"profile"_s, u"delete"_s, u"Amina"_s}, kPass).exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(cli({u"--json"_s, u"profile"_s, u"list"_s}).out).array().size(), 0);
}

void TestCliProfile::refusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("weak passphrase") << QStringList{u"profile"_s, u"create"_s, u"Bea"_s} + kFast
                                     << QByteArray("letmein\n") << 4 << QByteArray("too weak");
    QTest::newRow("no passphrase on stdin") << QStringList{u"profile"_s, u"create"_s, u"Bea"_s} + kFast << QByteArray()
                                            << 1 << QByteArray("standard input");
    QTest::newRow("unsafe kdf") << QStringList{u"profile"_s, u"create"_s, u"Bea"_s, u"--kdf-memory"_s, u"1"_s} << kPass
                                << 1 << QByteArray("--kdf-memory");
    QTest::newRow("unknown profile") << QStringList{u"profile"_s, u"delete"_s, u"Nobody"_s} << kPass << 3
                                     << QByteArray("no profile named");
    QTest::newRow("duplicate") << QStringList{u"profile"_s, u"create"_s, u"amina"_s} + kFast << kPass << 4
                               << QByteArray("already exists");
    QTest::newRow("missing name") << QStringList{u"profile"_s, u"passwd"_s} << kPass << 1 << QByteArray("usage");
}

void TestCliProfile::refusals()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, input);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, message);
    QCOMPARE(cli(QStringList{u"profile"_s, u"create"_s, u"Amina"_s} + kFast, kPass).exitCode, 0);
    const Run r = cli(args, input);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(message), r.err.constData());
}

void TestCliProfile::wrongPassphraseThenThrottle()
{
    QCOMPARE(cli(QStringList{u"profile"_s, u"create"_s, u"Amina"_s} + kFast, kPass).exitCode, 0);
    for (int i = 0; i < htmse::Vault::kFreeAttempts; ++i) {
        const Run r = cli({u"profile"_s, u"audit"_s, u"Amina"_s}, "wrong\n");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("wrong passphrase"));
    }
    const Run throttled = cli({u"profile"_s, u"audit"_s, u"Amina"_s}, kPass);
    QCOMPARE(throttled.exitCode, 2);
    QVERIFY2(throttled.err.contains("try again in"), throttled.err.constData());
    QTest::qWait(1100);
    const Run ok = cli({u"profile"_s, u"audit"_s, u"Amina"_s}, kPass);
    QCOMPARE(ok.exitCode, 0);
    QVERIFY(ok.out.contains("unlock-failed"));
}

void TestCliProfile::passwdAndRotate()
{
    QCOMPARE(cli(QStringList{u"profile"_s, u"create"_s, u"Amina"_s} + kFast, kPass).exitCode, 0);
    QCOMPARE(cli({u"profile"_s, u"passwd"_s, u"Amina"_s}, kPass + "weak\n").exitCode, 4);
    QCOMPARE(cli({u"profile"_s, u"passwd"_s, u"Amina"_s}, kPass + kNewPass).exitCode, 0);
    QCOMPARE(cli({u"profile"_s, u"audit"_s, u"Amina"_s}, kPass).exitCode, 2);
    QCOMPARE(cli({u"profile"_s, u"rotate-key"_s, u"Amina"_s}, kNewPass).exitCode, 0);
    const Run audit = cli({u"--json"_s, u"profile"_s, u"audit"_s, u"Amina"_s}, kNewPass);
    QCOMPARE(audit.exitCode, 0);
    QStringList events;
    for (const QJsonValue& e : QJsonDocument::fromJson(audit.out).object().value(u"events"_s).toArray())
        events.append(e[u"event"_s].toString());
    QVERIFY(events.contains(u"passphrase-changed"_s));
    QVERIFY(events.contains(u"key-rotated"_s));
}

// The passphrase wraps the database key: without --rotate-key, a copy of the old profile.json
// and the old passphrase still open the database (what docs/security.md warns about); with it,
// they no longer do.
void TestCliProfile::passwdWithRotateKeyRetiresTheOldKeyFile()
{
    for (const bool rotate : {false, true}) {
        const QString name = rotate ? u"Rotated"_s : u"Kept"_s;
        QCOMPARE(cli(QStringList{u"profile"_s, u"create"_s, name} + kFast, kPass).exitCode, 0);
        htmse::Vault vault(m_dir->path());
        const auto info = vault.find(name);
        QVERIFY(info);
        const QString keyFile = info->directory + u"/profile.json"_s;
        QFile file(keyFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray oldKeyFile = file.readAll();
        file.close();
        QStringList args{u"--json"_s, u"profile"_s, u"passwd"_s, name};
        if (rotate)
            args << u"--rotate-key"_s;
        const Run changed = cli(args, kPass + kNewPass);
        QCOMPARE(changed.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(changed.out).object().value(u"rotated"_s).toBool(), rotate);
        QCOMPARE(cli({u"profile"_s, u"audit"_s, name}, kNewPass).exitCode, 0);
        // Someone kept the old key file and knows the old passphrase.
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(oldKeyFile);
        file.close();
        const Run old = cli({u"profile"_s, u"audit"_s, name}, kPass);
        if (rotate)
            QVERIFY2(old.exitCode != 0, old.out.constData());
        else
            QCOMPARE(old.exitCode, 0);
    }
}

void TestCliProfile::secondProcessIsRefused()
{
    QCOMPARE(cli(QStringList{u"profile"_s, u"create"_s, u"Amina"_s} + kFast, kPass).exitCode, 0);
    htmse::Vault vault(m_dir->path());
    htmse::VaultError error;
    auto session = vault.unlock(u"Amina"_s, htmse::SecureBytes::copyOf(kPass.chopped(1)), &error);
    QVERIFY2(session, qPrintable(error.message));
    const Run r = cli({u"profile"_s, u"audit"_s, u"Amina"_s}, kPass);
    QCOMPARE(r.exitCode, 6);
    QVERIFY2(r.err.contains(QByteArray::number(QCoreApplication::applicationPid())), r.err.constData());
}

// Several processes guessing at once: each guess is checked and recorded under the profile's
// lock, so none is lost to a race on the attempts file; the others are refused (exit 6) or
// throttled without a guess.
void TestCliProfile::parallelGuessesAreAllCounted()
{
    QCOMPARE(cli(QStringList{u"profile"_s, u"create"_s, u"Amina"_s} + kFast, kPass).exitCode, 0);
    constexpr int kProcesses = 8;
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < kProcesses; ++i) {
        auto p = std::make_unique<QProcess>();
        p->start(qEnvironmentVariable("HTMSE_CLI"),
                 {u"--profiles-dir"_s, m_dir->path(), u"profile"_s, u"audit"_s, u"Amina"_s});
        processes.push_back(std::move(p));
    }
    for (auto& p : processes) { // all started before any is given its guess
        p->write("a wrong guess\n");
        p->closeWriteChannel();
    }
    int guessed = 0;
    for (auto& p : processes) {
        QVERIFY(p->waitForFinished(120'000));
        const QByteArray err = p->readAllStandardError();
        QVERIFY2(p->exitCode() == 2 || p->exitCode() == 6, err.constData());
        if (err.contains("try again in") || err.contains("open in another process"))
            continue; // throttled or refused: no guess was checked
        QVERIFY2(err.contains("wrong passphrase"), err.constData());
        ++guessed;
    }
    QVERIFY(guessed >= 1);
    const auto info = htmse::Vault(m_dir->path()).find(u"Amina"_s);
    QFile attempts(info->directory + u"/unlock-attempts.json"_s);
    QVERIFY(attempts.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(attempts.readAll()).object().value(u"failures_total"_s).toInt(), guessed);
}

void TestCliProfile::fullDiskLeavesNothingBehind()
{
    const Run r = cli(QStringList{u"profile"_s, u"create"_s, u"Amina"_s} + kFast, kPass, true);
    QCOMPARE(r.exitCode, 5);
    QVERIFY(!r.err.isEmpty());
    QVERIFY(QDir(m_dir->path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty());
}

QTEST_GUILESS_MAIN(TestCliProfile)
#include "TestCliProfile.moc"
