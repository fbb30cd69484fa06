#include "views/map/MapView.h"

#include "geo/Geodesic.h"
#include "geo/WorldAtlas.h"
#include "itemmodels/MatchResultsModel.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QHelpEvent>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLineF>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

constexpr int kMaxCachedLevels = 4;
} // namespace

MapView::MapView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"mapView"_s);
    setAccessibleName(tr("Map of the results"));
    setAccessibleDescription(tr("Drag or use the arrow keys to move the map, the wheel or + and - to zoom. "
                                "Click a marker to select that result in the list."));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true); // moves without a button are ignored, but tooltips and drags need them
    setCursor(Qt::OpenHandCursor);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_projection.setViewport(QSizeF(size()));
}

MapView::~MapView()
{
    if (m_loading)
        m_loading->waitForFinished(); // the reader holds no reference to this view; wait so it ends before exit
}

QSize MapView::sizeHint() const
{
    const int em = fontMetrics().averageCharWidth();
    return {em * 60, em * 40};
}

QSize MapView::minimumSizeHint() const
{
    const int em = fontMetrics().averageCharWidth();
    return {em * 20, em * 15};
}

void MapView::setModel(QAbstractItemModel* model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (model) {
        // A new set of results (a new match): show where they are.
        const auto reset = [this] {
            rebuildMarkers();
            requestFit();
        };
        connect(model, &QAbstractItemModel::modelReset, this, reset);
        connect(model, &QAbstractItemModel::layoutChanged, this, reset);
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(model, signal, this, &MapView::rebuildMarkers);
        connect(model, &QAbstractItemModel::dataChanged, this, &MapView::rebuildMarkers);
    }
    rebuildMarkers();
}

void MapView::setSelectionModel(QItemSelectionModel* selection)
{
    if (m_selection)
        disconnect(m_selection, nullptr, this, nullptr);
    m_selection = selection;
    if (selection) {
        connect(selection, &QItemSelectionModel::currentChanged, this, &MapView::currentChanged);
        connect(selection, &QItemSelectionModel::selectionChanged, this, qOverload<>(&QWidget::update));
    }
    update();
}

void MapView::setSearchArea(const std::optional<GeoPoint>& place, double radiusKm)
{
    if (place == m_centre && radiusKm == m_radiusKm)
        return;
    m_centre = place;
    m_radiusKm = radiusKm;
    m_circle = m_centre && radiusKm > 0 ? Geodesic::circle(m_centre->latitude(), m_centre->longitude(), radiusKm, 180)
                                        : QList<QPointF>();
    requestFit();
}

void MapView::requestFit()
{
    // Fitted now when shown; a hidden map (the list's tab in front) fits when it is shown.
    m_fitPending = true;
    if (isVisible() && width() > 1 && height() > 1) {
        fitToContent();
        m_fitPending = false;
    }
    update();
}

int MapView::currentRow() const
{
    return m_selection && m_selection->currentIndex().isValid() ? m_selection->currentIndex().row() : -1;
}

void MapView::rebuildMarkers()
{
    m_markers.clear();
    int confidential = 0, placeless = 0;
    const int rows = m_model ? m_model->rowCount() : 0;
    m_markers.reserve(size_t(rows));
    for (int row = 0; row < rows; ++row) {
        const QModelIndex index = m_model->index(row, 0);
        const QVariant lat = index.data(MatchResultsModel::LatitudeRole);
        const QVariant lon = index.data(MatchResultsModel::LongitudeRole);
        // A confidential place is never drawn, even if a model were to give coordinates with it.
        if (index.data(MatchResultsModel::PlaceConfidentialRole).toBool())
            ++confidential;
        else if (!lat.isValid() || !lon.isValid())
            ++placeless;
        else
            m_markers.push_back({row, lat.toDouble(), lon.toDouble(),
                                 int(std::lround(index.data(MatchResultsModel::ScoreRole).toDouble()))});
    }
    QString summary;
    if (confidential + placeless > 0) {
        QStringList why;
        if (confidential > 0)
            why.append(tr("%n at a confidential address, which is never shown on a map", nullptr, confidential));
        if (placeless > 0)
            why.append(tr("%n with no place of service (remote only)", nullptr, placeless));
        summary = tr("%n result(s) not on the map: %1.", nullptr, confidential + placeless).arg(why.join(u"; "_s));
    }
    if (summary != m_hiddenSummary) {
        m_hiddenSummary = summary;
        emit hiddenSummaryChanged(summary);
    }
    update();
}

