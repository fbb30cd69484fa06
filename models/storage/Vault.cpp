#include "storage/Vault.h"

#include "security/PassphraseStrength.h"
#include "storage/AuditLog.h"
#include "storage/ProfileMeta.h"
#include "storage/Schema.h"
#include "storage/SqlCipherDriver.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <functional>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace htmse {

using namespace Qt::StringLiterals;

namespace {

// Makes a file's written data durable before it is unlinked or renamed over.
bool syncToDisk(int fd)
{
#ifdef Q_OS_WIN
    return ::_commit(fd) == 0;
#else
    return ::fsync(fd) == 0;
#endif
}

constexpr qsizetype kMaxMetadataBytes = 64 * 1024;
const QString kProfileFile = u"profile.json"_s;
const QString kDatabaseFile = u"htmse.db"_s;
const QString kAttemptsFile = u"unlock-attempts.json"_s;
const QString kLockFile = u".lock"_s;

VaultError makeError(VaultError::Code code, const QString& message, int retryAfter = 0)
{
    return VaultError{code, message, retryAfter};
}

void setError(VaultError* out, VaultError::Code code, const QString& message, int retryAfter = 0)
{
    if (out)
        *out = makeError(code, message, retryAfter);
}

bool writeFileAtomically(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        file.cancelWriting();
        return false;
    }
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return true;
}

QString validateName(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return u"a profile needs a name"_s;
    if (trimmed.size() > 64)
        return u"a profile name has at most 64 characters"_s;
    for (const QChar c : trimmed)
        if (c.category() == QChar::Other_Control)
            return u"a profile name cannot contain control characters"_s;
    return {};
}

} // namespace

struct Vault::Attempts
{
    qint64 failuresTotal = 0;
    int consecutive = 0;
    QDateTime lastFailure;
};

namespace {
using Attempts = Vault::Attempts;

Attempts readAttempts(const QString& dir)
{
    Attempts a;
    QFile f(dir + u'/' + kAttemptsFile);
    if (!f.open(QIODevice::ReadOnly))
        return a;
    const QJsonObject o = QJsonDocument::fromJson(f.read(4096)).object();
    a.failuresTotal = std::max<qint64>(0, o.value("failures_total"_L1).toInteger());
    a.consecutive = std::max(0, o.value("consecutive"_L1).toInt());
    a.lastFailure = QDateTime::fromString(o.value("last_failure"_L1).toString(), Qt::ISODateWithMs);
    return a;
}

bool writeAttempts(const QString& dir, const Attempts& a, QString* error)
{
    const QJsonObject o{
        {u"failures_total"_s, a.failuresTotal},
        {u"consecutive"_s, a.consecutive},
        {u"last_failure"_s, a.lastFailure.isValid() ? a.lastFailure.toUTC().toString(Qt::ISODateWithMs) : QString()}};
    return writeFileAtomically(dir + u'/' + kAttemptsFile, QJsonDocument(o).toJson(QJsonDocument::Compact), error);
}

int delayFor(int consecutive)
{
    if (consecutive < Vault::kFreeAttempts)
        return 0;
    const int exponent = std::min(consecutive - Vault::kFreeAttempts, 20);
    return std::min(1 << exponent, Vault::kMaxDelaySeconds);
}

int remainingDelay(const Attempts& a, const QDateTime& now)
{
    const int delay = delayFor(a.consecutive);
    if (delay == 0 || !a.lastFailure.isValid())
        return 0;
    const qint64 elapsed = a.lastFailure.secsTo(now);
    if (elapsed < 0) // the clock went back: count from now rather than never
        return delay;
    return int(std::max<qint64>(0, delay - elapsed));
}

QString connectionNameFor(const QUuid& id)
{
    return u"htmse-profile-"_s + id.toString(QUuid::WithoutBraces);
}
} // namespace

struct Vault::Metadata
{
    QUuid id;
    QString name;
    QDateTime created;
    KdfParameters kdf;
    KeyDerivation::Wrapped key;
    std::optional<KeyDerivation::Wrapped> pendingKey; // a key rotation under way

