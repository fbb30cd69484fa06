// Domain benchmarks: demo generation, directory-file write/read with full validation, and
// gazetteer look-ups. Prints figures and ratios measured in this one run.
#include "BenchUtil.h"
#include "demo/DemoDirectoryGenerator.h"
#include "demo/Random.h"
#include "interchange/DirectoryFile.h"
#include "taxonomy/Gazetteer.h"
#include "taxonomy/TextFolding.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace htmse;
using namespace htmse::bench;
using namespace Qt::StringLiterals;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const qsizetype n = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100'000;
    std::printf("HTMSE domain benchmarks (%lld profiles)\n\n", qlonglong(n));
    printCalibration();
    std::printf("\n");

    // Reference data loads lazily; time it on its own.
    QElapsedTimer t;
    t.start();
    const Gazetteer& gazetteer = Gazetteer::instance();
    const double gazetteerLoad = ms(t);

    t.restart();
    const auto directory = DemoDirectoryGenerator(n, 1).generate();
    const double generate = ms(t);

    QByteArray file;
    QBuffer buffer(&file);
    buffer.open(QIODevice::WriteOnly);
    t.restart();
    DemoDirectoryGenerator(n, 1).write(&buffer, nullptr);
    const double generateAndWrite = ms(t);

    t.restart();
    const QJsonDocument plain = QJsonDocument::fromJson(file);
    const double parseOnly = ms(t);
    t.restart();
    const DirectoryFileContents contents = DirectoryFile::read(file);
    const double readValidated = ms(t);

    std::printf("%-44s %10s %14s\n", "step", "ms", "profiles/s");
    auto row = [n](const char* name, double msValue) {
        std::printf("%-44s %10.1f %14.0f\n", name, msValue, double(n) / (msValue / 1000.0));
    };
    row("generate (in memory)", generate);
    row("generate + write directory file", generateAndWrite);
    row("parse file (QJsonDocument only)", parseOnly);
    row("read file with full validation", readValidated);
    std::printf("\nfile size %.1f MB, %lld valid professionals, %lld problems\n", double(file.size()) / 1e6,
                qlonglong(contents.professionals.size()), qlonglong(contents.problems.size()));
    std::printf("ratio: validated read / plain parse = %.2fx\n", readValidated / parseOnly);
    Q_UNUSED(plain);

    // Gazetteer: as-you-type prefixes of real names (1-5 characters) and nearest-city queries.
    std::printf("\ngazetteer: %lld places loaded in %.1f ms\n", qlonglong(gazetteer.size()), gazetteerLoad);
    DemoRandom rng(5);
    const auto cities = gazetteer.inCountry(u"GB") + gazetteer.inCountry(u"NG") + gazetteer.inCountry(u"BR") +
                        gazetteer.inCountry(u"VN");
    std::vector<double> prefixUs;
    std::vector<double> nearestUs;
    for (int i = 0; i < 2000; ++i) {
        const auto* city = cities.at(qsizetype(rng.below(std::uint64_t(cities.size()))));
        const QString prefix = city->name.left(1 + int(rng.below(5)));
        t.restart();
        const auto hits = gazetteer.complete(prefix, {}, 10);
        prefixUs.push_back(double(t.nsecsElapsed()) / 1e3);
        Q_UNUSED(hits);
        const GeoPoint p(city->latitude + (rng.real() - 0.5), city->longitude + (rng.real() - 0.5));
        t.restart();
        const auto* near = gazetteer.nearest(p);
        nearestUs.push_back(double(t.nsecsElapsed()) / 1e3);
        Q_UNUSED(near);
    }
    const Percentiles prefix = percentiles(prefixUs);
    const Percentiles nearest = percentiles(nearestUs);
    std::printf("%-44s %10s %10s\n", "query", "median us", "p95 us");
    std::printf("%-44s %10.1f %10.1f\n", "prefix completion, top 10", prefix.median, prefix.p95);
    std::printf("%-44s %10.1f %10.1f\n", "nearest city (linear scan)", nearest.median, nearest.p95);
    return 0;
}
