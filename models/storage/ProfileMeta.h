// ProfileMeta: the profile database's `meta` table (key -> value) and the one list of its keys,
// so no two parts of the code write the same key by accident and a reader sees every key here.
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

namespace htmse {

class ProfileMeta
{
public:
    enum class Key
    {
        AuditHead,           // AuditLog: "<seq>:<hash hex>" of the newest entry
        UnlockFailuresTotal, // Vault: wrong passphrases seen so far (to notice a reset throttle file)
        DirectoryCursor,     // sync: the server's directory change cursor
        DirectoryLastSync,   // sync: when the directory was last pulled (ISO 8601 UTC)
        EventCursor,         // sync: the server's referral-event cursor
        NewsCursor,          // sync: the news feed's cursor
        ResourcesCursor,     // sync: the resource library's cursor
        SyncServer,          // sync: the server the cursors and the refresh token belong to
        SyncUser,            // sync: the user signed in on that server
        RefreshToken,        // sync: the current refresh token (a secret: only ever in this database)
        LastSyncSuccess,     // sync: when a sync last completed (ISO 8601 UTC)
    };

    static QString name(Key key);

    explicit ProfileMeta(QSqlDatabase db);

    // An invalid QVariant when the key is not set or cannot be read.
    QVariant value(Key key) const;
    // Inside the caller's transaction, if there is one.
    bool setValue(Key key, const QVariant& value, QString* error = nullptr);
    // Inside the caller's transaction, if there is one.
    bool remove(Key key, QString* error = nullptr);

private:
    QSqlDatabase m_db;
};

} // namespace htmse
