#include "common/FailDevice.h"
#include "demo/DemoDirectoryGenerator.h"
#include "interchange/DirectoryFile.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
Professional professional(const QString& name)
{
    Professional p;
    p.id = QUuid::createUuid();
    p.displayName = name;
    p.professionalTypes = {u"interpreter"_s};
    p.services = {u"interpretation.spoken"_s};
    p.languages = {{u"tir"_s, u"native"_s, {}}};
    p.remoteService = true;
    return p;
}

Organisation organisation(const QString& name)
{
    Organisation o;
    o.id = QUuid::createUuid();
    o.name = name;
    o.kind = u"ngo"_s;
    return o;
}
} // namespace

class TestDirectoryFile : public QObject
{
    Q_OBJECT

private slots:
    void writeThenRead();
    void emptyDirectory();
    void badRecordsAreSkippedGoodOnesKept();
    void unusableFiles_data();
    void unusableFiles();
    void brokenAfterTheHeader_data();
    void brokenAfterTheHeader();
    void fullDiskIsReported();
};

void TestDirectoryFile::writeThenRead()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    DirectoryFile::Writer writer(&buffer);
    writer.begin(QJsonObject{{u"source"_s, u"test"_s}});
    writer.addOrganisation(organisation(u"Kestrel House"_s));
    writer.addOrganisation(organisation(u"Harbourlight"_s));
    const Professional a = professional(u"Selam"_s);
    const Professional b = professional(u"Nguyễn Thị Lan"_s);
    writer.addProfessional(a);
    writer.addProfessional(b);
    QVERIFY(writer.finish());
    // One record per line, so files stream and diff well.
    QCOMPARE(buffer.data().count('\n'), 10);
    const DirectoryFileContents c = DirectoryFile::read(buffer.data());
    QVERIFY(c.readable);
    QVERIFY(c.problems.isEmpty());
    QCOMPARE(c.organisations.size(), 2);
    QCOMPARE(c.professionals.size(), 2);
    QVERIFY(c.professionals.at(0) == a);
    QVERIFY(c.professionals.at(1) == b);
    QCOMPARE(c.header.value(u"source"_s).toString(), u"test"_s);
    QCOMPARE(c.header.value(u"format"_s).toString(), u"htmse-directory"_s);
}

void TestDirectoryFile::emptyDirectory()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    DirectoryFile::Writer writer(&buffer);
    writer.begin({});
    QVERIFY(writer.finish());
    const DirectoryFileContents c = DirectoryFile::read(buffer.data());
    QVERIFY(c.readable);
    QVERIFY(c.professionals.isEmpty());
    QVERIFY(c.problems.isEmpty());
}

void TestDirectoryFile::badRecordsAreSkippedGoodOnesKept()
{
    QJsonObject bad = professional(u"Bad"_s).toJson();
    bad.insert(u"languages"_s, QJsonArray{QJsonObject{{u"code"_s, u"zz"_s}}});
    const QJsonObject doc{{u"format"_s, u"htmse-directory"_s},
                          {u"version"_s, 1},
                          {u"organisations"_s, QJsonArray{organisation(u"Good"_s).toJson(), u"junk"_s}},
                          {u"professionals"_s, QJsonArray{professional(u"Good"_s).toJson(), bad, 42}}};
    const DirectoryFileContents c = DirectoryFile::read(QJsonDocument(doc).toJson());
    QVERIFY(c.readable);
    QCOMPARE(c.organisations.size(), 1);
    QCOMPARE(c.professionals.size(), 1);
    QCOMPARE(c.skipped, 3);
    QCOMPARE(c.problems.toStrings(),
             QStringList({u"organisations[1]: must be an object, not a string"_s,
                          u"professionals[1].languages[0].code: \"zz\" is not an ISO 639-3 code"_s,
                          u"professionals[2]: must be an object, not a number"_s}));
}

void TestDirectoryFile::unusableFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("problem");
    QTest::newRow("not json") << QByteArray("professionals,name\n1,x\n") << u"not valid JSON"_s;
    QTest::newRow("wrong format") << QByteArray(R"({"format":"hsds","version":1})")
                                  << u"format: \"hsds\" is not \"htmse-directory\""_s;
    QTest::newRow("future version") << QByteArray(R"({"format":"htmse-directory","version":2})")
                                    << u"version: 2 is outside 1..1"_s;
    QTest::newRow("ends before the version")
        << QByteArray(R"({"format":"htmse-directory",)") << u"not valid JSON: the file ends early"_s;
    QTest::newRow("invalid utf-8 before the version")
        << QByteArray("{\"x\":\"\xFF\",\"format\":\"htmse-directory\",\"version\":1}") << u"not valid JSON"_s;
    QTest::newRow("not an object") << QByteArray("[1, 2]") << u"not valid JSON"_s;
}

void TestDirectoryFile::unusableFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, problem);
    const DirectoryFileContents c = DirectoryFile::read(bytes);
    QVERIFY(!c.readable);
    QVERIFY(c.professionals.isEmpty());
    QVERIFY2(c.problems.toStrings().join(u'\n').contains(problem), qPrintable(c.problems.toStrings().join(u'\n')));
}

// Past a good header, a file that breaks off keeps the records before the break and says so.
void TestDirectoryFile::brokenAfterTheHeader_data()
{
    QTest::addColumn<QByteArray>("tail");
    QTest::addColumn<QString>("problem");
    QTest::newRow("cut inside a record") << QByteArray(R"(,{"id")") << u"the file ends early"_s;
    QTest::newRow("garbage between records") << QByteArray(R"(;{"id":1}]})") << u"not valid JSON near byte"_s;
    QTest::newRow("no closing brace") << QByteArray("]") << u"the file ends early"_s;
}

void TestDirectoryFile::brokenAfterTheHeader()
{
    QFETCH(QByteArray, tail);
    QFETCH(QString, problem);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(DemoDirectoryGenerator(3, 5).write(&buffer, nullptr));
    bytes.truncate(bytes.lastIndexOf("\n]")); // the three profiles, then the array's end removed
    bytes += tail;
    const DirectoryFileContents c = DirectoryFile::read(bytes);
    QVERIFY(c.readable);
    QVERIFY(!c.complete);
    QCOMPARE(c.professionals.size(), 3);
    QVERIFY2(c.problems.toStrings().join(u'\n').contains(problem), qPrintable(c.problems.toStrings().join(u'\n')));
}

void TestDirectoryFile::fullDiskIsReported()
{
    test::FailDevice device(300);
    device.open(QIODevice::WriteOnly);
    DirectoryFile::Writer writer(&device);
    writer.begin({});
    for (int i = 0; i < 10; ++i)
        writer.addProfessional(professional(u"P%1"_s.arg(i)));
    QVERIFY(!writer.finish());
    QCOMPARE(writer.errorString(), u"No space left on device"_s);
    QVERIFY(device.size() <= 300);
}

QTEST_GUILESS_MAIN(TestDirectoryFile)
#include "TestDirectoryFile.moc"