void MapView::currentChanged()
{
    bringIntoView(currentRow());
    update();
}

void MapView::bringIntoView(int row)
{
    const auto at = markerPosition(row);
    if (!at)
        return;
    const double margin = markerRadius() * 3;
    const QRectF inside = QRectF(rect()).adjusted(margin, margin, -margin, -margin);
    if (inside.isValid() && !inside.contains(*at)) {
        const auto marker =
            std::find_if(m_markers.cbegin(), m_markers.cend(), [row](const Marker& m) { return m.row == row; });
        m_projection.setCentre(marker->latitude, marker->longitude);
    }
}

std::optional<QPointF> MapView::markerPosition(int row) const
{
    for (const Marker& m : m_markers)
        if (m.row == row)
            return m_projection.toScreen(m.latitude, m.longitude);
    return std::nullopt;
}

double MapView::markerRadius() const
{
    const QFontMetricsF fm(font());
    return std::max(fm.height(), fm.horizontalAdvance(u"100"_s)) * 0.62;
}

int MapView::markerAt(const QPointF& pos) const
{
    const double r = markerRadius();
    const int current = currentRow();
    // The current marker is drawn on top and larger; then the others, the best (first rows) on top.
    if (const auto at = markerPosition(current); at && QLineF(*at, pos).length() <= r * 1.35)
        return current;
    for (const Marker& m : m_markers)
        if (QLineF(m_projection.toScreen(m.latitude, m.longitude), pos).length() <= r)
            return m.row;
    return -1;
}

void MapView::fitToContent()
{
    m_fitPending = false;
    m_projection.setViewport(QSizeF(size()));
    const double margin = markerRadius() * 2;
    if (!m_circle.isEmpty()) {
        double minX = m_circle.first().x(), maxX = minX, minY = m_circle.first().y(), maxY = minY;
        for (const QPointF& p : std::as_const(m_circle)) {
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y());
            maxY = std::max(maxY, p.y());
        }
        m_projection.fit(QRectF(QPointF(minX, minY), QPointF(maxX, maxY)), margin);
    } else if (m_centre) {
        m_projection.fit(QRectF(m_centre->longitude() - 0.5, m_centre->latitude() - 0.5, 1, 1), margin);
    } else if (!m_markers.empty()) {
        double minX = 180, maxX = -180, minY = 90, maxY = -90;
        for (const Marker& m : m_markers) {
            minX = std::min(minX, m.longitude);
            maxX = std::max(maxX, m.longitude);
            minY = std::min(minY, m.latitude);
            maxY = std::max(maxY, m.latitude);
        }
        m_projection.fit(QRectF(QPointF(minX - 0.5, minY - 0.5), QPointF(maxX + 0.5, maxY + 0.5)), margin);
    } else {
        m_projection.setZoom(MapProjection::kMinZoom);
        m_projection.setCentre(20, 10);
    }
    update();
}

void MapView::loadOutlinesNow()
{
    m_atlas = &WorldAtlas::instance();
    m_outlines.clear();
    update();
}

void MapView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_projection.setViewport(QSizeF(size()));
    if (m_fitPending && width() > 1 && height() > 1) {
        fitToContent();
        m_fitPending = false;
    }
    if (m_atlas || m_loading)
        return;
    // Read once per process, on a worker thread: the first showing never waits for it.
    m_loading = new QFutureWatcher<const WorldAtlas*>(this);
    connect(m_loading, &QFutureWatcher<const WorldAtlas*>::finished, this, [this] {
        m_atlas = m_loading->result();
        m_loading->deleteLater();
        m_loading = nullptr;
        m_outlines.clear();
        update();
        emit outlinesLoaded();
    });
    m_loading->setFuture(QtConcurrent::run([] { return &WorldAtlas::instance(); }));
}

