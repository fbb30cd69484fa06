// Matching benchmark over the generator's 100,000 profiles: index build, match latency
// (3 needs, 2 languages, 100 km) as median and p95, and resident memory.
#include "BenchUtil.h"
#include "demo/DemoDirectoryGenerator.h"
#include "demo/Random.h"
#include "matching/MatchEngine.h"
#include "taxonomy/Gazetteer.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace htmse;
using namespace htmse::bench;
using namespace Qt::StringLiterals;

namespace {
long residentMiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong() / 1024;
    return 0;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const qsizetype n = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100'000;
    std::printf("HTMSE matching benchmark: %lld profiles\n\n", qlonglong(n));
    const auto directory = DemoDirectoryGenerator(n, 1).generate().professionals;
    const long before = residentMiB();

    QElapsedTimer t;
    t.start();
    MatchEngine engine;
    engine.setProfessionals(directory);
    const double build = ms(t);
    std::printf("%-50s %10.1f ms  (goal <= 1000)\n", "index build from the profiles", build);
    std::printf("%-50s %10ld MiB (process %ld MiB with the profiles held)\n", "index resident memory",
                residentMiB() - before, residentMiB());

    static const QStringList needs = {u"legal.immigration"_s, u"mental-health.trauma"_s,  u"shelter.emergency"_s,
                                      u"medical.general"_s,   u"interpretation.spoken"_s, u"legal"_s,
                                      u"casework"_s};
    static const QStringList languages = {u"eng"_s, u"tir"_s, u"vie"_s, u"sqi"_s, u"ron"_s, u"ara"_s, u"pol"_s};
    const auto cities = Gazetteer::instance().inCountry(u"GB");
    DemoRandom rng(9);
    std::vector<double> times;
    std::vector<double> counts;
    for (int i = 0; i < 300; ++i) {
        MatchQuery q;
        for (const QString& need : rng.sample(needs, 3))
            q.needs.append({need, true});
        q.languages = rng.sample(languages, 2);
        q.near = cities.at(qsizetype(rng.below(std::min<std::uint64_t>(60, std::uint64_t(cities.size())))))->point();
        q.radiusKm = 100;
        q.interpreterOk = rng.chance(0.5);
        q.limit = 20;
        t.restart();
        const auto results = engine.match(q);
        times.push_back(ms(t));
        counts.push_back(double(results.size()));
    }
    const Percentiles p = percentiles(times);
    std::printf("%-50s %10.2f ms median, %.2f ms p95  (goals <= 10, <= 20)\n",
                "match: 3 needs, 2 languages, 100 km, top 20", p.median, p.p95);
    std::printf("%-50s %10.1f\n", "results per query (median)", percentiles(counts).median);
    return 0;
}
