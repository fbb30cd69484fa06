#include "common/ManualClock.h"
#include "security/InactivityMonitor.h"
#include "security/KeyDerivation.h"
#include "security/PassphraseStrength.h"
#include "security/Policy.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestSecurity : public QObject
{
    Q_OBJECT

private slots:
    void keyWrapRoundTrip();
    void unwrapRefusesTamperingAndWrongKeys();
    void derivationDependsOnEveryParameter();
    void passphraseStrength_data();
    void passphraseStrength();
    void policyFromFile();
    void policyBadValuesAreIgnoredAndReported();
    void userSettingsOnlyTighten();
    void inactivityFollowsInputEvents();
    void settingTheClockBackDoesNotDelayTheLock();
};

void TestSecurity::settingTheClockBackDoesNotDelayTheLock()
{
    test::ManualClock clock;
    InactivityMonitor monitor(clock);
    QSignalSpy idle(&monitor, &InactivityMonitor::idle);
    monitor.setTimeoutMinutes(5);
    monitor.start();
    clock.advance(4 * 60);
    clock.setWallClock(clock.now().addDays(-1)); // someone at the desk winds the clock back a day
    monitor.check();
    QCOMPARE(idle.size(), 0);
    clock.advance(61);
    monitor.check();
    QCOMPARE(idle.size(), 1); // five minutes of real time, whatever the wall clock says
    // And winding it forward does not lock early either.
    monitor.touch();
    clock.setWallClock(clock.now().addDays(2));
    monitor.check();
    QCOMPARE(idle.size(), 1);
}

void TestSecurity::keyWrapRoundTrip()
{
    const SecureBytes key = SecureBytes::random(32);
    const SecureBytes kek = SecureBytes::random(32);
    const auto wrapped = KeyDerivation::wrap(key, kek, "profile metadata");
    QCOMPARE(wrapped.nonce.size(), 24);
    QCOMPARE(wrapped.ciphertext.size(), 48);
    const auto back = KeyDerivation::unwrap(wrapped, kek, "profile metadata");
    QVERIFY(back);
    QVERIFY(back->equals(key));
    // A second wrap uses a fresh nonce.
    QVERIFY(KeyDerivation::wrap(key, kek, "profile metadata").nonce != wrapped.nonce);
}

void TestSecurity::unwrapRefusesTamperingAndWrongKeys()
{
    const SecureBytes key = SecureBytes::random(32);
    const SecureBytes kek = SecureBytes::random(32);
    auto wrapped = KeyDerivation::wrap(key, kek, "id=1|kdf=argon2id");
    QVERIFY(!KeyDerivation::unwrap(wrapped, SecureBytes::random(32), "id=1|kdf=argon2id"));
    QVERIFY(!KeyDerivation::unwrap(wrapped, kek, "id=2|kdf=argon2id")); // metadata swapped
    wrapped.ciphertext[5] = char(wrapped.ciphertext[5] ^ 1);
    QVERIFY(!KeyDerivation::unwrap(wrapped, kek, "id=1|kdf=argon2id"));
    wrapped.ciphertext.chop(1);
    QVERIFY(!KeyDerivation::unwrap(wrapped, kek, "id=1|kdf=argon2id"));
}

void TestSecurity::derivationDependsOnEveryParameter()
{
    const SecureBytes pass = SecureBytes::copyOf("correct horse battery staple");
    const KdfParameters p = KeyDerivation::withLimits(1, KeyDerivation::kMinMemLimit);
    const SecureBytes a = KeyDerivation::derive(pass, p);
    QCOMPARE(a.size(), 32u);
    QVERIFY(KeyDerivation::derive(pass, p).equals(a));
    KdfParameters moreOps = p;
    moreOps.opsLimit = 2;
    QVERIFY(!KeyDerivation::derive(pass, moreOps).equals(a));
    QVERIFY(!KeyDerivation::derive(pass, KeyDerivation::withLimits(1, KeyDerivation::kMinMemLimit)).equals(a)); // salt
    QVERIFY(!KeyDerivation::derive(SecureBytes::copyOf("correct horse battery staplE"), p).equals(a));
    KdfParameters unsafe = p;
    unsafe.memLimitBytes = 1024;
    QVERIFY(!unsafe.isSane());
    QVERIFY(KeyDerivation::derive(pass, unsafe).isEmpty());
}

void TestSecurity::passphraseStrength_data()
{
    QTest::addColumn<QByteArray>("passphrase");
    QTest::addColumn<int>("minScore");
    QTest::addColumn<int>("maxScore");
    QTest::newRow("empty") << QByteArray() << 0 << 0;
    QTest::newRow("password") << QByteArray("password") << 0 << 0;
    QTest::newRow("keyboard walk") << QByteArray("qwerty123") << 0 << 1;
    QTest::newRow("four words") << QByteArray("correct horse battery staple") << 3 << 4;
    QTest::newRow("sentence") << QByteArray("my grandmother's goat ate the Tuesday newspaper") << 4 << 4;
}