void MapView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_projection.setViewport(QSizeF(size()));
    if (m_fitPending && isVisible() && width() > 1 && height() > 1) {
        fitToContent();
        m_fitPending = false;
    }
}

// The outlines in the world pixels of an integer zoom level, points closer than half a pixel to
// the one before dropped (at the world's scale most of the data would fall on the same pixel).
const QList<MapView::Outline>& MapView::outlinesAtLevel(int level)
{
    if (const auto it = m_outlines.constFind(level); it != m_outlines.constEnd())
        return *it;
    if (m_outlines.size() >= kMaxCachedLevels)
        m_outlines.clear();
    QList<Outline> outlines;
    const double width = MapProjection::kTileSize * std::exp2(level);
    const QList<WorldAtlas::Country>& countries = m_atlas->countries();
    outlines.reserve(countries.size());
    for (qsizetype c = 0; c < countries.size(); ++c) {
        QPainterPath path;
        for (const QList<QPointF>& ring : countries.at(c).rings) {
            QPointF last = MapProjection::toUnitWorld(ring.first().y(), ring.first().x()) * width;
            path.moveTo(last);
            for (qsizetype i = 1; i < ring.size(); ++i) {
                const QPointF p = MapProjection::toUnitWorld(ring.at(i).y(), ring.at(i).x()) * width;
                if (std::abs(p.x() - last.x()) + std::abs(p.y() - last.y()) >= 0.5 || i == ring.size() - 1) {
                    path.lineTo(p);
                    last = p;
                }
            }
            path.closeSubpath();
        }
        outlines.append({path, path.boundingRect(), m_atlas->colours().value(c, 0)});
    }
    return *m_outlines.insert(level, outlines);
}

void MapView::paintOutlines(QPainter& painter)
{
    if (!m_atlas)
        return;
    const int level = int(std::floor(m_projection.zoom()));
    const QList<Outline>& outlines = outlinesAtLevel(level);
    const double scale = m_projection.worldWidth() / (MapProjection::kTileSize * std::exp2(level));
    const QPointF origin = m_projection.worldToScreen(QPointF(0, 0));
    const double w = m_projection.worldWidth();
    // Neighbouring countries in different light tints of the text colour, borders darker.
    const QColor base = palette().color(QPalette::Base), text = palette().color(QPalette::Text);
    const double tints[WorldAtlas::kColours] = {0.06, 0.14, 0.10, 0.18, 0.08};
    const QPen border(mix(base, text, 0.5), 0); // cosmetic: one pixel at any zoom
    for (const double offset : m_projection.copyOffsets(QRectF(0, 0, w, w))) {
        painter.save();
        painter.translate(origin + QPointF(offset, 0));
        painter.scale(scale, scale);
        painter.setPen(border);
        // The view in this level's world pixels, for this copy.
        const QRectF view = painter.transform().inverted().mapRect(QRectF(rect()));
        for (const Outline& o : outlines)
            if (o.bounds.intersects(view)) {
                painter.setBrush(mix(base, text, tints[o.colour]));
                painter.drawPath(o.path);
            }
        painter.restore();
    }
}

