// IndexRecord: what the matching engine and the search index need of one professional, in a
// compact binary form stored beside each directory document, so unlock builds both indexes
// without parsing and validating every JSON profile again.
#pragma once

#include "domain/Professional.h"
#include "domain/WordDictionary.h"

#include <QByteArray>
#include <QDate>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace htmse {

struct IndexRecord
{
    // 2: words stored as numbers of the directory's WordDictionary; 3: a compact layout with every
    // code a dictionary number too (records of an older format are rebuilt at unlock).
    // 4: opening hours, their time zone and accessibility. 5: which locations are confidential.
    static constexpr quint8 kFormat = 5;

    QUuid id;
    QString name;
    QUuid organisationId;
    QStringList services;
    QStringList languages;     // ISO 639-3
    QByteArray lowProficiency; // one byte per language: 1 = working/basic
    QList<float> coordinates;  // latitude, longitude, latitude, ...
    QByteArray confidential;   // one byte per coordinate pair: 1 = a confidential location
    bool active = true;
    bool accepting = true;
    bool remote = false;
    bool interpreter = false;
    bool free = false;
    bool legalAid = false;
    bool proBono = false;
    qint16 responseDays = -1;
    QString gender;
    QString verification;
    QDate verifiedOn;
    bool expert = false;
    QStringList disciplines;
    QStringList reportTypes;
    QStringList jurisdictions;
    qint32 courtAppearances = 0;
    bool acceptingInstructions = true;
    // Opening hours packed as days (bit 0 Monday .. bit 6 Sunday) << 22 | opens << 11 | closes,
    // minutes after midnight.
    QList<quint32> hours;
    QString timeZone; // IANA; empty: not stated
    QStringList accessibility;
    QStringList words;      // folded search words (organisation excluded: added at indexing)
    QByteArray wordWeights; // one byte per word: 3 name, 2 title/keywords/services/city, 1 biography
    // Read for indexing: the words' numbers in the dictionary, parallel to wordWeights; `words`
    // is then left empty (see deserialize).
    std::vector<quint32> wordIds;

    enum class Content
    {
        Everything,   // what the store keeps: the matching fields and the search words
        MatchingOnly, // no search words: what the matching engine alone needs (folding them is the costly part)
    };
    static IndexRecord from(const Professional& professional, Content content = Content::Everything);
    // Words are written as their numbers in `dictionary`, which numbers new words as it goes.
    QByteArray serialize(WordDictionary& dictionary) const;
    enum class Words
    {
        Numbers, // fill wordIds only: what unlock needs, without a string per word
        Text,    // fill words (for tests and repairs)
    };
    // Nullopt for another format, a malformed record, or a word number `dictionary` lacks.
    static std::optional<IndexRecord> deserialize(const QByteArray& bytes, const WordDictionary& dictionary,
                                                  Words words = Words::Numbers);

    friend bool operator==(const IndexRecord&, const IndexRecord&) = default;
};

} // namespace htmse
