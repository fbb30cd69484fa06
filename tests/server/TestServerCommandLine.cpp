#include "common/ApiClient.h"
#include "common/RunProcess.h"
#include "common/ServerProcess.h"

#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace htmse;

namespace {
QString serverExe()
{
    return qEnvironmentVariable("HTMSE_SERVER");
}

using test::Run;

Run run(const QStringList& args)
{
    return test::runProcess(serverExe(), args);
}

struct Reply
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
};

Reply request(QNetworkAccessManager& nam, const QByteArray& verb, const QUrl& url)
{
    QNetworkRequest req(url);
    req.setTransferTimeout(10'000);
    QNetworkReply* reply = nam.sendCustomRequest(req, verb);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()};
    reply->deleteLater();
    return r;
}

QByteArray sha256(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}
} // namespace

class TestServerCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void version();
    void usageErrors_data();
    void usageErrors();
    void healthzAndErrors();
    void stopsCleanlyOnSigterm();
    void busyPortIsReported();
    void settingsComeFromArgumentsEnvironmentAndFile();
    void seedWritesDeterministicFile();
    void seedFailureLeavesNothingBehind();
    void seedPublicationsPublishesTheDemoLibrary();
    void remoteDatabaseNeedsVerifiedTls_data();
    void remoteDatabaseNeedsVerifiedTls();
};

void TestServerCommandLine::initTestCase()
{
    QVERIFY2(QFile::exists(serverExe()), "HTMSE_SERVER must point at the htmse-server binary");
}

void TestServerCommandLine::version()
{
    const Run r = run({u"--version"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("htmse-server "));
    QCOMPARE(run({u"--help"_s}).exitCode, 0);
}

void TestServerCommandLine::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no command") << QStringList() << QByteArray("Usage:");
    QTest::newRow("unknown command") << QStringList{u"explode"_s} << QByteArray("unknown command 'explode'");
    QTest::newRow("bad listen") << QStringList{u"serve"_s, u"--listen"_s, u"nowhere"_s}
                                << QByteArray("--listen must be HOST:PORT");
    QTest::newRow("both stores") << QStringList{u"serve"_s, u"--data-dir"_s, u"x"_s, u"--database"_s,
                                                u"postgresql://h/db"_s}
                                 << QByteArray("either --data-dir or --database");
    QTest::newRow("bad database url") << QStringList{u"migrate"_s, u"--database"_s, u"mysql://h/db"_s}
                                      << QByteArray("must be a postgresql://");
    QTest::newRow("remote database without tls")
        << QStringList{u"migrate"_s, u"--database"_s, u"postgresql://htmse@db.example.org/htmse?sslmode=disable"_s}
        << QByteArray("sslmode=disable would let the connection to db.example.org run without a verified TLS");
    QTest::newRow("remote database with unverified tls")
        << QStringList{u"migrate"_s, u"--database"_s, u"postgresql://htmse@10.1.2.3/htmse?sslmode=require"_s}
        << QByteArray("sslmode=require would let the connection to 10.1.2.3 run without a verified TLS");
    QTest::newRow("remote name at a loopback address without tls")
        << QStringList{u"migrate"_s, u"--database"_s,
                       u"postgresql://htmse@/htmse?host=db.example.org&hostaddr=127.0.0.1&sslmode=prefer"_s}
        << QByteArray("sslmode=prefer would let the connection to db.example.org");
    QTest::newRow("unknown database parameter")
        << QStringList{u"migrate"_s, u"--database"_s, u"postgresql://htmse@/htmse?options=-c%20x%3Dy"_s}
        << QByteArray("unknown connection parameter 'options'");
    QTest::newRow("database parameter with a semicolon")
        << QStringList{u"migrate"_s, u"--database"_s, u"postgresql://htmse@/htmse?sslrootcert=a%3Bb"_s}
        << QByteArray("the value of sslrootcert is empty or holds");
    QTest::newRow("seed without count") << QStringList{u"seed"_s, u"--seed"_s, u"1"_s, u"--out"_s, u"x.json"_s}
                                        << QByteArray("--profiles must be");
    QTest::newRow("seed with junk count")
        << QStringList{u"seed"_s, u"--profiles"_s, u"lots"_s, u"--seed"_s, u"1"_s} << QByteArray("--profiles must be");
    QTest::newRow("create-org without a name") << QStringList{u"create-org"_s} << QByteArray("--name must be given");
    QTest::newRow("create-user with an unknown role")
        << QStringList{u"create-user"_s, u"--org"_s, u"X"_s, u"--user"_s, u"someone"_s, u"--role"_s, u"admin"_s}
        << QByteArray("--role must be one of: caseworker, legal, org-admin, directory-editor, professional");
    QTest::newRow("import without a path") << QStringList{u"import-hsds"_s} << QByteArray("takes 1 argument");
    QTest::newRow("bad rate limit") << QStringList{u"serve"_s, u"--rate-limit-ip"_s, u"-3"_s}
                                    << QByteArray("rate-limit-ip must be a number from 0");
    QTest::newRow("tls key without certificate")
        << QStringList{u"serve"_s, u"--tls-key"_s, u"k.pem"_s} << QByteArray("--tls-cert and --tls-key go together");
}

