#include "common/ManualClock.h"
#include "core/SecureBytes.h"
#include "storage/AuditLog.h"
#include "storage/Schema.h"
#include "storage/SqlCipherDriver.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestSchemaAndAudit : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void migratesFromEveryEarlierVersion_data();
    void migratesFromEveryEarlierVersion();
    void failedMigrationRollsBack();
    void newerDatabaseIsRefused();
    void auditChainIsIntact();
    void auditTampering_data();
    void auditTampering();

private:
    QSqlDatabase m_db;
    QTemporaryDir m_dir;
    test::ManualClock m_clock;
    int m_counter = 0;
};

void TestSchemaAndAudit::init()
{
    SqlCipherDriver::registerDriver();
    m_db = QSqlDatabase::addDatabase(SqlCipherDriver::kDriverName, u"schema"_s);
    m_db.setDatabaseName(m_dir.filePath(u"db%1"_s.arg(++m_counter)));
    static_cast<SqlCipherDriver*>(m_db.driver())->setKey(SecureBytes::random(32));
    QVERIFY(m_db.open());
}

void TestSchemaAndAudit::cleanup()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"schema"_s);
}

void TestSchemaAndAudit::migratesFromEveryEarlierVersion_data()
{
    QTest::addColumn<int>("from");
    for (int v = 0; v < Schema::latestVersion(); ++v)
        QTest::addRow("from %d", v) << v;
}

void TestSchemaAndAudit::migratesFromEveryEarlierVersion()
{
    QFETCH(int, from);
    QString error;
    QVERIFY(Schema::migrate(m_db, &error, from));
    QCOMPARE(Schema::version(m_db), from);
    if (from >= 1) {
        // Data written at the earlier version survives the later migrations.
        QVERIFY(QSqlQuery(m_db).exec(u"INSERT INTO meta VALUES ('written-at', %1)"_s.arg(from)));
    }
    QVERIFY2(Schema::migrate(m_db, &error), qPrintable(error));
    QCOMPARE(Schema::version(m_db), Schema::latestVersion());
    QVERIFY(m_db.tables().contains(u"audit_log"_s));
    QVERIFY(m_db.tables().contains(u"user_settings"_s));
    if (from >= 1) {
        QSqlQuery q(m_db);
        QVERIFY(q.exec(u"SELECT value FROM meta WHERE key = 'written-at'"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), from);
    }
    QVERIFY(Schema::migrate(m_db, &error)); // idempotent
}

void TestSchemaAndAudit::failedMigrationRollsBack()
{
    QList<Schema::Migration> broken = Schema::migrations();
    broken.append(
        {Schema::latestVersion() + 1, u"broken"_s, {u"CREATE TABLE half_done (v TEXT)"_s, u"THIS IS NOT SQL"_s}});
    QString error;
    QVERIFY(!Schema::migrate(m_db, broken, &error));
    QVERIFY(error.contains(u"broken"_s));
    QCOMPARE(Schema::version(m_db), Schema::latestVersion()); // the good ones stay
    QVERIFY(!m_db.tables().contains(u"half_done"_s));         // the bad one left nothing
}

void TestSchemaAndAudit::newerDatabaseIsRefused()
{
    QVERIFY(QSqlQuery(m_db).exec(u"PRAGMA user_version = 99"_s));
    QString error;
    QVERIFY(!Schema::migrate(m_db, &error));
    QVERIFY(error.contains(u"newer"_s));
}

void TestSchemaAndAudit::auditChainIsIntact()
{
    QString error;
    QVERIFY(Schema::migrate(m_db, &error));
    AuditLog log(m_db, m_clock);
    for (const QString& e : {u"unlock"_s, u"export"_s, u"print"_s, u"erase"_s, u"lock"_s}) {
        QVERIFY(log.append(e, u"count 3"_s));
        m_clock.advance(10);
    }
    const auto v = log.verify();
    QVERIFY2(v.intact, qPrintable(v.problem));
    QCOMPARE(v.entries, 5);
    QCOMPARE(log.entries().first().event, u"lock"_s);
    QCOMPARE(log.entries().first().at, m_clock.now().addSecs(-10));
}

void TestSchemaAndAudit::auditTampering_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<qint64>("firstBad");
    QTest::newRow("edited detail") << u"UPDATE audit_log SET detail = 'count 0' WHERE seq = 3"_s << qint64(3);
    QTest::newRow("edited event") << u"UPDATE audit_log SET event = 'unlock' WHERE seq = 2"_s << qint64(2);
    QTest::newRow("removed middle") << u"DELETE FROM audit_log WHERE seq = 2"_s << qint64(3);
    QTest::newRow("removed tail") << u"DELETE FROM audit_log WHERE seq = 5"_s << qint64(5);
    QTest::newRow("backdated") << u"UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 1"_s << qint64(1);
}

void TestSchemaAndAudit::auditTampering()
{
    QFETCH(QString, sql);
    QFETCH(qint64, firstBad);
    QString error;
    QVERIFY(Schema::migrate(m_db, &error));
    AuditLog log(m_db, m_clock);
    for (int i = 0; i < 5; ++i)
        QVERIFY(log.append(u"export"_s, u"count %1"_s.arg(i)));
    QVERIFY(log.verify().intact);
    QVERIFY(QSqlQuery(m_db).exec(sql));
    const auto v = log.verify();
    QVERIFY(!v.intact);
    QCOMPARE(v.firstBadSeq, firstBad);
    QVERIFY(!v.problem.isEmpty());
    // Whatever is appended next (the "lock" of the session that did it) does not hide it.
    QVERIFY(log.append(u"lock"_s, u"closed"_s));
    QVERIFY2(!log.verify().intact, "an entry appended after the tampering hid it");
}

QTEST_GUILESS_MAIN(TestSchemaAndAudit)
#include "TestSchemaAndAudit.moc"
