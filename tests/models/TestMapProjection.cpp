#include "core/GeoPoint.h"
#include "geo/Geodesic.h"
#include "geo/MapProjection.h"

#include <QTest>

#include <cmath>

using namespace htmse;

class TestMapProjection : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsEverywhere();
    void polesAreClampedNotInfinite();
    void dateLineNeighboursSitSideBySide();
    void shapesAreDrawnOnEveryCopyInView();
    void zoomKeepsThePointUnderTheAnchor();
    void panningWrapsRoundTheWorld();
    void geodesicCircleIsAtTheRadius_data();
    void geodesicCircleIsAtTheRadius();
    void circleAcrossTheDateLineIsUnwrapped();
    void circleAroundAPoleClosesAlongTheEdge();
};

namespace {
// The difference of two longitudes, brought into [-180, 180).
double longitudeGap(double a, double b)
{
    const double d = std::fmod(a - b + 540.0, 360.0);
    return (d < 0 ? d + 360.0 : d) - 180.0;
}
} // namespace

void TestMapProjection::roundTripsEverywhere()
{
    MapProjection p;
    p.setViewport(QSizeF(800, 600));
    int checked = 0;
    for (const double zoom : {2.0, 5.5, 11.0})
        for (const double centreLon : {-180.0, -179.9, -30.0, 0.0, 90.0, 179.9, 180.0}) {
            p.setZoom(zoom);
            for (double lat = -85.0; lat <= 85.0; lat += 8.5)
                for (double lon = -180.0; lon <= 180.0; lon += 22.5) {
                    p.setCentre(lat, centreLon); // the point must be near enough to the centre to be on screen
                    const QPointF screen = p.toScreen(lat, lon);
                    const QPointF back = p.toGeo(screen);
                    QVERIFY2(std::abs(back.y() - lat) < 1e-7,
                             qPrintable(QStringLiteral("lat %1 lon %2").arg(lat).arg(lon)));
                    QVERIFY2(std::abs(longitudeGap(back.x(), lon)) < 1e-7,
                             qPrintable(QStringLiteral("lon %1 came back as %2").arg(lon).arg(back.x())));
                    QVERIFY(back.x() >= -180.0 && back.x() < 180.0);
                    ++checked;
                }
        }
    QCOMPARE(checked, 3 * 7 * 21 * 17);
    // The edges themselves: ±85 and the limit exactly.
    p.setZoom(3);
    p.setCentre(0, 0);
    for (const double lat : {-MapProjection::kMaxLatitude, -85.0, 85.0, MapProjection::kMaxLatitude}) {
        const QPointF back = p.toGeo(p.toScreen(lat, 180.0));
        QVERIFY(std::abs(back.y() - lat) < 1e-7);
        QVERIFY(std::abs(longitudeGap(back.x(), 180.0)) < 1e-7);
    }
}

void TestMapProjection::polesAreClampedNotInfinite()
{
    MapProjection p;
    p.setViewport(QSizeF(400, 400));
    p.setZoom(1);
    p.setCentre(0, 0);
    for (const double lat : {89.0, 90.0, -89.0, -90.0}) {
        const QPointF screen = p.toScreen(lat, 10.0);
        QVERIFY(std::isfinite(screen.x()) && std::isfinite(screen.y()));
        const double edge = lat > 0 ? MapProjection::kMaxLatitude : -MapProjection::kMaxLatitude;
        QCOMPARE(screen.y(), p.toScreen(edge, 10.0).y()); // drawn on the map's edge
        QVERIFY(std::abs(p.toGeo(screen).y() - edge) < 1e-7);
    }
    // The world's edge is the top and bottom of the strip.
    QVERIFY(std::abs(MapProjection::toUnitWorld(MapProjection::kMaxLatitude, -180).y()) < 1e-12);
    QVERIFY(std::abs(MapProjection::toUnitWorld(-MapProjection::kMaxLatitude, 0).y() - 1.0) < 1e-12);
    // A view never shows beyond the edge: centring on a pole stops where the edge meets the view's.
    p.setZoom(3);
    p.setCentre(89.9, 0);
    QVERIFY(p.toScreen(MapProjection::kMaxLatitude, 0).y() >= -1e-6);
    QVERIFY(p.centreLatitude() < MapProjection::kMaxLatitude);
}