void TestServerCommandLine::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    const Run r = run(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(message), r.err.constData());
}

void TestServerCommandLine::healthzAndErrors()
{
    QTemporaryDir dir;
    htmse::test::ServerProcess server;
    QVERIFY(server.start(serverExe(), {u"--data-dir"_s, dir.path()}));
    QNetworkAccessManager nam;
    QUrl url = server.url();

    url.setPath(u"/healthz"_s);
    const Reply ok = request(nam, "GET", url);
    QCOMPARE(ok.status, 200);
    QVERIFY(ok.contentType.startsWith("application/json"));
    const QJsonObject health = QJsonDocument::fromJson(ok.body).object();
    QCOMPARE(health.value(u"status"_s).toString(), u"ok"_s);
    QVERIFY(!health.value(u"version"_s).toString().isEmpty());
    QCOMPARE(health.value(u"store"_s).toString(), u"sqlite"_s);

    const Reply wrongMethod = request(nam, "DELETE", url);
    QCOMPARE(wrongMethod.status, 405);
    QCOMPARE(
        QJsonDocument::fromJson(wrongMethod.body).object().value(u"error"_s).toObject().value(u"code"_s).toString(),
        u"method_not_allowed"_s);

    url.setPath(u"/api/v1/nothing-here"_s);
    const Reply missing = request(nam, "GET", url);
    QCOMPARE(missing.status, 404);
    const QJsonObject error = QJsonDocument::fromJson(missing.body).object().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), u"not_found"_s);
    QVERIFY(!error.value(u"message"_s).toString().isEmpty());

    // Logs are JSON lines without query strings.
    url.setPath(u"/x"_s);
    url.setQuery(u"case_ref=HT-SECRET-1"_s);
    request(nam, "GET", url);
    server.stop();
    const QByteArray log = server.log();
    QVERIFY(!log.contains("HT-SECRET-1"));
    // The request was logged, as a JSON line with its path and without its query string.
    int requestLines = 0;
    for (const QByteArray& line : log.split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonObject entry = QJsonDocument::fromJson(line).object();
        QVERIFY2(!entry.isEmpty(), line.constData());
        if (entry.value(u"event"_s).toString() == "http.not_found"_L1 && entry.value(u"path"_s).toString() == "/x"_L1)
            ++requestLines;
    }
    QCOMPARE(requestLines, 1);
}

void TestServerCommandLine::stopsCleanlyOnSigterm()
{
    QTemporaryDir dir;
    htmse::test::ServerProcess server;
    QVERIFY(server.start(serverExe(), {u"--data-dir"_s, dir.path()}));
    server.process().terminate();
    QVERIFY(server.process().waitForFinished(10'000));
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), 0);
    QVERIFY(server.log().contains("server.stopped"));
}

