#include "domain/Organisation.h"

#include <QJsonArray>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestOrganisation : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void badDocuments_data();
    void badDocuments();
};

void TestOrganisation::roundTrip()
{
    Organisation o;
    o.id = QUuid::createUuid();
    o.name = u"Kestrel House Anti-Trafficking Partnership"_s;
    o.alternateName = u"Kestrel House"_s;
    o.kind = u"ngo"_s;
    o.description = u"Safe housing and casework.\nLeeds and Bradford."_s;
    o.website = u"https://kestrel.example.org"_s;
    o.email = u"referrals@kestrel.example.org"_s;
    o.phone = u"+447700900001"_s;
    o.countries = {u"GB"_s, u"IE"_s};
    o.updatedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    o.serverVersion = 9;
    ValidationProblems problems;
    const auto back = Organisation::fromJson(o.toJson(), problems);
    QVERIFY2(back, qPrintable(problems.toStrings().join(u'\n')));
    QVERIFY(*back == o);
}

void TestOrganisation::badDocuments_data()
{
    QTest::addColumn<QJsonObject>("document");
    QTest::addColumn<QStringList>("paths");
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QTest::newRow("empty") << QJsonObject() << QStringList{u"id"_s, u"name"_s};
    QTest::newRow("bad contacts") << QJsonObject{{u"id"_s, id},
                                                 {u"name"_s, u"X"_s},
                                                 {u"email"_s, u"not-an-address"_s},
                                                 {u"phone"_s, u"020 7946 0000"_s},
                                                 {u"website"_s, u"ftp://x.org"_s}}
                                  << QStringList{u"email"_s, u"phone"_s, u"website"_s};
    QTest::newRow("bad kind and country") << QJsonObject{{u"id"_s, id},
                                                         {u"name"_s, u"X"_s},
                                                         {u"kind"_s, u"cartel"_s},
                                                         {u"countries"_s, QJsonArray{u"GB"_s, u"EU"_s}}}
                                          << QStringList{u"kind"_s, u"countries[1]"_s};
}

void TestOrganisation::badDocuments()
{
    QFETCH(QJsonObject, document);
    QFETCH(QStringList, paths);
    ValidationProblems problems;
    QVERIFY(!Organisation::fromJson(document, problems));
    QCOMPARE(problems.size(), paths.size());
    for (const QString& path : paths)
        QVERIFY2(problems.hasPath(path), qPrintable(problems.toStrings().join(u'\n')));
}

QTEST_GUILESS_MAIN(TestOrganisation)
#include "TestOrganisation.moc"