void TestMapProjection::dateLineNeighboursSitSideBySide()
{
    MapProjection p;
    p.setViewport(QSizeF(800, 600));
    p.setZoom(8);
    for (const double centre : {180.0, -180.0, 179.95, -179.95}) {
        p.setCentre(-17.7, centre);
        const QPointF east = p.toScreen(-17.7, 179.9);
        const QPointF west = p.toScreen(-17.7, -179.9);
        const double expected = 0.2 / 360.0 * p.worldWidth();
        QVERIFY2(std::abs((west.x() - east.x()) - expected) < 1e-6,
                 qPrintable(QStringLiteral("centre %1: %2 apart").arg(centre).arg(west.x() - east.x())));
        QVERIFY(QRectF(0, 0, 800, 600).contains(east) && QRectF(0, 0, 800, 600).contains(west));
    }
}

void TestMapProjection::shapesAreDrawnOnEveryCopyInView()
{
    MapProjection p;
    p.setViewport(QSizeF(1000, 500));
    p.setZoom(2); // a world 1024 pixels wide, nearly the view's width
    p.setCentre(0, 180);
    const double w = p.worldWidth();
    // The whole world, centred on the date line: two copies meet in the middle.
    const QList<double> offsets = p.copyOffsets(QRectF(0, 0, w, w));
    QCOMPARE(offsets.size(), 2);
    QCOMPARE(offsets.at(1) - offsets.at(0), w);
    // A shape just east of -180 (x near 0) shows on the right half, one west of 180 on the left.
    const QList<double> eastOfLine = p.copyOffsets(QRectF(0, 0, 10, 10));
    QCOMPARE(eastOfLine.size(), 1);
    QVERIFY(p.worldToScreen(QPointF(eastOfLine.first(), 0)).x() >= 500 - 1e-6);
    const QList<double> westOfLine = p.copyOffsets(QRectF(w - 10, 0, 10, 10));
    QCOMPARE(westOfLine.size(), 1);
    QVERIFY(p.worldToScreen(QPointF(w + westOfLine.first(), 0)).x() <= 500 + 1e-6);
}

void TestMapProjection::zoomKeepsThePointUnderTheAnchor()
{
    MapProjection p;
    p.setViewport(QSizeF(640, 480));
    p.setZoom(4);
    p.setCentre(51.5, -0.12);
    const QPointF anchor(100, 380);
    const QPointF before = p.toGeo(anchor);
    p.zoomBy(2.5, anchor);
    QCOMPARE(p.zoom(), 6.5);
    const QPointF after = p.toGeo(anchor);
    QVERIFY(std::abs(after.y() - before.y()) < 1e-9 && std::abs(longitudeGap(after.x(), before.x())) < 1e-9);
    p.zoomBy(100, anchor);
    QCOMPARE(p.zoom(), MapProjection::kMaxZoom);
    p.zoomBy(-100, anchor); // never smaller than the view
    QVERIFY(p.worldWidth() >= 640 - 1e-6);
}

void TestMapProjection::panningWrapsRoundTheWorld()
{
    MapProjection p;
    p.setViewport(QSizeF(500, 500));
    p.setZoom(3);
    p.setCentre(10, 170);
    p.panBy(QPointF(-p.worldWidth() * 20.0 / 360.0, 0)); // content moves left: the view goes east
    QVERIFY(std::abs(longitudeGap(p.centreLongitude(), -170.0)) < 1e-9);
    p.panBy(QPointF(p.worldWidth() * 3, 0)); // three times round
    QVERIFY(std::abs(longitudeGap(p.centreLongitude(), -170.0)) < 1e-9);
    QVERIFY(std::abs(p.centreLatitude() - 10) < 1e-9);
}

