#include "common/Files.h"
#include "common/RunProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using htmse::test::Run;

namespace {
const QByteArray kPass = "correct horse battery staple\n";
}

class TestCliDirectory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void importStatsMatch();
    void shortlistNeverShowsAddresses();
    void badRecordsAreReportedGoodOnesLand();
    void importsHsds();
    void matchRefusals_data();
    void matchRefusals();

private:
    Run cli(const QStringList& args, const QByteArray& input = kPass);
    QTemporaryDir m_dir;
    QString m_demo;
};

Run TestCliDirectory::cli(const QStringList& args, const QByteArray& input)
{
    return htmse::test::runProcess(qEnvironmentVariable("HTMSE_CLI"),
                                   QStringList{u"--profiles-dir"_s, m_dir.path()} + args, input);
}

void TestCliDirectory::initTestCase()
{
    QCOMPARE(
        cli({u"profile"_s, u"create"_s, u"amina"_s, u"--kdf-memory"_s, u"8"_s, u"--kdf-iterations"_s, u"1"_s}).exitCode,
        0);
    m_demo = m_dir.filePath(u"demo.json"_s);
    const Run seed =
        htmse::test::runProcess(qEnvironmentVariable("HTMSE_SERVER"),
                                {u"seed"_s, u"--profiles"_s, u"1500"_s, u"--seed"_s, u"4"_s, u"--out"_s, m_demo});
    QCOMPARE(seed.exitCode, 0);
}

