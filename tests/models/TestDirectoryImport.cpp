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
    QString error;
    const auto report = import.importBytes(bytes, &error);
    QVERIFY(report.readable);
    QCOMPARE(report.format, u"htmse-directory"_s);
    QCOMPARE(report.imported, 1);
    QCOMPARE(report.skipped, 1199);
    QCOMPARE(report.problems.list().first().path, u"professionals[1].display_name"_s);
    QCOMPARE(w.directory().stats().professionals, 1);
    QCOMPARE(w.audit().entries().first().detail, u"imported: 1, skipped: 1199"_s);
    const auto junk = import.importBytes("{\"format\": \"something-else\"}", &error);
    QVERIFY(!junk.readable);
    QCOMPARE(w.directory().stats().professionals, 1);
}

// HSDS JSON is told from a directory file by its first keys; a data package goes through
// importHsds. Both store through the same path and audit the same way.
void TestDirectoryImport::importsHsds()
{
    const QString examples = qEnvironmentVariable("HTMSE_SOURCE_DIR") + u"/tests/data/hsds-3.0/examples"_s;
    QFile list(examples + u"/service_list.json"_s);
    QVERIFY(list.open(QIODevice::ReadOnly));
    ProfileWorkspace& w = **m_workspace;
    DirectoryImport import(w.directory(), w.audit());
    QString error;
    const auto page = import.importBytes(list.readAll(), &error, u"service_list.json"_s);
    QVERIFY(error.isEmpty());
    QVERIFY(page.readable);
    QCOMPARE(page.format, u"hsds"_s);
    QCOMPARE(page.imported, 0);
    QCOMPARE(page.organisations, 1);
    QCOMPARE(page.skipped, 1);
    QCOMPARE(page.problems.size(), page.hsdsProblems.size());
    QCOMPARE(page.problems.list().first().path, u"service_list.json: page_number"_s);
    QCOMPARE(page.hsdsProblems.first().field, u"page_number"_s);
    QCOMPARE(w.audit().entries().first().detail, u"imported: 0, skipped: 1, format: hsds"_s);

    const auto package = import.importHsds(HsdsImport::readDataPackage(examples + u"/csv"_s), &error);
    QVERIFY(package.readable);
    QCOMPARE(package.imported, 1);
    QCOMPARE(w.directory().stats().professionals, 1);
    QCOMPARE(w.directory().stats().organisations, 1);
    QCOMPARE(w.directory().professional(QUuid(u"ac148810-d857-441c-9679-408f346de14b"_s))->displayName,
             u"Community Counselling"_s);

    const auto notHsds = import.importHsds(HsdsImport::readPath(examples + u"/nothing-here"_s), &error);
    QVERIFY(!notHsds.readable);
    QCOMPARE(notHsds.problems.list().first().message, u"does not exist"_s);
}

QTEST_GUILESS_MAIN(TestDirectoryImport)
#include "TestDirectoryImport.moc"
