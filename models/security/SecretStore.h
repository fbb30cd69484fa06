// SecretStore: the OS credential store (Secret Service, Windows Credential Manager, macOS
// Keychain) through QtKeychain, asynchronous and without nested event loops. Service
// "org.htmse.Desktop", key "profile:<uuid>". No insecure fallback: with no keyring the
// passphrase is simply required. "Not found" is told apart from real failures.
#pragma once

#include "core/SecureBytes.h"

#include <QObject>
#include <QUuid>

#include <functional>

namespace htmse {

class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Status
    {
        Ok,
        NotFound,    // nothing stored for this profile
        Unavailable, // no credential store on this machine / session
        Denied,      // the user or the store refused
        Failed,      // anything else; see the message
    };
    Q_ENUM(Status)

    static const QString kService;
    static QString keyFor(const QUuid& profile);

    explicit SecretStore(QObject* parent = nullptr);

    using ReadDone = std::function<void(Status, SecureBytes, const QString& message)>;
    using Done = std::function<void(Status, const QString& message)>;

    void readKey(const QUuid& profile, ReadDone done);
    void writeKey(const QUuid& profile, const SecureBytes& key, Done done);
    void removeKey(const QUuid& profile, Done done);
};

} // namespace htmse
