// DirectoryStore: what the server publishes — the directory (professionals and organisations,
// with tombstones), the news and resources streams — and professionals' edits of their own
// listings, which wait for a directory editor before they reach the directory. Every method
// may be called from any thread; each write is one transaction.
#pragma once

#include "server/store/ChangePage.h"
#include "server/store/StoreError.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace htmse::server {

class StoreDatabase;
class Statements;

struct DirectoryWrite
{
    QString kind; // "professional" | "organisation"
    QUuid id;
    std::optional<QJsonObject> body; // nullopt = tombstone
};

enum class ReviewDecision
{
    Approve,
    Reject,
};

class DirectoryStore
{
public:
    explicit DirectoryStore(StoreDatabase& database)
        : m_db(database)
    {}

    // Directory. A professional is kept with confidential locations redacted (Disclosure.h).
    QList<qint64> writeDirectory(const QList<DirectoryWrite>& writes, StoreError* error);
    ChangePage directoryChanges(qint64 after, int limit, StoreError* error);
    std::optional<QJsonObject> directoryEntry(const QString& kind, const QUuid& id, StoreError* error);
    qint64 directoryCount(StoreError* error);

    // News and resources ("news" | "resources").
    qint64 publish(const QString& stream, const QUuid& id, const QJsonObject& item, StoreError* error);
    ChangePage publications(const QString& stream, qint64 after, int limit, StoreError* error);

    // A professional's own listing: a new edit supersedes their pending ones.
    qint64 submitProfileEdit(const QUuid& professionalId, const QString& submittedBy, const QUuid& editId,
                             const QJsonObject& profile, StoreError* error);
    // The edits of one professional, or of every professional (nullopt).
    ChangePage profileEdits(const std::optional<QUuid>& professionalId, qint64 after, int limit, bool pendingOnly,
                            StoreError* error);
    // Approve: the profile reaches the directory (verified by the reviewer); reject: it does not.
    std::optional<QJsonObject> reviewProfileEdit(const QString& reviewer, const QUuid& editId, ReviewDecision decision,
                                                 const QString& note, StoreError* error);

private:
    bool upsertDirectory(Statements& sql, const DirectoryWrite& w, qint64 seq, StoreError* error);

    StoreDatabase& m_db;
};

} // namespace htmse::server