void TestMapProjection::geodesicCircleIsAtTheRadius_data()
{
    QTest::addColumn<double>("latitude");
    QTest::addColumn<double>("longitude");
    QTest::addColumn<double>("radiusKm");
    QTest::newRow("Leeds 50 km") << 53.8 << -1.55 << 50.0;
    QTest::newRow("Strasbourg 120 km (France and Germany)") << 48.58 << 7.75 << 120.0;
    QTest::newRow("Suva 400 km (the date line)") << -18.14 << 178.44 << 400.0;
    QTest::newRow("Tromsø 1000 km") << 69.65 << 18.96 << 1000.0;
    QTest::newRow("Quito 2000 km (the equator)") << -0.18 << -78.47 << 2000.0;
    QTest::newRow("near the south pole") << -88.0 << 0.0 << 300.0;
}

void TestMapProjection::geodesicCircleIsAtTheRadius()
{
    QFETCH(double, latitude);
    QFETCH(double, longitude);
    QFETCH(double, radiusKm);
    const QList<QPointF> ring = Geodesic::circle(latitude, longitude, radiusKm, 90);
    QVERIFY(ring.size() >= 91);
    for (int i = 0; i <= 90; ++i) {
        const QPointF p = ring.at(i);
        const double d = GeoPoint::haversineKm(latitude, longitude, p.y(), p.x());
        QVERIFY2(std::abs(d - radiusKm) < 1e-6 * radiusKm,
                 qPrintable(QStringLiteral("point %1 at %2 km").arg(i).arg(d)));
        if (i > 0) // unwrapped: no jump of a world's width between neighbours
            QVERIFY(std::abs(p.x() - ring.at(i - 1).x()) < 180.0);
    }
    // Bearing 0 is due north.
    const QPointF north = Geodesic::destination(latitude, longitude, 0, radiusKm);
    if (latitude + radiusKm / 111.2 < 90)
        QVERIFY(north.y() > latitude && std::abs(longitudeGap(north.x(), longitude)) < 1e-6);
}

void TestMapProjection::circleAcrossTheDateLineIsUnwrapped()
{
    const QList<QPointF> ring = Geodesic::circle(-17.7, 179.5, 300);
    double minX = 1e9, maxX = -1e9;
    for (const QPointF& p : ring) {
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
    }
    // One side beyond 180: the ring runs on past the line instead of jumping back to -180.
    QVERIFY(maxX > 180.0 && minX < 180.0 && maxX - minX < 10.0);
    QVERIFY(ring.first() == ring.last()); // closed
    // Drawn in a view centred on the line, it lies on both sides of the middle.
    MapProjection p;
    p.setViewport(QSizeF(800, 600));
    p.setZoom(6);
    p.setCentre(-17.7, 180);
    bool left = false, right = false;
    for (const QPointF& pt : ring) {
        const double x = p.toScreen(pt.y(), pt.x()).x();
        left = left || x < 400;
        right = right || x > 400;
        QVERIFY(x > 0 && x < 800);
    }
    QVERIFY(left && right);
}

void TestMapProjection::circleAroundAPoleClosesAlongTheEdge()
{
    const QList<QPointF> ring = Geodesic::circle(87.0, 40.0, 800, 120);
    QCOMPARE(ring.size(), 121 + 3);
    QCOMPARE(ring.at(121).y(), MapProjection::kMaxLatitude);
    QCOMPARE(ring.at(122).y(), MapProjection::kMaxLatitude);
    QCOMPARE(ring.last(), ring.first());
    QVERIFY(std::abs(std::abs(ring.at(120).x() - ring.at(0).x()) - 360.0) < 1e-6); // once round the world
    const QList<QPointF> south = Geodesic::circle(-86.0, 0.0, 900, 60);
    QCOMPARE(south.at(61).y(), -MapProjection::kMaxLatitude);
    // A circle that does not hold the pole closes on itself.
    QCOMPARE(Geodesic::circle(80.0, 0.0, 500, 60).size(), 61);
}

QTEST_GUILESS_MAIN(TestMapProjection)
#include "TestMapProjection.moc"
