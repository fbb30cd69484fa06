// DirectoryStore: the profile's encrypted copy of the directory — professionals and
// organisations as JSON documents, written in batches of one transaction each.
#pragma once

#include "domain/DirectorySink.h"
#include "domain/IndexRecord.h"
#include "domain/Organisation.h"
#include "domain/Professional.h"
#include "domain/WordDictionary.h"

#include <QHash>
#include <QSqlDatabase>

#include <functional>
#include <optional>

namespace htmse {

class DirectoryStore : public DirectorySink
{
public:
    struct Stats
    {
        qsizetype professionals = 0;
        qsizetype organisations = 0;
        QDateTime lastSync; // invalid: never synced
        QString cursor;     // the server's change cursor; empty: none yet
    };
    explicit DirectoryStore(QSqlDatabase db);

    // One transaction per call: all of the batch lands, or none of it.
    bool upsert(const QList<Professional>& professionals, const QList<Organisation>& organisations, QString* error);
    // As a DirectorySink (imports, sync pages): upsert().
    bool write(const QList<Professional>& professionals, const QList<Organisation>& organisations,
               QString* error) override
    {
        return upsert(professionals, organisations, error);
    }
    bool remove(const QList<QUuid>& professionals, QString* error);
    // A page of server changes inside the caller's transaction (sync commits it with its cursor):
    // upserts, then tombstones. After a rollback, call forgetUncommitted().
    bool applyChanges(const QList<Professional>& professionals, const QList<Organisation>& organisations,
                      const QList<QUuid>& removedProfessionals, const QList<QUuid>& removedOrganisations,
                      QString* error);
    // Word numbers handed out in a transaction that was rolled back are read again.
    void forgetUncommitted() { m_dictionaryLoaded = false; }
    std::optional<Professional> professional(const QUuid& id) const;
    // Streams every stored professional (forward-only; the whole directory never sits in a result).
    void forEach(const std::function<void(const Professional&)>& visit) const;
    Stats stats() const;
    QHash<QUuid, QString> organisationNames() const;
    // The word numbering the stored index records use (read from the database on first use).
    const WordDictionary& wordDictionary();
    // Streams every profile's index record, read from the stored records rather than the JSON
    // documents: what unlock builds the indexes from. A record read from the store carries word
    // numbers of wordDictionary() (take a copy of it before the first record); one that was of
    // another format, damaged or missing is rebuilt from its document (words as text), handed
    // over, and written back.
    void forEachIndexRecord(const std::function<void(const IndexRecord&)>& visit);
    // The stored index records as they are stored, in id order after `afterId` (empty: from the
    // start), at most `limit`: what a build on another thread reads here, a chunk per call, since
    // the connection belongs to this thread. Decoding (IndexRecord::deserialize with a copy of
    // wordDictionary()) is the caller's. *ok is false when the query failed.
    struct StoredIndexRecord
    {
        QString id;
        QByteArray bytes;
    };
    QList<StoredIndexRecord> storedIndexRecords(const QString& afterId, int limit, bool* ok = nullptr) const;
    // How many index records are stored (fewer than stats().professionals: some need rebuilding).
    qsizetype storedIndexRecordCount() const;
    // Keyset paging by name (folded), then id: the page after `after`, at most `limit` long;
    // *last is where the next page starts.
    struct Cursor
    {
        QString sortName;
        QString id;
    };
    QList<Professional> page(const Cursor& after, int limit, Cursor* last) const;

private:
    // The rows of an upsert, inside the caller's transaction.
    bool writeRows(const QList<Professional>& professionals, const QList<Organisation>& organisations, QString* error);
    // The stored word numbering (directory_words), read on first use.
    bool loadDictionary(QString* error);
    // Writes the index records of `professionals` and any newly numbered words (inside the
    // caller's transaction).
    bool writeIndexRecords(const QList<Professional>& professionals, QString* error);

    QSqlDatabase m_db;
    WordDictionary m_dictionary;
    bool m_dictionaryLoaded = false;
};

} // namespace htmse
