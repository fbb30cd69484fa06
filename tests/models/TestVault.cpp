#include "common/Files.h"
#include "common/ManualClock.h"
#include "core/JsonReader.h"
#include "itemmodels/ProfessionalListModel.h"
#include "security/InactivityMonitor.h"
#include "session/LockController.h"
#include "session/ProfileWorkspace.h"
#include "storage/AuditLog.h"
#include "storage/SqlCipherDriver.h"
#include "storage/Vault.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
SecureBytes pass(const char* text)
{
    return SecureBytes::copyOf(QByteArrayView(text));
}

const char* const kGood = "correct horse battery staple";
const char* const kOther = "seven purple elephants sing at dawn";

// Fast parameters keep the tests quick; production profiles use tuned ones (~0.5 s).
KdfParameters fastKdf()
{
    return KeyDerivation::withLimits(1, KeyDerivation::kMinMemLimit);
}

QStringList auditEvents(ProfileSession& session)
{
    QStringList out;
    for (const AuditLog::Entry& e : AuditLog(session.database()).entries())
        out.prepend(e.event);
    return out;
}
} // namespace

class TestVault : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void createListUnlockLock();
    void profilesAreSealedFromEachOther();
    void badNamesAndWeakPassphrases_data();
    void badNamesAndWeakPassphrases();
    void wrongPassphraseChangesNothing();
    void throttlingSurvivesRestart();
    void resetThrottleIsNoticed();
    void changePassphraseRewrapsOnly();
    void rotateKeyReencrypts();
    void corruptFilesAreNamedNotOverwritten_data();
    void corruptFilesAreNamedNotOverwritten();
    void missingDatabaseIsNotRecreated();
    void secondOpenIsRefusedWithPid();
    void lockIsHeldFromUnwrapToOpen();
    void unlockByIdReadsThatProfileAlone();
    void removeNeedsThePassphrase();
    void autoLockWipesKeyAndEmptiesModels();
    void tunedParametersAreSane();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    test::ManualClock m_clock;
    std::unique_ptr<Vault> m_vault;
};

void TestVault::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_vault = std::make_unique<Vault>(m_dir->path(), m_clock);
}

void TestVault::createListUnlockLock()
{
    VaultError error;
    const auto info = m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf());
    QVERIFY2(info, qPrintable(error.message));
    QCOMPARE(m_vault->list().size(), 1);
    QCOMPARE(m_vault->find(u"amina"_s)->id, info->id);
    QCOMPARE(m_vault->find(info->id.toString())->name, u"Amina"_s);
    QVERIFY(QFile::exists(info->directory + u"/profile.json"_s));
    QVERIFY(QFile::exists(info->directory + u"/htmse.db"_s));
    QCOMPARE(QFile::permissions(info->directory) & (QFile::ReadOther | QFile::ReadGroup), QFileDevice::Permissions());
    const QByteArray profileJson = test::readAll(info->directory + u"/profile.json"_s);
    QVERIFY(!profileJson.contains("passphrase"));

    auto session = m_vault->unlock(u"Amina"_s, pass(kGood), &error);
    QVERIFY2(session, qPrintable(error.message));
    QVERIFY(session->database().isOpen());
    QCOMPARE(session->key().size(), 32u);
    QSqlQuery q(session->database());
    QVERIFY(q.exec(u"PRAGMA user_version"_s) && q.next());
    QVERIFY(q.value(0).toInt() >= 2);
    q.finish();
    QCOMPARE(auditEvents(*session), QStringList({u"profile-created"_s, u"lock"_s, u"unlock"_s}));
    QVERIFY(AuditLog(session->database()).verify().intact);
    session->lock();
    QVERIFY(!session->isOpen());
    QVERIFY(session->key().isEmpty());
}

void TestVault::profilesAreSealedFromEachOther()
{
    VaultError error;
    const auto a = m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf());
    const auto b = m_vault->create(u"Brian"_s, pass(kOther), 3, &error, fastKdf());
    QVERIFY(a && b);
    QVERIFY(!m_vault->unlock(u"Brian"_s, pass(kGood), &error));
    QCOMPARE(error.code, VaultError::WrongPassphrase);
    // Swapping databases between profiles does not open them.
    QFile::remove(b->directory + u"/htmse.db"_s);
    QVERIFY(QFile::copy(a->directory + u"/htmse.db"_s, b->directory + u"/htmse.db"_s));
    QVERIFY(!m_vault->unlock(u"Brian"_s, pass(kOther), &error));
    QCOMPARE(error.code, VaultError::Corrupt);
    QVERIFY(error.message.contains(u"htmse.db"_s));
}

