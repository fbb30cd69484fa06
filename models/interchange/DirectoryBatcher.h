// DirectoryBatcher: collects directory records and hands them to a DirectorySink in batches of a
// fixed size, each one transaction of the sink; the first refusal stops it. What every writer of
// many records uses: the import pipeline, the server's import verbs and its demo seeding.
#pragma once

#include "domain/DirectorySink.h"

namespace htmse {

class DirectoryBatcher
{
public:
    static constexpr int kDefaultBatch = 1000;

    explicit DirectoryBatcher(DirectorySink& sink, int batchSize = kDefaultBatch);

    // False once the sink has refused a batch (error() says why); nothing more is written then.
    bool add(const Professional& professional);
    bool add(const Organisation& organisation);
    bool flush();

    qsizetype professionalsWritten() const { return m_professionalsWritten; }
    qsizetype organisationsWritten() const { return m_organisationsWritten; }
    const QString& error() const { return m_error; }
    bool failed() const { return !m_error.isEmpty(); }

private:
    bool flushIfFull();

    DirectorySink& m_sink;
    const qsizetype m_batchSize;
    QList<Professional> m_professionals;
    QList<Organisation> m_organisations;
    qsizetype m_professionalsWritten = 0;
    qsizetype m_organisationsWritten = 0;
    QString m_error;
};

} // namespace htmse
