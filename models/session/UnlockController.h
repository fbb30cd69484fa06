// UnlockController: what the lock screen asks for — list profiles, create one, unlock with a
// passphrase or with the key remembered on this device — done without freezing the window:
// Argon2id runs on a worker thread, the database is opened on this (the GUI) thread.
#pragma once

#include "core/Clock.h"
#include "core/SecureBytes.h"
#include "security/Policy.h"
#include "storage/Vault.h"

#include <QObject>
#include <QUuid>

namespace htmse {

class LockController;
class SecretStore;

class UnlockController : public QObject
{
    Q_OBJECT

public:
    // `clock` (for the workspace) must outlive the controller.
    UnlockController(Vault& vault, LockController& lock, const Policy& policy, QObject* parent = nullptr,
                     const Clock& clock = Clock::system());

    QList<ProfileInfo> profiles(QStringList* problems = nullptr) const { return m_vault.list(problems); }
    const Policy& policy() const { return m_policy; }
    bool isBusy() const { return m_busy; }

    // Each finishes with exactly one of unlocked() / failed() / created().
    void unlock(const QString& nameOrId, SecureBytes passphrase, bool rememberOnDevice);
    // Opens with the key remembered on this device, if the policy allows remembering and the
    // profile has not been locked since (a lock forgets the key: the next unlock, in this run or
    // after a restart, needs the passphrase). A policy that forbids remembering forgets any key
    // still kept.
    void unlockRemembered(const QString& nameOrId);
    void create(const QString& name, SecureBytes passphrase);
    // "Forget this device": removes the profile's remembered key; forgotten() tells how it went.
    void forgetRemembered(const QUuid& profile);

signals:
    void busyChanged(bool busy);
    // The workspace is with the LockController by now; its unlockSummary() has the overdue
    // follow-ups (counted after the retention purge that unlock runs) and any warnings.
    void unlocked(const htmse::ProfileInfo& profile, int overdueReferrals);
    void created(const htmse::ProfileInfo& profile);
    void failed(const QString& message, int retryAfterSeconds);
    void rememberFailed(const QString& message); // unlocked, but the key could not be remembered
    // A remembered key was removed (ok), or could not be (with the message). Removing a key
    // that was not there is ok.
    void forgotten(const QUuid& profile, bool ok, const QString& message);

private:
    void setBusy(bool busy);
    void finishUnlock(std::unique_ptr<ProfileSession> session);

    Vault& m_vault;
    LockController& m_lock;
    Policy m_policy;
    const Clock& m_clock;
    SecretStore* m_secrets;
    QUuid m_open; // the profile unlocked through this controller, until it locks
    bool m_busy = false;
};

} // namespace htmse