void TestVault::badNamesAndWeakPassphrases_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("passphrase");
    QTest::addColumn<int>("code");
    QTest::newRow("empty name") << QString() << QByteArray(kGood) << int(VaultError::InvalidName);
    QTest::newRow("control character") << u"a\u0007b"_s << QByteArray(kGood) << int(VaultError::InvalidName);
    QTest::newRow("long name") << QString(65, u'x') << QByteArray(kGood) << int(VaultError::InvalidName);
    QTest::newRow("weak") << u"Amina"_s << QByteArray("password1") << int(VaultError::WeakPassphrase);
    QTest::newRow("name as passphrase") << u"Amina"_s << QByteArray("Amina") << int(VaultError::WeakPassphrase);
}

void TestVault::badNamesAndWeakPassphrases()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, passphrase);
    QFETCH(int, code);
    VaultError error;
    QVERIFY(!m_vault->create(name, SecureBytes::copyOf(passphrase), 3, &error, fastKdf()));
    QCOMPARE(int(error.code), code);
    QVERIFY(!error.message.isEmpty());
    QVERIFY(QDir(m_dir->path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty()); // nothing left behind
}

void TestVault::wrongPassphraseChangesNothing()
{
    VaultError error;
    const auto info = m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf());
    const QByteArray profileBefore = test::sha256Of(info->directory + u"/profile.json"_s);
    const QByteArray dbBefore = test::sha256Of(info->directory + u"/htmse.db"_s);
    QVERIFY(!m_vault->unlock(u"Amina"_s, pass("wrong passphrase"), &error));
    QCOMPARE(error.code, VaultError::WrongPassphrase);
    QCOMPARE(error.message, u"wrong passphrase"_s);
    QCOMPARE(test::sha256Of(info->directory + u"/profile.json"_s), profileBefore);
    QCOMPARE(test::sha256Of(info->directory + u"/htmse.db"_s), dbBefore);
}

void TestVault::throttlingSurvivesRestart()
{
    VaultError error;
    QVERIFY(m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf()));
    for (int i = 0; i < Vault::kFreeAttempts; ++i)
        QVERIFY(!m_vault->unlock(u"Amina"_s, pass("nope"), &error));
    QCOMPARE(error.code, VaultError::WrongPassphrase);
    QCOMPARE(error.retryAfterSeconds, 1);
    // A new process (a new Vault) sees the same delay, and even the right passphrase waits.
    Vault restarted(m_dir->path(), m_clock);
    QVERIFY(!restarted.unlock(u"Amina"_s, pass(kGood), &error));
    QCOMPARE(error.code, VaultError::Throttled);
    m_clock.advance(1);
    QVERIFY(!restarted.unlock(u"Amina"_s, pass("nope"), &error));
    QCOMPARE(error.retryAfterSeconds, 2);
    QVERIFY(!restarted.unlock(u"Amina"_s, pass("nope"), &error));
    QCOMPARE(error.code, VaultError::Throttled);
    QCOMPARE(restarted.throttleDelay(u"Amina"_s), 2);
    m_clock.advance(2);
    auto session = restarted.unlock(u"Amina"_s, pass(kGood), &error);
    QVERIFY2(session, qPrintable(error.message));
    QVERIFY(!session->throttleTamperDetected());
    const auto entries = AuditLog(session->database()).entries();
    QCOMPARE(entries.at(1).event, u"unlock-failed"_s);
    QCOMPARE(entries.at(1).detail, u"wrong passphrases since the last unlock: 4"_s);
    session.reset();
    QCOMPARE(restarted.throttleDelay(u"Amina"_s), 0); // success resets the run of failures
}

