#include "session/DirectoryImport.h"

#include "interchange/DirectoryFile.h"
#include "storage/AuditLog.h"
#include "storage/DirectoryStore.h"

namespace htmse {

using namespace Qt::StringLiterals;

DirectoryImport::DirectoryImport(DirectoryStore& store, AuditLog& audit, const Clock& clock)
    : m_store(store)
    , m_audit(audit)
    , m_clock(clock)
{}

DirectoryImportReport DirectoryImport::importBytes(const QByteArray& bytes, QString* error, const QString& sourceName)
{
    if (HsdsImport::looksLikeHsdsJson(bytes))
        return importHsds(HsdsImport::readJson(bytes, sourceName, m_clock.now()), error);
    DirectoryImportReport report;
    report.format = u"htmse-directory"_s;
    DirectoryFileContents contents = DirectoryFile::read(bytes);
    report.problems = contents.problems;
    report.skipped = contents.skipped;
    report.readable = contents.readable;
    if (contents.readable)
        store(contents.professionals, contents.organisations, report, error);
    return report;
}

DirectoryImportReport DirectoryImport::importHsds(const HsdsImportResult& hsds, QString* error)
{
    DirectoryImportReport report;
    report.format = u"hsds"_s;
    report.hsdsProblems = hsds.problems;
    for (const HsdsProblem& p : hsds.problems)
        report.problems.add(p.path(), p.reason);
    report.skipped = hsds.skipped;
    report.readable = hsds.readable;
    if (hsds.readable)
        store(hsds.professionals, hsds.organisations, report, error);
    return report;
}

void DirectoryImport::store(const QList<Professional>& professionals, const QList<Organisation>& organisations,
                            DirectoryImportReport& report, QString* error)
{
    // Batches of 1,000, as sync writes pages: memory stays flat and each batch is atomic.
    constexpr qsizetype kBatch = 1000;
    for (qsizetype i = 0; i < professionals.size(); i += kBatch) {
        const QList<Organisation> batchOrganisations = i == 0 ? organisations : QList<Organisation>();
        if (!m_store.upsert(professionals.mid(i, kBatch), batchOrganisations, error))
            return;
        report.organisations = organisations.size();
        report.imported += std::min(kBatch, professionals.size() - i);
    }
    if (professionals.isEmpty()) {
        if (!m_store.upsert({}, organisations, error))
            return;
        report.organisations = organisations.size();
    }
    QString detail = u"imported: %1, skipped: %2"_s.arg(report.imported).arg(report.skipped);
    if (report.format != "htmse-directory"_L1)
        detail += u", format: "_s + report.format;
    m_audit.append(u"directory-import"_s, detail);
}

} // namespace htmse
