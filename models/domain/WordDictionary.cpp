#include "domain/WordDictionary.h"

namespace htmse {

quint32 WordDictionary::idOf(const QString& word)
{
    const auto it = m_ids.constFind(word);
    if (it != m_ids.cend())
        return *it;
    const auto id = quint32(m_words.size());
    m_words.push_back(word);
    m_ids.insert(word, id);
    return id;
}

std::optional<quint32> WordDictionary::find(const QString& word) const
{
    const auto it = m_ids.constFind(word);
    return it == m_ids.cend() ? std::nullopt : std::optional<quint32>(*it);
}

void WordDictionary::assign(std::vector<QString> words)
{
    m_words = std::move(words);
    m_ids.clear();
    m_ids.reserve(qsizetype(m_words.size()));
    for (size_t i = 0; i < m_words.size(); ++i)
        m_ids.insert(m_words[i], quint32(i));
    m_saved = m_words.size();
}

std::vector<std::pair<quint32, QString>> WordDictionary::takeAdded()
{
    std::vector<std::pair<quint32, QString>> out;
    for (size_t i = m_saved; i < m_words.size(); ++i)
        out.emplace_back(quint32(i), m_words[i]);
    m_saved = m_words.size();
    return out;
}

void WordDictionary::clear()
{
    m_words.clear();
    m_ids.clear();
    m_saved = 0;
}

} // namespace htmse