void TestVault::resetThrottleIsNoticed()
{
    VaultError error;
    const auto info = m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf());
    QVERIFY(!m_vault->unlock(u"Amina"_s, pass("nope"), &error));
    QVERIFY(m_vault->unlock(u"Amina"_s, pass(kGood), &error)); // the database now knows of 1 failure
    for (int i = 0; i < 5; ++i) {
        m_clock.advance(3600);
        QVERIFY(!m_vault->unlock(u"Amina"_s, pass("nope"), &error));
    }
    QVERIFY(QFile::remove(info->directory + u"/unlock-attempts.json"_s)); // someone wipes the record
    QCOMPARE(m_vault->throttleDelay(u"Amina"_s), 0);
    auto session = m_vault->unlock(u"Amina"_s, pass(kGood), &error);
    QVERIFY(session);
    QVERIFY(session->throttleTamperDetected());
    QVERIFY(auditEvents(*session).contains(u"throttle-reset-detected"_s));
}

void TestVault::changePassphraseRewrapsOnly()
{
    VaultError error;
    QVERIFY(m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf()));
    SecureBytes keyBefore;
    {
        auto s = m_vault->unlock(u"Amina"_s, pass(kGood), &error);
        QSqlQuery(s->database()).exec(u"INSERT INTO user_settings VALUES ('k', 'kept')"_s);
        keyBefore = SecureBytes::copyOf(s->key().view());
    }
    QVERIFY(!m_vault->changePassphrase(u"Amina"_s, pass(kGood), pass("short"), 3, &error));
    QCOMPARE(error.code, VaultError::WeakPassphrase);
    QVERIFY(!m_vault->changePassphrase(u"Amina"_s, pass("not it"), pass(kOther), 3, &error));
    QCOMPARE(error.code, VaultError::WrongPassphrase);
    QVERIFY2(m_vault->changePassphrase(u"Amina"_s, pass(kGood), pass(kOther), 3, &error), qPrintable(error.message));
    QVERIFY(!m_vault->unlock(u"Amina"_s, pass(kGood), &error));
    auto s = m_vault->unlock(u"Amina"_s, pass(kOther), &error);
    QVERIFY(s);
    QVERIFY(s->key().equals(keyBefore)); // same database key, re-wrapped
    QSqlQuery q(s->database());
    QVERIFY(q.exec(u"SELECT value FROM user_settings WHERE key = 'k'"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"kept"_s);
    q.finish();
    QVERIFY(auditEvents(*s).contains(u"passphrase-changed"_s));
}

void TestVault::rotateKeyReencrypts()
{
    VaultError error;
    const auto info = m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf());
    auto s = m_vault->unlock(u"Amina"_s, pass(kGood), &error);
    QSqlQuery(s->database()).exec(u"INSERT INTO user_settings VALUES ('k', 'survives rotation')"_s);
    const SecureBytes oldKey = SecureBytes::copyOf(s->key().view());
    QVERIFY(!m_vault->rotateKey(*s, pass("nope"), &error));
    QVERIFY2(m_vault->rotateKey(*s, pass(kGood), &error), qPrintable(error.message));
    QVERIFY(!s->key().equals(oldKey));
    s.reset();
    // The old key no longer opens the file.
    SqlCipherDriver::registerDriver();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(SqlCipherDriver::kDriverName, u"old-key"_s);
        db.setDatabaseName(info->directory + u"/htmse.db"_s);
        static_cast<SqlCipherDriver*>(db.driver())->setKey(oldKey);
        QVERIFY(!db.open());
    }
    QSqlDatabase::removeDatabase(u"old-key"_s);
    auto again = m_vault->unlock(u"Amina"_s, pass(kGood), &error);
    QVERIFY2(again, qPrintable(error.message));
    QSqlQuery q(again->database());
    QVERIFY(q.exec(u"SELECT value FROM user_settings"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"survives rotation"_s);
    q.finish();
    QVERIFY(auditEvents(*again).contains(u"key-rotated"_s));
    QVERIFY(!test::readAll(info->directory + u"/profile.json"_s).contains("pending_key"));
}

void TestVault::corruptFilesAreNamedNotOverwritten_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<int>("code");
    QTest::newRow("truncated profile.json")
        << u"profile.json"_s << QByteArray("{\"format\": \"htmse-prof") << int(VaultError::NotFound);
    QTest::newRow("truncated database") << u"htmse.db"_s << QByteArray(1000, 'x') << int(VaultError::Corrupt);
    QTest::newRow("empty database") << u"htmse.db"_s << QByteArray() << int(VaultError::Corrupt);
}

