#include "interchange/DirectoryBatcher.h"

namespace htmse {

DirectoryBatcher::DirectoryBatcher(DirectorySink& sink, int batchSize)
    : m_sink(sink)
    , m_batchSize(std::max(1, batchSize))
{}

bool DirectoryBatcher::add(const Professional& professional)
{
    if (failed())
        return false;
    m_professionals.append(professional);
    return flushIfFull();
}

bool DirectoryBatcher::add(const Organisation& organisation)
{
    if (failed())
        return false;
    m_organisations.append(organisation);
    return flushIfFull();
}

bool DirectoryBatcher::flushIfFull()
{
    return m_professionals.size() + m_organisations.size() < m_batchSize || flush();
}

bool DirectoryBatcher::flush()
{
    if (failed())
        return false;
    if (m_professionals.isEmpty() && m_organisations.isEmpty())
        return true;
    QString error;
    if (!m_sink.write(m_professionals, m_organisations, &error)) {
        m_error = error.isEmpty() ? QStringLiteral("the records could not be stored") : error;
        return false;
    }
    m_professionalsWritten += m_professionals.size();
    m_organisationsWritten += m_organisations.size();
    m_professionals.clear();
    m_organisations.clear();
    return true;
}

} // namespace htmse