    // What the wrapped key is bound to: everything but the (freely renamable) name.
    QByteArray associatedData() const
    {
        return "htmse-profile/1|" + id.toByteArray(QUuid::WithoutBraces) + '|' +
               created.toUTC().toString(Qt::ISODateWithMs).toUtf8() + "|argon2id13|" +
               QByteArray::number(kdf.opsLimit) + '|' + QByteArray::number(kdf.memLimitBytes) + '|' + kdf.salt.toHex();
    }

    QByteArray toJson() const
    {
        auto wrapped = [](const KeyDerivation::Wrapped& w) {
            return QJsonObject{{u"algorithm"_s, u"xchacha20poly1305-ietf"_s},
                               {u"nonce"_s, QString::fromLatin1(w.nonce.toBase64())},
                               {u"ciphertext"_s, QString::fromLatin1(w.ciphertext.toBase64())}};
        };
        QJsonObject o{{u"format"_s, u"htmse-profile"_s},
                      {u"version"_s, kFormatVersion},
                      {u"id"_s, id.toString(QUuid::WithoutBraces)},
                      {u"name"_s, name},
                      {u"created"_s, created.toUTC().toString(Qt::ISODateWithMs)},
                      {u"kdf"_s, QJsonObject{{u"algorithm"_s, u"argon2id13"_s},
                                             {u"opslimit"_s, qint64(kdf.opsLimit)},
                                             {u"memlimit"_s, qint64(kdf.memLimitBytes)},
                                             {u"salt"_s, QString::fromLatin1(kdf.salt.toBase64())}}},
                      {u"key"_s, wrapped(key)}};
        if (pendingKey)
            o.insert(u"pending_key"_s, wrapped(*pendingKey));
        return QJsonDocument(o).toJson(QJsonDocument::Indented);
    }

    static std::optional<Metadata> read(const QString& dir, QString* problem)
    {
        const QString path = dir + u'/' + kProfileFile;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            *problem = u"%1 cannot be read: %2"_s.arg(path, f.errorString());
            return std::nullopt;
        }
        if (f.size() > kMaxMetadataBytes) {
            *problem = u"%1 is too large to be a profile file"_s.arg(path);
            return std::nullopt;
        }
        QJsonParseError parseError{};
        const QJsonObject o = QJsonDocument::fromJson(f.readAll(), &parseError).object();
        if (parseError.error != QJsonParseError::NoError) {
            *problem = u"%1 is damaged (%2)"_s.arg(path, parseError.errorString());
            return std::nullopt;
        }
        const auto bad = [&](const QString& what) {
            *problem = u"%1 is damaged: %2"_s.arg(path, what);
            return std::nullopt;
        };
        if (o.value("format"_L1).toString() != "htmse-profile"_L1)
            return bad(u"not an HTMSE profile"_s);
        if (o.value("version"_L1).toInt() > kFormatVersion) {
            *problem = u"%1 was written by a newer HTMSE; update HTMSE Desktop"_s.arg(path);
            return std::nullopt;
        }
        Metadata m;
        m.id = QUuid::fromString(o.value("id"_L1).toString());
        m.name = o.value("name"_L1).toString();
        m.created = QDateTime::fromString(o.value("created"_L1).toString(), Qt::ISODateWithMs);
        const QJsonObject kdf = o.value("kdf"_L1).toObject();
        m.kdf = {quint64(kdf.value("opslimit"_L1).toInteger()), quint64(kdf.value("memlimit"_L1).toInteger()),
                 QByteArray::fromBase64(kdf.value("salt"_L1).toString().toLatin1())};
        const auto readWrapped = [](const QJsonObject& w) {
            return KeyDerivation::Wrapped{QByteArray::fromBase64(w.value("nonce"_L1).toString().toLatin1()),
                                          QByteArray::fromBase64(w.value("ciphertext"_L1).toString().toLatin1())};
        };
        m.key = readWrapped(o.value("key"_L1).toObject());
        if (o.contains("pending_key"_L1))
            m.pendingKey = readWrapped(o.value("pending_key"_L1).toObject());
        if (m.id.isNull() || m.name.isEmpty() || !m.created.isValid())
            return bad(u"id, name or creation time missing"_s);
        if (kdf.value("algorithm"_L1).toString() != "argon2id13"_L1 || !m.kdf.isSane())
            return bad(u"unknown or unsafe key-derivation parameters"_s);
        if (m.key.nonce.isEmpty() || m.key.ciphertext.isEmpty())
            return bad(u"the wrapped key is missing"_s);
        return m;
    }
};

