#include "geo/Geodesic.h"

#include "core/GeoPoint.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace htmse::Geodesic {

namespace {
constexpr double kRad = std::numbers::pi / 180.0;
}

QPointF destination(double latitude, double longitude, double bearingDegrees, double distanceKm)
{
    const double d = distanceKm / GeoPoint::kEarthRadiusKm; // angular distance
    const double lat1 = latitude * kRad;
    const double lon1 = longitude * kRad;
    const double bearing = bearingDegrees * kRad;
    const double sinLat2 = std::sin(lat1) * std::cos(d) + std::cos(lat1) * std::sin(d) * std::cos(bearing);
    const double lat2 = std::asin(std::clamp(sinLat2, -1.0, 1.0));
    const double lon2 = lon1 + std::atan2(std::sin(bearing) * std::sin(d) * std::cos(lat1),
                                          std::cos(d) - std::sin(lat1) * std::sin(lat2));
    double lon = std::fmod(lon2 / kRad + 540.0, 360.0);
    if (lon < 0)
        lon += 360.0;
    return {lon - 180.0, lat2 / kRad};
}

QList<QPointF> circle(double latitude, double longitude, double radiusKm, int segments, double poleLatitude)
{
    segments = std::max(segments, 8);
    QList<QPointF> ring;
    ring.reserve(segments + 4);
    for (int i = 0; i <= segments; ++i) {
        QPointF p = destination(latitude, longitude, 360.0 * i / segments, radiusKm);
        if (!ring.isEmpty()) { // unwrap: stay within 180° of the point before
            const double previous = ring.constLast().x();
            p.setX(p.x() + 360.0 * std::round((previous - p.x()) / 360.0));
        }
        ring.append(p);
    }
    // Around a pole the unwrapped ring does not close: it has gone once round the world. Close
    // it along the pole's edge of the map.
    const double drift = ring.constLast().x() - ring.constFirst().x();
    if (std::abs(drift) > 180.0) {
        const bool north = GeoPoint::haversineKm(latitude, longitude, 90.0, 0.0) < radiusKm;
        const double edge = north ? poleLatitude : -poleLatitude;
        ring.append(QPointF(ring.constLast().x(), edge));
        ring.append(QPointF(ring.constFirst().x(), edge));
        ring.append(ring.constFirst());
    } else {
        ring.last() = ring.constFirst(); // bearing 360 is bearing 0: closed exactly, not to within rounding
    }
    return ring;
}

} // namespace htmse::Geodesic
