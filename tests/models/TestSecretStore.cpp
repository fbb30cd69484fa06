// Runs against a real Secret Service (gnome-keyring in CI, started by scripts/test).
#include "security/ScreenLockWatcher.h"
#include "security/SecretStore.h"
#include "session/LockController.h"
#include "session/ProfileWorkspace.h"
#include "session/UnlockController.h"
#include "storage/Vault.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
struct Outcome
{
    bool done = false;
    SecretStore::Status status = SecretStore::Status::Failed;
    SecureBytes key;
    QString message;
};
} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writeReadRemove();
    void missingEntryIsNotAnError();
    void noSessionBusMeansUnavailable();
    void screenSaverSignalRequestsLock();
    void rememberOnDeviceOpensWithoutPassphrase();
    void policyForbiddingRememberStoresNothing();

private:
    Outcome read(SecretStore& store, const QUuid& id);
    Outcome write(SecretStore& store, const QUuid& id, const SecureBytes& key);
    Outcome remove(SecretStore& store, const QUuid& id);
};

void TestSecretStore::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        if (qEnvironmentVariableIsSet("HTMSE_REQUIRE_KEYRING"))
            QFAIL("scripts/test starts a session bus and gnome-keyring; none is running");
        QSKIP("no session bus: run through scripts/test, which starts one with gnome-keyring");
    }
}

