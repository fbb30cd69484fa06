// Map benchmark: MapView painting the country outlines, a search radius and N result markers
// (1,000 and 10,000, spread over the view) into an offscreen image, at a city's zoom and the
// world's. Prints the first paint at a zoom level (outlines projected and cached for it) and the
// median and 95th percentile of the paints after it. Figures only; nothing is asserted.
//   benchmap                    (QT_QPA_PLATFORM=offscreen is set here)
#include "BenchUtil.h"
#include "itemmodels/MatchResultsModel.h"
#include "views/map/MapView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QItemSelectionModel>

#include <cmath>
#include <cstdio>

using namespace htmse;
using namespace htmse::bench;
using namespace Qt::StringLiterals;

namespace {
QList<MatchResult> results(int count, const GeoPoint& around, double spreadDegrees)
{
    QList<MatchResult> out;
    std::uint32_t x = 2463534242u;
    const auto next = [&x] { // xorshift32: the same points on every run
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return double(x) / 4294967296.0;
    };
    for (int i = 0; i < count; ++i) {
        MatchResult r;
        r.id = QUuid::createUuid();
        r.name = u"Professional %1"_s.arg(i);
        r.score = 100.0 * (count - i) / count;
        r.place = GeoPoint(std::clamp(around.latitude() + (next() - 0.5) * spreadDegrees, -85.0, 85.0),
                           std::remainder(around.longitude() + (next() - 0.5) * spreadDegrees * 1.6, 360.0));
        out.append(r);
    }
    return out;
}

void measure(MapView& map, const char* label)
{
    QImage image(map.size(), QImage::Format_ARGB32_Premultiplied);
    QElapsedTimer t;
    t.start();
    map.render(&image);
    const double first = ms(t);
    std::vector<double> times;
    for (int i = 0; i < 25; ++i) {
        t.restart();
        map.render(&image);
        times.push_back(ms(t));
    }
    const Percentiles p = percentiles(times);
    std::printf("%-50s first %6.1f ms, then %6.1f ms median, %6.1f ms p95 per paint\n", label, first, p.median, p.p95);
}
} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    printCalibration();
    QElapsedTimer load;
    load.start();
    MapView probe;
    probe.loadOutlinesNow();
    std::printf("%-50s %10.1f ms\n", "atlas read and checked (once per process)", ms(load));

    const GeoPoint leeds(53.7997, -1.5492);
    for (const int count : {0, 1000, 10000}) {
        MatchResultsModel model;
        QItemSelectionModel selection(&model);
        MapView map;
        map.resize(1000, 700);
        map.loadOutlinesNow();
        map.setModel(&model);
        map.setSelectionModel(&selection);
        map.setSearchArea(leeds, 80);
        model.setResults(results(count, leeds, 2.0));
        selection.setCurrentIndex(model.index(0), QItemSelectionModel::ClearAndSelect);
        map.fitToContent();
        measure(map, qPrintable(u"around a city (80 km), %1 markers"_s.arg(count)));
        map.setSearchArea(std::nullopt, 0);
        model.setResults(results(count, GeoPoint(20, 10), 120.0));
        map.fitToContent();
        map.projection().setZoom(MapProjection::kMinZoom);
        measure(map, qPrintable(u"the whole world, %1 markers"_s.arg(count)));
    }
    return 0;
}
