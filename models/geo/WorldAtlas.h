// WorldAtlas: the world's country outlines (Natural Earth through world-atlas), read from the
// compact binary that htmse-atlas-compact makes at build time and that is compiled in as
// :/htmse/map/countries.bin. The file is checked whole (magic, version, every count and
// coordinate against what is left of the file, and a SHA-256 over the body) before any of it is
// used; a bad file is refused with a message that says what is wrong.
#pragma once

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <optional>

namespace htmse {

class WorldAtlas
{
public:
    struct Country
    {
        QString id;   // ISO 3166-1 numeric as world-atlas gives it ("826"); empty for a few areas
        QString name; // Natural Earth's short English name ("United Kingdom")
        // Closed rings, each a list of (longitude, latitude) in degrees; outer rings and holes alike.
        QList<QList<QPointF>> rings;
        QRectF bounds() const; // x = longitude, y = latitude
    };

    // Coordinates are quantised on a grid of 2^16 steps over 360° of longitude and 180° of
    // latitude (about 600 m and 300 m at the equator: finer than the 1:50m data itself).
    static constexpr int kGridSteps = 65535;
    static constexpr char kMagic[8] = {'H', 'T', 'M', 'S', 'E', 'A', 'T', 'L'};
    static constexpr quint32 kVersion = 1;
    static constexpr const char* kResourcePath = ":/htmse/map/countries.bin";

    // The compiled-in atlas, read on first use (thread-safe); an empty atlas when the resource is
    // missing or bad (the reason is logged once; tests read the resource with read()).
    static const WorldAtlas& instance();

    static std::optional<WorldAtlas> read(const QByteArray& bytes, QString* error);
    static std::optional<WorldAtlas> readFile(const QString& path, QString* error);
    // The compact form of `countries` (what the build tool writes).
    static QByteArray serialize(const QList<Country>& countries);

    const QList<Country>& countries() const { return m_countries; }
    const Country* find(const QString& name) const;
    // A colour index (0..colours-1) per country such that countries sharing a border point get
    // different ones where the greedy order allows (so a border shows as a change of tint, not
    // only as a line). Computed once, in the order of countries().
    const QList<int>& colours() const { return m_colours; }
    static constexpr int kColours = 5;

private:
    void colourCountries();

    QList<Country> m_countries;
    QList<int> m_colours;
};

} // namespace htmse
