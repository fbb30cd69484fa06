// DirectoryStore: the profile's encrypted copy of the directory — professionals and
// organisations as JSON documents, written in batches of one transaction each.
#pragma once

#include "domain/DirectoryFile.h"
#include "domain/HsdsImport.h"
#include "domain/Organisation.h"
#include "domain/Professional.h"
#include "matching/WordDictionary.h"
#include "security/Clock.h"

#include <QHash>
#include <QSqlDatabase>

#include <functional>
#include <optional>

namespace htmse {

class MatchEngine;
class SearchIndex;

class DirectoryStore
{
public:
    struct Stats
    {
        qsizetype professionals = 0;
        qsizetype organisations = 0;
        QDateTime lastSync; // invalid: never synced
        QString cursor;     // the server's change cursor; empty: none yet
    };
    struct ImportReport
    {
        qsizetype imported = 0;          // professionals stored
        qsizetype organisations = 0;     // organisations stored
        qsizetype skipped = 0;           // records left out
        ValidationProblems problems;     // every problem, whatever the format
        QList<HsdsProblem> hsdsProblems; // HSDS input: the same problems, with source, field and skipped flag
        QString format;                  // "htmse-directory" or "hsds"
        bool readable = false;
    };

    explicit DirectoryStore(QSqlDatabase db, const Clock& clock = Clock::system());

    // One transaction per call: all of the batch lands, or none of it.
    bool upsert(const QList<Professional>& professionals, const QList<Organisation>& organisations, QString* error);
    bool remove(const QList<QUuid>& professionals, QString* error);
    std::optional<Professional> professional(const QUuid& id) const;
    // Streams every stored professional (forward-only; the whole directory never sits in a result).
    void forEach(const std::function<void(const Professional&)>& visit) const;
    Stats stats() const;
    QHash<QUuid, QString> organisationNames() const;
    // Fills the matching engine and the search index from the stored index records (not from the
    // JSON documents): what unlock does. Records that are missing or of another format are
    // rebuilt from the documents and written back.
    void loadIndexes(MatchEngine* engine, SearchIndex* search);

    // Keyset paging by name (folded), then id: the page after `after`, at most `limit` long;
    // *last is where the next page starts.
    struct Cursor
    {
        QString sortName;
        QString id;
    };
    QList<Professional> page(const Cursor& after, int limit, Cursor* last) const;

    // Loads a directory file (the generator's output or an export) or HSDS JSON (told apart by
    // HsdsImport::looksLikeHsdsJson): bad records are reported and skipped, the good ones land
    // (audited as counts). `sourceName` names the file in HSDS problems.
    ImportReport importFile(const QByteArray& bytes, QString* error, const QString& sourceName = {});
    // Stores what the HSDS importer read (a CSV data package or JSON) the same way.
    ImportReport importHsds(const HsdsImportResult& hsds, QString* error);

private:
    void store(const QList<Professional>& professionals, const QList<Organisation>& organisations, ImportReport& report,
               QString* error);

    // The stored word numbering (directory_words), read on first use.
    bool loadDictionary(QString* error);
    // Writes the index records of `professionals` and any newly numbered words (inside the
    // caller's transaction).
    bool writeIndexRecords(const QList<Professional>& professionals, QString* error);

    QSqlDatabase m_db;
    const Clock& m_clock;
    WordDictionary m_dictionary;
    bool m_dictionaryLoaded = false;
};

} // namespace htmse
