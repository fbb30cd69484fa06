#include "geo/WorldAtlas.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QLoggingCategory>
#include <QSet>
#include <QStringDecoder>
#include <QtEndian>

#include <cmath>
#include <cstring>

Q_LOGGING_CATEGORY(lcAtlas, "htmse.atlas")

namespace htmse {

// The file: magic (8) | version (u32 LE) | body length (u32 LE) | body | SHA-256 of the body (32).
// Body: varint countries; per country: varint id length, id (UTF-8), varint name length, name,
// varint rings; per ring: varint points, then each point as zigzag varint deltas (x, then y) from
// the previous point (the first from 0, 0), on the grid of kGridSteps.

namespace {
constexpr qsizetype kHeader = 16;
constexpr qsizetype kDigest = 32;

void varint(QByteArray& out, quint64 value)
{
    while (value >= 0x80) {
        out.append(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.append(char(value));
}

quint64 zigzag(qint64 v)
{
    return (quint64(v) << 1) ^ quint64(v >> 63);
}
qint64 unzigzag(quint64 v)
{
    return qint64(v >> 1) ^ -qint64(v & 1);
}

int quantise(double value, double min, double span)
{
    const double q = std::round((value - min) / span * WorldAtlas::kGridSteps);
    return int(std::clamp(q, 0.0, double(WorldAtlas::kGridSteps)));
}

void text(QByteArray& out, const QString& s)
{
    const QByteArray utf8 = s.toUtf8();
    varint(out, quint64(utf8.size()));
    out.append(utf8);
}

// Reads the body; every read is checked against what is left, and the first problem stops it.
class BodyReader
{
public:
    explicit BodyReader(QByteArrayView bytes)
        : m_bytes(bytes)
    {}

    bool failed() const { return !m_error.isEmpty(); }
    const QString& error() const { return m_error; }
    bool atEnd() const { return m_at == m_bytes.size(); }
    qsizetype left() const { return m_bytes.size() - m_at; }

    void fail(const QString& message)
    {
        if (m_error.isEmpty())
            m_error = message + QStringLiteral(" (at byte %1 of the body)").arg(m_at);
    }

    quint64 varint()
    {
        quint64 value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_at >= m_bytes.size()) {
                fail(QStringLiteral("the file ends inside a number"));
                return 0;
            }
            const auto byte = quint8(m_bytes[m_at++]);
            value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return value;
        }
        fail(QStringLiteral("a number is longer than 64 bits"));
        return 0;
    }

    // A count of items each at least `minBytes` long: never more than the bytes left allow.
    qsizetype count(qsizetype minBytes, const char* what)
    {
        const quint64 n = varint();
        if (!failed() && n > quint64(left() / minBytes)) {
            fail(QStringLiteral("%1 %2 cannot fit in the %3 bytes left")
                     .arg(n)
                     .arg(QLatin1StringView(what))
                     .arg(left()));
            return 0;
        }
        return qsizetype(n);
    }

    QString text(const char* what)
    {
        const qsizetype n = count(1, what);
        if (failed())
            return {};
        QStringDecoder decoder(QStringDecoder::Utf8);
        QString s = decoder(m_bytes.sliced(m_at, n));
        m_at += n;
        if (decoder.hasError())
            fail(QStringLiteral("a %1 is not valid UTF-8").arg(QLatin1StringView(what)));
        return s;
    }

private:
    QByteArrayView m_bytes;
    qsizetype m_at = 0;
    QString m_error;
};

bool readRing(BodyReader& r, QList<QPointF>* ring)
{
    const qsizetype points = r.count(2, "points");
    if (r.failed())
        return false;
    if (points < 3) {
        r.fail(QStringLiteral("a ring has %1 points; a ring needs at least 3").arg(points));
        return false;
    }
    ring->reserve(points);
    qint64 x = 0, y = 0;
    for (qsizetype i = 0; i < points; ++i) {
        x += unzigzag(r.varint());
        y += unzigzag(r.varint());
        if (r.failed())
            return false;
        if (x < 0 || y < 0 || x > WorldAtlas::kGridSteps || y > WorldAtlas::kGridSteps) {
            r.fail(QStringLiteral("a point lies off the grid (%1, %2)").arg(x).arg(y));
            return false;
        }
        ring->append(QPointF(-180.0 + 360.0 * double(x) / WorldAtlas::kGridSteps,
                             -90.0 + 180.0 * double(y) / WorldAtlas::kGridSteps));
    }
    return true;
}

std::optional<WorldAtlas::Country> readCountry(BodyReader& r)
{
    WorldAtlas::Country c;
    c.id = r.text("country id");
    c.name = r.text("country name");
    if (!r.failed() && c.name.isEmpty())
        r.fail(QStringLiteral("a country has no name"));
    const qsizetype rings = r.count(1 + 3 * 2, "rings");
    for (qsizetype i = 0; i < rings && !r.failed(); ++i) {
        QList<QPointF> ring;
        if (readRing(r, &ring))
            c.rings.append(std::move(ring));
    }
    if (r.failed())
        return std::nullopt;
    return c;
}
} // namespace

QRectF WorldAtlas::Country::bounds() const
{
    double minX = 180, minY = 90, maxX = -180, maxY = -90;
    for (const QList<QPointF>& ring : rings)
        for (const QPointF& p : ring) {
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y());
            maxY = std::max(maxY, p.y());
        }
    return minX > maxX ? QRectF() : QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

QByteArray WorldAtlas::serialize(const QList<Country>& countries)
{
    QByteArray body;
    varint(body, quint64(countries.size()));
    for (const Country& c : countries) {
        text(body, c.id);
        text(body, c.name);
        varint(body, quint64(c.rings.size()));
        for (const QList<QPointF>& ring : c.rings) {
            varint(body, quint64(ring.size()));
            qint64 x = 0, y = 0;
            for (const QPointF& p : ring) {
                const int qx = quantise(p.x(), -180.0, 360.0);
                const int qy = quantise(p.y(), -90.0, 180.0);
                varint(body, zigzag(qx - x));
                varint(body, zigzag(qy - y));
                x = qx;
                y = qy;
            }
        }
    }
    QByteArray out(kMagic, sizeof kMagic);
    const quint32 header[2] = {qToLittleEndian(kVersion), qToLittleEndian(quint32(body.size()))};
    out.append(reinterpret_cast<const char*>(header), sizeof header);
    out.append(body);
    out.append(QCryptographicHash::hash(body, QCryptographicHash::Sha256));
    return out;
}

std::optional<WorldAtlas> WorldAtlas::read(const QByteArray& bytes, QString* error)
{
    const auto refuse = [error](const QString& why) {
        if (error)
            *error = QStringLiteral("The map data cannot be used: %1.").arg(why);
        return std::nullopt;
    };
    if (bytes.size() < kHeader + kDigest || std::memcmp(bytes.constData(), kMagic, sizeof kMagic) != 0)
        return refuse(QStringLiteral("it is not an HTMSE atlas file"));
    quint32 version = 0, length = 0;
    std::memcpy(&version, bytes.constData() + 8, 4);
    std::memcpy(&length, bytes.constData() + 12, 4);
    version = qFromLittleEndian(version);
    length = qFromLittleEndian(length);
    if (version != kVersion)
        return refuse(QStringLiteral("it is of version %1, this build reads version %2").arg(version).arg(kVersion));
    if (qsizetype(length) != bytes.size() - kHeader - kDigest)
        return refuse(QStringLiteral("it is %1 bytes long where its header promises %2")
                          .arg(bytes.size())
                          .arg(qsizetype(length) + kHeader + kDigest));
    const QByteArrayView body = QByteArrayView(bytes).sliced(kHeader, length);
    if (QCryptographicHash::hash(body, QCryptographicHash::Sha256) != bytes.right(kDigest))
        return refuse(QStringLiteral("its checksum does not match (the file is damaged)"));
    BodyReader r(body);
    WorldAtlas atlas;
    const qsizetype countries = r.count(3, "countries");
    atlas.m_countries.reserve(countries);
    for (qsizetype i = 0; i < countries && !r.failed(); ++i)
        if (auto c = readCountry(r))
            atlas.m_countries.append(std::move(*c));
    if (!r.failed() && !r.atEnd())
        r.fail(QStringLiteral("%1 bytes follow the last country").arg(r.left()));
    if (r.failed())
        return refuse(r.error());
    atlas.colourCountries();
    return atlas;
}

std::optional<WorldAtlas> WorldAtlas::readFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("The map data cannot be read: %1.").arg(file.errorString());
        return std::nullopt;
    }
    return read(file.readAll(), error);
}

