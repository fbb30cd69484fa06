// DemoDirectoryGenerator: a realistic, diverse and entirely fictional directory for demos,
// tests and benchmarks. The same (count, seed) always gives the same directory, byte for byte.
#pragma once

#include "domain/Organisation.h"
#include "domain/Professional.h"

#include <QDateTime>
#include <QIODevice>

#include <functional>

namespace htmse {

class DemoDirectoryGenerator
{
public:
    struct Directory
    {
        QList<Organisation> organisations;
        QList<Professional> professionals;
    };

    DemoDirectoryGenerator(qsizetype professionals, quint64 seed);

    // Dates in the directory are relative to this fixed instant, never to the clock, so a seed
    // gives the same file today and next year.
    static QDateTime referenceTime();

    Directory generate() const;
    // Streams the directory: every organisation first, then every professional.
    void generate(const std::function<void(const Organisation&)>& onOrganisation,
                  const std::function<void(const Professional&)>& onProfessional) const;
    // Writes an htmse directory file; false with *error set when the device fails (e.g. disk full).
    bool write(QIODevice* device, QString* error) const;

private:
    qsizetype m_count;
    quint64 m_seed;
};

} // namespace htmse