Outcome TestSecretStore::read(SecretStore& store, const QUuid& id)
{
    Outcome o;
    store.readKey(id, [&o](SecretStore::Status s, SecureBytes key, const QString& message) {
        o = {true, s, std::move(key), message};
    });
    if (!QTest::qWaitFor([&o] { return o.done; }, 20'000))
        o.message = u"the credential store did not answer within 20 s"_s; // status stays Failed
    return o;
}

Outcome TestSecretStore::write(SecretStore& store, const QUuid& id, const SecureBytes& key)
{
    Outcome o;
    store.writeKey(id, key, [&o](SecretStore::Status s, const QString& message) {
        o.done = true;
        o.status = s;
        o.message = message;
    });
    if (!QTest::qWaitFor([&o] { return o.done; }, 20'000))
        o.message = u"the credential store did not answer within 20 s"_s; // status stays Failed
    return o;
}

Outcome TestSecretStore::remove(SecretStore& store, const QUuid& id)
{
    Outcome o;
    store.removeKey(id, [&o](SecretStore::Status s, const QString& message) {
        o.done = true;
        o.status = s;
        o.message = message;
    });
    if (!QTest::qWaitFor([&o] { return o.done; }, 20'000))
        o.message = u"the credential store did not answer within 20 s"_s; // status stays Failed
    return o;
}

void TestSecretStore::writeReadRemove()
{
    SecretStore store;
    const QUuid id = QUuid::createUuid();
    const SecureBytes key = SecureBytes::random(32);
    const Outcome written = write(store, id, key);
    QVERIFY2(written.status == SecretStore::Status::Ok, qPrintable(written.message));
    const Outcome back = read(store, id);
    QCOMPARE(back.status, SecretStore::Status::Ok);
    QVERIFY(back.key.equals(key));
    QCOMPARE(remove(store, id).status, SecretStore::Status::Ok);
    QCOMPARE(read(store, id).status, SecretStore::Status::NotFound);
}

void TestSecretStore::missingEntryIsNotAnError()
{
    SecretStore store;
    const Outcome o = read(store, QUuid::createUuid());
    QCOMPARE(o.status, SecretStore::Status::NotFound);
    QCOMPARE(remove(store, QUuid::createUuid()).status, SecretStore::Status::Ok);
}

void TestSecretStore::noSessionBusMeansUnavailable()
{
    const QByteArray saved = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    SecretStore store;
    const Outcome o = read(store, QUuid::createUuid());
    qputenv("DBUS_SESSION_BUS_ADDRESS", saved);
    QCOMPARE(o.status, SecretStore::Status::Unavailable);
}

void TestSecretStore::screenSaverSignalRequestsLock()
{
    ScreenLockWatcher watcher;
    QVERIFY(watcher.start() >= 2);
    QSignalSpy spy(&watcher, &ScreenLockWatcher::lockRequested);
    QDBusConnection other = QDBusConnection::connectToBus(QDBusConnection::SessionBus, u"screensaver-emitter"_s);
    QVERIFY(other.isConnected());
    QDBusMessage inactive = QDBusMessage::createSignal(u"/org/freedesktop/ScreenSaver"_s,
                                                       u"org.freedesktop.ScreenSaver"_s, u"ActiveChanged"_s);
    inactive << false;
    QVERIFY(other.send(inactive));
    QDBusMessage active = QDBusMessage::createSignal(u"/org/freedesktop/ScreenSaver"_s,
                                                     u"org.freedesktop.ScreenSaver"_s, u"ActiveChanged"_s);
    active << true;
    QVERIFY(other.send(active));
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 10'000);
    QCOMPARE(spy.first().first().toString(), u"screensaver"_s);
    QDBusConnection::disconnectFromBus(u"screensaver-emitter"_s);
}

namespace {
// An office that allows remembering (it is off by default).
Policy remembering()
{
    Policy p;
    p.allowRememberOnDevice = true;
    return p;
}

// One run of the app: a lock controller and an unlock controller; destroying them is quitting
// (the workspace goes without a lock).
struct AppRun
{
    LockController lock;
    UnlockController unlocker;
    QSignalSpy unlocked{&unlocker, &UnlockController::unlocked};
    QSignalSpy failed{&unlocker, &UnlockController::failed};
    QSignalSpy forgotten{&unlocker, &UnlockController::forgotten};
    AppRun(Vault& vault, const Policy& policy)
        : unlocker(vault, lock, policy)
    {}
};
} // namespace

// Remembering opens the profile at the next start after a quit, never after a lock: a lock (on
// request, idle, screen lock) forgets the key, so whoever finds the app locked cannot restart it
// and be in. An unlock with the box unchecked forgets it too.
void TestSecretStore::rememberOnDeviceOpensWithoutPassphrase()
{
    QTemporaryDir dir;
    Vault vault(dir.path());
    VaultError error;
    const auto info = vault.create(u"Amina"_s, SecureBytes::copyOf("correct horse battery staple"), 3, &error,
                                   KeyDerivation::withLimits(1, KeyDerivation::kMinMemLimit));
    QVERIFY(info);
    SecretStore store;
    {
        AppRun run(vault, remembering());
        QSignalSpy rememberFailed(&run.unlocker, &UnlockController::rememberFailed);
        run.unlocker.unlock(u"Amina"_s, SecureBytes::copyOf("correct horse battery staple"), true);
        QTRY_COMPARE_WITH_TIMEOUT(run.unlocked.size(), 1, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(read(store, info->id).status, SecretStore::Status::Ok, 20'000);
        QVERIFY(read(store, info->id).key.equals(run.lock.workspace()->session().key()));
        QCOMPARE(rememberFailed.size(), 0);
    } // quit while unlocked
    {
        AppRun run(vault, remembering());
        run.unlocker.unlockRemembered(u"Amina"_s);
        QTRY_COMPARE_WITH_TIMEOUT(run.unlocked.size(), 1, 20'000);
        QVERIFY(!run.lock.isLocked());
        run.lock.lock(u"inactivity"_s);
        QTRY_COMPARE_WITH_TIMEOUT(run.forgotten.size(), 1, 20'000);
        QVERIFY(run.forgotten.first().at(1).toBool());
        QCOMPARE(read(store, info->id).status, SecretStore::Status::NotFound);
        // In this run ...
        run.unlocker.unlockRemembered(u"Amina"_s);
        QTRY_COMPARE_WITH_TIMEOUT(run.failed.size(), 1, 20'000);
        QVERIFY(run.lock.isLocked());
    }
    {
        // ... and after a restart, the passphrase it is.
        AppRun run(vault, remembering());
        run.unlocker.unlockRemembered(u"Amina"_s);
        QTRY_COMPARE_WITH_TIMEOUT(run.failed.size(), 1, 20'000);
        QVERIFY(run.lock.isLocked());
        // Remembered again by a passphrase unlock with the box checked; forgotten by one without.
        run.unlocker.unlock(u"Amina"_s, SecureBytes::copyOf("correct horse battery staple"), true);
        QTRY_COMPARE_WITH_TIMEOUT(read(store, info->id).status, SecretStore::Status::Ok, 20'000);
    }
    {
        AppRun run(vault, remembering());
        run.unlocker.unlock(u"Amina"_s, SecureBytes::copyOf("correct horse battery staple"), false);
        QTRY_COMPARE_WITH_TIMEOUT(run.forgotten.size(), 1, 20'000);
        QCOMPARE(read(store, info->id).status, SecretStore::Status::NotFound);
    }
}

// A policy that forbids remembering stores nothing, and forgets what an earlier policy let the
// device keep; "forget this device" removes the key whatever the policy.
void TestSecretStore::policyForbiddingRememberStoresNothing()
{
    QTemporaryDir dir;
    Vault vault(dir.path());
    VaultError error;
    const auto info = vault.create(u"Brian"_s, SecureBytes::copyOf("seven purple elephants sing at dawn"), 3, &error,
                                   KeyDerivation::withLimits(1, KeyDerivation::kMinMemLimit));
    QVERIFY(info);
    SecretStore store;
    Policy strict;
    strict.allowRememberOnDevice = false;
    {
        AppRun run(vault, strict);
        run.unlocker.unlock(u"Brian"_s, SecureBytes::copyOf("seven purple elephants sing at dawn"), true);
        QTRY_COMPARE_WITH_TIMEOUT(run.unlocked.size(), 1, 20'000);
        // Nothing was written: the decision is made before the unlock is reported, and the
        // credential store is not even asked (no prompt for people who never remember).
        QCOMPARE(read(store, info->id).status, SecretStore::Status::NotFound);
        QCOMPARE(run.forgotten.size(), 0);
    }
    {
        AppRun run(vault, remembering());
        run.unlocker.unlock(u"Brian"_s, SecureBytes::copyOf("seven purple elephants sing at dawn"), true);
        QTRY_COMPARE_WITH_TIMEOUT(read(store, info->id).status, SecretStore::Status::Ok, 20'000);
    }
    {
        AppRun run(vault, strict); // the office changed its mind
        run.unlocker.unlockRemembered(u"Brian"_s);
        QTRY_COMPARE_WITH_TIMEOUT(run.failed.size(), 1, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(run.forgotten.size(), 1, 20'000);
        QVERIFY(run.lock.isLocked());
        QCOMPARE(read(store, info->id).status, SecretStore::Status::NotFound);
    }
    {
        AppRun run(vault, remembering());
        run.unlocker.unlock(u"Brian"_s, SecureBytes::copyOf("seven purple elephants sing at dawn"), true);
        QTRY_COMPARE_WITH_TIMEOUT(read(store, info->id).status, SecretStore::Status::Ok, 20'000);
        run.unlocker.forgetRemembered(info->id);
        QTRY_COMPARE_WITH_TIMEOUT(run.forgotten.size(), 1, 20'000);
        QCOMPARE(read(store, info->id).status, SecretStore::Status::NotFound);
    }
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "TestSecretStore.moc"
