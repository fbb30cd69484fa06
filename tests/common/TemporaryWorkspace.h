// TemporaryWorkspace: a real encrypted profile in a temporary folder, unlocked into a
// ProfileWorkspace, for the tests of what stands on the workspace (item models, screens).
#pragma once

#include "core/Clock.h"
#include "session/ProfileWorkspace.h"
#include "storage/Vault.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace htmse::test {

class TemporaryWorkspace
{
public:
    static constexpr const char* kPassphrase = "correct horse battery staple";

    explicit TemporaryWorkspace(const Clock& clock = Clock::system(), const Policy& policy = Policy())
        : m_vault(m_dir.path(), clock)
        , m_clock(clock)
        , m_policy(policy)
    {
        VaultError error;
        // Fast key derivation: the tests are about what comes after unlock.
        const auto info = m_vault.create(QStringLiteral("Test profile"), passphrase(), 0, &error,
                                         KeyDerivation::withLimits(1, KeyDerivation::kMinMemLimit));
        if (!info)
            qFatal("cannot create a test profile: %s", qPrintable(error.message));
        reopen();
    }

    static SecureBytes passphrase() { return SecureBytes::copyOf(QByteArrayView(kPassphrase)); }

    // Locks (the workspace is destroyed) and unlocks again: what the next start of the app sees.
    void reopen()
    {
        m_workspace.reset();
        VaultError error;
        auto session = m_vault.unlock(QStringLiteral("Test profile"), passphrase(), &error);
        if (!session)
            qFatal("cannot unlock the test profile: %s", qPrintable(error.message));
        m_workspace = ProfileWorkspace::open(std::move(session), m_policy, m_clock);
    }
    void close() { m_workspace.reset(); }

    ProfileWorkspace* get() const { return m_workspace.get(); }
    ProfileWorkspace* operator->() const { return m_workspace.get(); }
    ProfileWorkspace& operator*() const { return *m_workspace; }
    Vault& vault() { return m_vault; }
    // Hands the workspace over (to a LockController, say).
    std::unique_ptr<ProfileWorkspace> take() { return std::move(m_workspace); }

private:
    QTemporaryDir m_dir;
    Vault m_vault;
    const Clock& m_clock;
    Policy m_policy;
    std::unique_ptr<ProfileWorkspace> m_workspace;
};

} // namespace htmse::test
