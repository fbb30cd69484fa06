#include "common/Files.h"
#include "core/SecureBytes.h"
#include "storage/SqlCipherDriver.h"

#include <QProcess>
#include <QSqlError>
#include <QSqlField>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QSqlQueryModel>
#include <QSqlRecord>
#include <QSqlTableModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
const SecureBytes& testKey()
{
    static const SecureBytes key = SecureBytes::random(32);
    return key;
}

QString hexOf(const SecureBytes& key)
{
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(key.data()), qsizetype(key.size())).toHex());
}

QSqlDatabase openDb(const QString& path, const SecureBytes* key, const QString& name = u"test"_s)
{
    SqlCipherDriver::registerDriver();
    QSqlDatabase db = QSqlDatabase::addDatabase(SqlCipherDriver::kDriverName, name);
    db.setDatabaseName(path);
    if (key)
        static_cast<SqlCipherDriver*>(db.driver())->setKey(*key);
    db.open();
    return db;
}
} // namespace

class TestSqlCipherDriver : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void refusesToOpenWithoutKey();
    void wrongKeyIsRefusedAndNothingWritten();
    void fileIsEncryptedAndSettingsPinned();
    void bindingsAndTypes();
    void namedPlaceholdersIncludingRepeats();
    void transactions();
    void errorsCarrySqliteText();
    void introspection();
    void tableModelEditsThroughTheDriver();
    void queryModelScrollsBackAndForth();
    void forwardOnlyStreamsAMillionRowsInFlatMemory();
    void fullDiskRollsBackAndReports();
    void canaryNeverInRawBytes();
    void sqlcipherShellReadsItPlainSqliteCannot();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestSqlCipherDriver::init()
{
    m_path = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".db"_s);
}

