#include "common/RunProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
using htmse::test::Run;

Run cli(const QStringList& args, const QByteArray& stdinData = {})
{
    return htmse::test::runProcess(qEnvironmentVariable("HTMSE_CLI"), args, stdinData);
}

QJsonDocument parseOne(const QByteArray& out)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "stdout is not one JSON document:" << error.errorString() << out.left(200);
    return doc;
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void version();
    void help();
    void usageErrors_data();
    void usageErrors();
    void validateGoodFile();
    void validateBadFile();
    void validateMissingFile();
    void places();
};

void TestCli::version()
{
    const Run plain = cli({u"--version"_s});
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(plain.out.startsWith("htmse-cli "));
    const Run json = cli({u"--json"_s, u"--version"_s});
    QCOMPARE(json.exitCode, 0);
    QVERIFY(!parseOne(json.out).object().value(u"version"_s).toString().isEmpty());
}

void TestCli::help()
{
    const Run r = cli({u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Exit codes"));
    QVERIFY(r.out.contains("profile create"));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("nothing") << QStringList() << QByteArray("Usage:");
    QTest::newRow("unknown verb") << QStringList{u"frobnicate"_s} << QByteArray("unknown command 'frobnicate'");
    QTest::newRow("unknown option") << QStringList{u"--colour"_s} << QByteArray("Unknown option");
    QTest::newRow("profile without subverb")
        << QStringList{u"profile"_s} << QByteArray("'profile' needs one of: create, list");
    QTest::newRow("referral bad subverb")
        << QStringList{u"referral"_s, u"remove"_s, u"me"_s} << QByteArray("'referral' needs one of");
    QTest::newRow("places without prefix") << QStringList{u"places"_s} << QByteArray("usage: htmse-cli places");
    QTest::newRow("places bad limit") << QStringList{u"places"_s, u"Lon"_s, u"--limit"_s, u"0"_s}
                                      << QByteArray("--limit");
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    const Run r = cli(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(message), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestCli::validateGoodFile()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"demo.json"_s);
    QProcess seed;
    seed.start(qEnvironmentVariable("HTMSE_SERVER"),
               {u"seed"_s, u"--profiles"_s, u"200"_s, u"--seed"_s, u"3"_s, u"--out"_s, file});
    QVERIFY(seed.waitForFinished(60'000));
    QCOMPARE(seed.exitCode(), 0);
    const Run r = cli({u"validate"_s, file, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = parseOne(r.out).object();
    QCOMPARE(o.value(u"valid"_s).toBool(), true);
    QCOMPARE(o.value(u"professionals"_s).toInt(), 200);
    QCOMPARE(o.value(u"problems"_s).toArray().size(), 0);
}

void TestCli::validateBadFile()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"bad.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format":"htmse-directory","version":1,"professionals":[
        {"id":"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f","display_name":"A","professional_types":["lawyer"],
         "remote_service":true,"languages":[{"code":"en"},{"code":"fr"},{"code":"xx"}]},
        {"id":"7f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f","display_name":"B","professional_types":["lawyer"],
         "locations":[{"city":"X","country":"GB","latitude":100,"longitude":0}]}]})");
    file.close();
    const Run r = cli({u"--json"_s, u"validate"_s, file.fileName()});
    QCOMPARE(r.exitCode, 4);
    const QJsonObject o = parseOne(r.out).object();
    QCOMPARE(o.value(u"valid"_s).toBool(), false);
    QCOMPARE(o.value(u"skipped"_s).toInt(), 2);
    const QJsonArray problems = o.value(u"problems"_s).toArray();
    QCOMPARE(problems.size(), 2);
    QCOMPARE(problems.at(0).toObject().value(u"path"_s).toString(), u"professionals[0].languages[2].code"_s);
    QCOMPARE(problems.at(0).toObject().value(u"message"_s).toString(), u"\"xx\" is not an ISO 639-3 code"_s);
    QCOMPARE(problems.at(1).toObject().value(u"path"_s).toString(), u"professionals[1].locations[0].latitude"_s);
    // Plain output: one problem per line with its path.
    const Run plain = cli({u"validate"_s, file.fileName()});
    QCOMPARE(plain.exitCode, 4);
    QVERIFY(plain.out.contains("professionals[1].locations[0].latitude: 100 is outside -90..90"));
}

void TestCli::validateMissingFile()
{
    const Run r = cli({u"validate"_s, u"/nonexistent/dir.json"_s});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.err.contains("does not exist"));
}

void TestCli::places()
{
    const Run r = cli({u"--json"_s, u"places"_s, u"Sao"_s, u"--country"_s, u"BR"_s, u"--limit"_s, u"3"_s});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray places = parseOne(r.out).object().value(u"places"_s).toArray();
    QCOMPARE(places.size(), 3);
    QCOMPARE(places.first().toObject().value(u"name"_s).toString(), u"São Paulo"_s);
    QCOMPARE(cli({u"places"_s, u"Qqqqzz"_s}).exitCode, 3);
    QCOMPARE(cli({u"places"_s, u"Lon"_s, u"--country"_s, u"XX"_s}).exitCode, 4);
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
