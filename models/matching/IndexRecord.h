// IndexRecord: what the matching engine and the search index need of one professional, in a
// compact binary form stored beside each directory document, so unlock builds both indexes
// without parsing and validating every JSON profile again.
#pragma once

#include "domain/Professional.h"

#include <QByteArray>
#include <QDate>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace htmse {

struct IndexRecord
{
    static constexpr quint8 kFormat = 1;

    QUuid id;
    QString name;
    QUuid organisationId;
    QStringList services;
    QStringList languages;     // ISO 639-3
    QByteArray lowProficiency; // one byte per language: 1 = working/basic
    QList<float> coordinates;  // latitude, longitude, latitude, ...
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
    QStringList words;      // folded search words (organisation excluded: added at indexing)
    QByteArray wordWeights; // one byte per word: 3 name, 2 title/keywords/services/city, 1 biography

    static IndexRecord from(const Professional& professional);
    QByteArray serialize() const;
    static std::optional<IndexRecord> deserialize(const QByteArray& bytes);

    friend bool operator==(const IndexRecord&, const IndexRecord&) = default;
};

} // namespace htmse
