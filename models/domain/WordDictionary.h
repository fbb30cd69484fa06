// WordDictionary: the directory's search words, each with a stable number. Index records store
// numbers instead of words, so unlock reads each word once (from the dictionary) instead of
// once per profile that uses it, and the search index groups postings without hashing text.
#pragma once

#include <QHash>
#include <QString>

#include <optional>
#include <vector>

namespace htmse {

class WordDictionary
{
public:
    // The number of `word`, giving it the next number when it is new.
    quint32 idOf(const QString& word);
    std::optional<quint32> find(const QString& word) const;
    const QString& word(quint32 id) const { return m_words[id]; }
    bool contains(quint32 id) const { return id < m_words.size(); }
    qsizetype size() const { return qsizetype(m_words.size()); }
    // Replaces the contents: word i has number i.
    void assign(std::vector<QString> words);
    // Words numbered since the last call (for the store to persist), as (number, word).
    std::vector<std::pair<quint32, QString>> takeAdded();
    void clear();

private:
    std::vector<QString> m_words;
    QHash<QString, quint32> m_ids;
    size_t m_saved = 0;
};

} // namespace htmse
