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
    // In the order of Vocabulary::VerificationStatus.
    enum class Verification : std::uint8_t
    {
        Unverified,
        Pending,
        Verified,
        Lapsed,
        Suspended,
    };
    enum class Cost : std::uint8_t
    {
        Any,
        Free,
        LegalAid,
        FreeOrLegalAid, // free, legal aid or pro bono
    };
    struct Location
    {
        float latitude;
        float longitude;
        bool confidential; // never handed out in a result (MatchResult::place)
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
        std::uint8_t gender = 0; // index in the gender vocabulary + 1; 0 = not stated
        Verification verification = Verification::Unverified;
        QDate verifiedOn;
        bool expert = false;
        std::uint16_t disciplines = 0; // bitset over Vocabulary::ExpertDiscipline
        std::uint16_t reportTypes = 0; // bitset over Vocabulary::ReportType
        QStringList jurisdictions;
        int courtAppearances = 0;
        bool acceptingInstructions = true;
        std::uint16_t accessibility = 0;  // bitset over Vocabulary::Accessibility
        std::vector<std::uint32_t> hours; // as IndexRecord::hours
        std::int16_t zone = -1;           // index in m_zones; -1: the opening hours' time zone is not stated
        bool eveningsOrWeekends = false;
    };
    struct Prepared; // a query turned into indexes and bits
    struct Facts;    // what the filters learnt about one entry
    struct Parts;    // the score's parts

    Entry makeEntry(const IndexRecord& r);
    std::uint16_t languageIndex(const QString& code); // grows the table
    // Checks the query and turns it into bits and indexes, in one pass (the problems in *problems).
    std::optional<Prepared> prepare(const MatchQuery& query, QStringList* problems) const;
    static std::optional<Cost> costFromWire(const QString& cost);
    static void setRadius(Prepared& p, double radiusKm); // and the latitude band it allows

    // The hard filters, one per rule; passes() is all of them, cheapest first.
    static bool passes(const Entry& e, const Prepared& q, Facts* f);
    static bool passesNeeds(const Entry& e, const Prepared& q, Facts* f);
    static bool passesCost(const Entry& e, Cost cost);
    static bool passesExpert(const Entry& e, const Prepared& q);
    static bool passesLanguage(const Entry& e, const Prepared& q, Facts* f);
    static bool passesPlace(const Entry& e, const Prepared& q, Facts* f);
    static bool passesHoursAndAccess(const Entry& e, const Prepared& q);
    // The score of an entry that passed, from its parts.
    static double score(const Entry& e, const Prepared& q, const Facts& f, const MatchWeights& w, Parts* parts);
    // The result (names, covered needs, the explanation's facts): built only for what enters the top.
    static void describe(const Entry& e, const Prepared& q, const Facts& f, const Parts& parts, double score,
                         MatchResult* out);

    std::vector<Entry> m_entries;
    QList<qsizetype> m_free; // reusable slots
    QHash<QUuid, qsizetype> m_byId;
    QHash<QString, int> m_needIndex; // taxonomy code -> bit
    QStringList m_needCodes;
    QHash<QString, std::uint16_t> m_languageIndex;
    QList<QByteArray> m_zones; // the time zones of opening hours, by index
};

} // namespace htmse