// The command line wins over the environment, which wins over the configuration file.
void TestServerCommandLine::settingsComeFromArgumentsEnvironmentAndFile()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(u"server.ini"_s);
    QFile file(ini);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("data-dir = " + dir.filePath(u"store"_s).toUtf8() + "\nmetrics = sometimes\n");
    file.close();
    // The file alone: its bad value is reported.
    Run r = run({u"serve"_s, u"--config"_s, ini, u"--listen"_s, u"127.0.0.1:0"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("--metrics must be loopback, any or off"), r.err.constData());
    QCOMPARE(run({u"serve"_s, u"--config"_s, dir.filePath(u"missing.ini"_s)}).exitCode, 1);

    // The environment overrides the file; /metrics is then off.
    htmse::test::ServerProcess server;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HTMSE_SERVER_METRICS"_s, u"off"_s);
    env.insert(u"HTMSE_SERVER_CONFIG"_s, ini);
    server.process().setProcessEnvironment(env);
    QVERIFY2(server.start(serverExe()), server.log().constData());
    QNetworkAccessManager nam;
    QCOMPARE(request(nam, "GET", server.url().resolved(QUrl(u"/metrics"_s))).status, 404);
    QCOMPARE(request(nam, "GET", server.url().resolved(QUrl(u"/healthz"_s))).status, 200);
    QVERIFY(QFile::exists(dir.filePath(u"store/htmse-server.sqlite"_s))); // data-dir came from the file
    server.stop();

    // And the command line overrides the environment.
    htmse::test::ServerProcess second;
    second.process().setProcessEnvironment(env);
    QVERIFY(second.start(serverExe(), {u"--metrics"_s, u"loopback"_s}));
    QCOMPARE(request(nam, "GET", second.url().resolved(QUrl(u"/metrics"_s))).status, 200);
}

void TestServerCommandLine::busyPortIsReported()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    QTemporaryDir dir;
    const Run r =
        run({u"serve"_s, u"--data-dir"_s, dir.path(), u"--listen"_s, u"127.0.0.1:%1"_s.arg(occupier.serverPort())});
    QCOMPARE(r.exitCode, 5);
    QVERIFY(r.err.contains("cannot listen"));
}

void TestServerCommandLine::seedWritesDeterministicFile()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(u"a.json"_s);
    const QString b = dir.filePath(u"b.json"_s);
    QCOMPARE(run({u"seed"_s, u"--profiles"_s, u"300"_s, u"--seed"_s, u"5"_s, u"--out"_s, a}).exitCode, 0);
    QCOMPARE(run({u"seed"_s, u"--profiles"_s, u"300"_s, u"--seed"_s, u"5"_s, u"--out"_s, b}).exitCode, 0);
    QVERIFY(!sha256(a).isEmpty());
    QCOMPARE(sha256(a), sha256(b));
}

