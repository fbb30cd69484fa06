// HsdsImport: reads Open Referral HSDS 3.0 data (a CSV tabular data package or API JSON) into
// directory profiles and organisations, reporting everything it leaves out and why.
#pragma once

#include "domain/Organisation.h"
#include "domain/Professional.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace htmse {

// One thing the importer left out or changed.
struct HsdsProblem
{
    QString source; // "services.csv row 7" (the header is row 1) or "service_list.json: contents[2].languages[0]"
    QString field;  // the HSDS field concerned; empty when it is the record as a whole
    QString reason;
    bool skipped = false; // true: a whole service or organization was left out; false: a value or row was dropped

    QString path() const;     // "services.csv row 7: email", or the source alone
    QString toString() const; // "services.csv row 7: email: \"x\" is not an email address; left out"
    friend bool operator==(const HsdsProblem&, const HsdsProblem&) = default;
};

struct HsdsImportResult
{
    QList<Organisation> organisations;
    QList<Professional> professionals;
    QList<HsdsProblem> problems;
    int recordsRead = 0;   // services and organizations read
    int skipped = 0;       // of those, left out
    bool readable = false; // false: not HSDS data at all, or not readable (the problems say why)
};

class HsdsImport
{
public:
    static constexpr qsizetype kMaxBytes = qsizetype(1) << 30; // one file: 1 GiB

    // A folder holding the CSV files (and datapackage.json) of a tabular data package.
    static HsdsImportResult readDataPackage(const QString& directory, const QDateTime& now = {});
    // One service, a list of services, a paged API response ({"contents": [...]}), an
    // organization with its services, or service_at_location objects (alone or in a list).
    // `sourceName` starts each problem's source ("service_list.json: contents[0]").
    static HsdsImportResult readJson(const QByteArray& bytes, const QString& sourceName = {},
                                     const QDateTime& now = {});
    // A cheap sniff of the first bytes: HSDS JSON rather than an htmse directory file?
    static bool looksLikeHsdsJson(const QByteArray& bytes);
    // A folder (or its datapackage.json) is read as a data package, any other file as JSON.
    static HsdsImportResult readPath(const QString& path, const QDateTime& now = {});

    // The profile or organisation id an HSDS id becomes: the id itself when it is a UUID, else a
    // name-based UUID (v5) of table and id, so that re-imports update the same record.
    static QUuid idFor(QStringView table, QStringView sourceId);
    // The need a taxonomy term maps to: the term itself when it is a needs-taxonomy code, else the
    // first phrase of the keyword table found in it ("Immigration Legal Aid" -> legal.immigration);
    // empty when nothing maps.
    static QString needForTerm(QStringView text);
    static QStringList needsOfKeywordTable(); // every code the keyword table uses (a test checks them)
};

} // namespace htmse
