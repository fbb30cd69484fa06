// MapView: the results of a match on a world map, drawn with QPainter from the compiled-in
// country outlines (geo/WorldAtlas) and nothing else: no tiles, no geocoding, no network, ever
// (a tile request would tell a server where a victim is).
//
// It shows the person's place, the search radius as the great circle it covers, and each result
// as a marker with its score written on it, from any item model with MatchResultsModel's roles
// (LatitudeRole, LongitudeRole, PlaceConfidentialRole, ScoreRole, NameRole). A result matched at
// a confidential location has no coordinates in the model and is never drawn; hiddenSummary()
// says how many are left off and why. The selection is shared with the list: a click on a marker
// makes its row current, and a row made current elsewhere is highlighted and brought into view.
// Drag or arrow keys pan, the wheel or +/- zoom.
#pragma once

#include "core/GeoPoint.h"
#include "geo/MapProjection.h"

#include <QFutureWatcher>
#include <QHash>
#include <QPainterPath>
#include <QPersistentModelIndex>
#include <QPixmap>
#include <QPointer>
#include <QWidget>

#include <optional>
#include <vector>

class QAbstractItemModel;
class QItemSelectionModel;

namespace htmse {

class WorldAtlas;

class MapView : public QWidget
{
    Q_OBJECT

public:
    explicit MapView(QWidget* parent = nullptr);
    ~MapView() override;

    void setModel(QAbstractItemModel* model);
    QAbstractItemModel* model() const { return m_model; }
    void setSelectionModel(QItemSelectionModel* selection);
    // The person's place and the radius searched around it (none: no place was given).
    void setSearchArea(const std::optional<GeoPoint>& place, double radiusKm);

    // Hit test: the row of the marker drawn at `pos` (the topmost), or -1.
    int markerAt(const QPointF& pos) const;
    // Where a row's marker is drawn (the copy nearest the centre), or nothing when it has none.
    std::optional<QPointF> markerPosition(int row) const;
    int markerCount() const { return int(m_markers.size()); }
    // "2 results are not on the map: 1 at a confidential address, 1 working remotely only", or empty.
    QString hiddenSummary() const { return m_hiddenSummary; }
    int currentRow() const;

    MapProjection& projection() { return m_projection; }
    const MapProjection& projection() const { return m_projection; }
    // Shows the search area, else every marker, else the world.
    void fitToContent();
    // The outlines are read once, on a worker thread, the first time a map is shown; true once there.
    bool outlinesReady() const { return m_atlas != nullptr; }
    void loadOutlinesNow(); // for tools and benchmarks that paint without showing

    // The search radius's colour: apart from the markers' (the palette's highlight) and the land's greys.
    static QColor radiusColour() { return QColor(190, 82, 0); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void hiddenSummaryChanged(const QString& summary);
    void outlinesLoaded();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Marker
    {
        int row;
        double latitude;
        double longitude;
        int score;
    };
    void rebuildMarkers();
    void requestFit();
    void currentChanged();
    void bringIntoView(int row);
    struct Outline
    {
        QPainterPath path; // one country, in the world pixels of a zoom level
        QRectF bounds;     // its bounding box there: countries out of view are not drawn
        int colour;        // WorldAtlas::colours()
    };
    const QList<Outline>& outlinesAtLevel(int level);
    const QPixmap& markerSprite(int score); // a plain marker with its number, drawn once per score
    void paintOutlines(QPainter& painter);
    void paintSearchArea(QPainter& painter);
    void paintMarkers(QPainter& painter);
    void paintPersonsPlaceLabel(QPainter& painter);
    void paintMarker(QPainter& painter, const Marker& marker, const QPointF& at, bool current);
    double markerRadius() const;

    MapProjection m_projection;
    QPointer<QAbstractItemModel> m_model;
    QPointer<QItemSelectionModel> m_selection;
    std::vector<Marker> m_markers;
    QString m_hiddenSummary;
    std::optional<GeoPoint> m_centre;
    double m_radiusKm = 0;
    QList<QPointF> m_circle; // the radius as (longitude, latitude), unwrapped
    const WorldAtlas* m_atlas = nullptr;
    QFutureWatcher<const WorldAtlas*>* m_loading = nullptr;
    QHash<int, QList<Outline>> m_outlines; // per integer zoom level
    QHash<int, QPixmap> m_sprites;         // per score; emptied when the palette or font changes
    std::optional<QPointF> m_pressedAt;
    bool m_dragged = false;
    bool m_fitPending = true;
};

} // namespace htmse
