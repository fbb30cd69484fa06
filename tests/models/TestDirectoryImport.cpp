#include "common/TemporaryWorkspace.h"
#include "demo/DemoDirectoryGenerator.h"
#include "session/DirectoryImport.h"

#include <QBuffer>
#include <QFile>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestDirectoryImport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void reportsAndKeepsTheGood();
    void importsHsds();

private:
    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
};

void TestDirectoryImport::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>();
}

void TestDirectoryImport::cleanup()
{
    m_workspace.reset();
}

void TestDirectoryImport::reportsAndKeepsTheGood()
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(DemoDirectoryGenerator(1200, 8).write(&buffer, nullptr));
    bytes.replace("\"display_name\":\"", "\"display_name\":\"\\u0007"); // every name gets a control character...
    const qsizetype firstBad = bytes.indexOf("\\u0007");
    bytes.replace(firstBad, 6, ""); // ...but the first profile is mended again
    ProfileWorkspace& w = **m_workspace;
    DirectoryImport import(w.directory(), w.audit());
    QBuffer file(&bytes);
    file.open(QIODevice::ReadOnly);
    const auto report = import.importDevice(&file, u"demo.json"_s);
    QVERIFY(report.readable);
    QVERIFY(report.complete);
    QVERIFY(report.sinkError.isEmpty());
    QCOMPARE(report.format, u"htmse-directory"_s);
    QCOMPARE(report.professionals, 1);
    QCOMPARE(report.skipped, 1199);
    const ImportProblem& first = report.problems.first();
    QCOMPARE(first.path, u"professionals[1].display_name"_s);
    QCOMPARE(first.source, u"professionals[1]"_s);
    QCOMPARE(first.field, u"display_name"_s);
    QVERIFY(first.skipped);
    QCOMPARE(w.directory().stats().professionals, 1);
    QCOMPARE(w.audit().entries().first().detail, u"imported: 1, skipped: 1199"_s);
    QByteArray junkBytes = "{\"format\": \"something-else\"}";
    QBuffer junkFile(&junkBytes);
    junkFile.open(QIODevice::ReadOnly);
    const auto junk = import.importDevice(&junkFile, u"junk.json"_s);
    QVERIFY(!junk.readable);
    QCOMPARE(junk.problems.first().path, u"format"_s);
    QCOMPARE(w.directory().stats().professionals, 1);
    QCOMPARE(w.audit().entries().first().detail, u"imported: 1, skipped: 1199"_s); // nothing audited for junk
}

// HSDS JSON is told from a directory file by its first keys; a data package goes through
// a folder. Both are stored through the same sink and audited the same way.
void TestDirectoryImport::importsHsds()
{
    const QString examples = qEnvironmentVariable("HTMSE_SOURCE_DIR") + u"/tests/data/hsds-3.0/examples"_s;
    ProfileWorkspace& w = **m_workspace;
    DirectoryImport import(w.directory(), w.audit());
    QCOMPARE(DirectoryReader::sniff(examples + u"/service_list.json"_s), u"hsds"_s);
    const auto page = import.importPath(examples + u"/service_list.json"_s);
    QVERIFY(page.sinkError.isEmpty());
    QVERIFY(page.readable);
    QCOMPARE(page.format, u"hsds"_s);
    QCOMPARE(page.professionals, 0);
    QCOMPARE(page.organisations, 1);
    QCOMPARE(page.skipped, 1);
    QCOMPARE(page.problems.first().path, u"service_list.json: page_number"_s);
    QCOMPARE(page.problems.first().source, u"service_list.json"_s);
    QCOMPARE(page.problems.first().field, u"page_number"_s);
    QCOMPARE(w.audit().entries().first().detail, u"imported: 0, skipped: 1, format: hsds"_s);

    QCOMPARE(DirectoryReader::sniff(examples + u"/csv"_s), u"hsds"_s);
    const auto package = import.importPath(examples + u"/csv"_s);
    QVERIFY(package.readable);
    QCOMPARE(package.professionals, 1);
    QCOMPARE(w.directory().stats().professionals, 1);
    QCOMPARE(w.directory().stats().organisations, 1);
    QCOMPARE(w.directory().professional(QUuid(u"ac148810-d857-441c-9679-408f346de14b"_s))->displayName,
             u"Community Counselling"_s);

    const auto missing = import.importPath(examples + u"/nothing-here"_s);
    QVERIFY(!missing.readable);
    QCOMPARE(missing.problems.first().message, u"does not exist"_s);
}

QTEST_GUILESS_MAIN(TestDirectoryImport)
#include "TestDirectoryImport.moc"
