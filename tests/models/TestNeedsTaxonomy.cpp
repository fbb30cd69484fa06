#include "domain/NeedCode.h"
#include "taxonomy/NeedsTaxonomy.h"

#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestNeedsTaxonomy : public QObject
{
    Q_OBJECT

private slots:
    void builtInTaxonomyLoads();
    void coversWhatTheDirectoryNeeds_data();
    void coversWhatTheDirectoryNeeds();
    void parentAndChildSemantics();
    void labelsAreInTheTranslationCatalogue();
    void badDocuments_data();
    void badDocuments();
};

void TestNeedsTaxonomy::builtInTaxonomyLoads()
{
    const NeedsTaxonomy& t = NeedsTaxonomy::instance();
    QCOMPARE(t.version(), 1);
    QVERIFY(t.size() > 60);
    QVERIFY(t.topLevel().size() >= 12);
    for (const NeedsTaxonomy::Need& n : t.needs()) {
        QVERIFY(!n.label.isEmpty());
        QCOMPARE(n.code.count(u'.'), n.parent.isEmpty() ? 0 : 1);
    }
}

void TestNeedsTaxonomy::coversWhatTheDirectoryNeeds_data()
{
    QTest::addColumn<QString>("code");
    for (const char* code : {"legal.immigration",
                             "legal.criminal-defence",
                             "legal.non-punishment",
                             "legal.compensation",
                             "legal.employment",
                             "legal.family",
                             "medical.general",
                             "medical.sexual-health",
                             "medical.medicolegal-report",
                             "mental-health.trauma",
                             "mental-health.psychiatric-assessment",
                             "shelter",
                             "interpretation",
                             "repatriation",
                             "financial",
                             "education",
                             "employment",
                             "child-protection",
                             "expert-witness.country",
                             "expert-witness.trafficking",
                             "expert-witness.medicolegal-istanbul-protocol",
                             "expert-witness.psychiatric-psychological",
                             "expert-witness.linguistic",
                             "research"})
        QTest::newRow(code) << QString::fromLatin1(code);
}

void TestNeedsTaxonomy::coversWhatTheDirectoryNeeds()
{
    QFETCH(QString, code);
    QVERIFY(NeedCode::parse(code));
}

void TestNeedsTaxonomy::parentAndChildSemantics()
{
    const NeedsTaxonomy& t = NeedsTaxonomy::instance();
    // A child covers its own query and its parent's.
    QVERIFY(t.covers(u"legal.immigration", u"legal.immigration"));
    QVERIFY(t.covers(u"legal.immigration", u"legal"));
    // A parent covers the parent query only, not a specific child.
    QVERIFY(t.covers(u"legal", u"legal"));
    QVERIFY(!t.covers(u"legal", u"legal.immigration"));
    // Siblings and strangers do not cover each other.
    QVERIFY(!t.covers(u"legal.family", u"legal.immigration"));
    QVERIFY(!t.covers(u"medical.general", u"legal"));
    QVERIFY(!t.covers(u"no.such", u"no.such"));
    QCOMPARE(NeedCode::parse(u"legal.immigration")->parent(), u"legal"_s);
}

void TestNeedsTaxonomy::labelsAreInTheTranslationCatalogue()
{
    // NeedsLabels.cpp is generated from needs.json; run scripts/update-needs-labels.py after editing it.
    QCOMPARE(needsLabelsForTranslation(), NeedsTaxonomy::instance().englishLabels());
}

void TestNeedsTaxonomy::badDocuments_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("problem");
    QTest::newRow("not json") << QByteArray("{") << u"not valid JSON"_s;
    QTest::newRow("wrong format") << QByteArray(R"({"format":"x","version":1,"needs":[{"code":"a","label":"A"}]})")
                                  << u"format: must be"_s;
    QTest::newRow("bad code")
        << QByteArray(R"({"format":"htmse-needs-taxonomy","version":1,"needs":[{"code":"Legal Aid","label":"A"}]})")
        << u"needs[0].code:"_s;
    QTest::newRow("child of another parent")
        << QByteArray(
               R"({"format":"htmse-needs-taxonomy","version":1,"needs":[{"code":"a","label":"A","children":[{"code":"b.c","label":"C"}]}]})")
        << u"needs[0].children[0].code:"_s;
    QTest::newRow("duplicate")
        << QByteArray(
               R"({"format":"htmse-needs-taxonomy","version":1,"needs":[{"code":"a","label":"A"},{"code":"a","label":"B"}]})")
        << u"needs[1].code: \"a\" appears twice"_s;
    QTest::newRow("no needs") << QByteArray(R"({"format":"htmse-needs-taxonomy","version":1,"needs":[]})")
                              << u"needs: must list at least one need"_s;
    QTest::newRow("missing label") << QByteArray(
                                          R"({"format":"htmse-needs-taxonomy","version":1,"needs":[{"code":"a"}]})")
                                   << u"needs[0].label: is required"_s;
}

void TestNeedsTaxonomy::badDocuments()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, problem);
    ValidationProblems problems;
    QVERIFY(!NeedsTaxonomy::fromJson(json, problems));
    const QString all = problems.toStrings().join(u'\n');
    QVERIFY2(all.contains(problem), qPrintable(all));
}

QTEST_GUILESS_MAIN(TestNeedsTaxonomy)
#include "TestNeedsTaxonomy.moc"
