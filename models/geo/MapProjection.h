// MapProjection: spherical Mercator with a pan and zoom state, from degrees to a widget's pixels
// and back.
//
// Why Mercator: the map is looked at around one city and its radius, and Mercator is conformal,
// so a radius looks round and a country keeps its shape at any latitude (equirectangular would
// stretch a circle around Oslo to twice its height's width). Its one flaw, the poles at infinity,
// is met by clamping latitudes to ±kMaxLatitude (the usual 85.0511°, where the world is square):
// a point beyond is drawn on the map's edge, and reading a pixel back never gives more.
//
// The date line: longitudes wrap. The world is a strip `worldWidth()` pixels wide that repeats
// left and right; a point is drawn on the copy nearest the view's centre (toScreen), so 179.9°
// and -179.9° sit side by side when the view is centred on 180°, and shapes are drawn on every
// copy that meets the view (copyOffsets).
#pragma once

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace htmse {

class MapProjection
{
public:
    static constexpr double kMaxLatitude = 85.05112877980659;
    static constexpr double kTileSize = 256; // the world's width at zoom 0
    static constexpr double kMinZoom = 0;
    static constexpr double kMaxZoom = 14; // a city's streets; the outlines are coarser long before

    // World coordinates: unwrapped Mercator in pixels at the current zoom, x = 0 at -180°,
    // y = 0 at kMaxLatitude. Longitudes beyond ±180 give x beyond the strip (no wrapping here).
    QPointF toWorld(double latitude, double longitude) const;
    static QPointF toUnitWorld(double latitude, double longitude); // the same, for a world 1 pixel wide
    // A point's place in the widget, on the world copy nearest the centre.
    QPointF toScreen(double latitude, double longitude) const;
    // The latitude (y) and longitude (x, in -180..180) under a widget pixel.
    QPointF toGeo(const QPointF& screen) const;
    // World x offsets (multiples of worldWidth()) at which something spanning `worldBounds` (world
    // coordinates without offset) must be drawn to cover the view.
    QList<double> copyOffsets(const QRectF& worldBounds) const;
    // World coordinates to widget pixels (the offset of the copy at 0).
    QPointF worldToScreen(const QPointF& world) const;

    void setViewport(const QSizeF& size);
    QSizeF viewport() const { return m_viewport; }
    void setCentre(double latitude, double longitude);
    double centreLatitude() const;
    double centreLongitude() const;
    void setZoom(double zoom); // clamped to kMinZoom..kMaxZoom, and so the world is at least as wide as the view
    double zoom() const { return m_zoom; }
    double worldWidth() const;
    // Moves the view by a pixel distance (dragging the map by `delta` moves its content by `delta`).
    void panBy(const QPointF& delta);
    // Zooms by `steps` (1 = twice as near) keeping the point under `anchor` where it is.
    void zoomBy(double steps, const QPointF& anchor);
    // Centres on, and zooms to show, a box of (longitude x, latitude y) with a margin in pixels.
    void fit(const QRectF& geoBox, double marginPixels);

private:
    void clampCentre();

    QSizeF m_viewport{256, 256};
    double m_zoom = 1;
    QPointF m_centre{0.5, 0.5}; // in unit world coordinates (x may be any number: it wraps)
};

} // namespace htmse
