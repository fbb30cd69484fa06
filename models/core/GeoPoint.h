// GeoPoint: a WGS 84 latitude/longitude in decimal degrees, with great-circle distance.
#pragma once

#include "core/Validation.h"

#include <QJsonObject>

#include <optional>

namespace htmse {

class GeoPoint
{
public:
    static constexpr double kEarthRadiusKm = 6371.0088; // IUGG mean radius

    GeoPoint() = default;
    GeoPoint(double latitude, double longitude)
        : m_latitude(latitude)
        , m_longitude(longitude)
        , m_set(true)
    {}

    double latitude() const { return m_latitude; }
    double longitude() const { return m_longitude; }
    // A point is valid when it was set and lies within -90..90, -180..180 (and is finite).
    bool isValid() const;

    // Great-circle (haversine) distance in kilometres. Both points must be valid.
    double distanceKm(const GeoPoint& other) const;
    static double haversineKm(double lat1, double lon1, double lat2, double lon2);

    // {"latitude": .., "longitude": ..}
    QJsonObject toJson() const;
    static std::optional<GeoPoint> fromJson(const QJsonObject& object, const QString& path,
                                            ValidationProblems& problems);

    friend bool operator==(const GeoPoint&, const GeoPoint&) = default;

private:
    double m_latitude = 0;
    double m_longitude = 0;
    bool m_set = false;
};

} // namespace htmse