void MapView::paintSearchArea(QPainter& painter)
{
    if (!m_centre)
        return;
    const QColor accent = radiusColour();
    if (!m_circle.isEmpty()) {
        QPainterPath ring;
        for (const QPointF& p : std::as_const(m_circle)) {
            const QPointF world = m_projection.toWorld(p.y(), p.x());
            ring.elementCount() == 0 ? ring.moveTo(world) : ring.lineTo(world);
        }
        ring.closeSubpath();
        QColor fill = accent;
        fill.setAlphaF(0.10f);
        QPen pen(accent, 2, Qt::DashLine);
        pen.setCosmetic(true);
        const QPointF origin = m_projection.worldToScreen(QPointF(0, 0));
        for (const double offset : m_projection.copyOffsets(ring.boundingRect())) {
            painter.save();
            painter.translate(origin + QPointF(offset, 0));
            painter.setPen(pen);
            painter.setBrush(fill);
            painter.drawPath(ring);
            painter.restore();
        }
    }
    // The person's place: a diamond, with words over it (paintPersonsPlaceLabel), not a colour alone.
    const QPointF at = m_projection.toScreen(m_centre->latitude(), m_centre->longitude());
    const double r = markerRadius() * 0.8;
    const QPolygonF diamond{at + QPointF(0, -r), at + QPointF(r, 0), at + QPointF(0, r), at + QPointF(-r, 0)};
    painter.setPen(QPen(palette().color(QPalette::Base), 2));
    painter.setBrush(palette().color(QPalette::Text));
    painter.drawPolygon(diamond);
}

void MapView::paintPersonsPlaceLabel(QPainter& painter)
{
    // Above the markers, which crowd round a city's centre: the words over the diamond.
    if (!m_centre)
        return;
    const QPointF at = m_projection.toScreen(m_centre->latitude(), m_centre->longitude());
    const QString label = tr("The person's place");
    const QRectF box = QFontMetricsF(font()).boundingRect(label).adjusted(-3, -1, 3, 1);
    const QRectF placed = box.translated(at - QPointF(box.center().x(), box.bottom() + markerRadius() * 1.6));
    painter.setFont(font());
    painter.setPen(Qt::NoPen);
    QColor back = palette().color(QPalette::Base);
    back.setAlphaF(0.85f);
    painter.setBrush(back);
    painter.drawRoundedRect(placed, 3, 3);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(placed, Qt::AlignCenter, label);
}

const QPixmap& MapView::markerSprite(int score)
{
    if (const auto it = m_sprites.constFind(score); it != m_sprites.constEnd())
        return *it;
    const double r = markerRadius();
    const double dpr = devicePixelRatioF();
    const int side = int(std::ceil(2 * r + 4));
    QPixmap sprite(QSize(side, side) * dpr);
    sprite.setDevicePixelRatio(dpr);
    sprite.fill(Qt::transparent);
    QPainter p(&sprite);
    p.setRenderHint(QPainter::Antialiasing);
    QFont bold = font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 0.85);
    p.setFont(bold);
    const QPointF centre(side / 2.0, side / 2.0);
    p.setPen(QPen(palette().color(QPalette::Base), 1.5));
    p.setBrush(palette().color(QPalette::Highlight));
    p.drawEllipse(centre, r, r);
    p.setPen(palette().color(QPalette::HighlightedText));
    p.drawText(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), Qt::AlignCenter, QString::number(score));
    p.end();
    return *m_sprites.insert(score, sprite);
}

void MapView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        m_sprites.clear();
    QWidget::changeEvent(event);
}

void MapView::paintMarker(QPainter& painter, const Marker& marker, const QPointF& at, bool current)
{
    if (!current) { // the common case, thousands of times: a ready-made picture
        const QPixmap& sprite = markerSprite(marker.score);
        const QSizeF size = QSizeF(sprite.size()) / sprite.devicePixelRatio();
        painter.drawPixmap(at - QPointF(size.width() / 2, size.height() / 2), sprite);
        return;
    }
    const double r = markerRadius() * 1.35;
    const QColor fill = palette().color(QPalette::Highlight);
    painter.setPen(current ? QPen(palette().color(QPalette::Text), 3) : QPen(palette().color(QPalette::Base), 1.5));
    painter.setBrush(fill);
    painter.drawEllipse(at, r, r);
    painter.setPen(palette().color(QPalette::HighlightedText));
    painter.drawText(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r), Qt::AlignCenter, QString::number(marker.score));
    if (!m_model)
        return;
    painter.setFont(font());
    const QString name = m_model->index(marker.row, 0).data(MatchResultsModel::NameRole).toString();
    const QRectF box = QFontMetricsF(font()).boundingRect(name).adjusted(-4, -2, 4, 2);
    const QRectF placed = box.translated(at + QPointF(r + 5, -box.center().y()));
    painter.setPen(QPen(palette().color(QPalette::Text), 1));
    painter.setBrush(palette().color(QPalette::Base));
    painter.drawRoundedRect(placed, 3, 3);
    painter.drawText(placed, Qt::AlignCenter, name);
}

