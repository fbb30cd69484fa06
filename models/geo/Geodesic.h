// Geodesic: points on the sphere at a great-circle distance, for drawing a search radius as the
// place it really covers (the matching engine measures by the haversine on the same sphere).
#pragma once

#include <QList>
#include <QPointF>

namespace htmse {

namespace Geodesic {

// The point `distanceKm` from (latitude, longitude) along the initial bearing `bearingDegrees`
// (0 north, 90 east): x = longitude in -180..180, y = latitude.
QPointF destination(double latitude, double longitude, double bearingDegrees, double distanceKm);

// The circle of points `radiusKm` from the centre as a closed ring of (longitude x, latitude y),
// `segments` + 1 points, with longitudes unwrapped: each within 180° of the one before, so a
// circle across the date line runs on past ±180 (draw it on every copy of the world). A circle
// around a pole is closed along the map's edge (y = ±poleLatitude) instead of across the pole.
QList<QPointF> circle(double latitude, double longitude, double radiusKm, int segments = 180,
                      double poleLatitude = 85.05112877980659);

} // namespace Geodesic

} // namespace htmse
