#include "core/SecureBytes.h"
#include "demo/DemoDirectoryGenerator.h"
#include "domain/IndexRecord.h"
#include "domain/WordDictionary.h"
#include "matching/MatchEngine.h"
#include "matching/SearchIndex.h"
#include "session/ProfileWorkspace.h"
#include "storage/DirectoryStore.h"
#include "storage/Schema.h"
#include "storage/SqlCipherDriver.h"
#include "taxonomy/TextFolding.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestDirectoryStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void upsertReadRemove();
    void pagesFollowNames();
    void indexRecordsRoundTrip();
    void twoStoresShareTheWordNumbers();
    void indexesFromRecordsMatchIndexesFromProfiles();

private:
    QTemporaryDir m_dir;
    QSqlDatabase m_db;
    int m_counter = 0;
};

void TestDirectoryStore::init()
{
    SqlCipherDriver::registerDriver();
    m_db = QSqlDatabase::addDatabase(SqlCipherDriver::kDriverName, u"directory"_s);
    m_db.setDatabaseName(m_dir.filePath(u"d%1.db"_s.arg(++m_counter)));
    static_cast<SqlCipherDriver*>(m_db.driver())->setKey(SecureBytes::random(32));
    QVERIFY(m_db.open());
    QString error;
    QVERIFY(Schema::migrate(m_db, &error));
}

void TestDirectoryStore::cleanup()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"directory"_s);
}

void TestDirectoryStore::upsertReadRemove()
{
    const auto d = DemoDirectoryGenerator(50, 3).generate();
    DirectoryStore store(m_db);
    QString error;
    QVERIFY(store.upsert(d.professionals, d.organisations, &error));
    QCOMPARE(store.stats().professionals, 50);
    QCOMPARE(store.stats().organisations, d.organisations.size());
    QVERIFY(store.professional(d.professionals.at(7).id) == d.professionals.at(7));
    Professional changed = d.professionals.at(7);
    changed.displayName = u"Renamed"_s;
    QVERIFY(store.upsert({changed}, {}, &error));
    QCOMPARE(store.professional(changed.id)->displayName, u"Renamed"_s);
    QCOMPARE(store.stats().professionals, 50);
    QVERIFY(store.remove({changed.id}, &error));
    QVERIFY(!store.professional(changed.id));
    int seen = 0;
    store.forEach([&seen](const Professional&) { ++seen; });
    QCOMPARE(seen, 49);
    QCOMPARE(store.organisationNames().value(d.organisations.first().id), d.organisations.first().name);
}

void TestDirectoryStore::pagesFollowNames()
{
    const auto d = DemoDirectoryGenerator(450, 5).generate();
    DirectoryStore store(m_db);
    QString error;
    QVERIFY(store.upsert(d.professionals, {}, &error));
    DirectoryStore::Cursor cursor;
    QStringList folded;
    for (;;) {
        DirectoryStore::Cursor last = cursor;
        const auto page = store.page(cursor, 100, &last);
        for (const Professional& p : page)
            folded.append(foldForSearch(p.displayName));
        if (page.size() < 100)
            break;
        cursor = last;
    }
    QCOMPARE(folded.size(), 450);
    QVERIFY(std::is_sorted(folded.cbegin(), folded.cend()));
}

// Two stores on one database (as two parts of one program could hold) both number new words:
// neither may reuse a number the other gave.
void TestDirectoryStore::twoStoresShareTheWordNumbers()
{
    const auto d = DemoDirectoryGenerator(60, 21).generate();
    DirectoryStore first(m_db);
    DirectoryStore second(m_db);
    QString error;
    QVERIFY2(first.upsert(d.professionals.mid(0, 20), d.organisations, &error), qPrintable(error));
    QVERIFY2(second.upsert(d.professionals.mid(20, 20), {}, &error), qPrintable(error));
    QVERIFY2(first.upsert(d.professionals.mid(40, 20), {}, &error), qPrintable(error));
    MatchEngine engine;
    SearchIndex unused;
    DirectoryStore store(m_db);
    ProfileWorkspace::buildIndexes(store, &engine, &unused);
    QCOMPARE(engine.size(), qsizetype(60));
    // A damaged dictionary (a gap in the numbers) is started afresh; nothing collides later.
    QVERIFY(QSqlQuery(m_db).exec(u"DELETE FROM directory_words WHERE id = 5"_s));
    DirectoryStore repaired(m_db);
    MatchEngine again;
    SearchIndex searchAgain;
    ProfileWorkspace::buildIndexes(repaired, &again, &searchAgain);
    QCOMPARE(again.size(), qsizetype(60));
    QVERIFY2(repaired.upsert(DemoDirectoryGenerator(5, 99).generate().professionals, {}, &error), qPrintable(error));
    MatchEngine engine2;
    SearchIndex search;
    DirectoryStore reopened(m_db);
    ProfileWorkspace::buildIndexes(reopened, &engine2, &search);
    QCOMPARE(engine2.size(), qsizetype(65));
    // Every profile is found by its own name's first word, through the stored numbers.
    for (const Professional& p : d.professionals) {
        bool found = false;
        for (const SearchIndex::Hit& hit : search.search(p.displayName, 50))
            found = found || hit.id == p.id;
        QVERIFY2(found, qPrintable(p.displayName));
    }
}