void TestSecurity::passphraseStrength()
{
    QFETCH(QByteArray, passphrase);
    QFETCH(int, minScore);
    QFETCH(int, maxScore);
    const auto s = PassphraseStrength::estimate(SecureBytes::copyOf(passphrase));
    QVERIFY2(s.score >= minScore && s.score <= maxScore, qPrintable(QString::number(s.score)));
    QCOMPARE(s.advice.isEmpty(), s.score >= 3);
    // The profile's own name is no secret.
    QVERIFY(PassphraseStrength::estimate(SecureBytes::copyOf("Amina"), {u"Amina"_s}).score == 0);
}

void TestSecurity::policyFromFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"policy.conf"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[policy]\nauto_lock_minutes=2\nallow_remember_on_device=true\nmin_passphrase_score=4\n"
            "clipboard_clear_seconds=10\nretention_months=6\nconsent_required_for_victim_referrals=true\n"
            "notifications_enabled=false\n"
            "pinned_server_certificate_sha256=AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:"
            "22:33:44:55:66:77:88:99\n");
    f.close();
    QSettings settings(path, QSettings::IniFormat);
    QStringList problems;
    const Policy p = Policy::fromSettings(settings, &problems);
    QVERIFY(problems.isEmpty());
    QCOMPARE(p.autoLockMinutes, 2);
    QVERIFY(p.allowRememberOnDevice); // off unless the office turns it on
    QVERIFY(!Policy().allowRememberOnDevice);
    QCOMPARE(p.minPassphraseScore, 4);
    QCOMPARE(p.clipboardClearSeconds, 10);
    QCOMPARE(p.retentionMonths, 6);
    QCOMPARE(p.pinnedServerCertificateSha256.size(), 64);
    QVERIFY(!p.notificationsEnabled);
    QVERIFY(Policy().notificationsEnabled); // on unless the office turns them off
    QVERIFY(!Policy::systemPolicyLocation().isEmpty());
}

void TestSecurity::policyBadValuesAreIgnoredAndReported()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"policy.conf"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[policy]\nauto_lock_minutes=-5\nallow_remember_on_device=perhaps\nmin_passphrase_score=9\n"
            "pinned_server_certificate_sha256=nothex\nnotifications_enabled=sometimes\n");
    f.close();
    QSettings settings(path, QSettings::IniFormat);
    QStringList problems;
    const Policy p = Policy::fromSettings(settings, &problems);
    QCOMPARE(problems.size(), 5);
    QCOMPARE(p, Policy()); // the safe defaults stand
}

void TestSecurity::userSettingsOnlyTighten()
{
    Policy office;
    office.autoLockMinutes = 10;
    office.allowRememberOnDevice = false;
    office.minPassphraseScore = 3;
    office.retentionMonths = 24;
    Policy user;
    user.autoLockMinutes = 0;          // "never" cannot loosen the office's 10 minutes
    user.allowRememberOnDevice = true; // cannot re-allow
    user.minPassphraseScore = 1;
    user.retentionMonths = 12; // shorter is allowed
    user.consentRequiredForVictimReferrals = false;
    const Policy effective = office.tightenedBy(user);
    QCOMPARE(effective.autoLockMinutes, 10);
    QVERIFY(!effective.allowRememberOnDevice);
    QCOMPARE(effective.minPassphraseScore, 3);
    QCOMPARE(effective.retentionMonths, 12);
    QVERIFY(effective.consentRequiredForVictimReferrals);
    QVERIFY(effective.notificationsEnabled);
    user.notificationsEnabled = false; // a person may turn them off; the office cannot force them back
    QVERIFY(!office.tightenedBy(user).notificationsEnabled);
    office.notificationsEnabled = false;
    user.notificationsEnabled = true;
    QVERIFY(!office.tightenedBy(user).notificationsEnabled);
    user.autoLockMinutes = 3;
    QCOMPARE(office.tightenedBy(user).autoLockMinutes, 3);
}

void TestSecurity::inactivityFollowsInputEvents()
{
    test::ManualClock clock;
    InactivityMonitor monitor(clock);
    QSignalSpy idle(&monitor, &InactivityMonitor::idle);
    monitor.setTimeoutMinutes(1);
    monitor.start();
    clock.advance(50);
    // A key press anywhere in the application counts as activity.
    QObject target;
    QEvent press(QEvent::KeyPress);
    QCoreApplication::sendEvent(&target, &press);
    clock.advance(50);
    monitor.check();
    QCOMPARE(idle.size(), 0);
    clock.advance(11);
    monitor.check();
    QCOMPARE(idle.size(), 1);
    monitor.check(); // once per idle period
    QCOMPARE(idle.size(), 1);
    monitor.setTimeoutMinutes(0); // disabled
    clock.advance(3600);
    monitor.check();
    QCOMPARE(idle.size(), 1);
}

QTEST_GUILESS_MAIN(TestSecurity)
#include "TestSecurity.moc"