struct Vault::Loaded
{
    ProfileInfo info;
    Metadata meta;
};

namespace {
void scanProfiles(const QString& profilesDir, QStringList* problems,
                  const std::function<bool(const QString& path, const Vault::Metadata& meta)>& visit)
{
    const QDir dir(profilesDir);
    for (const QString& entry : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (QUuid::fromString(entry).isNull())
            continue; // not ours
        const QString path = dir.filePath(entry);
        QString problem;
        const auto meta = Vault::Metadata::read(path, &problem);
        if (!meta) {
            if (problems)
                problems->append(problem);
            continue;
        }
        if (!visit(path, *meta))
            return;
    }
}
} // namespace

Vault::Unwrapped::Unwrapped() = default;
Vault::Unwrapped::Unwrapped(Unwrapped&&) noexcept = default;
Vault::Unwrapped& Vault::Unwrapped::operator=(Unwrapped&&) noexcept = default;
Vault::Unwrapped::~Unwrapped() = default;

Vault::Vault(QString profilesDirectory, const Clock& clock)
    : m_dir(std::move(profilesDirectory))
    , m_clock(clock)
{}

QString Vault::defaultProfilesDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/profiles"_s;
}

namespace {
// Visits each profile folder once, reading its profile file once; stops when `visit` says so.
void scanProfiles(const QString& profilesDir, QStringList* problems,
                  const std::function<bool(const QString& path, const Vault::Metadata& meta)>& visit);
} // namespace

