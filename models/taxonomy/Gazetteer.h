// Gazetteer: an offline table of the world's cities (GeoNames, CC BY 4.0; population >= 5,000)
// with as-you-type look-up, per-country listing and nearest-city search.
#pragma once

#include "core/GeoPoint.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <vector>

namespace htmse {

class Gazetteer
{
public:
    struct City
    {
        qint64 id = 0;   // GeoNames id
        QString name;    // as GeoNames spells it ("São Paulo")
        QString country; // ISO 3166-1 alpha-2
        QString region;  // first-level administrative region, may be empty
        double latitude = 0;
        double longitude = 0;
        qint64 population = 0;
        QStringList altNames;

        GeoPoint point() const { return {latitude, longitude}; }
        QString displayName() const; // "São Paulo, São Paulo, Brazil"
    };

    // The gazetteer compiled into the application; loaded on first use, thread-safe.
    static const Gazetteer& instance();
    // Loads a gazetteer TSV file (same columns as resources/gazetteer/cities.tsv).
    static Gazetteer fromTsv(const QString& path);

    qsizetype size() const { return qsizetype(m_cities.size()); }
    const City* byId(qint64 id) const;

    // Cities whose name (or an alternate name) starts with `prefix`, ignoring case and
    // diacritics ("sao" finds "São Paulo"), optionally within one country; exact names first,
    // then by population, then by name.
    QList<const City*> complete(QStringView prefix, QStringView country = {}, qsizetype limit = 10) const;
    // The best match for a typed place: "London", "London, GB", "Benin City, NG". Nullptr if none.
    const City* resolve(QStringView text) const;
    // Every city of a country, most populous first.
    QList<const City*> inCountry(QStringView country) const;
    // The nearest city to a point (optionally within one country); nullptr when there is none.
    const City* nearest(const GeoPoint& point, QStringView country = {}) const;

private:
    Gazetteer() = default;
    void buildIndex();

    std::vector<City> m_cities;
    // Unit vectors of the cities: the nearest city by chord length is the nearest by great
    // circle, so a query needs no trigonometry per city.
    std::vector<std::array<double, 3>> m_unitVectors;
    std::vector<std::pair<QString, qint32>> m_prefixIndex; // folded name -> city index, sorted
    QHash<QString, QList<qint32>> m_byCountry;             // sorted by population, descending
    QHash<qint64, qint32> m_byId;
};

} // namespace htmse
