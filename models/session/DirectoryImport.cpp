#include "session/DirectoryImport.h"

#include "storage/AuditLog.h"
#include "storage/DirectoryStore.h"

namespace htmse {

using namespace Qt::StringLiterals;

DirectoryImport::DirectoryImport(DirectoryStore& store, AuditLog& audit, const Clock& clock)
    : m_store(store)
    , m_audit(audit)
    , m_clock(clock)
{}

ImportSummary DirectoryImport::importPath(const QString& path)
{
    DirectoryReader::Options options;
    options.batchSize = kBatchSize;
    options.now = m_clock.now();
    return audited(DirectoryReader::read(path, m_store, options));
}

ImportSummary DirectoryImport::importDevice(QIODevice* device, const QString& sourceName)
{
    DirectoryReader::Options options;
    options.batchSize = kBatchSize;
    options.now = m_clock.now();
    options.sourceName = sourceName;
    return audited(DirectoryReader::read(device, m_store, options));
}

ImportSummary DirectoryImport::audited(ImportSummary summary)
{
    if (!summary.readable)
        return summary;
    QString detail = u"imported: %1, skipped: %2"_s.arg(summary.professionals).arg(summary.skipped);
    if (summary.format != "htmse-directory"_L1)
        detail += u", format: "_s + summary.format;
    if (!summary.complete || !summary.sinkError.isEmpty())
        detail += u", stopped early"_s;
    m_audit.append(u"directory-import"_s, detail);
    return summary;
}

} // namespace htmse