QList<ProfileInfo> Vault::list(QStringList* problems) const
{
    QList<ProfileInfo> out;
    scanProfiles(m_dir, problems, [&](const QString& path, const Metadata& meta) {
        out.append({meta.id, meta.name, meta.created, path});
        return true;
    });
    std::sort(out.begin(), out.end(), [](const ProfileInfo& a, const ProfileInfo& b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return out;
}

std::optional<ProfileInfo> Vault::find(const QString& nameOrId) const
{
    const auto loaded = load(nameOrId, nullptr);
    return loaded ? std::optional<ProfileInfo>(loaded->info) : std::nullopt;
}

int Vault::throttleDelay(const QString& nameOrId) const
{
    const auto loaded = load(nameOrId, nullptr);
    return loaded ? remainingDelay(readAttempts(loaded->info.directory), m_clock.now()) : 0;
}

std::optional<ProfileInfo> Vault::create(const QString& name, const SecureBytes& passphrase, int minPassphraseScore,
                                         VaultError* error, std::optional<KdfParameters> kdf)
{
    if (const QString problem = validateName(name); !problem.isEmpty()) {
        setError(error, VaultError::InvalidName, problem);
        return std::nullopt;
    }
    if (find(name)) {
        setError(error, VaultError::AlreadyExists, u"a profile named \"%1\" already exists"_s.arg(name.trimmed()));
        return std::nullopt;
    }
    const PassphraseStrength strength = PassphraseStrength::estimate(passphrase, {name});
    if (strength.score < minPassphraseScore) {
        setError(error, VaultError::WeakPassphrase,
                 u"the passphrase is too weak (strength %1 of 4; this office requires %2). %3"_s.arg(strength.score)
                     .arg(minPassphraseScore)
                     .arg(strength.advice));
        return std::nullopt;
    }
    Metadata meta;
    meta.id = QUuid::createUuid();
    meta.name = name.trimmed();
    meta.created = m_clock.now().toUTC();
    meta.kdf = kdf ? *kdf : KeyDerivation::tuned();
    if (!meta.kdf.isSane()) {
        setError(error, VaultError::InvalidName, u"the key-derivation parameters are below the safe minimum"_s);
        return std::nullopt;
    }
    const QString path = QDir(m_dir).filePath(meta.id.toString(QUuid::WithoutBraces));
    if (!QDir().mkpath(path)) {
        setError(error, VaultError::Io, u"cannot create %1"_s.arg(path));
        return std::nullopt;
    }
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    auto fail = [&](VaultError::Code code, const QString& message) -> std::optional<ProfileInfo> {
        QDir(path).removeRecursively(); // nothing half-made is left behind
        setError(error, code, message);
        return std::nullopt;
    };

    const SecureBytes kek = KeyDerivation::derive(passphrase, meta.kdf);
    if (kek.isEmpty())
        return fail(VaultError::Io, u"not enough memory for the key derivation"_s);
    SecureBytes key = SecureBytes::random(KeyDerivation::kKeyBytes);
    meta.key = KeyDerivation::wrap(key, kek, meta.associatedData());
    QString writeError;
    if (!writeFileAtomically(path + u'/' + kProfileFile, meta.toJson(), &writeError))
        return fail(VaultError::Io, u"cannot write %1/%2: %3"_s.arg(path, kProfileFile, writeError));

    Unwrapped keys;
    keys.m_info = {meta.id, meta.name, meta.created, path};
    keys.m_lock = std::make_unique<QLockFile>(path + u'/' + kLockFile);
    keys.m_lock->tryLock(0);
    keys.m_attempts = std::make_unique<Attempts>();
    keys.m_meta = std::make_unique<const Metadata>(meta);
    const ProfileInfo info = keys.m_info;
    VaultError openError;
    auto session = open(keys, std::move(key), &openError);
    if (!session)
        return fail(openError.code, openError.message);
    AuditLog(session->database(), m_clock).append(u"profile-created"_s);
    session->lock(u"created"_s);
    return info;
}

bool Vault::unwrapWithPassphrase(Unwrapped& keys, const SecureBytes& passphrase, VaultError* error) const
{
    Attempts& attempts = *keys.m_attempts;
    const Metadata& meta = *keys.m_meta;
    if (const int wait = remainingDelay(attempts, m_clock.now()); wait > 0) {
        setError(error, VaultError::Throttled,
                 u"too many wrong passphrases for this profile; try again in %1 seconds"_s.arg(wait), wait);
        return false;
    }
    const SecureBytes kek = KeyDerivation::derive(passphrase, meta.kdf);
    if (kek.isEmpty()) {
        setError(error, VaultError::Io, u"not enough memory for the key derivation"_s);
        return false;
    }
    if (auto key = KeyDerivation::unwrap(meta.key, kek, meta.associatedData())) {
        keys.m_current = *std::move(key);
        // A key rotation that stopped part-way: one of the two keys opens the database.
        if (meta.pendingKey)
            if (auto pending = KeyDerivation::unwrap(*meta.pendingKey, kek, meta.associatedData()))
                keys.m_pending = *std::move(pending);
        return true;
    }
    // Recorded while this process still holds the profile's lock: no other process can have
    // tried in between, so every wrong guess counts.
    ++attempts.failuresTotal;
    ++attempts.consecutive;
    attempts.lastFailure = m_clock.now();
    QString writeError;
    const bool recorded = writeAttempts(keys.m_info.directory, attempts, &writeError);
    const int wait = delayFor(attempts.consecutive);
    setError(error, VaultError::WrongPassphrase,
             wait > 0 ? u"wrong passphrase; the next attempt is possible in %1 seconds"_s.arg(wait)
                      : u"wrong passphrase"_s,
             wait);
    if (!recorded && error)
        error->message += u" (the attempt could not be recorded: %1)"_s.arg(writeError);
    return false;
}

std::optional<Vault::Loaded> Vault::load(const QString& nameOrId, VaultError* error) const
{
    std::optional<Loaded> found;
    QString problem;
    const QUuid id = QUuid::fromString(nameOrId);
    const QString byId = id.isNull() ? QString() : QDir(m_dir).filePath(id.toString(QUuid::WithoutBraces));
    if (!byId.isEmpty() && QFileInfo(byId + u'/' + kProfileFile).exists()) {
        // By id: that folder alone.
        if (auto meta = Metadata::read(byId, &problem); meta && meta->id == id)
            found = Loaded{{meta->id, meta->name, meta->created, byId}, *std::move(meta)};
        else if (problem.isEmpty())
            problem = u"%1 belongs to another profile"_s.arg(byId);
    } else {
        const QString wanted = nameOrId.trimmed();
        scanProfiles(m_dir, nullptr, [&](const QString& path, const Metadata& meta) {
            if (meta.name.compare(wanted, Qt::CaseInsensitive) != 0)
                return true;
            found = Loaded{{meta.id, meta.name, meta.created, path}, meta};
            return false;
        });
    }
    if (found)
        return found;
    if (!problem.isEmpty())
        setError(error, VaultError::Corrupt, problem);
    else
        setError(error, VaultError::NotFound, u"no profile named \"%1\""_s.arg(nameOrId));
    return std::nullopt;
}

std::unique_ptr<QLockFile> Vault::takeLock(const ProfileInfo& info, VaultError* error) const
{
    auto lock = std::make_unique<QLockFile>(info.directory + u'/' + kLockFile);
    lock->setStaleLockTime(0); // only a dead process's lock is stale
    if (lock->tryLock(0))
        return lock;
    qint64 pid = 0;
    QString host;
    QString app;
    lock->getLockInfo(&pid, &host, &app);
    setError(error, VaultError::LockedElsewhere,
             u"the profile is open in another process (pid %1, %2)"_s.arg(pid).arg(app.isEmpty() ? u"unknown"_s : app));
    return nullptr;
}

std::optional<Vault::Unwrapped> Vault::begin(const QString& nameOrId, VaultError* error) const
{
    auto loaded = load(nameOrId, error);
    if (!loaded)
        return std::nullopt;
    // Fail fast, before the deliberate slowness, when another process has the profile.
    auto lock = takeLock(loaded->info, error);
    if (!lock)
        return std::nullopt;
    Unwrapped keys;
    keys.m_info = loaded->info;
    keys.m_meta = std::make_unique<const Metadata>(std::move(loaded->meta));
    keys.m_lock = std::move(lock);
    // Read under the lock, and only once: what the throttle checks and what open reconciles.
    keys.m_attempts = std::make_unique<Attempts>(readAttempts(keys.m_info.directory));
    return keys;
}

std::unique_ptr<ProfileSession> Vault::unlock(const QString& nameOrId, const SecureBytes& passphrase, VaultError* error)
{
    auto keys = unwrapKeys(nameOrId, passphrase, error);
    return keys ? openWithKeys(*std::move(keys), error) : nullptr;
}

std::optional<Vault::Unwrapped> Vault::unwrapKeys(const QString& nameOrId, const SecureBytes& passphrase,
                                                  VaultError* error) const
{
    auto keys = begin(nameOrId, error);
    if (!keys || !unwrapWithPassphrase(*keys, passphrase, error))
        return std::nullopt;
    return keys;
}

std::unique_ptr<ProfileSession> Vault::openWithKeys(Unwrapped keys, VaultError* error)
{
    const Metadata& meta = *keys.m_meta;
    if (keys.m_pending.isEmpty() || !meta.pendingKey)
        return open(keys, std::move(keys.m_current), error);
    // Finish an interrupted rotation: keep whichever wrapped key opens the database.
    Metadata settled = meta;
    settled.pendingKey.reset();
    auto session = open(keys, std::move(keys.m_current), error);
    if (!session && error && error->code == VaultError::Corrupt) {
        session = open(keys, std::move(keys.m_pending), error);
        if (session)
            settled.key = *meta.pendingKey;
    }
    if (session)
        writeFileAtomically(keys.m_info.directory + u'/' + kProfileFile, settled.toJson(), nullptr);
    return session;
}

std::unique_ptr<ProfileSession> Vault::unlockWithKey(const QString& nameOrId, const SecureBytes& key, VaultError* error)
{
    auto keys = begin(nameOrId, error);
    return keys ? openWithKey(*std::move(keys), key, error) : nullptr;
}

std::unique_ptr<ProfileSession> Vault::openWithKey(Unwrapped keys, const SecureBytes& key, VaultError* error)
{
    keys.m_current = SecureBytes::copyOf(key.view());
    keys.m_pending = SecureBytes();
    auto session = openWithKeys(std::move(keys), error);
    if (!session && error && error->code == VaultError::Corrupt)
        error->code = VaultError::WrongPassphrase; // a stale remembered key: ask for the passphrase
    return session;
}

std::unique_ptr<ProfileSession> Vault::open(Unwrapped& keys, SecureBytes key, VaultError* error)
{
    const ProfileInfo& info = keys.m_info;
    const Metadata& meta = *keys.m_meta;
    Attempts& attempts = *keys.m_attempts;
    const qint64 failuresTotal = attempts.failuresTotal;
    const QString dbPath = info.directory + u'/' + kDatabaseFile;
    const bool creating = !QFile::exists(dbPath);
    if (!creating && QFileInfo(dbPath).size() == 0) {
        setError(error, VaultError::Corrupt, u"%1 is empty; restore it from a backup"_s.arg(dbPath));
        return nullptr;
    }
    if (creating && meta.created.secsTo(m_clock.now()) > 60) {
        // An existing profile whose database vanished: never start a new empty one silently.
        setError(error, VaultError::Corrupt, u"%1 is missing; restore it from a backup"_s.arg(dbPath));
        return nullptr;
    }
    SqlCipherDriver::registerDriver();
    const QString connection = connectionNameFor(info.id);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(SqlCipherDriver::kDriverName, connection);
        db.setDatabaseName(dbPath);
        static_cast<SqlCipherDriver*>(db.driver())->setKey(key);
        if (!db.open()) {
            const QSqlError e = db.lastError();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connection);
            const bool notADatabase = e.nativeErrorCode().toInt() % 256 == 26; // SQLITE_NOTADB
            setError(error, notADatabase ? VaultError::Corrupt : VaultError::Io,
                     notADatabase
                         ? u"%1 cannot be read with this profile's key: it is damaged or was replaced"_s.arg(dbPath)
                         : u"cannot open %1: %2"_s.arg(dbPath, e.text()));
            return nullptr;
        }
        // Owner-only, like the folder: the database and its WAL/SHM companions.
        for (const QString& suffix : {QString(), u"-wal"_s, u"-shm"_s})
            if (QFile::exists(dbPath + suffix))
                QFile::setPermissions(dbPath + suffix, QFile::ReadOwner | QFile::WriteOwner);
        QString migrateError;
        if (!Schema::migrate(db, &migrateError)) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connection);
            setError(error, migrateError.contains(u"newer"_s) ? VaultError::TooNew : VaultError::Io,
                     u"%1: %2"_s.arg(dbPath, migrateError));
            return nullptr;
        }
    }
    std::unique_ptr<ProfileSession> session(new ProfileSession);
    session->m_info = info;
    session->m_connection = connection;
    session->m_key = std::move(key);
    session->m_lock = std::move(keys.m_lock);
    session->m_clock = &m_clock;

    // Reconcile the failed-unlock count: the database remembers the total it last saw, so a
    // throttle file that was deleted or wound back is noticed here.
    QSqlDatabase db = session->database();
    AuditLog audit(db, m_clock);
    ProfileMeta profileMeta(db);
    const qint64 seenTotal = profileMeta.value(ProfileMeta::Key::UnlockFailuresTotal).toLongLong();
    if (failuresTotal < seenTotal) {
        session->m_throttleTamper = true;
        audit.append(u"throttle-reset-detected"_s, u"the failed-unlock record was reset or edited"_s);
    } else if (failuresTotal > seenTotal) {
        audit.append(u"unlock-failed"_s,
                     u"wrong passphrases since the last unlock: %1"_s.arg(failuresTotal - seenTotal));
    }
    profileMeta.setValue(ProfileMeta::Key::UnlockFailuresTotal, qint64(std::max<qint64>(failuresTotal, seenTotal)));
    if (attempts.consecutive != 0 || attempts.failuresTotal < seenTotal) {
        attempts.consecutive = 0;
        attempts.failuresTotal = std::max<qint64>(attempts.failuresTotal, seenTotal);
        writeAttempts(info.directory, attempts, nullptr);
    }
    if (!creating)
        audit.append(u"unlock"_s);
    return session;
}

