#include "session/UnlockController.h"

#include "security/SecretStore.h"
#include "session/LockController.h"
#include "session/ProfileWorkspace.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
struct UnwrapResult
{
    std::optional<Vault::Unwrapped> keys;
    VaultError error;
};

struct CreateResult
{
    std::optional<ProfileInfo> info;
    VaultError error;
};
} // namespace

UnlockController::UnlockController(Vault& vault, LockController& lock, const Policy& policy, QObject* parent,
                                   const Clock& clock)
    : QObject(parent)
    , m_vault(vault)
    , m_lock(lock)
    , m_policy(policy)
    , m_clock(clock)
    , m_secrets(new SecretStore(this))
{
    // Every lock (on request, idle, screen lock, suspend) forgets the remembered key, so that
    // whoever finds the app locked cannot get in by restarting it. Quitting while unlocked does
    // not lock, and keeps it: that is what remembering is for.
    connect(&m_lock, &LockController::locked, this, [this] {
        const QUuid locked = std::exchange(m_open, QUuid());
        if (!locked.isNull() && m_policy.allowRememberOnDevice)
            forgetRemembered(locked);
    });
}

void UnlockController::forgetRemembered(const QUuid& profile)
{
    m_secrets->removeKey(profile, [this, profile](SecretStore::Status status, const QString& message) {
        // No credential store at all means nothing can have been kept there.
        const bool ok = status == SecretStore::Status::Ok || status == SecretStore::Status::Unavailable;
        emit forgotten(profile, ok, ok ? QString() : message);
    });
}

void UnlockController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void UnlockController::unlock(const QString& nameOrId, SecureBytes passphrase, bool rememberOnDevice)
{
    if (m_busy)
        return;
    setBusy(true);
    auto shared = std::make_shared<SecureBytes>(std::move(passphrase));
    auto* watcher = new QFutureWatcher<std::shared_ptr<UnwrapResult>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, nameOrId, rememberOnDevice] {
        watcher->deleteLater();
        const std::shared_ptr<UnwrapResult> result = watcher->result();
        if (!result->keys) {
            setBusy(false);
            emit failed(result->error.message, result->error.retryAfterSeconds);
            return;
        }
        VaultError error;
        auto session = m_vault.openWithKeys(*std::move(result->keys), &error);
        setBusy(false);
        if (!session) {
            emit failed(error.message, 0);
            return;
        }
        if (rememberOnDevice && m_policy.allowRememberOnDevice) {
            m_secrets->writeKey(session->info().id, session->key(),
                                [this](SecretStore::Status status, const QString& message) {
                                    if (status != SecretStore::Status::Ok)
                                        emit rememberFailed(message);
                                });
        } else if (m_policy.allowRememberOnDevice) {
            // The box unchecked. (Under a policy against remembering the credential store is left
            // alone here: start-up forgets what an earlier policy let it keep.)
            forgetRemembered(session->info().id);
        }
        finishUnlock(std::move(session));
    });
    const Vault* vault = &m_vault;
    watcher->setFuture(QtConcurrent::run([vault, nameOrId, shared] {
        auto result = std::make_shared<UnwrapResult>();
        result->keys = vault->unwrapKeys(nameOrId, *shared, &result->error);
        shared->wipe();
        return result;
    }));
}

void UnlockController::unlockRemembered(const QString& nameOrId)
{
    if (m_busy) {
        emit failed(QString(), 0);
        return;
    }
    if (!m_policy.allowRememberOnDevice) {
        // Remembering was allowed once and is not any more: what was kept goes.
        if (const auto info = m_vault.find(nameOrId))
            forgetRemembered(info->id);
        emit failed(QString(), 0);
        return;
    }
    // The profile is found and locked once, and stays locked while the credential store answers.
    VaultError error;
    auto keys = m_vault.begin(nameOrId, &error);
    if (!keys) {
        emit failed(error.code == VaultError::NotFound ? tr("No such profile.") : error.message, 0);
        return;
    }
    setBusy(true);
    const QUuid id = keys->info().id;
    auto held = std::make_shared<Vault::Unwrapped>(*std::move(keys));
    m_secrets->readKey(id, [this, held](SecretStore::Status status, SecureBytes key, const QString&) {
        if (status != SecretStore::Status::Ok) {
            // Nothing remembered (the usual case) or no credential store: the passphrase it is.
            setBusy(false);
            emit failed(QString(), 0);
            return;
        }
        VaultError openError;
        auto session = m_vault.openWithKey(std::move(*held), key, &openError);
        setBusy(false);
        if (!session) {
            emit failed(openError.message, 0);
            return;
        }
        finishUnlock(std::move(session));
    });
}

void UnlockController::finishUnlock(std::unique_ptr<ProfileSession> session)
{
    const ProfileInfo info = session->info();
    m_open = info.id;
    auto workspace = ProfileWorkspace::open(std::move(session), m_policy, m_clock);
    const int overdue = workspace->unlockSummary().overdue;
    m_lock.setWorkspace(std::move(workspace));
    emit unlocked(info, overdue);
}

void UnlockController::create(const QString& name, SecureBytes passphrase)
{
    if (m_busy)
        return;
    setBusy(true);
    auto shared = std::make_shared<SecureBytes>(std::move(passphrase));
    auto* watcher = new QFutureWatcher<std::shared_ptr<CreateResult>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const auto result = watcher->result();
        setBusy(false);
        if (result->info)
            emit created(*result->info);
        else
            emit failed(result->error.message, 0);
    });
    Vault* vault = &m_vault;
    const int minScore = m_policy.minPassphraseScore;
    // Creating opens the new database on the worker thread, and closes it there before returning.
    watcher->setFuture(QtConcurrent::run([vault, name, shared, minScore] {
        auto result = std::make_shared<CreateResult>();
        result->info = vault->create(name, *shared, minScore, &result->error);
        shared->wipe();
        return result;
    }));
}

} // namespace htmse
