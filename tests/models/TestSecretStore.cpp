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

void TestSecretStore::rememberOnDeviceOpensWithoutPassphrase()
{
    QTemporaryDir dir;
    Vault vault(dir.path());
    VaultError error;
    const auto info = vault.create(u"Amina"_s, SecureBytes::copyOf("correct horse battery staple"), 3, &error,
                                   KeyDerivation::withLimits(1, KeyDerivation::kMinMemLimit));
    QVERIFY(info);
    LockController lock;
    UnlockController unlocker(vault, lock, Policy());
    QSignalSpy unlocked(&unlocker, &UnlockController::unlocked);
    QSignalSpy rememberFailed(&unlocker, &UnlockController::rememberFailed);
    unlocker.unlock(u"Amina"_s, SecureBytes::copyOf("correct horse battery staple"), true);
    QTRY_COMPARE_WITH_TIMEOUT(unlocked.size(), 1, 20'000);
    SecretStore store;
    QTRY_COMPARE_WITH_TIMEOUT(read(store, info->id).status, SecretStore::Status::Ok, 20'000);
    QVERIFY(read(store, info->id).key.equals(lock.workspace()->session().key()));
    QCOMPARE(rememberFailed.size(), 0);
    lock.lock(u"manual"_s);
    QVERIFY(lock.isLocked());
    unlocker.unlockRemembered(u"Amina"_s);
    QTRY_COMPARE_WITH_TIMEOUT(unlocked.size(), 2, 20'000);
    QVERIFY(!lock.isLocked());
    lock.lock(u"manual"_s);
    // Deleting the profile's remembered key: the passphrase is needed again.
    QCOMPARE(remove(store, info->id).status, SecretStore::Status::Ok);
    QSignalSpy failed(&unlocker, &UnlockController::failed);
    unlocker.unlockRemembered(u"Amina"_s);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20'000);
    QVERIFY(lock.isLocked());
}

void TestSecretStore::policyForbiddingRememberStoresNothing()
{
    QTemporaryDir dir;
    Vault vault(dir.path());
    VaultError error;
    const auto info = vault.create(u"Brian"_s, SecureBytes::copyOf("seven purple elephants sing at dawn"), 3, &error,
                                   KeyDerivation::withLimits(1, KeyDerivation::kMinMemLimit));
    QVERIFY(info);
    Policy strict;
    strict.allowRememberOnDevice = false;
    LockController lock;
    UnlockController unlocker(vault, lock, strict);
    QSignalSpy unlocked(&unlocker, &UnlockController::unlocked);
    unlocker.unlock(u"Brian"_s, SecureBytes::copyOf("seven purple elephants sing at dawn"), true);
    QTRY_COMPARE_WITH_TIMEOUT(unlocked.size(), 1, 20'000);
    QTest::qWait(200);
    SecretStore store;
    QCOMPARE(read(store, info->id).status, SecretStore::Status::NotFound);
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "TestSecretStore.moc"