bool Vault::changePassphrase(const QString& nameOrId, const SecureBytes& oldPassphrase,
                             const SecureBytes& newPassphrase, int minPassphraseScore, VaultError* error)
{
    auto keys = begin(nameOrId, error);
    if (!keys)
        return false;
    const PassphraseStrength strength = PassphraseStrength::estimate(newPassphrase, {keys->info().name});
    if (strength.score < minPassphraseScore) {
        setError(error, VaultError::WeakPassphrase,
                 u"the new passphrase is too weak (strength %1 of 4; this office requires %2). %3"_s.arg(strength.score)
                     .arg(minPassphraseScore)
                     .arg(strength.advice));
        return false;
    }
    if (!unwrapWithPassphrase(*keys, oldPassphrase, error))
        return false;
    const Metadata meta = *keys->m_meta; // as read for this unlock, under the lock still held
    const QString directory = keys->info().directory;
    auto session = openWithKeys(*std::move(keys), error);
    if (!session)
        return false;
    Metadata updated = meta;
    updated.kdf = KeyDerivation::withLimits(meta.kdf.opsLimit, meta.kdf.memLimitBytes); // fresh salt
    const SecureBytes kek = KeyDerivation::derive(newPassphrase, updated.kdf);
    if (kek.isEmpty()) {
        setError(error, VaultError::Io, u"not enough memory for the key derivation (nothing changed)"_s);
        return false;
    }
    updated.key = KeyDerivation::wrap(session->key(), kek, updated.associatedData());
    updated.pendingKey.reset();
    QString writeError;
    if (!writeFileAtomically(directory + u'/' + kProfileFile, updated.toJson(), &writeError)) {
        setError(error, VaultError::Io, u"cannot save the new passphrase (nothing changed): %1"_s.arg(writeError));
        return false;
    }
    AuditLog(session->database(), m_clock).append(u"passphrase-changed"_s);
    session->lock(u"passphrase-changed"_s);
    return true;
}

