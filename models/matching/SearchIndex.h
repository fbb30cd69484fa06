// SearchIndex: free-text search over the directory (names, organisations, expertise keywords and
// services, biographies), in memory. Case- and diacritics-insensitive; every word of the query
// is a prefix ("psych lond" finds "Psychiatrist ... London"); Latin, Cyrillic, Arabic and CJK text
// match at least by the prefix of each word.
#pragma once

#include "domain/Professional.h"
#include "matching/IndexRecord.h"

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
    void add(const IndexRecord& record, const QString& organisationName = {}); // what unlock uses
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
    const QStringList& labelWords(const QString& key, const QString& label) const;

    struct Doc
    {
        QUuid id;
        QString name;
    };
    std::vector<Doc> m_docs;
    QHash<QString, std::vector<std::uint32_t>> m_building; // word -> (doc << 2 | field weight)
    std::vector<QString> m_words;                          // sorted
    std::vector<std::vector<std::uint32_t>> m_postings;    // parallel to m_words
    mutable QHash<QString, QStringList> m_labelWords;      // taxonomy and vocabulary labels, split once
    mutable std::vector<std::uint32_t> m_scratch;          // per-doc accumulator (generation | score)
    mutable std::vector<std::uint8_t> m_roundWeight;       // best field weight in the current round
    mutable std::uint32_t m_generation = 1;
};

} // namespace htmse
