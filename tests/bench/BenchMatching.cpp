// Matching benchmark over the generator's 100,000 profiles: index build, match latency
// (3 needs, 2 languages, 100 km) as median and p95, and resident memory.
#include "BenchUtil.h"
#include "demo/DemoDirectoryGenerator.h"
#include "demo/Random.h"
#include "domain/IndexRecord.h"
#include "matching/MatchEngine.h"
#include "matching/SearchIndex.h"
#include "session/ProfileWorkspace.h"
#include "storage/DirectoryStore.h"
#include "storage/Schema.h"
#include "storage/SqlCipherDriver.h"
#include "taxonomy/Gazetteer.h"
#include "taxonomy/NeedsTaxonomy.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

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
    printCalibration();
    std::printf("\n");
    auto generated = DemoDirectoryGenerator(n, 1).generate();
    const auto& directory = generated.professionals;
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

    // The same match written the obvious way: normalised tables in the encrypted store, one SQL
    // query for the hard filters (bounding box for the place), then distance and score in C++.
    SqlCipherDriver::registerDriver();
    QTemporaryDir dir;
    QSqlDatabase db = QSqlDatabase::addDatabase(SqlCipherDriver::kDriverName, u"bench"_s);
    db.setDatabaseName(dir.filePath(u"sql.db"_s));
    static_cast<SqlCipherDriver*>(db.driver())->setKey(SecureBytes::random(32));
    db.open();
    QSqlQuery s(db);
    s.exec(u"PRAGMA cache_size = -65536"_s);
    s.exec(
        u"CREATE TABLE pro (id TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL, accepting INTEGER, interpreter INTEGER)"_s);
    s.exec(u"CREATE TABLE pro_need (id TEXT, code TEXT)"_s);
    s.exec(u"CREATE TABLE pro_lang (id TEXT, code TEXT)"_s);
    db.transaction();
    QSqlQuery insPro(db), insNeed(db), insLang(db);
    insPro.prepare(u"INSERT INTO pro VALUES (?, ?, ?, ?, ?, ?)"_s);
    insNeed.prepare(u"INSERT INTO pro_need VALUES (?, ?)"_s);
    insLang.prepare(u"INSERT INTO pro_lang VALUES (?, ?)"_s);
    for (const Professional& pro : directory) {
        const QString id = pro.id.toString(QUuid::WithoutBraces);
        const auto* loc = pro.locations.isEmpty() ? nullptr : &pro.locations.first();
        insPro.addBindValue(id);
        insPro.addBindValue(pro.displayName);
        insPro.addBindValue(loc && loc->point ? QVariant(loc->point->latitude())
                                              : QVariant(QMetaType(QMetaType::Double)));
        insPro.addBindValue(loc && loc->point ? QVariant(loc->point->longitude())
                                              : QVariant(QMetaType(QMetaType::Double)));
        insPro.addBindValue(pro.capacity.acceptingReferrals && pro.active ? 1 : 0);
        insPro.addBindValue(pro.interpreterAvailable ? 1 : 0);
        insPro.exec();
        for (const QString& code : pro.services) {
            insNeed.addBindValue(id);
            insNeed.addBindValue(code);
            insNeed.exec();
        }
        for (const LanguageSkill& l : pro.languages) {
            insLang.addBindValue(id);
            insLang.addBindValue(l.code);
            insLang.exec();
        }
    }
    db.commit();
    s.exec(u"CREATE INDEX pro_need_code ON pro_need (code, id)"_s);
    s.exec(u"CREATE INDEX pro_lang_code ON pro_lang (code, id)"_s);
    s.exec(u"CREATE INDEX pro_place ON pro (lat, lon)"_s);
    DemoRandom again(9);
    std::vector<double> sqlTimes;
    for (int i = 0; i < 100; ++i) {
        QStringList codes;
        for (const QString& need : again.sample(needs, 3)) {
            codes.append(need);
            if (const auto* found = NeedsTaxonomy::instance().find(need))
                codes.append(found->children); // a parent query is covered by any child
        }
        const QStringList langs = again.sample(languages, 2);
        const GeoPoint at =
            cities.at(qsizetype(again.below(std::min<std::uint64_t>(60, std::uint64_t(cities.size())))))->point();
        again.chance(0.5);
        const double dLat = 100.0 / 111.0;
        const double dLon = 100.0 / (111.0 * std::cos(at.latitude() * 3.14159265 / 180.0));
        const auto quoted = [](const QStringList& list) {
            QStringList out;
            for (const QString& c : list)
                out.append(u"'"_s + c + u"'"_s);
            return out.join(u',');
        };
        t.restart();
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.exec(u"SELECT p.id, p.name, p.lat, p.lon FROM pro p WHERE p.accepting = 1 "
               "AND p.lat BETWEEN %1 AND %2 AND p.lon BETWEEN %3 AND %4 "
               "AND EXISTS (SELECT 1 FROM pro_need n WHERE n.id = p.id AND n.code IN (%5)) "
               "AND EXISTS (SELECT 1 FROM pro_lang l WHERE l.id = p.id AND l.code IN (%6))"_s.arg(at.latitude() - dLat)
                   .arg(at.latitude() + dLat)
                   .arg(at.longitude() - dLon)
                   .arg(at.longitude() + dLon)
                   .arg(quoted(codes), quoted(langs)));
        std::vector<std::pair<double, QString>> scored;
        while (q.next()) {
            const double km =
                GeoPoint::haversineKm(at.latitude(), at.longitude(), q.value(2).toDouble(), q.value(3).toDouble());
            if (km <= 100)
                scored.emplace_back(km, q.value(1).toString());
        }
        std::sort(scored.begin(), scored.end());
        sqlTimes.push_back(ms(t));
    }
    const Percentiles sql = percentiles(sqlTimes);
    std::printf("%-50s %10.2f ms median, %.2f ms p95\n", "the same match as one SQL query (SQLCipher)", sql.median,
                sql.p95);
    std::printf("%-50s %10.1fx (median)\n", "ratio: SQL / engine", sql.median / p.median);

    // Free-text search: the in-memory index against FTS4 in the encrypted store.
    const long beforeIndex = residentMiB();
    t.restart();
    SearchIndex index;
    for (const Professional& pro : directory)
        index.add(pro);
    index.finish();
    std::printf("\n%-50s %10.1f ms, %ld MiB\n", "search index build (in memory)", ms(t), residentMiB() - beforeIndex);
    const bool fts = s.exec(u"CREATE VIRTUAL TABLE fts USING fts4(name, bio, tokenize=unicode61, prefix=\"1,2,3\")"_s);
    if (fts) {
        t.restart();
        db.transaction();
        QSqlQuery ins(db);
        ins.prepare(u"INSERT INTO fts (name, bio) VALUES (?, ?)"_s);
        for (const Professional& pro : directory) {
            ins.addBindValue(pro.displayName);
            ins.addBindValue(QString(pro.biography + u' ' + pro.keywords.join(u' ')));
            ins.exec();
        }
        db.commit();
        std::printf("%-50s %10.1f ms\n", "FTS4 build (SQLCipher, unicode61, prefix 1-3)", ms(t));
    } else {
        std::printf("FTS4 with unicode61 is not available in this SQLCipher: %s\n", qPrintable(s.lastError().text()));
    }
    const QStringList oneWord = {u"ma"_s, u"psy"_s, u"lon"_s, u"tra"_s, u"a"_s, u"sel"_s, u"law"_s, u"imm"_s};
    const QStringList twoWords = {u"psy lee"_s, u"law lon"_s, u"tra man"_s, u"imm bir"_s, u"sel ter"_s, u"ma ro"_s};
    for (const auto& [label, queries] : {std::pair{"one prefix", oneWord}, std::pair{"two prefixes", twoWords}}) {
        std::vector<double> mem;
        std::vector<double> sqlFts;
        for (int round = 0; round < 25; ++round)
            for (const QString& text : queries) {
                t.restart();
                const auto hits = index.search(text, 20);
                mem.push_back(ms(t));
                if (fts) {
                    QStringList terms;
                    for (const QString& w : SearchIndex::words(text))
                        terms.append(w + u'*');
                    t.restart();
                    QSqlQuery q(db);
                    q.setForwardOnly(true);
                    q.exec(u"SELECT rowid, name FROM fts WHERE fts MATCH '%1' ORDER BY name LIMIT 20"_s.arg(
                        terms.join(u' ')));
                    while (q.next()) {
                    }
                    sqlFts.push_back(ms(t));
                }
            }
        const Percentiles m = percentiles(mem);
        std::printf("%-50s %10.2f ms median, %.2f ms p95  (goals <= 5, <= 10)\n",
                    qPrintable(u"search, in memory, "_s + QLatin1StringView(label)), m.median, m.p95);
        if (fts) {
            const Percentiles f = percentiles(sqlFts);
            std::printf("%-50s %10.2f ms median, %.2f ms p95\n",
                        qPrintable(u"search, FTS4, "_s + QLatin1StringView(label)), f.median, f.p95);
        }
    }
    // Unlock as the product does it: the directory in the encrypted profile, both indexes built
    // from the stored index records.
    {
        QSqlDatabase unlockDb = QSqlDatabase::addDatabase(SqlCipherDriver::kDriverName, u"unlock"_s);
        unlockDb.setDatabaseName(dir.filePath(u"profile.db"_s));
        const SecureBytes key = SecureBytes::random(32);
        static_cast<SqlCipherDriver*>(unlockDb.driver())->setKey(key);
        unlockDb.open();
        QString error;
        Schema::migrate(unlockDb, &error);
        DirectoryStore store(unlockDb);
        store.upsert({}, generated.organisations, &error);
        for (qsizetype i = 0; i < directory.size(); i += 1000)
            store.upsert(directory.mid(i, 1000), {}, &error);
        unlockDb.close();
        // As at a real unlock, the process does not hold the whole directory as objects (nor the
        // engine and indexes built above): a heap that large slows every allocation down.
        const qsizetype profiles = directory.size();
        generated = {};
        engine.clear();
        index.clear();
        t.restart();
        static_cast<SqlCipherDriver*>(unlockDb.driver())->setKey(key); // the driver wipes it after each open
        if (!unlockDb.open())
            qFatal("reopen failed: %s", qPrintable(unlockDb.lastError().text()));
        MatchEngine unlockedEngine;
        SearchIndex unlockedSearch;
        DirectoryStore unlockStore(unlockDb);
        ProfileWorkspace::buildIndexes(unlockStore, &unlockedEngine, &unlockedSearch);
        std::printf("\n%-50s %10.1f ms  (goal <= 1000; %lld profiles in each index)\n",
                    "unlock: open + both indexes from the stored records", ms(t), qlonglong(unlockedSearch.size()));
        if (unlockedEngine.size() != profiles)
            qFatal("the engine holds %lld profiles", qlonglong(unlockedEngine.size()));
        // Where the time goes: reading and decoding the records, then each index.
        {
            t.restart();
            QSqlQuery q(unlockDb);
            q.setForwardOnly(true);
            q.exec(u"SELECT word FROM directory_words ORDER BY id"_s);
            std::vector<QString> words;
            while (q.next())
                words.push_back(q.value(0).toString());
            WordDictionary dictionary;
            dictionary.assign(std::move(words));
            q.exec(u"SELECT record FROM directory_index"_s);
            std::vector<QByteArray> raw;
            while (q.next())
                raw.push_back(q.value(0).toByteArray());
            const double reading = ms(t);
            t.restart();
            std::vector<IndexRecord> records;
            qint64 bytes = 0;
            for (const QByteArray& r : raw) {
                bytes += r.size();
                if (auto record = IndexRecord::deserialize(r, dictionary))
                    records.push_back(std::move(*record));
            }
            std::printf("%-50s %10.1f ms + %.1f ms to decode (%.1f MB)\n", "  of which: read the records (SQLCipher)",
                        reading, ms(t), double(bytes) / 1e6);
            t.restart();
            MatchEngine e;
            for (const IndexRecord& r : records)
                e.upsert(r);
            std::printf("%-50s %10.1f ms\n", "  of which: the match engine", ms(t));
            t.restart();
            SearchIndex text;
            text.setDictionary(dictionary);
            for (const IndexRecord& r : records)
                text.add(r);
            const double adds = ms(t);
            t.restart();
            text.finish();
            std::printf("%-50s %10.1f ms + %.1f ms to finish\n", "  of which: the search index", adds, ms(t));
        }
        unlockDb.close();
    }
    QSqlDatabase::removeDatabase(u"unlock"_s);
    std::printf("%-50s %10ld MiB\n", "process resident memory at the end", residentMiB());
    return 0;
}
