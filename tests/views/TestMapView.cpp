#include "common/TemporaryWorkspace.h"
#include "common/ViewFixtures.h"
#include "itemmodels/MatchResultsModel.h"
#include "translations/Translations.h"
#include "views/ProfessionalDetailsView.h"
#include "views/expertwitness/ExpertWitnessPage.h"
#include "views/findhelp/FindHelpPage.h"
#include "views/findhelp/NeedsTree.h"
#include "views/map/MapView.h"
#include "views/map/ResultsMap.h"

#include <QAbstractItemModelTester>
#include <QAbstractSocket>
#include <QApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

#include <atomic>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
// Records every time anything in the process asks which proxy to use: Qt asks before every
// connection a QTcpSocket or a QNetworkAccessManager makes, so a map that fetched a tile or
// looked up a place would be seen here.
class RecordingProxyFactory : public QNetworkProxyFactory
{
public:
    static inline std::atomic<int> asked = 0;
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery&) override
    {
        ++asked;
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    }
};

const GeoPoint kBradford(53.7950, -1.7594);
const GeoPoint kYork(53.9590, -1.0815);

MatchResult result(const QString& name, double score, std::optional<GeoPoint> place, bool confidential = false)
{
    MatchResult r;
    r.id = QUuid::createUuid();
    r.name = name;
    r.score = score;
    r.place = place;
    r.placeConfidential = confidential;
    return r;
}

bool nearColour(const QColor& a, const QColor& b)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) < 24;
}
} // namespace

class TestMapView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void markersShowScoresAndConfidentialPlacesAreNeverDrawn();
    void clickOnAMarkerSelectsTheRow();
    void selectingInTheListHighlightsAndBringsIntoView();
    void dateLineNeighboursAreDrawnSideBySide();
    void panAndZoomByKeyboardWheelAndDrag();
    void findHelpShowsTheResultsOnAMap();
    void expertWitnessesOnAMap();
    void noNetworkAccessIsAttempted(); // last: after every other test has painted and clicked

private:
    void showMap(const QList<MatchResult>& results, std::optional<GeoPoint> centre, double radiusKm);
    QColor markerFill() const { return m_map->palette().color(QPalette::Highlight); }

    std::unique_ptr<MatchResultsModel> m_model;
    std::unique_ptr<QItemSelectionModel> m_selection;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<MapView> m_map;
};

void TestMapView::initTestCase()
{
    installTranslations();
    QNetworkProxyFactory::setApplicationProxyFactory(new RecordingProxyFactory);
}

void TestMapView::init()
{
    m_model = std::make_unique<MatchResultsModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_selection = std::make_unique<QItemSelectionModel>(m_model.get());
    m_map = std::make_unique<MapView>();
    m_map->setModel(m_model.get());
    m_map->setSelectionModel(m_selection.get());
    m_map->resize(640, 420);
}

void TestMapView::cleanup()
{
    m_map.reset();
    m_selection.reset();
    m_tester.reset();
    m_model.reset();
}

void TestMapView::showMap(const QList<MatchResult>& results, std::optional<GeoPoint> centre, double radiusKm)
{
    m_map->setSearchArea(centre, radiusKm);
    m_model->setResults(results);
    m_map->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_map.get()));
    if (!m_map->outlinesReady()) {
        QSignalSpy loaded(m_map.get(), &MapView::outlinesLoaded);
        QVERIFY(loaded.wait());
    }
}

