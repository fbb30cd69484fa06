// MatchEngine: the directory's professionals in a compact in-memory index (need and language
// bitsets, float coordinates, flags), queried with hard filters and a weighted, explained score.
// Updated one profile at a time (upsert/remove), never rebuilt per change.
#pragma once

#include "domain/IndexRecord.h"
#include "domain/Professional.h"
#include "matching/MatchQuery.h"

#include <QHash>

#include <array>
#include <cstdint>
#include <vector>

namespace htmse {

class MatchEngine
{
public:
    MatchEngine();

    void setProfessionals(const QList<Professional>& professionals); // replaces everything
    void upsert(const Professional& professional);
    void upsert(const IndexRecord& record); // what unlock uses: no JSON, no validation
    bool remove(const QUuid& id);
    void clear();
    qsizetype size() const { return qsizetype(m_entries.size()) - m_free.size(); }

    // Validates the query's codes and ranges; every problem in plain words.
    QStringList validate(const MatchQuery& query) const;
    // The best `query.limit` results, ranked by score, then distance, name, id.
    QList<MatchResult> match(const MatchQuery& query, const MatchWeights& weights = {}) const;
    // How many more one relaxation at a time would find: wider radius, an interpreter, remote
    // services, professionals not accepting referrals now.
    QList<Relaxation> relaxations(const MatchQuery& query) const;

    static constexpr int kNeedWords = 2; // up to 128 taxonomy codes

private:
    using Bits = std::array<std::uint64_t, kNeedWords>;
    struct Location
    {
        float latitude;
        float longitude;
    };
    struct Entry
    {
        bool used = false;
        QUuid id;
        QString name;
        Bits coverage{}; // offered codes, plus the parents of offered children
        Bits offered{};
        std::vector<std::uint16_t> languages;    // language indexes
        std::vector<std::uint8_t> proficiencies; // 0 native/fluent, 1 working/basic
        std::vector<Location> locations;
        bool active = true;
        bool accepting = true;
        bool remote = false;
        bool interpreter = false;
        bool free = false;
        bool legalAid = false;
        bool proBono = false;
        std::int16_t responseDays = -1;
        std::uint8_t gender = 0;       // index in the gender vocabulary + 1; 0 = not stated
        std::uint8_t verification = 0; // 0 unverified, 1 pending, 2 verified, 3 lapsed, 4 suspended
        QDate verifiedOn;
        bool expert = false;
        std::uint16_t disciplines = 0; // bitset over Vocabulary::ExpertDiscipline
        std::uint16_t reportTypes = 0; // bitset over Vocabulary::ReportType
        QStringList jurisdictions;
        int courtAppearances = 0;
        bool acceptingInstructions = true;
    };
    struct Prepared; // a query turned into indexes and bits

    Entry makeEntry(const IndexRecord& r);
    std::uint16_t languageIndex(const QString& code); // grows the table
    std::optional<Prepared> prepare(const MatchQuery& query) const;
    // Hard filters; fills `out` when it passes.
    bool evaluate(const Entry& e, const Prepared& q, const MatchWeights& w, MatchResult* out) const;

    std::vector<Entry> m_entries;
    QList<qsizetype> m_free; // reusable slots
    QHash<QUuid, qsizetype> m_byId;
    QHash<QString, int> m_needIndex; // taxonomy code -> bit
    QStringList m_needCodes;
    QHash<QString, std::uint16_t> m_languageIndex;
};

} // namespace htmse
