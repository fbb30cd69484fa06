#include "geo/MapProjection.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace htmse {

namespace {
constexpr double kRad = std::numbers::pi / 180.0;

// Longitude into [-180, 180).
double wrapLongitude(double longitude)
{
    double l = std::fmod(longitude + 180.0, 360.0);
    if (l < 0)
        l += 360.0;
    return l - 180.0;
}
} // namespace

QPointF MapProjection::toUnitWorld(double latitude, double longitude)
{
    const double lat = std::clamp(latitude, -kMaxLatitude, kMaxLatitude) * kRad;
    const double x = (longitude + 180.0) / 360.0;
    const double y = 0.5 - std::log(std::tan(std::numbers::pi / 4 + lat / 2)) / (2 * std::numbers::pi);
    return {x, std::clamp(y, 0.0, 1.0)};
}

double MapProjection::worldWidth() const
{
    return kTileSize * std::exp2(m_zoom);
}

QPointF MapProjection::toWorld(double latitude, double longitude) const
{
    return toUnitWorld(latitude, longitude) * worldWidth();
}

QPointF MapProjection::worldToScreen(const QPointF& world) const
{
    const double w = worldWidth();
    return {world.x() - m_centre.x() * w + m_viewport.width() / 2,
            world.y() - m_centre.y() * w + m_viewport.height() / 2};
}

QPointF MapProjection::toScreen(double latitude, double longitude) const
{
    QPointF unit = toUnitWorld(latitude, longitude);
    // The copy nearest the centre: the difference in x brought into [-0.5, 0.5).
    const double dx = unit.x() - m_centre.x();
    unit.setX(m_centre.x() + dx - std::floor(dx + 0.5));
    return worldToScreen(unit * worldWidth());
}

QPointF MapProjection::toGeo(const QPointF& screen) const
{
    const double w = worldWidth();
    const double ux = m_centre.x() + (screen.x() - m_viewport.width() / 2) / w;
    const double uy = std::clamp(m_centre.y() + (screen.y() - m_viewport.height() / 2) / w, 0.0, 1.0);
    const double longitude = wrapLongitude(ux * 360.0 - 180.0);
    const double latitude = std::atan(std::sinh(std::numbers::pi * (1 - 2 * uy))) / kRad;
    return {longitude, latitude};
}

QList<double> MapProjection::copyOffsets(const QRectF& worldBounds) const
{
    const double w = worldWidth();
    const double viewLeft = m_centre.x() * w - m_viewport.width() / 2;
    const double viewRight = viewLeft + m_viewport.width();
    QList<double> offsets;
    // The first copy whose right edge reaches the view, then every one up to the view's right edge.
    for (double k = std::ceil((viewLeft - worldBounds.right()) / w); worldBounds.left() + k * w <= viewRight; ++k)
        offsets.append(k * w);
    return offsets;
}

void MapProjection::setViewport(const QSizeF& size)
{
    m_viewport = size.isEmpty() ? QSizeF(1, 1) : size;
    setZoom(m_zoom);
}

void MapProjection::setCentre(double latitude, double longitude)
{
    m_centre = toUnitWorld(latitude, longitude);
    clampCentre();
}

double MapProjection::centreLatitude() const
{
    return std::atan(std::sinh(std::numbers::pi * (1 - 2 * m_centre.y()))) / kRad;
}

double MapProjection::centreLongitude() const
{
    return wrapLongitude(m_centre.x() * 360.0 - 180.0);
}

void MapProjection::setZoom(double zoom)
{
    // Never so far out that the world is narrower than the view: one copy of each place at most
    // on each side, and no band of nothing above and below.
    const double fill = std::log2(std::max(m_viewport.width(), m_viewport.height()) / kTileSize);
    m_zoom = std::clamp(zoom, std::max(kMinZoom, fill), std::max(kMaxZoom, fill));
    clampCentre();
}

void MapProjection::panBy(const QPointF& delta)
{
    m_centre -= delta / worldWidth();
    clampCentre();
}

void MapProjection::zoomBy(double steps, const QPointF& anchor)
{
    const double before = worldWidth();
    const QPointF fromCentre(anchor.x() - m_viewport.width() / 2, anchor.y() - m_viewport.height() / 2);
    const QPointF anchorUnit = m_centre + fromCentre / before;
    setZoom(m_zoom + steps);
    m_centre = anchorUnit - fromCentre / worldWidth();
    clampCentre();
}

void MapProjection::fit(const QRectF& geoBox, double marginPixels)
{
    const QPointF a = toUnitWorld(geoBox.top(), geoBox.left());
    const QPointF b = toUnitWorld(geoBox.bottom(), geoBox.right());
    const double spanX = std::max(std::abs(b.x() - a.x()), 1e-9);
    const double spanY = std::max(std::abs(b.y() - a.y()), 1e-9);
    const double usableW = std::max(1.0, m_viewport.width() - 2 * marginPixels);
    const double usableH = std::max(1.0, m_viewport.height() - 2 * marginPixels);
    setZoom(std::log2(std::min(usableW / spanX, usableH / spanY) / kTileSize));
    m_centre = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2);
    clampCentre();
}

void MapProjection::clampCentre()
{
    // Longitude wraps (kept in [0, 1) so it never drifts); latitude keeps the world's edge out of view.
    m_centre.setX(m_centre.x() - std::floor(m_centre.x()));
    const double half = m_viewport.height() / 2 / worldWidth();
    m_centre.setY(half >= 0.5 ? 0.5 : std::clamp(m_centre.y(), half, 1.0 - half));
}

} // namespace htmse
