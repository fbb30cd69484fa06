#include "geo/WorldAtlas.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestWorldAtlas : public QObject
{
    Q_OBJECT

private slots:
    void compiledInAtlasLoads();
    void knownCountriesHaveTheirBoundingBoxes();
    void neighboursGetDifferentColours();
    void roundTripOnTheGrid();
    void damagedFilesAreRefused_data();
    void damagedFilesAreRefused();
    void aBadBodyWithAGoodChecksumIsRefused_data();
    void aBadBodyWithAGoodChecksumIsRefused();
    void unreadableFileIsRefused();
};

namespace {
QByteArray resourceBytes()
{
    QFile file(QString::fromLatin1(WorldAtlas::kResourcePath));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// `body` framed as a file with a correct header and checksum: only the body's own checks can refuse it.
QByteArray framed(const QByteArray& body)
{
    QByteArray out(WorldAtlas::kMagic, sizeof WorldAtlas::kMagic);
    const quint32 header[2] = {qToLittleEndian(WorldAtlas::kVersion), qToLittleEndian(quint32(body.size()))};
    out.append(reinterpret_cast<const char*>(header), sizeof header);
    return out + body + QCryptographicHash::hash(body, QCryptographicHash::Sha256);
}

QByteArray bodyOf(const QByteArray& file)
{
    return file.mid(16, file.size() - 16 - 32);
}

WorldAtlas::Country square()
{
    WorldAtlas::Country c;
    c.id = u"999"_s;
    c.name = u"Squareland"_s;
    c.rings = {{QPointF(10, 10), QPointF(12, 10), QPointF(12, 12), QPointF(10, 12), QPointF(10, 10)}};
    return c;
}
} // namespace

void TestWorldAtlas::compiledInAtlasLoads()
{
    const QByteArray bytes = resourceBytes();
    QVERIFY2(!bytes.isEmpty(), "the atlas is compiled in");
    QVERIFY2(bytes.size() < 600 * 1024, qPrintable(QString::number(bytes.size())));
    QString error;
    const auto atlas = WorldAtlas::read(bytes, &error);
    QVERIFY2(atlas, qPrintable(error));
    // world-atlas 2.0.2, countries-50m: 241 areas, every one with an outline and a name.
    QCOMPARE(atlas->countries().size(), 241);
    QCOMPARE(WorldAtlas::instance().countries().size(), 241);
    qsizetype points = 0;
    for (const WorldAtlas::Country& c : atlas->countries()) {
        QVERIFY(!c.name.isEmpty() && !c.rings.isEmpty());
        for (const QList<QPointF>& ring : c.rings) {
            QVERIFY(ring.size() >= 3);
            points += ring.size();
        }
    }
    QVERIFY(points > 50'000);
}

void TestWorldAtlas::knownCountriesHaveTheirBoundingBoxes()
{
    const WorldAtlas& atlas = WorldAtlas::instance();
    const WorldAtlas::Country* uk = atlas.find(u"United Kingdom"_s);
    QVERIFY(uk);
    QCOMPARE(uk->id, u"826"_s);
    const QRectF box = uk->bounds();
    // Natural Earth 1:50m: from Lough Erne (8.145° W) to Lowestoft (1.748° E), the Lizard (50.022° N) to
    // Shetland (60.832° N), as the TopoJSON gives them, within the grid's step.
    QVERIFY2(std::abs(box.left() - -8.1451) < 0.006 && std::abs(box.right() - 1.7478) < 0.006,
             qPrintable(u"%1..%2"_s.arg(box.left()).arg(box.right())));
    QVERIFY2(std::abs(box.top() - 50.0218) < 0.003 && std::abs(box.bottom() - 60.8319) < 0.003,
             qPrintable(u"%1..%2"_s.arg(box.top()).arg(box.bottom())));
    // Fiji and Russia reach the date line from both sides (Natural Earth cuts them there).
    for (const QString& name : {u"Fiji"_s, u"Russia"_s}) {
        const WorldAtlas::Country* c = atlas.find(name);
        QVERIFY2(c, qPrintable(name));
        QVERIFY2(c->bounds().left() <= -180.0 && c->bounds().right() > 179.88, qPrintable(name));
    }
    QVERIFY(atlas.find(u"Antarctica"_s) && atlas.find(u"Antarctica"_s)->bounds().top() < -85);
}

void TestWorldAtlas::neighboursGetDifferentColours()
{
    const WorldAtlas& atlas = WorldAtlas::instance();
    QCOMPARE(atlas.colours().size(), atlas.countries().size());
    const auto colourOf = [&atlas](const QString& name) {
        const WorldAtlas::Country* c = atlas.find(name);
        return c ? atlas.colours().at(c - atlas.countries().constData()) : -1;
    };
    const std::pair<const char*, const char*> borders[] = {
        {"United Kingdom", "Ireland"},          {"France", "Germany"}, {"Germany", "Poland"},  {"Spain", "Portugal"},
        {"United States of America", "Canada"}, {"Nigeria", "Benin"},  {"Eritrea", "Ethiopia"}};
    for (const auto& [a, b] : borders) {
        const int ca = colourOf(QString::fromLatin1(a)), cb = colourOf(QString::fromLatin1(b));
        QVERIFY2(ca >= 0 && cb >= 0 && ca != cb,
                 qPrintable(u"%1 %2, %3 %4"_s.arg(QString::fromLatin1(a)).arg(ca).arg(QString::fromLatin1(b)).arg(cb)));
    }
    for (const int c : atlas.colours())
        QVERIFY(c >= 0 && c < WorldAtlas::kColours);
}

void TestWorldAtlas::roundTripOnTheGrid()
{
    WorldAtlas::Country edge;
    edge.name = u"Edges"_s;
    edge.rings = {{QPointF(-180, -90), QPointF(180, -90), QPointF(180, 90), QPointF(-180, 90)}};
    QString error;
    const auto atlas = WorldAtlas::read(WorldAtlas::serialize({square(), edge}), &error);
    QVERIFY2(atlas, qPrintable(error));
    QCOMPARE(atlas->countries().size(), 2);
    const WorldAtlas::Country& back = atlas->countries().first();
    QCOMPARE(back.name, u"Squareland"_s);
    QCOMPARE(back.id, u"999"_s);
    QCOMPARE(back.rings.first().size(), 5);
    for (qsizetype i = 0; i < 5; ++i) { // within half a grid step
        QVERIFY(std::abs(back.rings.first().at(i).x() - square().rings.first().at(i).x()) <= 360.0 / 65535 / 2 + 1e-9);
        QVERIFY2(
            std::abs(back.rings.first().at(i).y() - square().rings.first().at(i).y()) <= 180.0 / 65535 / 2 + 1e-9,
            qPrintable(
                u"%1 for %2"_s.arg(back.rings.first().at(i).y(), 0, 'g', 12).arg(square().rings.first().at(i).y())));
    }
    QCOMPARE(atlas->countries().at(1).bounds(), QRectF(QPointF(-180, -90), QPointF(180, 90)));
}

void TestWorldAtlas::damagedFilesAreRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");
    const QByteArray good = resourceBytes();
    QByteArray flipped = good;
    flipped[good.size() / 2] = char(flipped[good.size() / 2] ^ 0x20);
    QByteArray version = good;
    version[8] = char(7);
    QByteArray magic = good;
    magic[0] = 'X';
    QTest::newRow("empty") << QByteArray() << u"not an HTMSE atlas file"_s;
    QTest::newRow("another file") << QByteArray(100, 'a') << u"not an HTMSE atlas file"_s;
    QTest::newRow("wrong magic") << magic << u"not an HTMSE atlas file"_s;
    QTest::newRow("other version") << version << u"version 7"_s;
    QTest::newRow("cut short") << good.chopped(1000) << u"header promises"_s;
    QTest::newRow("bytes added") << good + "xyz" << u"header promises"_s;
    QTest::newRow("one bit changed") << flipped << u"checksum does not match"_s;
}

void TestWorldAtlas::damagedFilesAreRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!WorldAtlas::read(bytes, &error));
    QVERIFY2(error.startsWith(u"The map data cannot be used: "_s) && error.contains(reason), qPrintable(error));
}

