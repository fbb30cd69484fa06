// IndexBuild: the matching engine and the search index built away from the thread that owns the
// profile's connection. What the database holds is read there (the records as stored, the word
// numbering, the organisations' names: no key, no connection crosses threads); a worker decodes
// the records and builds both indexes, and the owner swaps them in.
#pragma once

#include "domain/WordDictionary.h"
#include "matching/MatchEngine.h"
#include "matching/SearchIndex.h"
#include "storage/DirectoryStore.h"

#include <QHash>
#include <QPromise>
#include <QUuid>

#include <memory>

namespace htmse {

struct IndexBuildInput
{
    WordDictionary dictionary;
    QHash<QUuid, QString> organisations;
    QList<DirectoryStore::StoredIndexRecord> records;
};

struct IndexBuildOutput
{
    MatchEngine engine;
    SearchIndex search;
    // Records of another format or damaged: the owner rebuilds the indexes from the documents.
    qsizetype undecodable = 0;
};

// Runs on a worker thread: reports progress as records done out of all, and stops without a
// result as soon as the promise is cancelled (the profile locked or the directory replaced).
void buildIndexesOnWorker(QPromise<std::shared_ptr<IndexBuildOutput>>& promise,
                          const std::shared_ptr<const IndexBuildInput>& input);

} // namespace htmse
