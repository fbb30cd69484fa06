// Referral-log benchmark: 50,000 referrals x 10 events in an encrypted profile database.
// Prints the unlock load (cache), a full re-fold from the events, and log filters.
#include "BenchUtil.h"
#include "core/JsonReader.h"
#include "demo/Random.h"
#include "itemmodels/ReferralLogModel.h"
#include "storage/ReferralStatistics.h"
#include "storage/ReferralStore.h"
#include "storage/Schema.h"
#include "storage/SqlCipherDriver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace htmse;
using namespace htmse::bench;
using namespace Qt::StringLiterals;

namespace {
QSqlDatabase open(const QString& name, const QString& path, const SecureBytes& key)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(SqlCipherDriver::kDriverName, name);
    db.setDatabaseName(path);
    static_cast<SqlCipherDriver*>(db.driver())->setKey(key);
    if (!db.open())
        qFatal("open: %s", qPrintable(db.lastError().text()));
    QSqlQuery(db).exec(u"PRAGMA cache_size = -65536"_s);
    return db;
}

// Builds the log as the store would have written it, event by event but in bulk.
void populate(QSqlDatabase& db, int referrals)
{
    static const QStringList kinds = {u"victim-support"_s, u"victim-support"_s, u"expert-report"_s,
                                      u"professional-consultation"_s, u"medicolegal-report"_s};
    static const QStringList needs = {u"legal.immigration"_s, u"mental-health.trauma"_s, u"shelter.emergency"_s,
                                      u"medical.general"_s, u"interpretation.spoken"_s};
    DemoRandom rng(50);
    QSqlQuery ev(db);
    ev.prepare(u"INSERT INTO referral_events (id, referral_id, type, payload, author_user, device_id, client_time, "
               "server_seq, pending) VALUES (?, ?, ?, ?, 'amina', 'device', ?, ?, 0)"_s);
    const QDateTime start(QDate(2024, 1, 1), QTime(9, 0), Qt::UTC);
    qint64 seq = 0;
    db.transaction();
    for (int i = 0; i < referrals; ++i) {
        const QString rid = uuidString(QUuid::createUuid());
        QDateTime t = start.addSecs(qint64(rng.below(3 * 365 * 24)) * 3600);
        const QJsonObject created{
            {u"case_ref"_s, u"HT-%1"_s.arg(i / 2, 6, 10, QLatin1Char('0'))},
            {u"kind"_s, rng.pick(kinds)},
            {u"needs"_s, QJsonArray{rng.pick(needs)}},
            {u"languages"_s, QJsonArray{u"tir"_s}},
            {u"recipient_id"_s, uuidString(QUuid::createUuid())},
            {u"consent"_s,
             QJsonObject{{u"given"_s, true}, {u"date"_s, u"2024-01-01"_s}, {u"recorded_by"_s, u"amina"_s}}}};
        const bool completes = rng.chance(0.6);
        const std::vector<std::pair<const char*, QJsonObject>> events = {
            {"created", created},
            {"sent", {}},
            {"acknowledged", {}},
            {"note-added", {{u"text"_s, u"Called; left a message"_s}}},
            {"follow-up-set", {{u"due"_s, toIso(t.date().addDays(14))}}},
            {"note-added", {{u"text"_s, u"Appointment booked"_s}}},
            {"accepted", {}},
            {"note-added", {{u"text"_s, u"First session attended"_s}}},
            {"follow-up-set", {{u"due"_s, toIso(t.date().addDays(60))}}},
            {completes ? "completed" : "note-added",
             completes ? QJsonObject{{u"success"_s, true}} : QJsonObject{{u"text"_s, u"Still waiting"_s}}},
        };
        for (const auto& [type, payload] : events) {
            t = t.addSecs(3600 * qint64(1 + rng.below(72)));
            ev.addBindValue(uuidString(QUuid::createUuid()));
            ev.addBindValue(rid);
            ev.addBindValue(QString::fromLatin1(type));
            ev.addBindValue(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
            ev.addBindValue(toIsoUtc(t));
            ev.addBindValue(++seq);
            if (!ev.exec())
                qFatal("insert: %s", qPrintable(ev.lastError().text()));
        }
        if (i % 5000 == 4999) {
            db.commit();
            db.transaction();
        }
    }
    db.commit();
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int referrals = argc > 1 ? QByteArray(argv[1]).toInt() : 50'000;
    SqlCipherDriver::registerDriver();
    QTemporaryDir dir;
    const QString path = dir.filePath(u"htmse.db"_s);
    const SecureBytes key = SecureBytes::random(32);
    std::printf("HTMSE referral-log benchmark: %d referrals x 10 events, SQLCipher\n\n", referrals);
    printCalibration();
    std::printf("\n");
    {
        QSqlDatabase db = open(u"setup"_s, path, key);
        QString error;
        Schema::migrate(db, &error);
        QElapsedTimer t;
        t.start();
        populate(db, referrals);
        ReferralError rebuildError;
        ReferralStore(db, u"amina"_s, u"device"_s).rebuildCache(&rebuildError);
        std::printf("setup (bulk insert + first fold, not a user path): %.0f ms\n\n", ms(t));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"setup"_s);

    QElapsedTimer t;
    t.start();
    QSqlDatabase db = open(u"bench"_s, path, key);
    QString error;
    Schema::migrate(db, &error);
    ReferralStore store(db, u"amina"_s, u"device"_s);
    const QList<ReferralSummary> summaries = store.summaries();
    ReferralLogModel model;
    model.setToday(QDate(2026, 11, 30));
    model.setSummaries(summaries);
    const double unlock = ms(t);
    std::printf("%-52s %10.1f ms  (goal <= 1000)\n", "unlock: open + load the folded log + fill the model", unlock);

    t.restart();
    ReferralError rebuildError;
    store.rebuildCache(&rebuildError);
    std::printf("%-52s %10.1f ms\n", "re-fold every referral from its 10 events", ms(t));

    std::vector<double> filterMs;
    const QList<ReferralLogModel::Filter> filters = [] {
        QList<ReferralLogModel::Filter> out;
        ReferralLogModel::Filter f;
        f.statuses = {ReferralStatus::Accepted};
        out.append(f);
        f = {};
        f.kind = u"expert-report"_s;
        out.append(f);
        f = {};
        f.overdueOnly = true;
        out.append(f);
        f = {};
        f.from = QDate(2025, 1, 1);
        f.to = QDate(2025, 6, 30);
        out.append(f);
        out.append(ReferralLogModel::Filter{});
        return out;
    }();
    for (int round = 0; round < 20; ++round)
        for (const auto& f : filters) {
            t.restart();
            model.setFilter(f);
            filterMs.push_back(ms(t));
        }
    const Percentiles p = percentiles(filterMs);
    std::printf("%-52s %10.1f ms median, %.1f ms p95  (goal <= 20)\n",
                "log filter (status, kind, overdue, dates, none)", p.median, p.p95);

    // The dashboard's recount (the UI thread runs it 250 ms after a burst of changes), beside the
    // log's filter above: reading the facts is most of it.
    const ReferralStatistics statistics(db);
    std::vector<double> dashboardMs;
    for (int round = 0; round < 5; ++round) {
        t.restart();
        const ReferralFigures f = statistics.figures(QDate(2025, 12, 1), QDate(2026, 11, 1), QDate(2026, 11, 30));
        dashboardMs.push_back(ms(t));
        if (f.months.size() != 12)
            return 1;
    }
    const Percentiles d = percentiles(dashboardMs);
    std::printf("%-52s %10.1f ms median, %.1f ms p95  (%.1fx the log filter's median)\n",
                "dashboard figures, 12 months", d.median, d.p95, d.median / std::max(p.median, 0.001));
    t.restart();
    const qsizetype factCount = statistics.facts().size();
    const double factsMs = ms(t);
    t.restart();
    const qsizetype rejected = statistics.rejectedUploadTimes().size();
    const double rejectedMs = ms(t);
    t.restart();
    const int waiting = statistics.waitingUploads();
    const double waitingMs = ms(t);
    std::printf("%-52s %10.1f ms facts (%lld), %.1f ms refused (%lld), %.1f ms waiting (%d)\n", "  of which", factsMs,
                qint64(factCount), rejectedMs, qint64(rejected), waitingMs, waiting);
    return 0;
}