void TestServerCommandLine::seedFailureLeavesNothingBehind()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(u"missing-folder/out.json"_s);
    const Run r = run({u"seed"_s, u"--profiles"_s, u"10"_s, u"--seed"_s, u"1"_s, u"--out"_s, target});
    QCOMPARE(r.exitCode, 5);
    QVERIFY(r.err.contains("cannot write"));
    QVERIFY(!QFile::exists(target));

    // A disk that fills up mid-write (a file-size limit, so it works as root too): the
    // previous file stays as it was and no temporary file is left.
    const QString existing = dir.filePath(u"keep.json"_s);
    QFile keep(existing);
    QVERIFY(keep.open(QIODevice::WriteOnly));
    keep.write("previous contents");
    keep.close();
    QProcess p;
    p.setChildProcessModifier([] {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{64 * 1024, 64 * 1024};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    p.start(serverExe(), {u"seed"_s, u"--profiles"_s, u"2000"_s, u"--seed"_s, u"1"_s, u"--out"_s, existing});
    QVERIFY(p.waitForFinished(60'000));
    QCOMPARE(p.exitCode(), 5);
    QVERIFY(p.readAllStandardError().contains("nothing was written"));
    QVERIFY(keep.open(QIODevice::ReadOnly));
    QCOMPARE(keep.readAll(), QByteArray("previous contents"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"keep.json"_s});
}

// The libpq parameters of --database reach libpq, and a host that is not this machine gets
// sslmode=verify-full unless told otherwise: against the test PostgreSQL (which has no TLS) a
// connection by a remote name must fail for want of TLS instead of falling back to plain text.
// The demo news and resources: every one marked as demo content in its title and body, the
// training catalogue's topics, a course with its lessons; a second run updates, never duplicates.
void TestServerCommandLine::seedPublicationsPublishesTheDemoLibrary()
{
    QTemporaryDir dir;
    const QStringList store{u"--data-dir"_s, dir.path()};
    QCOMPARE(run(QStringList{u"seed-publications"_s} + store).exitCode, 0);
    const Run again = run(QStringList{u"seed-publications"_s} + store);
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains("published 12 demo news items and resources"), again.out.constData());
    QCOMPARE(run(QStringList{u"create-org"_s, u"--name"_s, u"Org"_s} + store).exitCode, 0);
    QCOMPARE(test::runProcess(serverExe(),
                              QStringList{u"create-user"_s, u"--org"_s, u"Org"_s, u"--user"_s, u"reader"_s, u"--role"_s,
                                          u"caseworker"_s} +
                                  store,
                              "a long test password\n")
                 .exitCode,
             0);
    test::ServerProcess server;
    QVERIFY(server.start(serverExe(), store));
    test::ApiClient api;
    api.setBase(server.url());
    const QByteArray token = api.signIn(u"reader"_s, u"a long test password"_s);
    QVERIFY(!token.isEmpty());
    const QJsonArray news = api.all(u"/api/v1/news"_s, token, 100);
    const QJsonArray resources = api.all(u"/api/v1/resources"_s, token, 100);
    QCOMPARE(news.size(), 3);
    QCOMPARE(resources.size(), 9);
    QStringList titles;
    int courses = 0;
    QJsonArray every = news;
    for (const QJsonValue& v : resources)
        every.append(v);
    for (const QJsonValue& v : std::as_const(every)) {
        const QJsonObject o = v.toObject();
        titles.append(o.value(u"title"_s).toString());
        QVERIFY2(o.value(u"title"_s).toString().startsWith(u"Demo: "_s), qPrintable(o.value(u"title"_s).toString()));
        QVERIFY(o.value(u"summary"_s).toString().startsWith(u"Demo content."_s));
        QVERIFY(o.value(u"body"_s).toString().contains(u"Demonstration content"_s));
        if (o.value(u"kind"_s).toString() == "course"_L1) {
            ++courses;
            const QJsonArray lessons = o.value(u"lessons"_s).toArray();
            QVERIFY(lessons.size() >= 3 && lessons.size() <= 5);
            for (const QJsonValue& lesson : lessons)
                QVERIFY(lesson[u"body"_s].toString().contains(u"Demonstration content"_s));
        }
    }
    QVERIFY(courses >= 1);
    for (const char* topic :
         {"Expert-witness training", "Forced criminality and non-prosecution", "Immigration and public law",
          "Housing and support", "Compensation claims", "Supply-chain compliance", "law enforcement",
          "local authorities", "health professionals"})
        QVERIFY2(titles.join(u'|').contains(QLatin1StringView(topic), Qt::CaseInsensitive), topic);
}

void TestServerCommandLine::remoteDatabaseNeedsVerifiedTls_data()
{
    QTest::addColumn<QString>("parameters");
    QTest::addColumn<QByteArray>("expected"); // in the error; the database itself does not exist
    QTest::newRow("remote name, no sslmode") << u"host=htmse-db.test&hostaddr=127.0.0.1"_s << QByteArray("SSL");
    QTest::newRow("remote name, verify-full")
        << u"host=htmse-db.test&hostaddr=127.0.0.1&sslmode=verify-full"_s << QByteArray("SSL");
    QTest::newRow("loopback, require") << u"host=127.0.0.1&sslmode=require"_s << QByteArray("SSL");
    QTest::newRow("loopback, disable") << u"host=127.0.0.1&sslmode=disable"_s
                                       << QByteArray("database \"htmse_no_such_database\" does not exist");
}

void TestServerCommandLine::remoteDatabaseNeedsVerifiedTls()
{
    QFETCH(QString, parameters);
    QFETCH(QByteArray, expected);
    const QUrl admin(qEnvironmentVariable("HTMSE_TEST_PG_URL"));
    if (admin.isEmpty()) {
        if (qEnvironmentVariable("HTMSE_REQUIRE_POSTGRES") == "1"_L1)
            QFAIL("HTMSE_TEST_PG_URL is not set but PostgreSQL is required");
        QSKIP("no PostgreSQL (HTMSE_TEST_PG_URL is not set)");
    }
    QUrl url(admin);
    url.setHost({});
    url.setPath(u"/htmse_no_such_database"_s);
    url.setQuery(parameters);
    const Run r = run({u"migrate"_s, u"--database"_s, url.toString()});
    QCOMPARE_NE(r.exitCode, 0);
    QVERIFY2(r.err.contains(expected), r.err.constData());
    if (expected == "SSL")
        QVERIFY2(!r.err.contains("does not exist"), r.err.constData()); // refused before any plain-text talk
}

QTEST_GUILESS_MAIN(TestServerCommandLine)
#include "TestServerCommandLine.moc"
