#include "core/GeoPoint.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestGeoPoint : public QObject
{
    Q_OBJECT

private slots:
    void validity_data();
    void validity();
    void knownDistances_data();
    void knownDistances();
    void distanceIsSymmetricAndZeroOnItself();
    void antipodesDoNotProduceNaN();
    void jsonRoundTrip();
    void jsonProblems();
};

void TestGeoPoint::validity_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<bool>("valid");
    QTest::newRow("london") << 51.5074 << -0.1278 << true;
    QTest::newRow("poles") << 90.0 << 180.0 << true;
    QTest::newRow("lat too big") << 90.0001 << 0.0 << false;
    QTest::newRow("lon too small") << 0.0 << -180.5 << false;
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << 0.0 << false;
    QTest::newRow("inf") << 0.0 << std::numeric_limits<double>::infinity() << false;
}

void TestGeoPoint::validity()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(bool, valid);
    QCOMPARE(GeoPoint(lat, lon).isValid(), valid);
    QVERIFY(!GeoPoint().isValid());
}

void TestGeoPoint::knownDistances_data()
{
    QTest::addColumn<double>("lat1");
    QTest::addColumn<double>("lon1");
    QTest::addColumn<double>("lat2");
    QTest::addColumn<double>("lon2");
    QTest::addColumn<double>("km");
    // Reference great-circle distances on a 6371.0088 km sphere.
    QTest::newRow("London-Paris") << 51.5074 << -0.1278 << 48.8566 << 2.3522 << 343.56;
    QTest::newRow("Lagos-Benin City") << 6.4541 << 3.3947 << 6.3350 << 5.6270 << 246.8;
    QTest::newRow("quarter meridian") << 0.0 << 0.0 << 90.0 << 0.0 << 10007.55;
}

void TestGeoPoint::knownDistances()
{
    QFETCH(double, lat1);
    QFETCH(double, lon1);
    QFETCH(double, lat2);
    QFETCH(double, lon2);
    QFETCH(double, km);
    const double d = GeoPoint(lat1, lon1).distanceKm(GeoPoint(lat2, lon2));
    QVERIFY2(std::abs(d - km) < km * 0.002, qPrintable(QString::number(d)));
}

void TestGeoPoint::distanceIsSymmetricAndZeroOnItself()
{
    const GeoPoint a(15.3229, 38.9251); // Asmara
    const GeoPoint b(9.0250, 38.7469);  // Addis Ababa
    QCOMPARE(a.distanceKm(b), b.distanceKm(a));
    QCOMPARE(a.distanceKm(a), 0.0);
}

void TestGeoPoint::antipodesDoNotProduceNaN()
{
    const double d = GeoPoint(10, 20).distanceKm(GeoPoint(-10, -160));
    QVERIFY(std::isfinite(d));
    QVERIFY(std::abs(d - GeoPoint::kEarthRadiusKm * M_PI) < 1.0);
}

void TestGeoPoint::jsonRoundTrip()
{
    const GeoPoint p(-23.5475, -46.6361);
    ValidationProblems problems;
    const auto back = GeoPoint::fromJson(p.toJson(), {}, problems);
    QVERIFY(back);
    QCOMPARE(*back, p);
    QVERIFY(problems.isEmpty());
}

void TestGeoPoint::jsonProblems()
{
    ValidationProblems problems;
    QVERIFY(!GeoPoint::fromJson(QJsonObject{{u"latitude"_s, 100}, {u"longitude"_s, u"east"_s}}, u"locations[0]"_s,
                                problems));
    QCOMPARE(problems.toStrings(), QStringList({u"locations[0].latitude: 100 is outside -90..90"_s,
                                                u"locations[0].longitude: must be a number, not a string"_s}));
}

QTEST_GUILESS_MAIN(TestGeoPoint)
#include "TestGeoPoint.moc"