void TestMapView::markersShowScoresAndConfidentialPlacesAreNeverDrawn()
{
    showMap({result(u"Abeba"_s, 92, test::kLeeds), result(u"Bilal"_s, 80, kYork),
             result(u"Shelter"_s, 75, std::nullopt, true), result(u"Remote"_s, 60, std::nullopt)},
            test::kLeeds, 50);
    QCOMPARE(m_map->markerCount(), 2);
    QVERIFY2(m_map->hiddenSummary().contains(u"2 results not on the map"_s), qPrintable(m_map->hiddenSummary()));
    QVERIFY(m_map->hiddenSummary().contains(u"1 at a confidential address"_s));
    QVERIFY(m_map->hiddenSummary().contains(u"1 with no place of service"_s));
    QVERIFY(!m_map->markerPosition(2) && !m_map->markerPosition(3));

    const QImage shot = m_map->grab().toImage();
    const auto abeba = m_map->markerPosition(0);
    QVERIFY(abeba && QRectF(m_map->rect()).contains(*abeba));
    QCOMPARE(m_map->markerAt(*abeba), 0);
    // A drawn marker is filled with the marker colour (above its number)...
    const QFontMetricsF fm(m_map->font());
    const double r = std::max(fm.height(), fm.horizontalAdvance(u"100"_s)) * 0.62;
    QVERIFY(nearColour(shot.pixelColor((*abeba + QPointF(-0.6 * r, -0.6 * r)).toPoint()), markerFill()));
    // ... and nothing of the kind is drawn where the shelter really is (Bradford), nor can it be hit.
    const QPointF bradford = m_map->projection().toScreen(kBradford.latitude(), kBradford.longitude());
    QVERIFY(QRectF(m_map->rect()).contains(bradford));
    QVERIFY(QLineF(bradford, *abeba).length() > 2 * r);
    QCOMPARE(m_map->markerAt(bradford), -1);
    for (int dx = -4; dx <= 4; ++dx)
        for (int dy = -4; dy <= 4; ++dy)
            QVERIFY(!nearColour(shot.pixelColor(bradford.toPoint() + QPoint(dx, dy)), markerFill()));
}

void TestMapView::clickOnAMarkerSelectsTheRow()
{
    showMap({result(u"Abeba"_s, 92, test::kLeeds), result(u"Bilal"_s, 80, kYork)}, test::kLeeds, 80);
    const auto york = m_map->markerPosition(1);
    QVERIFY(york);
    QTest::mouseClick(m_map.get(), Qt::LeftButton, {}, york->toPoint());
    QCOMPARE(m_selection->currentIndex().row(), 1);
    QVERIFY(m_selection->isRowSelected(1));
    QCOMPARE(m_map->currentRow(), 1);
    // A click on empty sea or land selects nothing new.
    QTest::mouseClick(m_map.get(), Qt::LeftButton, {}, QPoint(5, 5));
    QCOMPARE(m_selection->currentIndex().row(), 1);
}

void TestMapView::selectingInTheListHighlightsAndBringsIntoView()
{
    QListView list;
    list.setModel(m_model.get());
    list.setSelectionModel(m_selection.get());
    showMap({result(u"Abeba"_s, 92, test::kLeeds), result(u"Bilal"_s, 80, kYork)}, test::kLeeds, 80);
    // Look elsewhere (Lagos), so York is far out of view.
    m_map->projection().setCentre(6.45, 3.39);
    QVERIFY(!QRectF(m_map->rect()).contains(*m_map->markerPosition(1)));
    list.setCurrentIndex(m_model->index(1));
    QCOMPARE(m_map->currentRow(), 1);
    const QPointF york = *m_map->markerPosition(1);
    QVERIFY(QRectF(m_map->rect()).contains(york));
    // Highlighted: the current marker is drawn larger, so it is hit further from its centre.
    const QFontMetricsF fm(m_map->font());
    const double r = std::max(fm.height(), fm.horizontalAdvance(u"100"_s)) * 0.62;
    QCOMPARE(m_map->markerAt(york + QPointF(r * 1.25, 0)), 1);
    list.setCurrentIndex(m_model->index(0));
    QCOMPARE(m_map->markerAt(york + QPointF(r * 1.25, 0)), -1);
}

void TestMapView::dateLineNeighboursAreDrawnSideBySide()
{
    showMap({result(u"East"_s, 90, GeoPoint(-17.8, 179.9)), result(u"West"_s, 85, GeoPoint(-17.8, -179.9))},
            GeoPoint(-17.8, 180.0), 100);
    const QPointF east = *m_map->markerPosition(0);
    const QPointF west = *m_map->markerPosition(1);
    const QRectF view(m_map->rect());
    QVERIFY(view.contains(east) && view.contains(west));
    const double expected = 0.2 / 360.0 * m_map->projection().worldWidth();
    QVERIFY2(std::abs(west.x() - east.x() - expected) < 1.0,
             qPrintable(u"%1 apart, %2 expected"_s.arg(west.x() - east.x()).arg(expected)));
    // The radius crosses the line: its ring is drawn on both sides of the middle (a dashed pen of its own colour).
    const QImage shot = m_map->grab().toImage();
    int left = 0, right = 0;
    for (int y = 0; y < shot.height(); ++y)
        for (int x = 0; x < shot.width(); ++x)
            if (nearColour(shot.pixelColor(x, y), MapView::radiusColour()))
                (x < shot.width() / 2 ? left : right) += 1;
    QVERIFY2(left > 20 && right > 20, qPrintable(u"%1 left, %2 right"_s.arg(left).arg(right)));
}

