// benchsync: an initial sync end to end against a real htmse-server on loopback (embedded SQLite
// store), through SyncController into an encrypted profile with the matching engine loaded (so the
// engine is updated page by page): profiles/s, bytes received, peak resident memory, the longest
// the event loop was held (a lag probe ticking every 5 ms), then an idle sync and a sync of 100
// new profiles. Figures only; nothing is asserted.
//
//   HTMSE_SERVER=.../htmse-server benchsync [PROFILES (default 20000)] [PAGE LIMIT (default 500)]
#include "BenchUtil.h"
#include "common/RunProcess.h"
#include "common/ServerProcess.h"
#include "common/TemporaryWorkspace.h"
#include "common/TestBackend.h"
#include "session/SyncController.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace htmse;

namespace {

const QByteArray kPassword = "a long benchmark password";

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

struct Run
{
    SyncOutcome outcome;
    double wallMs = 0;
    double longestStallMs = 0;
};

Run syncOnce(ProfileWorkspace& workspace, const QUrl& server, int pageLimit, bool password)
{
    SyncController controller(workspace);
    controller.setServer(server, u"bench"_s);
    SyncSettings tuning;
    tuning.pageLimit = pageLimit;
    tuning.pullPublications = false;
    controller.setTuning(tuning);
    Run run;
    QEventLoop loop;
    QObject::connect(&controller, &SyncController::finished, &loop, [&](const SyncOutcome& o) {
        run.outcome = o;
        loop.quit();
    });
    // The lag probe: how late a 5 ms timer fires tells how long the loop was held.
    QElapsedTimer sinceTick;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, &loop, [&] {
        run.longestStallMs = std::max(run.longestStallMs, bench::ms(sinceTick) - 5.0);
        sinceTick.restart();
    });
    QElapsedTimer wall;
    wall.start();
    sinceTick.start();
    probe.start(5);
    std::optional<SecureBytes> secret;
    if (password)
        secret = SecureBytes::copyOf(kPassword);
    controller.syncNow(std::move(secret));
    loop.exec();
    run.wallMs = bench::ms(wall);
    return run;
}

void print(const char* what, const Run& r)
{
    std::printf("%-50s %10.1f ms  %s, %d profiles, %lld bytes received, event loop held at most %.1f ms\n", what,
                r.wallMs, qPrintable(r.outcome.outcomeWord()), r.outcome.pulledProfiles,
                static_cast<long long>(r.outcome.bytesReceived), r.longestStallMs);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int profiles = argc > 1 ? std::max(1, atoi(argv[1])) : 20'000;
    const int pageLimit = argc > 2 ? std::clamp(atoi(argv[2]), 1, 1000) : 500;
    const QString server = qEnvironmentVariable("HTMSE_SERVER");
    bench::printCalibration();
    test::TestBackend backend;
    if (const QString problem = backend.setUp(); !problem.isEmpty())
        qFatal("%s", qPrintable(problem));
    const QStringList store = backend.storeArguments();
    const auto admin = [&](const QStringList& args, const QByteArray& input = {}) {
        const test::Run r = test::runProcess(server, args + store, input, 1'800'000);
        if (r.exitCode != 0)
            qFatal("%s: %s", qPrintable(args.first()), r.err.constData());
    };
    QElapsedTimer t;
    t.start();
    admin({u"seed"_s, u"--profiles"_s, QString::number(profiles), u"--seed"_s, u"1"_s});
    admin({u"create-org"_s, u"--name"_s, u"Bench"_s});
    admin({u"create-user"_s, u"--org"_s, u"Bench"_s, u"--user"_s, u"bench"_s, u"--role"_s, u"caseworker"_s},
          kPassword + '\n');
    std::printf("seeded %d profiles in %.1f s\n", profiles, double(t.elapsed()) / 1000.0);
    test::ServerProcess process;
    if (!process.start(server, store + QStringList{u"--rate-limit-ip"_s, u"0"_s, u"--rate-limit-token"_s, u"0"_s}))
        qFatal("the server did not start: %s", process.log().constData());

    test::TemporaryWorkspace workspace;
    workspace->loadIndexes(); // as the desktop does right after unlock: the engine follows each page
    const double rssBefore = peakRssMiB();
    const Run initial = syncOnce(*workspace, process.url(), pageLimit, true);
    print(qPrintable(u"initial sync, pages of %1"_s.arg(pageLimit)), initial);
    std::printf("%-50s %10.0f profiles/s; peak RSS %.0f MiB (%.0f MiB before the sync)\n", "  throughput",
                initial.outcome.pulledProfiles / (initial.wallMs / 1000.0), peakRssMiB(), rssBefore);
    print("idle sync (nothing changed)", syncOnce(*workspace, process.url(), pageLimit, false));
    admin({u"seed"_s, u"--profiles"_s, u"100"_s, u"--seed"_s, u"2"_s});
    print("sync after 100 new profiles", syncOnce(*workspace, process.url(), pageLimit, false));
    std::printf("%-50s %10lld profiles in the engine\n", "after the syncs",
                static_cast<long long>(workspace->matchEngine().size()));
    return 0;
}
