#include "common/Files.h"
#include "demo/DemoDirectoryGenerator.h"
#include "domain/DirectorySink.h"
#include "interchange/DirectoryFile.h"
#include "interchange/DirectoryReader.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
// Records every batch; refuses the batch numbered `failAt` (1-based; 0 never).
class RecordingSink : public DirectorySink
{
public:
    explicit RecordingSink(int failAt = 0)
        : m_failAt(failAt)
    {}
    bool write(const QList<Professional>& professionals, const QList<Organisation>& organisations,
               QString* error) override
    {
        if (++batches == m_failAt) {
            *error = u"disk full"_s;
            return false;
        }
        batchSizes.append(professionals.size() + organisations.size());
        this->professionals += professionals;
        this->organisations += organisations;
        return true;
    }
    int batches = 0;
    QList<qsizetype> batchSizes;
    QList<Professional> professionals;
    QList<Organisation> organisations;

private:
    int m_failAt;
};

QByteArray demoFile(qsizetype profiles, std::uint64_t seed)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    DemoDirectoryGenerator(profiles, seed).write(&buffer, nullptr);
    return bytes;
}

ImportSummary readBytes(QByteArray bytes, DirectorySink& sink, int batchSize = 100)
{
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    DirectoryReader::Options options;
    options.batchSize = batchSize;
    options.sourceName = u"test.json"_s;
    return DirectoryReader::read(&buffer, sink, options);
}
} // namespace

class TestDirectoryReader : public QObject
{
    Q_OBJECT

private slots:
    void streamsInBatchesWhatTheGeneratorWrote();
    void anyLayoutOfTheSameJson();
    void recordsBeforeTheHeaderAreReadAfterIt();
    void aFailingSinkStopsTheImport();
    void brokenFileKeepsWhatCameBefore();
    void sniffsTheFormatOnce();
};

void TestDirectoryReader::streamsInBatchesWhatTheGeneratorWrote()
{
    const auto generated = DemoDirectoryGenerator(1050, 3).generate();
    RecordingSink sink;
    const ImportSummary s = readBytes(demoFile(1050, 3), sink, 100);
    QVERIFY(s.readable);
    QVERIFY(s.complete);
    QCOMPARE(s.format, u"htmse-directory"_s);
    QCOMPARE(s.professionals, 1050);
    QCOMPARE(s.organisations, generated.organisations.size());
    QVERIFY(s.problems.isEmpty());
    // Batches of at most 100 records (organisations and professionals together), every one but
    // the last full.
    QVERIFY(sink.batchSizes.size() > 10);
    for (qsizetype i = 0; i + 1 < sink.batchSizes.size(); ++i)
        QCOMPARE(sink.batchSizes.at(i), 100);
    QVERIFY(sink.professionals == generated.professionals);
    QVERIFY(sink.organisations == generated.organisations);
}

// The same directory pretty-printed, with strings holding braces, brackets, quotes and escapes:
// the stream finds each record's end as a JSON parser would.
void TestDirectoryReader::anyLayoutOfTheSameJson()
{
    auto generated = DemoDirectoryGenerator(30, 4).generate();
    generated.professionals[3].biography = u"Tricky: } ] { [ \" \\ \\\" ,\n\t end"_s;
    generated.professionals[7].displayName = u"Ünïcødé \u0639\u0631\u0628\u064a"_s;
    QJsonArray professionals;
    for (const Professional& p : generated.professionals)
        professionals.append(p.toJson());
    QJsonArray organisations;
    for (const Organisation& o : generated.organisations)
        organisations.append(o.toJson());
    const QJsonObject root{{u"format"_s, u"htmse-directory"_s},
                           {u"version"_s, 1},
                           {u"organisations"_s, organisations},
                           {u"professionals"_s, professionals}};
    for (const auto layout : {QJsonDocument::Indented, QJsonDocument::Compact}) {
        RecordingSink sink;
        const ImportSummary s = readBytes(QJsonDocument(root).toJson(layout), sink, 7);
        QVERIFY(s.readable && s.complete);
        QVERIFY2(s.problems.isEmpty(), qPrintable(s.problems.value(0).message));
        QVERIFY(sink.professionals == generated.professionals);
        QVERIFY(sink.organisations == generated.organisations);
    }
}

// JSON keys have no order: records before "format" and "version" are read once those are known
// (from a file, which can be read twice), never before.
void TestDirectoryReader::recordsBeforeTheHeaderAreReadAfterIt()
{
    const QByteArray body = demoFile(20, 5);
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    QByteArray reordered = "{\"professionals\": " + QJsonDocument(root.value(u"professionals"_s).toArray()).toJson() +
                           ", \"version\": 1, \"format\": \"htmse-directory\"}";
    RecordingSink sink;
    const ImportSummary s = readBytes(reordered, sink);
    QVERIFY(s.readable && s.complete);
    QCOMPARE(s.professionals, 20);
    // The wrong format after the records: nothing is handed over.
    reordered.replace("\"htmse-directory\"", "\"something-else\"");
    RecordingSink refused;
    const ImportSummary wrong = readBytes(reordered, refused);
    QVERIFY(!wrong.readable);
    QCOMPARE(refused.batches, 0);
}

void TestDirectoryReader::aFailingSinkStopsTheImport()
{
    RecordingSink sink(3);
    const ImportSummary s = readBytes(demoFile(500, 6), sink, 100);
    QCOMPARE(s.sinkError, u"disk full"_s);
    QCOMPARE(sink.batches, 3); // nothing is offered after the refused batch
    QCOMPARE(s.professionals + s.organisations, 200);
}

void TestDirectoryReader::brokenFileKeepsWhatCameBefore()
{
    QByteArray bytes = demoFile(250, 7);
    bytes.truncate(bytes.size() * 2 / 3);
    RecordingSink sink;
    const ImportSummary s = readBytes(bytes, sink, 50);
    QVERIFY(s.readable);
    QVERIFY(!s.complete);
    QVERIFY(s.professionals > 100 && s.professionals < 250);
    QCOMPARE(sink.professionals.size(), s.professionals);
    QVERIFY(s.problems.last().message.contains(u"ends early"_s));
    // Garbage from the first byte: unreadable, nothing handed over.
    RecordingSink none;
    QVERIFY(!readBytes("\x89PNG\r\n\x1a\n", none).readable);
    QCOMPARE(none.batches, 0);
}

void TestDirectoryReader::sniffsTheFormatOnce()
{
    QTemporaryDir dir;
    const QString directory = dir.filePath(u"directory.json"_s);
    QVERIFY(test::writeAll(directory, demoFile(3, 8)));
    QCOMPARE(DirectoryReader::sniff(directory), u"htmse-directory"_s);
    const QString examples = qEnvironmentVariable("HTMSE_SOURCE_DIR") + u"/tests/data/hsds-3.0/examples"_s;
    QCOMPARE(DirectoryReader::sniff(examples + u"/service_list.json"_s), u"hsds"_s);
    QCOMPARE(DirectoryReader::sniff(examples + u"/csv"_s), u"hsds"_s);
    const QString text = dir.filePath(u"notes.txt"_s);
    QVERIFY(test::writeAll(text, "just some notes"));
    QCOMPARE(DirectoryReader::sniff(text), QString());
    RecordingSink sink;
    const ImportSummary s = DirectoryReader::read(text, sink, {});
    QVERIFY(!s.readable);
    QCOMPARE(sink.batches, 0);
}

QTEST_GUILESS_MAIN(TestDirectoryReader)
#include "TestDirectoryReader.moc"
