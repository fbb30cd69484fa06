// Storage benchmark: the product's own mix on SQLCipher against the same engine unkeyed,
// through the same driver code, plus the unlock time split into Argon2id and opening.
#include "BenchDatabase.h"
#include "BenchUtil.h"
#include "core/JsonReader.h"
#include "demo/DemoDirectoryGenerator.h"
#include "domain/Professional.h"
#include "security/KeyDerivation.h"
#include "storage/Schema.h"
#include "storage/SqlCipherDriver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>
#include <vector>

using namespace htmse;
using namespace htmse::bench;
using namespace Qt::StringLiterals;

namespace {
struct Figures
{
    double upsertMs = 0;
    double scanMs = 0;
    double lookupsMs = 0;
    double openMs = 0;
};

// With `asTheProductDoes`, every incoming profile is parsed and validated before it is written
// (as sync does with a page) and every stored one is parsed back when scanned (as building the
// in-memory index at unlock does); without it only the SQL is timed.
Figures run(const QString& path, const SecureBytes* key, const std::vector<std::pair<QString, QByteArray>>& rows,
            bool asTheProductDoes)
{
    Figures f;
    const QString name = key ? u"encrypted"_s : u"plain"_s;
    const auto parse = [](const QByteArray& body) {
        ValidationProblems problems;
        const auto object = parseJsonObject(body, problems);
        return object ? Professional::fromJson(*object, problems) : std::nullopt;
    };
    {
        QSqlDatabase db = openDatabase(name, path, key);
        QSqlQuery q(db);
        q.exec(u"CREATE TABLE directory (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body BLOB NOT NULL)"_s);
        // Bulk upsert as sync does it: pages of 1,000, one transaction each.
        QElapsedTimer t;
        t.start();
        q.prepare(u"INSERT OR REPLACE INTO directory (id, version, body) VALUES (?, ?, ?)"_s);
        for (size_t i = 0; i < rows.size(); ++i) {
            if (i % 1000 == 0)
                db.transaction();
            if (asTheProductDoes && !parse(rows[i].second))
                qFatal("invalid profile in the benchmark data");
            q.addBindValue(rows[i].first);
            q.addBindValue(qint64(i));
            q.addBindValue(rows[i].second);
            if (!q.exec())
                qFatal("insert failed: %s", qPrintable(q.lastError().text()));
            if (i % 1000 == 999 || i + 1 == rows.size())
                db.commit();
        }
        f.upsertMs = ms(t);
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    {
        QElapsedTimer t;
        t.start();
        QSqlDatabase db = openDatabase(name, path, key);
        f.openMs = ms(t);
        // Unlock: stream every profile once to build the in-memory index.
        t.restart();
        QSqlQuery scan(db);
        scan.setForwardOnly(true);
        scan.exec(u"SELECT id, body FROM directory"_s);
        qint64 bytes = 0;
        while (scan.next()) {
            const QByteArray body = scan.value(1).toByteArray();
            bytes += body.size();
            if (asTheProductDoes)
                bytes += parse(body) ? 1 : 0;
        }
        f.scanMs = ms(t);
        scan.finish();
        // A day of searching: opening 5,000 profiles by id.
        t.restart();
        QSqlQuery one(db);
        one.setForwardOnly(true);
        one.prepare(u"SELECT body FROM directory WHERE id = ?"_s);
        for (size_t i = 0; i < 5000; ++i) {
            one.addBindValue(rows[(i * 7919) % rows.size()].first);
            one.exec();
            one.next();
            bytes += one.value(0).toByteArray().size();
        }
        f.lookupsMs = ms(t);
        one.finish();
        Q_UNUSED(bytes);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return f;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const qsizetype n = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100'000;
    SqlCipherDriver::registerDriver();
    QTemporaryDir dir;

    std::vector<std::pair<QString, QByteArray>> rows;
    rows.reserve(size_t(n));
    DemoDirectoryGenerator(n, 1).generate(
        [](const Organisation&) {},
        [&rows](const Professional& p) {
            rows.emplace_back(uuidString(p.id), QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact));
        });
    std::printf("HTMSE storage benchmark: %lld profiles, SQLCipher %s\n\n", qlonglong(n), "(page size 4096, HMAC on)");
    printCalibration();
    std::printf("\n");

    const SecureBytes key = SecureBytes::random(32);
    const auto row = [](const char* name, double a, double b) {
        std::printf("%-42s %12.1f %12.1f %7.2fx\n", name, a, b, b / a);
    };
    for (const bool product : {false, true}) {
        const QString suffix = product ? u"-product"_s : u"-sql"_s;
        const Figures plain = run(dir.filePath(u"plain"_s + suffix), nullptr, rows, product);
        const Figures encrypted = run(dir.filePath(u"encrypted"_s + suffix), &key, rows, product);
        std::printf("%s\n%-42s %12s %12s %8s\n",
                    product ? "\nthe product's mix (profiles parsed and validated going in and coming out)"
                            : "SQL alone (same driver code, unkeyed vs keyed)",
                    "step", "plain ms", "SQLCipher ms", "ratio");
        row("bulk upsert (pages of 1,000)", plain.upsertMs, encrypted.upsertMs);
        row("open (key check, settings)", plain.openMs, encrypted.openMs);
        row("unlock scan of every profile", plain.scanMs, encrypted.scanMs);
        row("5,000 profile look-ups by id", plain.lookupsMs, encrypted.lookupsMs);
        row("whole mix", plain.upsertMs + plain.scanMs + plain.lookupsMs,
            encrypted.upsertMs + encrypted.scanMs + encrypted.lookupsMs);
    }

    // Unlock split: the deliberate Argon2id cost, then opening with the raw key.
    const KdfParameters tuned = KeyDerivation::tuned(500);
    QElapsedTimer t;
    t.start();
    const SecureBytes kek = KeyDerivation::derive(SecureBytes::copyOf("a passphrase of several words"), tuned);
    const double kdfMs = ms(t);
    t.restart();
    {
        QSqlDatabase db = openDatabase(u"unlock"_s, dir.filePath(u"encrypted-sql"_s), &key);
        QString error;
        Schema::migrate(db, &error);
        db.close();
    }
    const double openMs = ms(t);
    QSqlDatabase::removeDatabase(u"unlock"_s);
    std::printf("\nunlock: Argon2id %.0f ms (%llu iterations, %llu MiB), then open + schema check %.1f ms\n", kdfMs,
                tuned.opsLimit, tuned.memLimitBytes / (1024 * 1024), openMs);
    Q_UNUSED(kek);
    return 0;
}
