// SearchIndex: free-text search over the directory (names, organisations, expertise keywords and
// services, biographies), in memory. Case- and diacritics-insensitive; every word of the query
// is a prefix ("psych lond" finds "Psychiatrist ... London"); Latin, Cyrillic, Arabic and CJK text
// match at least by the prefix of each word.
#pragma once

#include "domain/IndexRecord.h"
#include "domain/Professional.h"
#include "domain/WordDictionary.h"

#include <QHash>
#include <QStringList>
#include <QUuid>

#include <cstdint>
#include <vector>

namespace htmse {

class SearchIndex
{
public:
    struct Hit
    {
        QUuid id;
        QString name;
        int score = 0;
    };

    // organisationName: the professional's organisation, when known (searched too).
    void add(const Professional& professional, const QString& organisationName = {});
    // What unlock uses. A record read with IndexRecord::Words::Numbers carries word numbers of
    // the dictionary given to setDictionary() first.
    void add(const IndexRecord& record, const QString& organisationName = {});
    // Adopts the store's word numbering; only before the first add().
    void setDictionary(const WordDictionary& dictionary);
    // Sorts the dictionary; call once after the adds (add() after finish() needs another finish()).
    void finish();
    void clear();
    qsizetype size() const { return qsizetype(m_docs.size()); }

    // Every word of `text` must match a word of the profile by prefix; ranked by where the words
    // matched (name > organisation, keywords, services > biography), then name, then id.
    QList<Hit> search(const QString& text, int limit = 20) const;
    // The words of a text as the index sees them.
    static QStringList words(const QString& text);

private:
    const std::vector<quint32>& organisationWords(const QString& name);

    struct Doc
    {
        QUuid id;
        QString name;
    };
    std::vector<Doc> m_docs;
    WordDictionary m_dictionary;
    std::vector<std::vector<std::uint32_t>> m_building;       // word number -> (doc << 2 | field weight)
    std::vector<std::pair<quint32, quint8>> m_entry;          // one profile's words while it is added
    std::vector<QString> m_words;                             // sorted
    std::vector<quint32> m_wordNumbers;                       // parallel to m_words
    std::vector<std::vector<std::uint32_t>> m_postings;       // parallel to m_words
    QHash<QString, std::vector<quint32>> m_organisationWords; // organisation names, split once
    std::vector<std::uint32_t> m_byName;                      // documents in (name, id) order
    std::vector<std::uint32_t> m_nameRank;                    // each document's place in that order
    mutable std::vector<std::uint32_t> m_scratch;             // per-doc accumulator (generation | score)
    mutable std::vector<std::uint8_t> m_roundWeight;          // best field weight in the current round
    mutable std::uint32_t m_generation = 1;
};

} // namespace htmse