void TestCliDirectory::importStatsMatch()
{
    const Run imported = cli({u"--json"_s, u"directory"_s, u"import"_s, u"amina"_s, m_demo});
    QCOMPARE(imported.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(imported.out).object();
    QCOMPARE(report.value(u"imported"_s).toInt(), 1500);
    QCOMPARE(report.value(u"skipped"_s).toInt(), 0);
    QVERIFY(report.value(u"problems"_s).isArray());

    const QJsonObject stats =
        QJsonDocument::fromJson(cli({u"--json"_s, u"directory"_s, u"stats"_s, u"amina"_s}).out).object();
    QCOMPARE(stats.value(u"profiles"_s).toInt(), 1500);
    QVERIFY(stats.contains(u"last_sync"_s) && stats.value(u"last_sync"_s).isNull());
    QVERIFY(stats.contains(u"cursor"_s));

    const Run match =
        cli({u"--json"_s, u"match"_s, u"amina"_s, u"--need"_s, u"legal"_s, u"--language"_s, u"eng"_s, u"--near"_s,
             u"London, GB"_s, u"--radius-km"_s, u"200"_s, u"--remote-ok"_s, u"--limit"_s, u"5"_s});
    QCOMPARE(match.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(match.out).object();
    const QJsonArray results = o.value(u"results"_s).toArray();
    QVERIFY(!results.isEmpty() && results.size() <= 5);
    double previous = 101;
    for (const QJsonValue& v : results) {
        const QJsonObject r = v.toObject();
        for (const char* key : {"id", "name", "score", "distance_km", "parts", "explanation"})
            QVERIFY2(r.contains(QLatin1StringView(key)), key);
        QVERIFY(r.value(u"score"_s).toDouble() <= previous);
        previous = r.value(u"score"_s).toDouble();
        QVERIFY(r.value(u"explanation"_s).toString().startsWith(u"Covers 1 of 1 needs"_s));
        QVERIFY(r.value(u"parts"_s).toObject().contains(u"language"_s));
    }
    QVERIFY(o.value(u"relaxations"_s).isArray());

    const Run search = cli({u"--json"_s, u"search"_s, u"amina"_s, u"law"_s, u"--limit"_s, u"3"_s});
    QCOMPARE(search.exitCode, 0);
    const QJsonArray found = QJsonDocument::fromJson(search.out).object().value(u"results"_s).toArray();
    QCOMPARE(found.size(), 3);
    for (const char* key : {"id", "name", "score"})
        QVERIFY(found.first().toObject().contains(QLatin1StringView(key)));
    const QJsonArray sorted =
        QJsonDocument::fromJson(cli({u"--json"_s, u"search"_s, u"amina"_s, u""_s, u"--limit"_s, u"4"_s}).out)
            .object()
            .value(u"results"_s)
            .toArray();
    QCOMPARE(sorted.size(), 4); // an empty search lists the directory by name
    QVERIFY(sorted.at(0)[u"name"_s].toString().localeAwareCompare(sorted.at(3)[u"name"_s].toString()) <= 0);
    // Nothing within 1 km of the middle of nowhere: relaxations say where to look.
    const Run none = cli({u"--json"_s, u"match"_s, u"amina"_s, u"--need"_s, u"legal.immigration"_s, u"--lat"_s,
                          u"52.3"_s, u"--lon"_s, u"-1.0"_s, u"--radius-km"_s, u"1"_s});
    QCOMPARE(none.exitCode, 0);
    const QJsonObject empty = QJsonDocument::fromJson(none.out).object();
    QCOMPARE(empty.value(u"results"_s).toArray().size(), 0);
    QVERIFY(!empty.value(u"relaxations"_s).toArray().isEmpty());
}

void TestCliDirectory::shortlistNeverShowsAddresses()
{
    // Shelter providers: most of their locations are confidential safe houses.
    const Run match = cli({u"--json"_s, u"match"_s, u"amina"_s, u"--need"_s, u"shelter"_s, u"--limit"_s, u"8"_s});
    QStringList ids;
    for (const QJsonValue& r : QJsonDocument::fromJson(match.out).object().value(u"results"_s).toArray())
        ids.append(r[u"id"_s].toString());
    QVERIFY(ids.size() >= 4);
    const QString pdf = m_dir.filePath(u"shortlist.pdf"_s);
    const QString csv = m_dir.filePath(u"shortlist.csv"_s);
    QCOMPARE(cli(QStringList{u"export"_s, u"amina"_s, u"--shortlist"_s, pdf, u"--ids"_s} + ids).exitCode, 0);
    QCOMPARE(cli({u"export"_s, u"amina"_s, u"--shortlist"_s, csv, u"--ids"_s, ids.join(u',')}).exitCode, 0);
    QProcess text;
    text.start(u"pdftotext"_s, {pdf, u"-"_s});
    QVERIFY(text.waitForFinished(30'000));
    const QByteArray pdfText = text.readAllStandardOutput();
    const QByteArray csvText = htmse::test::readAll(csv);
    QVERIFY(pdfText.contains("Expertise"));
    QCOMPARE(csvText.count('\n'), ids.size() + 1);
    QVERIFY(pdfText.contains("confidential") || csvText.contains("confidential"));
    // The generator gives every location a street address ("12 Station Street"): none may appear.
    for (const QByteArray& bytes : {pdfText, csvText})
        QVERIFY(!bytes.contains(" Street"));
    QCOMPARE(cli({u"export"_s, u"amina"_s, u"--shortlist"_s, pdf, u"--ids"_s, QUuid::createUuid().toString()}).exitCode,
             3);
    QCOMPARE(
        cli({u"export"_s, u"amina"_s, u"--shortlist"_s, m_dir.filePath(u"x.txt"_s), u"--ids"_s, ids.first()}).exitCode,
        1);
}

void TestCliDirectory::badRecordsAreReportedGoodOnesLand()
{
    QFile in(m_demo);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QByteArray bytes = in.readAll();
    // Break two records in place: an unknown language and a latitude out of range.
    bytes.replace("\"code\":\"eng\"", "\"code\":\"zzz\"");
    const QString broken = m_dir.filePath(u"broken.json"_s);
    QFile out(broken);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes);
    out.close();
    const Run r = cli({u"--json"_s, u"directory"_s, u"import"_s, u"amina"_s, broken});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(r.out).object();
    QVERIFY(report.value(u"skipped"_s).toInt() > 0);
    QCOMPARE(report.value(u"imported"_s).toInt() + report.value(u"skipped"_s).toInt(), 1500);
    const QJsonObject first = report.value(u"problems"_s).toArray().first().toObject();
    QVERIFY(first.value(u"path"_s).toString().contains(u"].languages["_s));
    QCOMPARE(first.value(u"message"_s).toString(), u"\"zzz\" is not an ISO 639-3 code"_s);
    const Run junk = cli({u"directory"_s, u"import"_s, u"amina"_s, m_dir.filePath(u"missing.json"_s)});
    QCOMPARE(junk.exitCode, 3);
}

// The Open Referral examples, as a CSV data package folder and as a paged JSON response.
void TestCliDirectory::importsHsds()
{
    QCOMPARE(
        cli({u"profile"_s, u"create"_s, u"kofi"_s, u"--kdf-memory"_s, u"8"_s, u"--kdf-iterations"_s, u"1"_s}).exitCode,
        0);
    const QString examples = qEnvironmentVariable("HTMSE_SOURCE_DIR") + u"/tests/data/hsds-3.0/examples"_s;

    const Run package = cli({u"--json"_s, u"directory"_s, u"import"_s, u"kofi"_s, examples + u"/csv"_s});
    QCOMPARE(package.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(package.out).object();
    QCOMPARE(report.value(u"imported"_s).toInt(), 1);
    QCOMPARE(report.value(u"skipped"_s).toInt(), 0);
    QCOMPARE(report.value(u"organisations"_s).toInt(), 1);
    QCOMPARE(report.value(u"format"_s).toString(), u"hsds"_s);
    const QJsonArray problems = report.value(u"problems"_s).toArray();
    QCOMPARE(problems.size(), 22); // 17 defects (one an ended schedule), 5 tables the importer does not read
    QStringList paths;
    for (const QJsonValue& v : problems) {
        const QJsonObject p = v.toObject();
        for (const char* key : {"path", "message", "source", "field", "skipped"})
            QVERIFY2(p.contains(QLatin1StringView(key)), key);
        QVERIFY(!p.value(u"skipped"_s).toBool());
        paths.append(p.value(u"path"_s).toString());
    }
    for (const QString& path : {u"datapackage.json"_s, u"locations.csv row 2: latitude"_s,
                                u"phones.csv row 2: number"_s, u"contacts.csv row 2: organization_id"_s,
                                u"attributes.csv row 2: link_id"_s, u"cost_options.csv row 2: valid_to"_s})
        QVERIFY2(paths.contains(path), qPrintable(path));
    const QJsonObject latitude = problems.at(paths.indexOf(u"locations.csv row 2: latitude"_s)).toObject();
    QCOMPARE(latitude.value(u"source"_s).toString(), u"locations.csv row 2"_s);
    QCOMPARE(latitude.value(u"field"_s).toString(), u"latitude"_s);
    QCOMPARE(latitude.value(u"message"_s).toString(), u"100 is outside -90..90; the coordinates are left out"_s);

    const QJsonArray found = QJsonDocument::fromJson(cli({u"--json"_s, u"search"_s, u"kofi"_s, u"counselling"_s}).out)
                                 .object()
                                 .value(u"results"_s)
                                 .toArray();
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first()[u"id"_s].toString(), u"ac148810-d857-441c-9679-408f346de14b"_s);
    QCOMPARE(found.first()[u"name"_s].toString(), u"Community Counselling"_s);

    // The API page: its one service has no location and is left out, with the reason; its
    // organization is the one already stored.
    const Run page = cli({u"--json"_s, u"directory"_s, u"import"_s, u"kofi"_s, examples + u"/service_list.json"_s});
    QCOMPARE(page.exitCode, 0);
    const QJsonObject pageReport = QJsonDocument::fromJson(page.out).object();
    QCOMPARE(pageReport.value(u"imported"_s).toInt(), 0);
    QCOMPARE(pageReport.value(u"skipped"_s).toInt(), 1);
    QCOMPARE(pageReport.value(u"organisations"_s).toInt(), 1);
    QJsonObject leftOut;
    for (const QJsonValue& v : pageReport.value(u"problems"_s).toArray())
        if (v[u"skipped"_s].toBool())
            leftOut = v.toObject();
    QCOMPARE(leftOut.value(u"source"_s).toString(), u"service_list.json: contents[0]"_s);
    QCOMPARE(leftOut.value(u"field"_s).toString(), u"locations"_s);
    QCOMPARE(pageReport.value(u"problems"_s).toArray().first()[u"field"_s].toString(), u"page_number"_s);

    // Importing again updates the same records instead of adding new ones.
    const Run again = cli({u"directory"_s, u"import"_s, u"kofi"_s, examples + u"/csv"_s});
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.out.contains("imported: 1 profiles, 1 organisations; skipped: 0 records"));
    QVERIFY(again.err.contains("phones.csv row 2: number: "));
    const QJsonObject stats =
        QJsonDocument::fromJson(cli({u"--json"_s, u"directory"_s, u"stats"_s, u"kofi"_s}).out).object();
    QCOMPARE(stats.value(u"profiles"_s).toInt(), 1);
    QCOMPARE(stats.value(u"organisations"_s).toInt(), 1);

    // Neither HSDS nor a directory file: invalid input, nothing stored.
    QTemporaryDir empty;
    const Run nothing = cli({u"directory"_s, u"import"_s, u"kofi"_s, empty.path()});
    QCOMPARE(nothing.exitCode, 4);
    QVERIFY2(nothing.err.contains("is not readable HSDS data: "), nothing.err.constData());
    QVERIFY(nothing.err.contains("holds no readable HSDS services.csv or organizations.csv"));
    const QString list = m_dir.filePath(u"numbers.json"_s);
    QVERIFY(htmse::test::writeAll(list, "[1, 2]"));
    QCOMPARE(cli({u"directory"_s, u"import"_s, u"kofi"_s, list}).exitCode, 4);
}

void TestCliDirectory::matchRefusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("unknown need") << QStringList{u"--need"_s, u"legal.magic"_s} << 4 << QByteArray("\"legal.magic\"");
    QTest::newRow("unknown language") << QStringList{u"--need"_s, u"legal"_s, u"--language"_s, u"xx"_s} << 4
                                      << QByteArray("\"xx\"");
    QTest::newRow("unknown place") << QStringList{u"--need"_s, u"legal"_s, u"--near"_s, u"Qwertzville"_s} << 4
                                   << QByteArray("not a place");
    QTest::newRow("absurd radius") << QStringList{u"--need"_s, u"legal"_s,       u"--near"_s,
                                                  u"Leeds"_s,  u"--radius-km"_s, u"-3"_s}
                                   << 4 << QByteArray("radius");
    QTest::newRow("absurd coordinates") << QStringList{u"--need"_s, u"legal"_s, u"--lat"_s, u"95"_s, u"--lon"_s, u"0"_s}
                                        << 4 << QByteArray("coordinates");
}

void TestCliDirectory::matchRefusals()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, message);
    const Run r = cli(QStringList{u"match"_s, u"amina"_s} + args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(message), r.err.constData());
}

QTEST_GUILESS_MAIN(TestCliDirectory)
#include "TestCliDirectory.moc"