void TestMapView::panAndZoomByKeyboardWheelAndDrag()
{
    showMap({result(u"Abeba"_s, 92, test::kLeeds)}, test::kLeeds, 50);
    QVERIFY(!m_map->accessibleName().isEmpty());
    QCOMPARE(m_map->focusPolicy(), Qt::StrongFocus);
    m_map->setFocus();
    const double zoom = m_map->projection().zoom();
    QTest::keyClick(m_map.get(), Qt::Key_Plus);
    QCOMPARE(m_map->projection().zoom(), zoom + 1);
    QTest::keyClick(m_map.get(), Qt::Key_Minus);
    QCOMPARE(m_map->projection().zoom(), zoom);
    const double lon = m_map->projection().centreLongitude();
    QTest::keyClick(m_map.get(), Qt::Key_Left);
    QVERIFY(m_map->projection().centreLongitude() < lon);
    QTest::keyClick(m_map.get(), Qt::Key_Right);
    QVERIFY(std::abs(m_map->projection().centreLongitude() - lon) < 1e-9);
    const double lat = m_map->projection().centreLatitude();
    QTest::keyClick(m_map.get(), Qt::Key_Up);
    QVERIFY(m_map->projection().centreLatitude() > lat);

    QWheelEvent wheel(QPointF(320, 210), m_map->mapToGlobal(QPointF(320, 210)), {}, QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(m_map.get(), &wheel);
    QCOMPARE(m_map->projection().zoom(), zoom + 1);

    // A drag moves the map with the pointer and selects nothing.
    const QPointF under = m_map->projection().toGeo(QPointF(200, 200));
    QTest::mousePress(m_map.get(), Qt::LeftButton, {}, QPoint(200, 200));
    QTest::mouseMove(m_map.get(), QPoint(260, 230));
    QTest::mouseMove(m_map.get(), QPoint(300, 250));
    QTest::mouseRelease(m_map.get(), Qt::LeftButton, {}, QPoint(300, 250));
    const QPointF moved = m_map->projection().toGeo(QPointF(300, 250));
    QVERIFY(std::abs(moved.x() - under.x()) < 1e-6 && std::abs(moved.y() - under.y()) < 1e-6);
    QVERIFY(!m_selection->currentIndex().isValid());
}

void TestMapView::findHelpShowsTheResultsOnAMap()
{
    test::TemporaryWorkspace workspace;
    QVERIFY(test::fillDirectory(*workspace));
    // A shelter's immigration adviser at a confidential address in Bradford.
    Professional shelter = test::professional(u"Sara Testshelter"_s, u"lawyer"_s, {u"legal.immigration"_s}, {u"tir"_s},
                                              u"Bradford"_s, kBradford);
    shelter.locations.first().confidential = true;
    QString error;
    QVERIFY2(workspace->directory().upsert({shelter}, {}, &error), qPrintable(error));
    workspace->directoryReplaced();

    FindHelpPage page;
    page.resize(1400, 800);
    page.show();
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    page.setWorkspace(workspace.get());
    auto* radius = page.findChild<QSpinBox*>(u"radiusBox"_s);
    radius->setFocus();
    radius->selectAll();
    QTest::keyClicks(radius, u"100"_s);
    auto* place = page.findChild<QLineEdit*>(u"placeEdit"_s);
    place->setFocus();
    QTest::keyClicks(place, u"Leeds"_s);
    QTest::keyClick(place, Qt::Key_Escape);
    QTest::keyClick(place, Qt::Key_Return);
    auto* tree = page.findChild<NeedsTree*>(u"needsTree"_s);
    for (QTreeWidgetItemIterator it(tree); *it; ++it)
        if ((*it)->data(0, Qt::UserRole + 1).toString() == "legal.immigration"_L1) {
            tree->setFocus();
            tree->setCurrentItem(*it);
            QTest::keyClick(tree, Qt::Key_Space);
        }
    // Abeba and Chidi (Leeds) and Sara (Bradford); Berhane is in London, beyond 100 km.
    QTRY_COMPARE(page.resultsModel()->rowCount(), 3);
    // The map is the second tab, reached by its access key.
    QTest::keyClick(&page, Qt::Key_O, Qt::AltModifier);
    QCOMPARE(page.resultsTabs()->currentWidget(), page.resultsMap());
    MapView* map = page.resultsMap()->map();
    QTRY_VERIFY(map->isVisible() && map->outlinesReady());
    int shelterRow = -1;
    for (int row = 0; row < page.resultsModel()->rowCount(); ++row)
        if (page.resultsModel()->index(row).data(MatchResultsModel::NameRole) == u"Sara Testshelter"_s)
            shelterRow = row;
    QVERIFY(shelterRow >= 0);
    QVERIFY(page.resultsModel()->index(shelterRow).data(MatchResultsModel::PlaceConfidentialRole).toBool());
    QVERIFY(!page.resultsModel()->index(shelterRow).data(MatchResultsModel::LatitudeRole).isValid());
    QCOMPARE(map->markerCount(), page.resultsModel()->rowCount() - 1);
    QVERIFY(!map->markerPosition(shelterRow));
    // Nothing is drawn where the shelter really is, and nothing there can be clicked.
    const QPointF bradford = map->projection().toScreen(kBradford.latitude(), kBradford.longitude());
    QVERIFY(QRectF(map->rect()).contains(bradford));
    QCOMPARE(map->markerAt(bradford), -1);
    const QImage shot = map->grab().toImage();
    const QColor fill = map->palette().color(QPalette::Highlight);
    for (int dx = -4; dx <= 4; ++dx)
        for (int dy = -4; dy <= 4; ++dy)
            QVERIFY(!nearColour(shot.pixelColor(bradford.toPoint() + QPoint(dx, dy)), fill));
    QTRY_VERIFY(page.resultsMap()->note()->isVisible());
    QVERIFY2(page.resultsMap()->note()->text().contains(u"1 result not on the map: 1 at a confidential address"_s),
             qPrintable(page.resultsMap()->note()->text()));
    // A click on a marker selects that result in the list, and the details show it.
    const int other = shelterRow == 0 ? 1 : 0;
    const QString name = page.resultsModel()->index(other).data(MatchResultsModel::NameRole).toString();
    page.resultsView()->clearSelection();
    page.resultsView()->selectionModel()->clearCurrentIndex();
    QTest::mouseClick(map, Qt::LeftButton, {}, map->markerPosition(other)->toPoint());
    QCOMPARE(page.resultsView()->currentIndex().row(), other);
    QVERIFY(page.detailsView()->toPlainText().contains(name));
    page.setWorkspace(nullptr); // lock: the map lets go of everything
    QCOMPARE(map->markerCount(), 0);
    QVERIFY(map->hiddenSummary().isEmpty());
}

void TestMapView::expertWitnessesOnAMap()
{
    test::TemporaryWorkspace workspace;
    QVERIFY(test::fillDirectory(*workspace));
    ExpertWitnessPage page;
    page.resize(1400, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setWorkspace(workspace.get());
    QTRY_VERIFY(page.resultsModel()->rowCount() == 3); // the three expert witnesses
    page.resultsTabs()->setCurrentIndex(1);
    MapView* map = page.resultsMap()->map();
    QTRY_VERIFY(map->isVisible());
    QCOMPARE(map->markerCount(), 3);
    page.resultsView()->setCurrentIndex(page.resultsModel()->index(2));
    QCOMPARE(map->currentRow(), 2);
    QVERIFY(QRectF(map->rect()).contains(*map->markerPosition(2)));
}

void TestMapView::noNetworkAccessIsAttempted()
{
    // Every test before this one painted maps, loaded the outlines, clicked, dragged and zoomed.
    showMap({result(u"Abeba"_s, 92, test::kLeeds)}, test::kLeeds, 50);
    m_map->repaint();
    QCOMPARE(RecordingProxyFactory::asked.load(), 0);
    for (QWidget* w : QApplication::allWidgets()) {
        QVERIFY(w->findChildren<QNetworkAccessManager*>().isEmpty());
        QVERIFY(w->findChildren<QAbstractSocket*>().isEmpty());
    }
    QVERIFY(qApp->findChildren<QNetworkAccessManager*>().isEmpty());
    // The recorder is the one Qt asks before any connection (so the zero above means something);
    // asked here directly, as QTcpSocket and QNetworkAccessManager ask it, without a packet sent.
    QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(QUrl(u"https://tiles.example.org/5/15/10.png"_s)));
    QCOMPARE(RecordingProxyFactory::asked.load(), 1);
}

QTEST_MAIN(TestMapView)
#include "TestMapView.moc"