void MapView::paintMarkers(QPainter& painter)
{
    QFont bold = font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 0.85);
    painter.setFont(bold);
    const double r = markerRadius();
    const QRectF visible = QRectF(rect()).adjusted(-r, -r, r, r);
    const int current = currentRow();
    const Marker* currentMarker = nullptr;
    // Last rows first, so the best results lie on top.
    for (auto it = m_markers.crbegin(); it != m_markers.crend(); ++it) {
        if (it->row == current) {
            currentMarker = &*it;
            continue;
        }
        const QPointF at = m_projection.toScreen(it->latitude, it->longitude);
        if (visible.contains(at))
            paintMarker(painter, *it, at, false);
    }
    if (currentMarker)
        paintMarker(painter, *currentMarker, m_projection.toScreen(currentMarker->latitude, currentMarker->longitude),
                    true);
    painter.setFont(font());
}

void MapView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), mix(palette().color(QPalette::Base), QColor(70, 140, 200), 0.35)); // the sea
    painter.setRenderHint(QPainter::Antialiasing);
    paintOutlines(painter);
    paintSearchArea(painter);
    paintMarkers(painter);
    paintPersonsPlaceLabel(painter);
    if (hasFocus()) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
    }
}

void MapView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_pressedAt = event->position();
    m_dragged = false;
    setCursor(Qt::ClosedHandCursor);
}

void MapView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_pressedAt)
        return QWidget::mouseMoveEvent(event);
    const QPointF delta = event->position() - *m_pressedAt;
    if (!m_dragged && delta.manhattanLength() < QApplication::startDragDistance())
        return;
    m_dragged = true;
    m_projection.panBy(delta);
    m_pressedAt = event->position();
    update();
}

void MapView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_pressedAt)
        return QWidget::mouseReleaseEvent(event);
    setCursor(Qt::OpenHandCursor);
    const bool click = !m_dragged;
    m_pressedAt.reset();
    m_dragged = false;
    if (!click || !m_model || !m_selection)
        return;
    if (const int row = markerAt(event->position()); row >= 0)
        m_selection->setCurrentIndex(m_model->index(row, 0), QItemSelectionModel::ClearAndSelect);
}

void MapView::wheelEvent(QWheelEvent* event)
{
    // A notch (120) is half a zoom level: fine enough to stop where wanted.
    m_projection.zoomBy(event->angleDelta().y() / 240.0, event->position());
    update();
    event->accept();
}

void MapView::keyPressEvent(QKeyEvent* event)
{
    const double stepX = width() / 6.0, stepY = height() / 6.0;
    const QPointF centre(width() / 2.0, height() / 2.0);
    switch (event->key()) {
    case Qt::Key_Left:
        m_projection.panBy(QPointF(stepX, 0));
        break;
    case Qt::Key_Right:
        m_projection.panBy(QPointF(-stepX, 0));
        break;
    case Qt::Key_Up:
        m_projection.panBy(QPointF(0, stepY));
        break;
    case Qt::Key_Down:
        m_projection.panBy(QPointF(0, -stepY));
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        m_projection.zoomBy(1, centre);
        break;
    case Qt::Key_Minus:
        m_projection.zoomBy(-1, centre);
        break;
    default:
        return QWidget::keyPressEvent(event);
    }
    update();
}

bool MapView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip && m_model) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (const int row = markerAt(help->pos()); row >= 0) {
            const QModelIndex index = m_model->index(row, 0);
            QToolTip::showText(help->globalPos(),
                               tr("%1 — score %2 of 100")
                                   .arg(index.data(MatchResultsModel::NameRole).toString())
                                   .arg(std::lround(index.data(MatchResultsModel::ScoreRole).toDouble())),
                               this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace htmse
