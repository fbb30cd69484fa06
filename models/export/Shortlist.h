// Shortlist: chosen professionals for a legal team or a caseworker to take away — as HTML (for
// PDF) and CSV: name, profession, organisation, expertise, languages, how to make contact and
// why they were chosen. Confidential addresses are never written, nor is any street address.
#pragma once

#include "domain/Professional.h"

#include <QIODevice>

namespace htmse {

struct ShortlistEntry
{
    Professional professional;
    QString organisation; // name, when known
    QString why;          // the match explanation, when it came from a match
};

class Shortlist
{
public:
    static QString html(const QList<ShortlistEntry>& entries, const QString& title);
    static bool writeCsv(QIODevice* device, const QList<ShortlistEntry>& entries, QString* error);

    // The place as it may be shown: "Leeds, United Kingdom", "Remote", or that it is confidential.
    static QString place(const Professional& professional);
    static QString contactRoute(const Professional& professional);
};

} // namespace htmse