void TestDirectoryStore::indexRecordsRoundTrip()
{
    WordDictionary dictionary;
    for (const Professional& p : DemoDirectoryGenerator(200, 12).generate().professionals) {
        const IndexRecord r = IndexRecord::from(p);
        const QByteArray bytes = r.serialize(dictionary);
        const auto back = IndexRecord::deserialize(bytes, dictionary, IndexRecord::Words::Text);
        QVERIFY(back);
        QVERIFY(*back == r);
        QCOMPARE(r.words.size(), r.wordWeights.size());
        // Read for indexing: numbers only, the same words.
        const auto numbers = IndexRecord::deserialize(bytes, dictionary);
        QVERIFY(numbers && numbers->words.isEmpty());
        QCOMPARE(qsizetype(numbers->wordIds.size()), r.words.size());
        for (size_t i = 0; i < numbers->wordIds.size(); ++i)
            QCOMPARE(dictionary.word(numbers->wordIds[i]), r.words.at(qsizetype(i)));
    }
    QVERIFY(dictionary.size() > 100);
    QVERIFY(!IndexRecord::deserialize(QByteArray(), dictionary));
    QVERIFY(!IndexRecord::deserialize(QByteArray("\x02garbage", 8), dictionary));
    QByteArray wrongFormat =
        IndexRecord::from(DemoDirectoryGenerator(1, 1).generate().professionals.first()).serialize(dictionary);
    QVERIFY(IndexRecord::deserialize(wrongFormat, dictionary));
    QVERIFY(!IndexRecord::deserialize(wrongFormat.chopped(1), dictionary)); // truncated
    QVERIFY(!IndexRecord::deserialize(wrongFormat + "x", dictionary));      // trailing bytes
    WordDictionary smaller;
    QVERIFY(!IndexRecord::deserialize(wrongFormat, smaller)); // a word number the dictionary lacks
    wrongFormat[0] = char(1);                                 // the earlier format
    QVERIFY(!IndexRecord::deserialize(wrongFormat, dictionary));
    // Found by fuzz_index_record: a response time of 2^63 days overflowed when read back (UBSan).
    WordDictionary fuzzDictionary;
    for (const char* w : {"legal", "immigration", "leeds", "trauma", "psychologist", "tigrinya", "arabic"})
        fuzzDictionary.idOf(QString::fromLatin1(w));
    const QByteArray overflow = QByteArray::fromHex(
        "046b6b6b6b6b6b000004000000808080808080808080808080808080808080808080808080808080808080808080808080808080808080"
        "8080808080808055555555010000000000013d000004ffffff080000410000000000000001010100");
    QVERIFY(!IndexRecord::deserialize(overflow, fuzzDictionary, IndexRecord::Words::Text));
}

// Unlock builds the indexes from the stored records; they must answer exactly as indexes built
// from the profiles themselves.
void TestDirectoryStore::indexesFromRecordsMatchIndexesFromProfiles()
{
    const auto d = DemoDirectoryGenerator(800, 13).generate();
    QString error;
    DirectoryStore store(m_db);
    QVERIFY(store.upsert(d.professionals, d.organisations, &error));
    // A tenth of the records unreadable (another version's), a tenth missing: both fall back to
    // the documents.
    QVERIFY(QSqlQuery(m_db).exec(u"UPDATE directory_index SET record = x'00' WHERE rowid % 10 = 0"_s));
    QVERIFY(QSqlQuery(m_db).exec(u"DELETE FROM directory_index WHERE rowid % 10 = 5"_s));
    MatchEngine fromStore;
    SearchIndex searchFromStore;
    ProfileWorkspace::buildIndexes(store, &fromStore, &searchFromStore);
    // ... and are written back, readable the next time.
    QSqlQuery check(m_db);
    QVERIFY(check.exec(u"SELECT count(*) FROM directory_index WHERE length(record) > 1"_s) && check.next());
    QCOMPARE(check.value(0).toInt(), 800);
    check.finish();
    MatchEngine direct;
    direct.setProfessionals(d.professionals);
    SearchIndex searchDirect;
    QHash<QUuid, QString> organisations;
    for (const Organisation& o : d.organisations)
        organisations.insert(o.id, o.name);
    for (const Professional& p : d.professionals)
        searchDirect.add(p, organisations.value(p.organisationId));
    searchDirect.finish();
    QCOMPARE(fromStore.size(), direct.size());
    for (const QString& need : {u"legal"_s, u"shelter.emergency"_s, u"mental-health.trauma"_s}) {
        MatchQuery q;
        q.needs = {{need, true}};
        q.languages = {u"eng"_s};
        q.interpreterOk = true;
        q.limit = 50;
        const auto a = fromStore.match(q);
        const auto b = direct.match(q);
        QCOMPARE(a.size(), b.size());
        for (qsizetype i = 0; i < a.size(); ++i)
            QCOMPARE(a.at(i).id, b.at(i).id);
    }
    for (const QString& text : {u"law"_s, u"psych lon"_s, u"support"_s}) {
        const auto a = searchFromStore.search(text, 30);
        const auto b = searchDirect.search(text, 30);
        QCOMPARE(a.size(), b.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            QCOMPARE(a.at(i).id, b.at(i).id);
            QCOMPARE(a.at(i).score, b.at(i).score);
        }
    }
}

QTEST_GUILESS_MAIN(TestDirectoryStore)
#include "TestDirectoryStore.moc"
