// AuditLog: an append-only, hash-chained record of what happened to a profile (unlock, failed
// unlocks, lock, export, print, erase, passphrase change, key rotation). Each entry's hash covers
// the previous one; the head is anchored in meta, so an edited, removed or reordered entry — or a
// cut-off tail — is detected by verify(). Entries hold counts and kinds, never victim data.
#pragma once

#include "core/Clock.h"

#include <QDateTime>
#include <QSqlDatabase>

namespace htmse {

class AuditLog
{
public:
    struct Entry
    {
        qint64 seq = 0;
        QDateTime at;
        QString event;
        QString detail;
    };
    struct Verification
    {
        bool intact = true;
        qint64 entries = 0;
        qint64 firstBadSeq = 0; // 0 when intact
        QString problem;
    };

    explicit AuditLog(QSqlDatabase db, const Clock& clock = Clock::system());

    bool append(const QString& event, const QString& detail = {}, QString* error = nullptr);
    QList<Entry> entries(int limit = 1000) const; // newest first
    Verification verify() const;

private:
    QSqlDatabase m_db;
    const Clock& m_clock;
};

} // namespace htmse
