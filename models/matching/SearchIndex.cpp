#include "matching/SearchIndex.h"

#include "domain/Vocabulary.h"
#include "taxonomy/NeedsTaxonomy.h"
#include "taxonomy/TextFolding.h"

#include <algorithm>

namespace htmse {

using namespace Qt::StringLiterals;

QStringList SearchIndex::words(const QString& text)
{
    return searchWords(text);
}

const std::vector<quint32>& SearchIndex::organisationWords(const QString& name)
{
    auto it = m_organisationWords.find(name);
    if (it == m_organisationWords.end()) {
        std::vector<quint32> ids;
        for (const QString& w : words(name))
            ids.push_back(m_dictionary.idOf(w));
        it = m_organisationWords.insert(name, std::move(ids));
    }
    return *it;
}

void SearchIndex::setDictionary(const WordDictionary& dictionary)
{
    Q_ASSERT(m_docs.empty());
    m_dictionary = dictionary;
}

void SearchIndex::add(const Professional& p, const QString& organisationName)
{
    add(IndexRecord::from(p), organisationName);
}

void SearchIndex::add(const IndexRecord& r, const QString& organisationName)
{
    const auto doc = std::uint32_t(m_docs.size());
    m_docs.push_back({r.id, r.name});
    // A record's words are distinct; organisation words may repeat one (the best field counts).
    m_entry.clear();
    if (!r.wordIds.empty()) {
        for (size_t i = 0; i < r.wordIds.size(); ++i)
            m_entry.emplace_back(r.wordIds[i], quint8(r.wordWeights.at(qsizetype(i))));
    } else {
        for (qsizetype i = 0; i < r.words.size(); ++i)
            m_entry.emplace_back(m_dictionary.idOf(r.words.at(i)), quint8(r.wordWeights.at(i)));
    }
    if (!organisationName.isEmpty())
        for (const quint32 id : organisationWords(organisationName)) {
            const auto same =
                std::find_if(m_entry.begin(), m_entry.end(), [id](const auto& e) { return e.first == id; });
            if (same == m_entry.end())
                m_entry.emplace_back(id, quint8(2));
            else
                same->second = std::max(same->second, quint8(2));
        }
    for (const auto& [id, weight] : m_entry) {
        if (id >= m_building.size())
            m_building.resize(std::max<size_t>(id + 1, size_t(m_dictionary.size())));
        m_building[id].push_back(doc << 2 | weight);
    }
}

void SearchIndex::finish()
{
    // Words finished before (an add() after finish()) go back into the build.
    for (size_t i = 0; i < m_words.size(); ++i) {
        const quint32 id = m_wordNumbers[i];
        if (id >= m_building.size())
            m_building.resize(id + 1);
        auto& postings = m_building[id];
        postings.insert(postings.begin(), m_postings[i].begin(), m_postings[i].end());
    }
    std::vector<quint32> used;
    for (size_t id = 0; id < m_building.size(); ++id)
        if (!m_building[id].empty())
            used.push_back(quint32(id));
    std::sort(used.begin(), used.end(),
              [this](quint32 a, quint32 b) { return m_dictionary.word(a) < m_dictionary.word(b); });
    m_words.clear();
    m_wordNumbers.clear();
    m_postings.clear();
    m_words.reserve(used.size());
    m_wordNumbers.reserve(used.size());
    m_postings.reserve(used.size());
    for (const quint32 id : used) {
        m_words.push_back(m_dictionary.word(id));
        m_wordNumbers.push_back(id);
        m_postings.push_back(std::move(m_building[id]));
    }
    m_building.clear();
    m_building.shrink_to_fit();
    m_scratch.assign(m_docs.size(), 0);
    m_roundWeight.assign(m_docs.size(), 0);
    m_generation = 1;
    // Every document's place in (name, id) order, for ranking ties without comparing text.
    m_byName.resize(m_docs.size());
    for (size_t i = 0; i < m_docs.size(); ++i)
        m_byName[i] = std::uint32_t(i);
    std::sort(m_byName.begin(), m_byName.end(), [this](std::uint32_t a, std::uint32_t b) {
        if (const int c = m_docs[a].name.compare(m_docs[b].name); c != 0)
            return c < 0;
        return m_docs[a].id < m_docs[b].id;
    });
    m_nameRank.resize(m_docs.size());
    for (size_t place = 0; place < m_byName.size(); ++place)
        m_nameRank[m_byName[place]] = std::uint32_t(place);
}

void SearchIndex::clear()
{
    m_organisationWords.clear();
    m_dictionary.clear();
    m_docs.clear();
    m_building.clear();
    m_entry.clear();
    m_words.clear();
    m_wordNumbers.clear();
    m_postings.clear();
    m_scratch.clear();
    m_byName.clear();
    m_nameRank.clear();
}

QList<SearchIndex::Hit> SearchIndex::search(const QString& text, int limit) const
{
    QStringList prefixes = words(text);
    prefixes.removeDuplicates();
    if (prefixes.isEmpty() || limit <= 0 || m_docs.empty())
        return {};
    // The accumulator holds (round << 16 | score): a document survives round r only if it matched
    // every earlier prefix. Rounds are numbered from a generation so nothing needs clearing.
    if (m_generation > 0xFFFF - 64 - std::uint32_t(prefixes.size())) {
        std::fill(m_scratch.begin(), m_scratch.end(), 0);
        m_generation = 1;
    }
    const std::uint32_t base = m_generation;
    m_generation += std::uint32_t(prefixes.size()) + 1;
    std::vector<std::uint32_t> survivors;
    for (qsizetype round = 0; round < prefixes.size(); ++round) {
        const QString& prefix = prefixes.at(round);
        const std::uint32_t previous = base + std::uint32_t(round);
        const std::uint32_t current = previous + 1;
        auto it = std::lower_bound(m_words.begin(), m_words.end(), prefix);
        for (; it != m_words.end() && it->startsWith(prefix); ++it) {
            for (const std::uint32_t posting : m_postings[size_t(it - m_words.begin())]) {
                const std::uint32_t doc = posting >> 2;
                const std::uint32_t weight = posting & 3u;
                std::uint32_t& slot = m_scratch[doc];
                const std::uint32_t stamp = slot >> 16;
                if (stamp == current) {
                    // Another word with this prefix in the same profile: count its best field once.
                    if (weight > m_roundWeight[doc]) {
                        slot += weight - m_roundWeight[doc];
                        m_roundWeight[doc] = std::uint8_t(weight);
                    }
                } else if (round == 0 || stamp == previous) {
                    slot = current << 16 | ((round == 0 ? 0 : slot & 0xFFFFu) + weight);
                    m_roundWeight[doc] = std::uint8_t(weight);
                }
            }
        }
    }
    const std::uint32_t last = base + std::uint32_t(prefixes.size());
    // Ranked by score, then name, then id: one integer per hit (score inverted, then the
    // document's precomputed place in name order), so selecting the top needs no text compared.
    std::vector<std::uint64_t> keys;
    for (size_t doc = 0; doc < m_docs.size(); ++doc)
        if ((m_scratch[doc] >> 16) == last)
            keys.push_back(std::uint64_t(0xFFFFu - (m_scratch[doc] & 0xFFFFu)) << 32 | m_nameRank[doc]);
    const auto count = std::min(keys.size(), size_t(limit));
    std::partial_sort(keys.begin(), keys.begin() + qsizetype(count), keys.end());
    QList<Hit> hits;
    hits.reserve(qsizetype(count));
    for (size_t i = 0; i < count; ++i) {
        const Doc& d = m_docs[m_byName[std::uint32_t(keys[i] & 0xFFFFFFFFu)]];
        hits.append({d.id, d.name, int(0xFFFFu - (keys[i] >> 32))});
    }
    return hits;
}

} // namespace htmse
