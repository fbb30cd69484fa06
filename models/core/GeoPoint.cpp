#include "core/GeoPoint.h"

#include "core/JsonReader.h"

#include <cmath>
#include <numbers>

namespace htmse {

bool GeoPoint::isValid() const
{
    return m_set && std::isfinite(m_latitude) && std::isfinite(m_longitude) && m_latitude >= -90.0 &&
           m_latitude <= 90.0 && m_longitude >= -180.0 && m_longitude <= 180.0;
}

double GeoPoint::haversineKm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double kRad = std::numbers::pi / 180.0;
    const double dLat = (lat2 - lat1) * kRad;
    const double dLon = (lon2 - lon1) * kRad;
    const double s1 = std::sin(dLat / 2);
    const double s2 = std::sin(dLon / 2);
    const double a = s1 * s1 + std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * s2 * s2;
    // Clamp: rounding can push a just past 1 for antipodal points, and asin would return NaN.
    return 2.0 * kEarthRadiusKm * std::asin(std::sqrt(std::clamp(a, 0.0, 1.0)));
}

double GeoPoint::distanceKm(const GeoPoint& other) const
{
    return haversineKm(m_latitude, m_longitude, other.m_latitude, other.m_longitude);
}

QJsonObject GeoPoint::toJson() const
{
    return QJsonObject{{QStringLiteral("latitude"), m_latitude}, {QStringLiteral("longitude"), m_longitude}};
}

std::optional<GeoPoint> GeoPoint::fromJson(const QJsonObject& object, const QString& path, ValidationProblems& problems)
{
    const JsonReader r(object, path, problems);
    const auto lat = r.number(QLatin1StringView("latitude"), -90.0, 90.0, Presence::Required);
    const auto lon = r.number(QLatin1StringView("longitude"), -180.0, 180.0, Presence::Required);
    if (!lat || !lon)
        return std::nullopt;
    return GeoPoint(*lat, *lon);
}

} // namespace htmse