void TestVault::corruptFilesAreNamedNotOverwritten()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, contents);
    QFETCH(int, code);
    VaultError error;
    const auto info = m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf());
    const QString path = info->directory + u'/' + file;
    QVERIFY(test::writeAll(path, contents));
    const QByteArray before = test::sha256Of(path);
    QStringList problems;
    m_vault->list(&problems);
    if (file == "profile.json"_L1) {
        // An unreadable profile is listed as a problem that names the file.
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.first().contains(path));
    }
    QVERIFY(!m_vault->unlock(u"Amina"_s, pass(kGood), &error));
    QCOMPARE(int(error.code), code);
    if (code == VaultError::Corrupt)
        QVERIFY2(error.message.contains(path), qPrintable(error.message));
    QCOMPARE(test::sha256Of(path), before);
}

void TestVault::missingDatabaseIsNotRecreated()
{
    VaultError error;
    const auto info = m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf());
    m_clock.advance(3600);
    QVERIFY(QFile::remove(info->directory + u"/htmse.db"_s));
    QVERIFY(!m_vault->unlock(u"Amina"_s, pass(kGood), &error));
    QCOMPARE(error.code, VaultError::Corrupt);
    QVERIFY(error.message.contains(u"missing"_s));
    QVERIFY(!QFile::exists(info->directory + u"/htmse.db"_s));
}

void TestVault::secondOpenIsRefusedWithPid()
{
    VaultError error;
    QVERIFY(m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf()));
    auto first = m_vault->unlock(u"Amina"_s, pass(kGood), &error);
    QVERIFY(first);
    QVERIFY(!m_vault->unlock(u"Amina"_s, pass(kGood), &error));
    QCOMPARE(error.code, VaultError::LockedElsewhere);
    QVERIFY2(error.message.contains(QString::number(QCoreApplication::applicationPid())), qPrintable(error.message));
    first.reset();
    QVERIFY(m_vault->unlock(u"Amina"_s, pass(kGood), &error));
}

// The two steps of an unlock (Argon2id on a worker thread, the database opened on the thread
// that uses it) hold the profile's lock throughout: nobody can open the profile, or guess its
// passphrase, in between; a wrong guess is recorded before the lock is let go.
void TestVault::lockIsHeldFromUnwrapToOpen()
{
    VaultError error;
    QVERIFY(m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf()));
    Vault other(m_dir->path(), m_clock); // as another process would see it
    auto keys = m_vault->unwrapKeys(u"Amina"_s, pass(kGood), &error);
    QVERIFY(keys);
    QVERIFY(!other.unlock(u"Amina"_s, pass(kGood), &error));
    QCOMPARE(error.code, VaultError::LockedElsewhere);
    QVERIFY(!other.unwrapKeys(u"Amina"_s, pass("a guess"), &error));
    QCOMPARE(error.code, VaultError::LockedElsewhere); // refused before any guess is checked
    auto session = m_vault->openWithKeys(*std::move(keys), &error);
    QVERIFY2(session, qPrintable(error.message));
    QVERIFY(!other.unlock(u"Amina"_s, pass(kGood), &error)); // the lock moved into the session
    QCOMPARE(error.code, VaultError::LockedElsewhere);
    session.reset();

    // Dropping an unwrapped key without opening lets go of the lock too.
    QVERIFY(m_vault->unwrapKeys(u"Amina"_s, pass(kGood), &error));
    QVERIFY(other.unlock(u"Amina"_s, pass(kGood), &error));

    // begin() + unwrap(): the lock is taken before the passphrase is even asked for, and a
    // wrong passphrase is counted while it is held.
    auto started = m_vault->begin(u"Amina"_s, &error);
    QVERIFY(started);
    QVERIFY(!other.begin(u"Amina"_s, &error));
    QCOMPARE(error.code, VaultError::LockedElsewhere);
    QVERIFY(!m_vault->unwrap(*started, pass("wrong"), &error));
    QCOMPARE(error.code, VaultError::WrongPassphrase);
    started.reset();
    QFile attempts(m_vault->find(u"Amina"_s)->directory + u"/unlock-attempts.json"_s);
    QVERIFY(attempts.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(attempts.readAll()).object().value(u"failures_total"_s).toInt(), 1);
}