bool Vault::rotateKey(ProfileSession& session, const SecureBytes& passphrase, VaultError* error)
{
    QString problem;
    auto meta = Metadata::read(session.info().directory, &problem);
    if (!meta) {
        setError(error, VaultError::Corrupt, problem);
        return false;
    }
    // The passphrase is checked (and a wrong one counted) as at unlock; the session holds the lock.
    Unwrapped current;
    current.m_info = session.info();
    current.m_meta = std::make_unique<const Metadata>(*meta);
    current.m_attempts = std::make_unique<Attempts>(readAttempts(session.info().directory));
    if (!unwrapWithPassphrase(current, passphrase, error))
        return false;
    if (!current.m_current.equals(session.key())) {
        setError(error, VaultError::Corrupt, u"the profile file does not match the open database"_s);
        return false;
    }
    const SecureBytes kek = KeyDerivation::derive(passphrase, meta->kdf);
    if (kek.isEmpty()) {
        setError(error, VaultError::Io, u"not enough memory for the key derivation (nothing changed)"_s);
        return false;
    }
    SecureBytes newKey = SecureBytes::random(KeyDerivation::kKeyBytes);
    // 1. Save the new key as pending, so a crash after step 2 can still be opened.
    Metadata pending = *meta;
    pending.pendingKey = KeyDerivation::wrap(newKey, kek, meta->associatedData());
    const QString metaPath = session.info().directory + u'/' + kProfileFile;
    QString writeError;
    if (!writeFileAtomically(metaPath, pending.toJson(), &writeError)) {
        setError(error, VaultError::Io, u"cannot prepare the key rotation (nothing changed): %1"_s.arg(writeError));
        return false;
    }
    // 2. Re-encrypt. SQLCipher rekeys in rollback-journal mode; WAL is restored afterwards.
    QSqlDatabase db = session.database();
    QSqlQuery q(db);
    q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
    q.exec(u"PRAGMA journal_mode = DELETE"_s);
    q.finish();
    auto* driver = static_cast<SqlCipherDriver*>(db.driver());
    const bool rekeyed = driver->rekey(newKey);
    q.exec(u"PRAGMA journal_mode = WAL"_s);
    q.finish();
    if (!rekeyed) {
        writeFileAtomically(metaPath, meta->toJson(), nullptr);
        setError(error, VaultError::Io,
                 u"cannot re-encrypt the database (nothing changed): %1"_s.arg(driver->lastError().text()));
        return false;
    }
    // 3. The new key becomes the key.
    Metadata done = *meta;
    done.key = *pending.pendingKey;
    done.pendingKey.reset();
    if (!writeFileAtomically(metaPath, done.toJson(), &writeError)) {
        setError(error, VaultError::Io,
                 u"the database was re-encrypted but the profile file could not be finished (%1); it opens with the "
                 "passphrase as before"_s.arg(writeError));
        return false;
    }
    session.m_key = std::move(newKey);
    AuditLog(db, m_clock).append(u"key-rotated"_s);
    return true;
}

