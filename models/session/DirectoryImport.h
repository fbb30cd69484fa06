// DirectoryImport: a directory file (the generator's output or an export), HSDS JSON or an HSDS
// CSV data package into the profile's directory store: bad records are reported and skipped, the
// good ones land in batches of one transaction each, and the import is audited (as counts).
#pragma once

#include "core/Clock.h"
#include "core/Validation.h"
#include "interchange/HsdsImport.h"

#include <QByteArray>
#include <QString>

namespace htmse {

class AuditLog;
class DirectoryStore;

struct DirectoryImportReport
{
    qsizetype imported = 0;          // professionals stored
    qsizetype organisations = 0;     // organisations stored
    qsizetype skipped = 0;           // records left out
    ValidationProblems problems;     // every problem, whatever the format
    QList<HsdsProblem> hsdsProblems; // HSDS input: the same problems, with source, field and skipped flag
    QString format;                  // "htmse-directory" or "hsds"
    bool readable = false;
};

class DirectoryImport
{
public:
    DirectoryImport(DirectoryStore& store, AuditLog& audit, const Clock& clock = Clock::system());

    // A directory file or HSDS JSON (told apart by HsdsImport::looksLikeHsdsJson). `sourceName`
    // names the file in HSDS problems. *error is set when storing failed part-way.
    DirectoryImportReport importBytes(const QByteArray& bytes, QString* error, const QString& sourceName = {});
    // What the HSDS importer read (a CSV data package or JSON), stored the same way.
    DirectoryImportReport importHsds(const HsdsImportResult& hsds, QString* error);

private:
    void store(const QList<Professional>& professionals, const QList<Organisation>& organisations,
               DirectoryImportReport& report, QString* error);

    DirectoryStore& m_store;
    AuditLog& m_audit;
    const Clock& m_clock;
};

} // namespace htmse
