// Vault: the per-person encrypted profiles of a workstation (DESIGN.md §4).
//   <profiles>/<uuid>/profile.json    no secrets: name, created, KDF parameters, salt, wrapped key
//   <profiles>/<uuid>/htmse.db        SQLCipher, keyed with a random 32-byte key
//   <profiles>/<uuid>/unlock-attempts.json   failed-unlock throttle state
// Unlock: passphrase -> Argon2id -> key-encryption key -> XChaCha20-Poly1305 unwrap (the
// profile's metadata is the associated data) -> raw SQLCipher key. One process per profile.
#pragma once

#include "core/Clock.h"
#include "core/SecureBytes.h"
#include "security/KeyDerivation.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <memory>
#include <optional>

class QLockFile;

namespace htmse {

class ProfileSession;

struct VaultError
{
    enum Code
    {
        None,
        NotFound, // no such profile
        WrongPassphrase,
        Throttled,      // too many wrong passphrases: wait
        WeakPassphrase, // below the policy's minimum
        InvalidName,
        AlreadyExists,
        Corrupt,         // a file is unreadable or inconsistent: nothing was overwritten
        LockedElsewhere, // another process has the profile open
        Io,              // disk full, permissions, ...
        TooNew,          // written by a newer HTMSE
    };
    Code code = None;
    QString message; // plain words, safe to show and log (no secrets, no victim data)
    int retryAfterSeconds = 0;

    explicit operator bool() const { return code != None; }
};

struct ProfileInfo
{
    QUuid id;
    QString name;
    QDateTime created;
    QString directory;
};

class Vault
{
public:
    struct Metadata; // profile.json (defined in Vault.cpp)
    struct Attempts; // unlock-attempts.json (defined in Vault.cpp)

    static constexpr int kFormatVersion = 1;
    static constexpr int kFreeAttempts = 3; // wrong passphrases before delays start
    static constexpr int kMaxDelaySeconds = 15 * 60;

    explicit Vault(QString profilesDirectory, const Clock& clock = Clock::system());

    // <AppDataLocation>/profiles
    static QString defaultProfilesDirectory();
    const QString& profilesDirectory() const { return m_dir; }

    // Every readable profile, by name; unreadable folders are described in *problems.
    QList<ProfileInfo> list(QStringList* problems = nullptr) const;
    // By exact id, else by name (case-insensitive).
    std::optional<ProfileInfo> find(const QString& nameOrId) const;

    // KDF parameters default to ones tuned to about 0.5 s on this machine.
    std::optional<ProfileInfo> create(const QString& name, const SecureBytes& passphrase, int minPassphraseScore,
                                      VaultError* error, std::optional<KdfParameters> kdf = std::nullopt);
    std::unique_ptr<ProfileSession> unlock(const QString& nameOrId, const SecureBytes& passphrase, VaultError* error);

    // The same in two steps, so the slow, deliberate key derivation can run on a worker thread
    // while the database connection is made on the thread that will use it: unwrapKeys()
    // (thread-safe: finds the profile, takes its lock, checks the throttle, runs Argon2id and
    // unwraps), then openWithKeys() on the thread that will use the connection. The profile is
    // found and its files read once, and its lock is held from before the passphrase is checked
    // until the database is open (or the Unwrapped is dropped), so a wrong guess is always
    // recorded before another process can try.
    class Unwrapped
    {
    public:
        Unwrapped(Unwrapped&&) noexcept;
        Unwrapped& operator=(Unwrapped&&) noexcept;
        ~Unwrapped();
        const ProfileInfo& info() const { return m_info; }

    private:
        friend class Vault;
        Unwrapped();
        ProfileInfo m_info;
        std::unique_ptr<const Metadata> m_meta;
        std::unique_ptr<QLockFile> m_lock;
        std::unique_ptr<Attempts> m_attempts;
        SecureBytes m_current;
        SecureBytes m_pending; // empty unless a key rotation was interrupted
    };
    std::optional<Unwrapped> unwrapKeys(const QString& nameOrId, const SecureBytes& passphrase,
                                        VaultError* error) const;
    // unwrapKeys() in its two parts, for a caller that asks for the passphrase only once the
    // profile is known to exist and is free: find it and take its lock, then unwrap.
    std::optional<Unwrapped> begin(const QString& nameOrId, VaultError* error) const;
    bool unwrap(Unwrapped& keys, const SecureBytes& passphrase, VaultError* error) const
    {
        return unwrapWithPassphrase(keys, passphrase, error);
    }
    std::unique_ptr<ProfileSession> openWithKeys(Unwrapped keys, VaultError* error);
    // Opens with the database key itself ("remember on this device"): begin(), then openWithKey().
    std::unique_ptr<ProfileSession> unlockWithKey(const QString& nameOrId, const SecureBytes& key, VaultError* error);
    std::unique_ptr<ProfileSession> openWithKey(Unwrapped keys, const SecureBytes& key, VaultError* error);
    // Re-wraps the same database key under a new passphrase (fresh salt); the database is untouched.
    bool changePassphrase(const QString& nameOrId, const SecureBytes& oldPassphrase, const SecureBytes& newPassphrase,
                          int minPassphraseScore, VaultError* error);
    // Deletes a profile after checking its passphrase; the wrapped key is overwritten first.
    bool remove(const QString& nameOrId, const SecureBytes& passphrase, VaultError* error);
    // Re-encrypts the database with a new random key (PRAGMA rekey), crash-safe.
    bool rotateKey(ProfileSession& session, const SecureBytes& passphrase, VaultError* error);

    // Seconds until another attempt is allowed (0 = now).
    int throttleDelay(const QString& nameOrId) const;

private:
    friend class ProfileSession;
    struct Loaded;
    // The profile (by id: its own folder only; by name: each profile file read once) and its
    // metadata, or NotFound / Corrupt.
    std::optional<Loaded> load(const QString& nameOrId, VaultError* error) const;
    // Checks the throttle and the passphrase under the lock `keys` holds; a wrong one is recorded.
    bool unwrapWithPassphrase(Unwrapped& keys, const SecureBytes& passphrase, VaultError* error) const;
    // Opens the database with `key`; on failure the lock stays in `keys` (so another key can be
    // tried), on success it moves into the session.
    std::unique_ptr<ProfileSession> open(Unwrapped& keys, SecureBytes key, VaultError* error);
    std::unique_ptr<QLockFile> takeLock(const ProfileInfo& info, VaultError* error) const;

    QString m_dir;
    const Clock& m_clock;
};

// An unlocked profile: its database connection and key. lock() (or destruction) closes the
// database, wipes the key, writes the audit entry and releases the profile for other processes.
class ProfileSession
{
public:
    ~ProfileSession();
    ProfileSession(const ProfileSession&) = delete;
    ProfileSession& operator=(const ProfileSession&) = delete;

    const ProfileInfo& info() const { return m_info; }
    QSqlDatabase database() const;
    bool isOpen() const { return !m_connection.isEmpty(); }
    // The database key, for "remember on this device" only.
    const SecureBytes& key() const { return m_key; }
    // Set when the throttle file was found reset or edited since the last unlock.
    bool throttleTamperDetected() const { return m_throttleTamper; }
    void lock(const QString& reason = QStringLiteral("manual"));

private:
    friend class Vault;
    ProfileSession() = default;

    ProfileInfo m_info;
    QString m_connection;
    SecureBytes m_key;
    std::unique_ptr<QLockFile> m_lock;
    const Clock* m_clock = nullptr;
    bool m_throttleTamper = false;
};

} // namespace htmse
