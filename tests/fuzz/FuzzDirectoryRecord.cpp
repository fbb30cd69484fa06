// libFuzzer: one directory record (a professional or an organisation, JSON) through the domain
// validators, as a sync page or an import hands them over; a record that validates must survive
// its own round trip.
#include "domain/Organisation.h"
#include "domain/Professional.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size)));
    if (!doc.isObject())
        return 0;
    htmse::ValidationProblems problems;
    if (const auto professional = htmse::Professional::fromJson(doc.object(), problems)) {
        htmse::ValidationProblems again;
        const auto back = htmse::Professional::fromJson(professional->toJson(), again);
        if (!back || *back != *professional)
            std::abort();
    }
    htmse::ValidationProblems orgProblems;
    if (const auto organisation = htmse::Organisation::fromJson(doc.object(), orgProblems)) {
        htmse::ValidationProblems again;
        const auto back = htmse::Organisation::fromJson(organisation->toJson(), again);
        if (!back || *back != *organisation)
            std::abort();
    }
    return 0;
}
