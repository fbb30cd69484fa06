#include "security/SecretStore.h"

#include <qt6keychain/keychain.h>

namespace htmse {

using namespace Qt::StringLiterals;

const QString SecretStore::kService = u"org.htmse.Desktop"_s;

QString SecretStore::keyFor(const QUuid& profile)
{
    return u"profile:"_s + profile.toString(QUuid::WithoutBraces);
}

namespace {
SecretStore::Status statusOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return SecretStore::Status::Ok;
    case QKeychain::EntryNotFound:
        return SecretStore::Status::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return SecretStore::Status::Unavailable;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return SecretStore::Status::Denied;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    return SecretStore::Status::Failed;
}

// Without a session bus the Secret Service cannot be reached; say so plainly instead of letting
// D-Bus try to autolaunch one.
bool storeReachable()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    return !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
#else
    return true;
#endif
}

// A job has no parent and deletes itself once finished: QtKeychain's libsecret backend hands the
// job to an asynchronous callback by raw pointer, so a job deleted while it runs (with its
// parent, say, when a window closes right after a lock started forgetting a key) is used after
// it was freed. The answer reaches the SecretStore only while it exists (the connection's
// context).
template <typename Job> Job* makeJob(const QUuid& profile)
{
    auto* job = new Job(SecretStore::kService, nullptr);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(SecretStore::keyFor(profile));
    return job;
}
} // namespace

SecretStore::SecretStore(QObject* parent)
    : QObject(parent)
{}

void SecretStore::readKey(const QUuid& profile, ReadDone done)
{
    if (!storeReachable()) {
        // Always answer asynchronously, as the store does, so callers can rely on the order.
        QMetaObject::invokeMethod(
            this,
            [done = std::move(done)] { done(Status::Unavailable, {}, tr("no credential store in this session")); },
            Qt::QueuedConnection);
        return;
    }
    auto* job = makeJob<QKeychain::ReadPasswordJob>(profile);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job* j) {
        auto* read = static_cast<QKeychain::ReadPasswordJob*>(j);
        const Status status = statusOf(read->error());
        if (status != Status::Ok) {
            done(status, {}, read->errorString());
            return;
        }
        // QtKeychain holds the key in its own QByteArray until the job is deleted; a fill() here
        // would only detach and wipe a copy (docs/security.md, "Known limits").
        done(Status::Ok, SecureBytes::copyOf(read->binaryData()), {});
    });
    job->start();
}

void SecretStore::writeKey(const QUuid& profile, const SecureBytes& key, Done done)
{
    if (!storeReachable()) {
        QMetaObject::invokeMethod(
            this, [done = std::move(done)] { done(Status::Unavailable, tr("no credential store in this session")); },
            Qt::QueuedConnection);
        return;
    }
    auto* job = makeJob<QKeychain::WritePasswordJob>(profile);
    // The job keeps its own copy while it talks to the store (see readKey).
    job->setBinaryData(QByteArray(reinterpret_cast<const char*>(key.data()), qsizetype(key.size())));
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job* j) {
        done(statusOf(j->error()), j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
    job->start();
}

void SecretStore::removeKey(const QUuid& profile, Done done)
{
    if (!storeReachable()) {
        QMetaObject::invokeMethod(
            this, [done = std::move(done)] { done(Status::Unavailable, tr("no credential store in this session")); },
            Qt::QueuedConnection);
        return;
    }
    auto* job = makeJob<QKeychain::DeletePasswordJob>(profile);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job* j) {
        // Removing what is not there leaves the store as wanted.
        const Status status = statusOf(j->error());
        done(status == Status::NotFound ? Status::Ok : status, status == Status::Ok ? QString() : j->errorString());
    });
    job->start();
}

} // namespace htmse
