// Import benchmark: the generator's directory file into an encrypted profile, the way a person
// does it (`htmse-cli directory import` as a process: wall time, profiles/s, peak resident
// memory), and where the time goes (reading and checking the records; storing them, keyed and
// unkeyed).
//   benchimport [PROFILES]          (HTMSE_CLI: the htmse-cli to run; HTMSE_CLI_BASELINE: another
//                                    build of it to run side by side)
#include "BenchDatabase.h"
#include "BenchUtil.h"
#include "demo/DemoDirectoryGenerator.h"
#include "domain/DirectorySink.h"
#include "interchange/DirectoryReader.h"
#include "storage/DirectoryStore.h"
#include "storage/Schema.h"
#include "storage/SqlCipherDriver.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>
#include <sys/resource.h>

using namespace htmse;
using namespace htmse::bench;
using namespace Qt::StringLiterals;

namespace {
class NullSink : public DirectorySink
{
public:
    bool write(const QList<Professional>&, const QList<Organisation>&, QString*) override { return true; }
};

struct ProcessRun
{
    int exitCode = -1;
    double ms = 0;
    long peakKiB = 0;
};

// Runs a process to its end; its peak resident memory from the kernel's record of the children.
ProcessRun runProcess(const QString& program, const QStringList& args, const QByteArray& input)
{
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(-1);
    ProcessRun r;
    r.ms = ms(t);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    r.peakKiB = usage.ru_maxrss; // the largest child so far: each run's is printed in turn, largest last
    return r;
}

void cliImport(const char* label, const QString& cli, const QString& file, qsizetype profiles)
{
    QTemporaryDir profilesDir;
    const QStringList base{u"--profiles-dir"_s, profilesDir.path()};
    const QByteArray pass = "correct horse battery staple\n";
    runProcess(cli,
               base + QStringList{u"profile"_s, u"create"_s, u"Bench"_s, u"--kdf-memory"_s, u"8"_s,
                                  u"--kdf-iterations"_s, u"1"_s},
               pass);
    const ProcessRun r = runProcess(cli, base + QStringList{u"directory"_s, u"import"_s, u"Bench"_s, file}, pass);
    std::printf("%-50s %10.1f s   %7.0f profiles/s, peak resident %ld MiB%s\n", label, r.ms / 1000,
                double(profiles) / (r.ms / 1000), r.peakKiB / 1024, r.exitCode == 0 ? "" : "  (FAILED)");
}

double storeAll(const QString& path, const SecureBytes* key, const QList<Professional>& professionals,
                const QList<Organisation>& organisations)
{
    const QString name = key ? u"keyed"_s : u"unkeyed"_s;
    double elapsed = 0;
    {
        QSqlDatabase db = openDatabase(name, path, key);
        QString error;
        Schema::migrate(db, &error);
        DirectoryStore store(db);
        QElapsedTimer t;
        t.start();
        store.upsert({}, organisations, &error);
        for (qsizetype i = 0; i < professionals.size(); i += 1000)
            if (!store.upsert(professionals.mid(i, 1000), {}, &error))
                qFatal("upsert failed: %s", qPrintable(error));
        elapsed = ms(t);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return elapsed;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const qsizetype n = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100'000;
    std::printf("HTMSE import benchmark: the generator's %lld profiles into an encrypted profile\n\n", qlonglong(n));
    printCalibration();
    QTemporaryDir dir;
    const QString file = dir.filePath(u"directory.json"_s);
    {
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly) || !DemoDirectoryGenerator(n, 1).write(&out, nullptr))
            qFatal("cannot write %s", qPrintable(file));
        std::printf("%-50s %10.1f MB\n\n", "directory file", double(out.size()) / 1e6);
    }

    const QString cli = qEnvironmentVariable("HTMSE_CLI");
    if (!cli.isEmpty())
        cliImport("htmse-cli directory import (whole process)", cli, file, n);
    const QString baseline = qEnvironmentVariable("HTMSE_CLI_BASELINE");
    if (!baseline.isEmpty())
        cliImport("  the same with HTMSE_CLI_BASELINE", baseline, file, n);

    // Where the time goes, in this process.
    QElapsedTimer t;
    t.start();
    NullSink nowhere;
    QFile in(file);
    in.open(QIODevice::ReadOnly);
    DirectoryReader::Options options;
    const ImportSummary read = DirectoryReader::read(&in, nowhere, options);
    const double readMs = ms(t);
    std::printf("\n%-50s %10.1f s   %7.0f profiles/s (%lld read)\n", "read, parse and check (no store)", readMs / 1000,
                double(n) / (readMs / 1000), qlonglong(read.professionals));
    const auto generated = DemoDirectoryGenerator(n, 1).generate();
    const SecureBytes key = SecureBytes::random(32);
    const double keyed = storeAll(dir.filePath(u"keyed.db"_s), &key, generated.professionals, generated.organisations);
    const double plain =
        storeAll(dir.filePath(u"plain.db"_s), nullptr, generated.professionals, generated.organisations);
    std::printf("%-50s %10.1f s   %7.0f profiles/s\n", "store in batches of 1,000 (SQLCipher)", keyed / 1000,
                double(n) / (keyed / 1000));
    std::printf("%-50s %10.1f s   %7.0f profiles/s\n", "store in batches of 1,000 (same engine, unkeyed)", plain / 1000,
                double(n) / (plain / 1000));
    std::printf("%-50s %9.2fx\n", "ratio: keyed / unkeyed", keyed / plain);
    return 0;
}
