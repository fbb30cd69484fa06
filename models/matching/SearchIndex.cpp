#include "matching/SearchIndex.h"

#include "domain/Vocabulary.h"
#include "taxonomy/NeedsTaxonomy.h"
#include "taxonomy/TextFolding.h"

#include <algorithm>

namespace htmse {

using namespace Qt::StringLiterals;

QStringList SearchIndex::words(const QString& text)
{
    QStringList out;
    const QString folded = foldForSearch(text);
    qsizetype start = -1;
    for (qsizetype i = 0; i <= folded.size(); ++i) {
        const bool wordChar = i < folded.size() &&
                              (folded.at(i).isLetterOrNumber() || folded.at(i).isMark() || folded.at(i).isSurrogate());
        if (wordChar && start < 0)
            start = i;
        else if (!wordChar && start >= 0) {
            out.append(folded.mid(start, i - start));
            start = -1;
        }
    }
    return out;
}

const QStringList& SearchIndex::labelWords(const QString& key, const QString& label) const
{
    auto it = m_labelWords.find(key);
    if (it == m_labelWords.end())
        it = m_labelWords.insert(key, words(label));
    return *it;
}

void SearchIndex::add(const Professional& p, const QString& organisationName)
{
    add(IndexRecord::from(p), organisationName);
}

void SearchIndex::add(const IndexRecord& r, const QString& organisationName)
{
    const auto doc = std::uint32_t(m_docs.size());
    m_docs.push_back({r.id, r.name});
    QHash<QString, std::uint32_t> best;
    for (qsizetype i = 0; i < r.words.size(); ++i)
        best.insert(r.words.at(i), std::uint32_t(r.wordWeights.at(i)));
    // Organisation names repeat across the directory: their words are worked out once.
    if (!organisationName.isEmpty())
        for (const QString& w : labelWords(u"org:"_s + organisationName, organisationName))
            best[w] = std::max(best.value(w), 2u);
    for (auto it = best.cbegin(); it != best.cend(); ++it)
        m_building[it.key()].push_back(doc << 2 | it.value());
}

void SearchIndex::finish()
{
    for (size_t i = 0; i < m_words.size(); ++i) {
        auto& postings = m_building[m_words[i]];
        postings.insert(postings.end(), m_postings[i].begin(), m_postings[i].end());
    }
    m_words.clear();
    m_postings.clear();
    std::vector<std::pair<QString, std::vector<std::uint32_t>>> entries;
    entries.reserve(size_t(m_building.size()));
    for (auto it = m_building.begin(); it != m_building.end(); ++it)
        entries.emplace_back(it.key(), std::move(it.value()));
    m_building.clear();
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    m_words.reserve(entries.size());
    m_postings.reserve(entries.size());
    for (auto& [word, postings] : entries) {
        m_words.push_back(std::move(word));
        m_postings.push_back(std::move(postings));
    }
    m_scratch.assign(m_docs.size(), 0);
    m_roundWeight.assign(m_docs.size(), 0);
    m_generation = 1;
}

void SearchIndex::clear()
{
    m_labelWords.clear();
    m_docs.clear();
    m_building.clear();
    m_words.clear();
    m_postings.clear();
    m_scratch.clear();
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
    QList<Hit> hits;
    for (size_t doc = 0; doc < m_docs.size(); ++doc)
        if ((m_scratch[doc] >> 16) == last)
            hits.append({m_docs[doc].id, m_docs[doc].name, int(m_scratch[doc] & 0xFFFFu)});
    const auto before = [](const Hit& a, const Hit& b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (const int c = a.name.compare(b.name); c != 0)
            return c < 0;
        return a.id < b.id;
    };
    if (hits.size() > limit) {
        std::partial_sort(hits.begin(), hits.begin() + limit, hits.end(), before);
        hits.resize(limit);
    } else {
        std::sort(hits.begin(), hits.end(), before);
    }
    return hits;
}

} // namespace htmse