const WorldAtlas& WorldAtlas::instance()
{
    static const WorldAtlas atlas = [] {
        QString error;
        if (auto read = readFile(QString::fromLatin1(kResourcePath), &error))
            return std::move(*read);
        qCWarning(lcAtlas).noquote() << error;
        return WorldAtlas();
    }();
    return atlas;
}

void WorldAtlas::colourCountries()
{
    // Neighbours share border points exactly (TopoJSON's shared arcs, quantised alike).
    QHash<QPair<int, int>, QList<int>> byPoint;
    for (qsizetype i = 0; i < m_countries.size(); ++i)
        for (const QList<QPointF>& ring : std::as_const(m_countries.at(i).rings))
            for (const QPointF& p : ring) {
                QList<int>& owners = byPoint[{quantise(p.x(), -180.0, 360.0), quantise(p.y(), -90.0, 180.0)}];
                if (owners.isEmpty() || owners.constLast() != int(i))
                    owners.append(int(i));
            }
    QList<QSet<int>> neighbours(m_countries.size());
    for (const QList<int>& owners : std::as_const(byPoint))
        for (const int a : owners)
            for (const int b : owners)
                if (a != b)
                    neighbours[a].insert(b);
    m_colours = QList<int>(m_countries.size(), -1);
    for (qsizetype i = 0; i < m_countries.size(); ++i) {
        bool used[kColours] = {};
        for (const int n : std::as_const(neighbours.at(i)))
            if (m_colours.at(n) >= 0)
                used[m_colours.at(n)] = true;
        int colour = 0;
        while (colour < kColours - 1 && used[colour])
            ++colour;
        m_colours[i] = colour;
    }
}

const WorldAtlas::Country* WorldAtlas::find(const QString& name) const
{
    for (const Country& c : m_countries)
        if (c.name == name)
            return &c;
    return nullptr;
}

} // namespace htmse
