#include "taxonomy/Gazetteer.h"
#include "taxonomy/TextFolding.h"

#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestGazetteer : public QObject
{
    Q_OBJECT

private slots:
    void loads();
    void folding_data();
    void folding();
    void prefixLookup_data();
    void prefixLookup();
    void byCountry();
    void resolve_data();
    void resolve();
    void nearest();
    void malformedRowsAreSkipped();
};

void TestGazetteer::loads()
{
    const Gazetteer& g = Gazetteer::instance();
    QVERIFY2(g.size() > 40'000, qPrintable(QString::number(g.size())));
    const auto* london = g.byId(2643743);
    QVERIFY(london);
    QCOMPARE(london->name, u"London"_s);
    QCOMPARE(london->country, u"GB"_s);
    QCOMPARE(london->region, u"England"_s);
    QVERIFY(london->population > 7'000'000);
    QCOMPARE(london->displayName(), u"London, England, United Kingdom"_s);
}

void TestGazetteer::folding_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("folded");
    QTest::newRow("accents") << u"São Paulo"_s << u"sao paulo"_s;
    QTest::newRow("case") << u"BENIN CITY"_s << u"benin city"_s;
    QTest::newRow("polish l") << u"Łódź"_s << u"lodz"_s;
    QTest::newRow("vietnamese") << u"Hải Phòng"_s << u"hai phong"_s;
    QTest::newRow("danish o") << u"Ærøskøbing"_s << u"aeroskobing"_s;
    QTest::newRow("german sharp s") << u"Straße"_s << u"strasse"_s;
    QTest::newRow("cyrillic") << u"Москва"_s << u"москва"_s;
    QTest::newRow("arabic keeps letters") << u"القاهرة"_s << u"القاهرة"_s;
}

void TestGazetteer::folding()
{
    QFETCH(QString, input);
    QFETCH(QString, folded);
    QCOMPARE(foldForSearch(input), folded);
}

void TestGazetteer::prefixLookup_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("country");
    QTest::addColumn<QString>("first");
    QTest::newRow("Sao finds São Paulo") << u"Sao"_s << QString() << u"São Paulo"_s;
    QTest::newRow("lower case") << u"sao p"_s << QString() << u"São Paulo"_s;
    QTest::newRow("exact beats bigger prefix match") << u"Leeds"_s << QString() << u"Leeds"_s;
    QTest::newRow("country filter") << u"Benin"_s << u"NG"_s << u"Benin City"_s;
    QTest::newRow("ascii alt name") << u"Lodz"_s << u"PL"_s << u"Łódź"_s;
    QTest::newRow("asmara") << u"asm"_s << u"ER"_s << u"Asmara"_s;
}

void TestGazetteer::prefixLookup()
{
    QFETCH(QString, prefix);
    QFETCH(QString, country);
    QFETCH(QString, first);
    const auto hits = Gazetteer::instance().complete(prefix, country, 5);
    QVERIFY(!hits.isEmpty());
    QCOMPARE(hits.first()->name, first);
    QVERIFY(hits.size() <= 5);
    for (const auto* c : hits) {
        QVERIFY(foldForSearch(c->name).startsWith(foldForSearch(prefix)) ||
                std::any_of(c->altNames.cbegin(), c->altNames.cend(),
                            [&](const QString& a) { return foldForSearch(a).startsWith(foldForSearch(prefix)); }));
        if (!country.isEmpty())
            QCOMPARE(c->country, country);
    }
    QVERIFY(Gazetteer::instance().complete(u"", {}, 5).isEmpty());
    QVERIFY(Gazetteer::instance().complete(u"Zzzzqx", {}, 5).isEmpty());
}

void TestGazetteer::byCountry()
{
    const auto cities = Gazetteer::instance().inCountry(u"er");
    QVERIFY(!cities.isEmpty());
    QCOMPARE(cities.first()->name, u"Asmara"_s);
    for (qsizetype i = 1; i < cities.size(); ++i)
        QVERIFY(cities.at(i - 1)->population >= cities.at(i)->population);
    QVERIFY(Gazetteer::instance().inCountry(u"ZZ").isEmpty());
}

void TestGazetteer::resolve_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("country");
    QTest::newRow("plain") << u"London"_s << u"London"_s << u"GB"_s;
    QTest::newRow("with country") << u"London, CA"_s << u"London"_s << u"CA"_s;
    QTest::newRow("diacritics") << u"sao paulo"_s << u"São Paulo"_s << u"BR"_s;
    QTest::newRow("prefix is not a place") << u"Lond"_s << QString() << QString();
    QTest::newRow("nonsense") << u"Qwertzuiopville"_s << QString() << QString();
}

void TestGazetteer::resolve()
{
    QFETCH(QString, text);
    QFETCH(QString, name);
    QFETCH(QString, country);
    const auto* city = Gazetteer::instance().resolve(text);
    QCOMPARE(city != nullptr, !name.isEmpty());
    if (city) {
        QCOMPARE(city->name, name);
        QCOMPARE(city->country, country);
    }
}

void TestGazetteer::nearest()
{
    const Gazetteer& g = Gazetteer::instance();
    const auto* c = g.nearest(GeoPoint(51.5072, -0.1276)); // Charing Cross
    QVERIFY(c);
    QVERIFY(c->point().distanceKm(GeoPoint(51.5072, -0.1276)) < 10);
    // Against a brute-force check over the whole table.
    const GeoPoint probe(6.34, 5.62);
    const auto* best = g.nearest(probe);
    for (const auto* city : g.inCountry(u"NG"))
        QVERIFY(city->point().distanceKm(probe) >= best->point().distanceKm(probe));
    QCOMPARE(g.nearest(probe, u"NG")->name, u"Benin City"_s);
    QVERIFY(!g.nearest(GeoPoint()));
}

void TestGazetteer::malformedRowsAreSkipped()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"cities.tsv"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# header\n"
               "1\tGoodtown\tGB\tEngland\t51.0\t-1.0\t10000\t\n"
               "2\tBadlat\tGB\tEngland\t100.0\t-1.0\t10000\t\n"
               "3\tShort row\tGB\n"
               "x\tBadid\tGB\tEngland\t51.0\t-1.0\t10000\t\n"
               "4\tOther\tFR\tÎle-de-France\t48.8\t2.3\t5000\tOthertown,Autre\n");
    file.close();
    const Gazetteer g = Gazetteer::fromTsv(file.fileName());
    QCOMPARE(g.size(), 2);
    QCOMPARE(g.complete(u"autre").size(), 1);
}

QTEST_GUILESS_MAIN(TestGazetteer)
#include "TestGazetteer.moc"