void TestSqlCipherDriver::cleanup()
{
    for (const QString& name : QSqlDatabase::connectionNames()) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

void TestSqlCipherDriver::refusesToOpenWithoutKey()
{
    QSqlDatabase db = openDb(m_path, nullptr);
    QVERIFY(!db.isOpen());
    QVERIFY(db.lastError().text().contains(u"key"_s));
    QVERIFY(!static_cast<SqlCipherDriver*>(db.driver())->cipherVersion().isEmpty());
}

void TestSqlCipherDriver::wrongKeyIsRefusedAndNothingWritten()
{
    {
        QSqlDatabase db = openDb(m_path, &testKey());
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        QVERIFY(q.exec(u"CREATE TABLE t (v TEXT)"_s));
        QVERIFY(q.exec(u"INSERT INTO t VALUES ('x')"_s));
        db.close();
    }
    cleanup();
    const QByteArray before = test::sha256Of(m_path);
    const SecureBytes wrong = SecureBytes::random(32);
    QSqlDatabase db = openDb(m_path, &wrong, u"wrong"_s);
    QVERIFY(!db.isOpen());
    QVERIFY2(db.lastError().text().contains(u"Wrong key"_s), qPrintable(db.lastError().text()));
    QCOMPARE(test::sha256Of(m_path), before);
}

void TestSqlCipherDriver::fileIsEncryptedAndSettingsPinned()
{
    QSqlDatabase db = openDb(m_path, &testKey());
    QVERIFY(db.isOpen());
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE t (v TEXT)"_s));
    QVERIFY(q.exec(u"PRAGMA cipher_page_size"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 4096);
    QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"wal"_s);
    QVERIFY(q.exec(u"PRAGMA secure_delete"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    q.finish();
    db.close();
    QVERIFY(!test::readAll(m_path).startsWith("SQLite format 3"));
}

void TestSqlCipherDriver::bindingsAndTypes()
{
    QSqlDatabase db = openDb(m_path, &testKey());
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE v (id INTEGER PRIMARY KEY, i INTEGER, d REAL, t TEXT, b BLOB, n TEXT)"_s));
    const QByteArray blob = QByteArray("\x00\x01\xff binary", 10);
    const QString text = u"Selam · ሰላም · سلام · 你好 · Привет 🙂"_s;
    QVERIFY(q.prepare(u"INSERT INTO v (i, d, t, b, n) VALUES (?, ?, ?, ?, ?)"_s));
    q.addBindValue(qint64(9'007'199'254'740'993)); // needs all 64 bits
    q.addBindValue(3.14159265358979);
    q.addBindValue(text);
    q.addBindValue(blob);
    q.addBindValue(QVariant(QMetaType(QMetaType::QString)));
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    QCOMPARE(q.lastInsertId().toLongLong(), 1);
    QCOMPARE(q.numRowsAffected(), 1);
    QVERIFY(q.exec(u"SELECT i, d, t, b, n FROM v"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toLongLong(), qint64(9'007'199'254'740'993));
    QCOMPARE(q.value(1).toDouble(), 3.14159265358979);
    QCOMPARE(q.value(2).toString(), text);
    QCOMPARE(q.value(3).toByteArray(), blob);
    QVERIFY(q.isNull(4));
    QVERIFY(q.value(4).isNull());
    QVERIFY(!q.next());
    // Parameter count mismatches are errors, not silent NULLs.
    QVERIFY(q.prepare(u"INSERT INTO v (i) VALUES (?)"_s));
    QVERIFY(!q.exec());
}

void TestSqlCipherDriver::namedPlaceholdersIncludingRepeats()
{
    QSqlDatabase db = openDb(m_path, &testKey());
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE p (a TEXT, b TEXT, c TEXT)"_s));
    QVERIFY(q.prepare(u"INSERT INTO p (a, b, c) VALUES (:x, :y, :x)"_s));
    q.bindValue(u":x"_s, u"first"_s);
    q.bindValue(u":y"_s, u"second"_s);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    QVERIFY(q.exec(u"SELECT a, b, c FROM p"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"first"_s);
    QCOMPARE(q.value(1).toString(), u"second"_s);
    QCOMPARE(q.value(2).toString(), u"first"_s);
    // Re-execution with new values reuses the prepared statement.
    QVERIFY(q.prepare(u"SELECT count(*) FROM p WHERE a = :a"_s));
    for (const QString& v : {u"first"_s, u"none"_s}) {
        q.bindValue(u":a"_s, v);
        QVERIFY(q.exec() && q.next());
        QCOMPARE(q.value(0).toInt(), v == "first"_L1 ? 1 : 0);
    }
}

void TestSqlCipherDriver::transactions()
{
    QSqlDatabase db = openDb(m_path, &testKey());
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE t (v INTEGER)"_s));
    QVERIFY(db.transaction());
    QVERIFY(q.exec(u"INSERT INTO t VALUES (1)"_s));
    QVERIFY(db.rollback());
    QVERIFY(db.transaction());
    QVERIFY(q.exec(u"INSERT INTO t VALUES (2)"_s));
    QVERIFY(db.commit());
    QVERIFY(q.exec(u"SELECT group_concat(v) FROM t"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"2"_s);
}

void TestSqlCipherDriver::errorsCarrySqliteText()
{
    QSqlDatabase db = openDb(m_path, &testKey());
    QSqlQuery q(db);
    QVERIFY(!q.exec(u"SELEC nonsense"_s));
    QVERIFY2(q.lastError().text().contains(u"syntax error"_s), qPrintable(q.lastError().text()));
    QCOMPARE(q.lastError().type(), QSqlError::StatementError);
    QVERIFY(!q.exec(u"SELECT * FROM missing_table"_s));
    QVERIFY(q.lastError().text().contains(u"no such table"_s));
}

void TestSqlCipherDriver::introspection()
{
    QSqlDatabase db = openDb(m_path, &testKey());
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, photo BLOB, score REAL)"_s));
    QVERIFY(q.exec(u"CREATE TABLE pairs (a TEXT, b TEXT, PRIMARY KEY (a, b))"_s));
    QVERIFY(q.exec(u"CREATE VIEW names AS SELECT name FROM people"_s));
    QCOMPARE(db.tables(QSql::Tables), QStringList({u"pairs"_s, u"people"_s}));
    QCOMPARE(db.tables(QSql::Views), QStringList({u"names"_s}));
    const QSqlRecord rec = db.record(u"people"_s);
    QCOMPARE(rec.count(), 4);
    QCOMPARE(rec.field(u"name"_s).metaType().id(), QMetaType::QString);
    QCOMPARE(rec.field(u"photo"_s).metaType().id(), QMetaType::QByteArray);
    QCOMPARE(rec.field(u"score"_s).metaType().id(), QMetaType::Double);
    QVERIFY(rec.field(u"name"_s).requiredStatus() == QSqlField::Required);
    QVERIFY(rec.field(u"id"_s).isAutoValue());
    QCOMPARE(db.primaryIndex(u"people"_s).count(), 1);
    QCOMPARE(db.primaryIndex(u"pairs"_s).fieldName(1), u"b"_s);
}

void TestSqlCipherDriver::tableModelEditsThroughTheDriver()
{
    QSqlDatabase db = openDb(m_path, &testKey());
    QSqlQuery(db).exec(u"CREATE TABLE experts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, court INTEGER)"_s);
    QSqlTableModel model(nullptr, db);
    model.setTable(u"experts"_s);
    model.setEditStrategy(QSqlTableModel::OnManualSubmit);
    QVERIFY(model.select());
    QVERIFY(model.insertRows(0, 2));
    model.setData(model.index(0, 1), u"Country expert"_s);
    model.setData(model.index(0, 2), 12);
    model.setData(model.index(1, 1), u"Psychiatrist"_s);
    model.setData(model.index(1, 2), 3);
    QVERIFY2(model.submitAll(), qPrintable(model.lastError().text()));
    QVERIFY(model.select());
    QCOMPARE(model.rowCount(), 2);
    model.setData(model.index(1, 2), 4);
    QVERIFY(model.submitAll());
    QVERIFY(model.removeRows(0, 1));
    QVERIFY(model.submitAll());
    QVERIFY(model.select());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 1).data().toString(), u"Psychiatrist"_s);
    QCOMPARE(model.index(0, 2).data().toInt(), 4);
}

void TestSqlCipherDriver::queryModelScrollsBackAndForth()
{
    QSqlDatabase db = openDb(m_path, &testKey());
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE n (v INTEGER)"_s));
    QVERIFY(q.exec(u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) "
                   "INSERT INTO n SELECT x FROM c"_s));
    QSqlQueryModel model;
    model.setQuery(u"SELECT v FROM n ORDER BY v"_s, db);
    while (model.canFetchMore())
        model.fetchMore();
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.index(999, 0).data().toInt(), 1000);
    QCOMPARE(model.index(10, 0).data().toInt(), 11);
    QCOMPARE(model.index(500, 0).data().toInt(), 501);
    QSqlQuery scroll(db);
    QVERIFY(scroll.exec(u"SELECT v FROM n ORDER BY v"_s));
    QVERIFY(scroll.last());
    QCOMPARE(scroll.value(0).toInt(), 1000);
    QVERIFY(scroll.seek(3));
    QCOMPARE(scroll.value(0).toInt(), 4);
    QVERIFY(scroll.previous());
    QCOMPARE(scroll.value(0).toInt(), 3);
    QVERIFY(scroll.first());
    QVERIFY(!scroll.previous()); // before the first row
    QVERIFY(scroll.next());
    QCOMPARE(scroll.value(0).toInt(), 1);
    QVERIFY(scroll.next());
    QCOMPARE(scroll.value(0).toInt(), 2);
}

void TestSqlCipherDriver::forwardOnlyStreamsAMillionRowsInFlatMemory()
{
    QSqlDatabase db = openDb(m_path, &testKey());
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE big (id INTEGER PRIMARY KEY, payload TEXT)"_s));
    QVERIFY(q.exec(u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) "
                   "INSERT INTO big SELECT x, printf('row %08d with some text to make it wider', x) FROM c"_s));
    QSqlQuery stream(db);
    stream.setForwardOnly(true);
    QVERIFY(stream.exec(u"SELECT id, payload FROM big ORDER BY id"_s));
    qint64 count = 0;
    qint64 sum = 0;
    qint64 startKiB = 0;
    qint64 peakKiB = 0;
    while (stream.next()) {
        ++count;
        sum += stream.value(0).toLongLong();
        if (count == 10'000)
            startKiB = test::residentKiB();
        if (count % 100'000 == 0)
            peakKiB = std::max(peakKiB, test::residentKiB());
    }
    QCOMPARE(count, 1'000'000);
    QCOMPARE(sum, qint64(1'000'000) * 1'000'001 / 2);
    qInfo("resident memory while streaming: %lld KiB after 10k rows, at most %lld KiB later", startKiB, peakKiB);
    // A materialised result would hold ~60 MB of rows; streaming keeps to the page cache.
    QVERIFY2(peakKiB - startKiB < 16 * 1024, qPrintable(QString::number(peakKiB - startKiB)));
}

// A disk that fills up in the middle of a transaction (a file-size limit on this process):
// the error reaches the caller, the transaction rolls back, and the database stays usable.
void TestSqlCipherDriver::fullDiskRollsBackAndReports()
{
    QSqlDatabase db = openDb(m_path, &testKey());
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE t (v BLOB)"_s));
    QVERIFY(q.exec(u"INSERT INTO t VALUES (x'00')"_s));
    rlimit saved{};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = ::signal(SIGXFSZ, SIG_IGN);
    const rlimit small{256 * 1024, saved.rlim_max};
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
    QVERIFY(db.transaction());
    bool failed = false;
    QString message;
    q.prepare(u"INSERT INTO t VALUES (?)"_s);
    for (int i = 0; i < 2000 && !failed; ++i) {
        q.addBindValue(QByteArray(1024, char('a' + i % 26)));
        if (!q.exec()) {
            failed = true;
            message = q.lastError().text();
        }
    }
    if (!failed && !db.commit()) {
        failed = true;
        message = db.lastError().text();
    }
    db.rollback();
    ::setrlimit(RLIMIT_FSIZE, &saved);
    ::signal(SIGXFSZ, previousHandler);
    QVERIFY2(failed, "2 MB into a 256 KiB limit must fail");
    QVERIFY2(message.contains(u"disk"_s) || message.contains(u"I/O"_s), qPrintable(message));
    QVERIFY(q.exec(u"SELECT count(*) FROM t"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1); // only what was committed before
    q.finish();
    QVERIFY(q.exec(u"INSERT INTO t VALUES (x'01')"_s)); // and it still works
}

void TestSqlCipherDriver::canaryNeverInRawBytes()
{
    const QByteArray canary = "CANARY-Ḿaria-Popescu-7c1e";
    {
        QSqlDatabase db = openDb(m_path, &testKey());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"CREATE TABLE a (v TEXT)"_s));
        QVERIFY(q.exec(u"CREATE TABLE b (k TEXT PRIMARY KEY, v BLOB)"_s));
        QVERIFY(q.exec(u"CREATE INDEX a_v ON a (v)"_s));
        for (int i = 0; i < 200; ++i) {
            q.prepare(u"INSERT INTO a VALUES (?)"_s);
            q.addBindValue(QString(QString::fromUtf8(canary) + QString::number(i)));
            QVERIFY(q.exec());
            q.prepare(u"INSERT INTO b VALUES (?, ?)"_s);
            q.addBindValue(QString(QString::fromUtf8(canary) + QString::number(i)));
            q.addBindValue(canary);
            QVERIFY(q.exec());
        }
        // While open: the WAL holds the recent pages.
        for (const QString& suffix : {QString(), u"-wal"_s, u"-journal"_s, u"-shm"_s})
            QVERIFY2(!test::readAll(m_path + suffix).contains("CANARY"), qPrintable(suffix));
        db.close();
    }
    for (const QString& suffix : {QString(), u"-wal"_s, u"-journal"_s})
        QVERIFY2(!test::readAll(m_path + suffix).contains("CANARY"), qPrintable(suffix));
    QVERIFY(test::readAll(m_path).size() > 4096);
}

void TestSqlCipherDriver::sqlcipherShellReadsItPlainSqliteCannot()
{
    const QString sqlcipher = QStandardPaths::findExecutable(u"sqlcipher"_s);
    const QString sqlite3 = QStandardPaths::findExecutable(u"sqlite3"_s);
    QVERIFY2(!sqlcipher.isEmpty() && !sqlite3.isEmpty(), "scripts/bootstrap installs the sqlcipher and sqlite3 shells");
    {
        QSqlDatabase db = openDb(m_path, &testKey());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"CREATE TABLE t (v TEXT)"_s));
        QVERIFY(q.exec(u"INSERT INTO t VALUES ('canary-for-the-shell')"_s));
        db.close();
    }
    QProcess shell;
    shell.start(sqlcipher, {m_path});
    shell.write(u"PRAGMA key = \"x'%1'\";\nPRAGMA cipher_page_size = 4096;\nSELECT v FROM t;\n"_s.arg(hexOf(testKey()))
                    .toUtf8());
    shell.closeWriteChannel();
    QVERIFY(shell.waitForFinished(30'000));
    QVERIFY2(shell.readAllStandardOutput().contains("canary-for-the-shell"), shell.readAllStandardError().constData());

    QProcess plain;
    plain.start(sqlite3, {m_path, u"SELECT v FROM t;"_s});
    QVERIFY(plain.waitForFinished(30'000));
    QVERIFY(plain.exitCode() != 0);
    QVERIFY(plain.readAllStandardError().contains("not a database"));
}

QTEST_GUILESS_MAIN(TestSqlCipherDriver)
#include "TestSqlCipherDriver.moc"