void TestWorldAtlas::aBadBodyWithAGoodChecksumIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason");
    const QByteArray body = bodyOf(WorldAtlas::serialize({square()}));
    QTest::newRow("cut inside a number") << body.left(body.size() - 1) + char(0x80) << u"ends inside a number"_s;
    QTest::newRow("trailing bytes") << body + QByteArray(2, 0) << u"follow the last country"_s;
    QTest::newRow("too many countries") << QByteArray("\x7f", 1) + body.mid(1) << u"countries cannot fit"_s;
    // Country count 1, id "", name "", no rings.
    QTest::newRow("no name") << QByteArray("\x01\x00\x00\x00", 4) << u"has no name"_s;
    // One country "A" with one ring of 2 points.
    QTest::newRow("ring too short") << QByteArray("\x01\x00\x01"
                                                  "A"
                                                  "\x01\x02\x02\x02\x02\x02\x00\x00",
                                                  12)
                                    << u"needs at least 3"_s;
    // A point that steps below the grid (-1).
    QTest::newRow("off the grid") << QByteArray("\x01\x00\x01"
                                                "A"
                                                "\x01\x03\x01\x01\x00\x00\x00\x00",
                                                12)
                                  << u"off the grid"_s;
    QTest::newRow("bad UTF-8 name") << QByteArray("\x01\x00\x02\xff\xfe\x00", 6) << u"not valid UTF-8"_s;
}

void TestWorldAtlas::aBadBodyWithAGoodChecksumIsRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!WorldAtlas::read(framed(body), &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY2(error.contains(u"at byte"_s), qPrintable(error)); // says where
}

void TestWorldAtlas::unreadableFileIsRefused()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(!WorldAtlas::readFile(dir.filePath(u"missing.bin"_s), &error));
    QVERIFY2(error.startsWith(u"The map data cannot be read"_s), qPrintable(error));
    QFile damaged(dir.filePath(u"damaged.bin"_s));
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write(resourceBytes().left(5000));
    damaged.close();
    QVERIFY(!WorldAtlas::readFile(damaged.fileName(), &error));
    QVERIFY2(error.contains(u"header promises"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestWorldAtlas)
#include "TestWorldAtlas.moc"