// By id, unlock reads that profile's own folder: a damaged profile next to it is never read.
void TestVault::unlockByIdReadsThatProfileAlone()
{
    VaultError error;
    const auto amina = m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf());
    const auto broken = m_vault->create(u"Broken"_s, pass(kOther), 3, &error, fastKdf());
    QVERIFY(amina && broken);
    QVERIFY(test::writeAll(broken->directory + u"/profile.json"_s, "{ damaged"));
    QStringList problems;
    QCOMPARE(m_vault->list(&problems).size(), 1);
    QCOMPARE(problems.size(), 1);
    QVERIFY(m_vault->unlock(amina->id.toString(), pass(kGood), &error));
    QVERIFY(m_vault->unlock(uuidString(amina->id), pass(kGood), &error));
    QVERIFY(m_vault->unlock(u"amina"_s, pass(kGood), &error)); // by name: the damaged one is passed over
    QVERIFY(!m_vault->unlock(uuidString(broken->id), pass(kOther), &error));
    QCOMPARE(error.code, VaultError::Corrupt);
    QVERIFY2(error.message.contains(u"damaged"_s), qPrintable(error.message));
}

void TestVault::removeNeedsThePassphrase()
{
    VaultError error;
    const auto info = m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf());
    QVERIFY(!m_vault->remove(u"Amina"_s, pass("nope"), &error));
    QVERIFY(QFile::exists(info->directory + u"/htmse.db"_s));
    QVERIFY(m_vault->remove(u"Amina"_s, pass(kGood), &error));
    QVERIFY(!QDir(info->directory).exists());
    QVERIFY(m_vault->list().isEmpty());
}

void TestVault::autoLockWipesKeyAndEmptiesModels()
{
    VaultError error;
    QVERIFY(m_vault->create(u"Amina"_s, pass(kGood), 3, &error, fastKdf()));
    ProfessionalListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Professional p;
    p.id = QUuid::createUuid();
    p.displayName = u"Someone"_s;
    model.setProfessionals({p});

    InactivityMonitor monitor(m_clock);
    LockController controller;
    controller.watch(&monitor);
    controller.addClearer(&model, [&model] { model.clear(); });
    QSignalSpy locked(&controller, &LockController::locked);
    controller.setWorkspace(
        ProfileWorkspace::open(m_vault->unlock(u"Amina"_s, pass(kGood), &error), Policy(), m_clock));
    QVERIFY(!controller.isLocked());
    const QString connection = controller.workspace()->session().database().connectionName();
    monitor.setTimeoutMinutes(5);
    monitor.start();

    m_clock.advance(4 * 60);
    monitor.check();
    QCOMPARE(locked.size(), 0);
    monitor.touch(); // someone typed
    m_clock.advance(4 * 60);
    monitor.check();
    QCOMPARE(locked.size(), 0);
    m_clock.advance(61);
    monitor.check();
    QCOMPARE(locked.size(), 1);
    QCOMPARE(locked.first().first().toString(), u"inactivity"_s);
    QVERIFY(controller.isLocked());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!QSqlDatabase::contains(connection));
    // The profile is free again, and the lock was audited.
    auto s = m_vault->unlock(u"Amina"_s, pass(kGood), &error);
    QVERIFY(s);
    const auto entries = AuditLog(s->database()).entries();
    QCOMPARE(entries.at(1).event, u"lock"_s);
    QCOMPARE(entries.at(1).detail, u"inactivity"_s);
}

void TestVault::tunedParametersAreSane()
{
    const KdfParameters tuned = KeyDerivation::tuned(500);
    QVERIFY(tuned.isSane());
    QCOMPARE(tuned.memLimitBytes, KeyDerivation::kDefaultMemLimit);
    qInfo("tuned Argon2id: %llu iterations at %llu MiB", tuned.opsLimit, tuned.memLimitBytes / (1024 * 1024));
}

QTEST_GUILESS_MAIN(TestVault)
#include "TestVault.moc"
