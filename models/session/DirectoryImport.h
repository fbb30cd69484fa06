// DirectoryImport: a directory file (the generator's output or an export), HSDS JSON or an HSDS
// CSV data package into the profile's directory store, through the one import pipeline
// (DirectoryReader): bad records are reported and skipped, the good ones land in batches of one
// transaction each, and the import is audited (as counts).
#pragma once

#include "core/Clock.h"
#include "interchange/DirectoryReader.h"

class QIODevice;

namespace htmse {

class AuditLog;
class DirectoryStore;

class DirectoryImport
{
public:
    static constexpr int kBatchSize = 1000; // as sync writes its pages

    DirectoryImport(DirectoryStore& store, AuditLog& audit, const Clock& clock = Clock::system());

    // A file or a data package folder. The summary's sinkError is set when storing failed
    // part-way (the batches before it stay).
    ImportSummary importPath(const QString& path);
    // A directory file or HSDS JSON from a device; `sourceName` names it in problems.
    ImportSummary importDevice(QIODevice* device, const QString& sourceName = {});

private:
    ImportSummary audited(ImportSummary summary);

    DirectoryStore& m_store;
    AuditLog& m_audit;
    const Clock& m_clock;
};

} // namespace htmse