bool Vault::remove(const QString& nameOrId, const SecureBytes& passphrase, VaultError* error)
{
    auto session = unlock(nameOrId, passphrase, error);
    if (!session)
        return false;
    const QString dir = session->info().directory;
    session->lock(u"deleted"_s);
    session.reset();
    // Crypto-erase first: without the wrapped key the database is noise, whatever the disk keeps.
    // The zeros reach the disk (fsync) before the file is unlinked; otherwise the file system
    // may drop the unwritten pages with the file and leave the old key where it was.
    QFile meta(dir + u'/' + kProfileFile);
    bool overwritten = false;
    if (meta.open(QIODevice::ReadWrite)) {
        const qint64 size = meta.size();
        overwritten = meta.write(QByteArray(size, '\0')) == size && meta.flush() && syncToDisk(meta.handle());
        meta.close();
    }
    if (!QDir(dir).removeRecursively()) {
        setError(error, VaultError::Io,
                 overwritten ? u"the profile's key was destroyed but %1 could not be removed completely"_s.arg(dir)
                             : u"%1 could not be removed, and its key file could not be overwritten"_s.arg(dir));
        return false;
    }
    if (!overwritten) {
        setError(error, VaultError::Io,
                 u"the profile was removed, but its key file could not be overwritten first: on this disk the old "
                 "key may survive until the space is reused"_s);
        return false;
    }
    return true;
}

ProfileSession::~ProfileSession()
{
    lock(u"closed"_s);
}

QSqlDatabase ProfileSession::database() const
{
    return m_connection.isEmpty() ? QSqlDatabase() : QSqlDatabase::database(m_connection, false);
}

void ProfileSession::lock(const QString& reason)
{
    if (m_connection.isEmpty())
        return;
    {
        QSqlDatabase db = database();
        if (db.isOpen()) {
            AuditLog(db, m_clock ? *m_clock : Clock::system()).append(u"lock"_s, reason);
            QSqlQuery(db).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connection);
    m_connection.clear();
    m_key.wipe();
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
}

} // namespace htmse
