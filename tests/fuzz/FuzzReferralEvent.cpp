// libFuzzer: a referral event as a client pushes it or the server sends it (JSON), read and
// validated for its type; whatever it holds, reading it must not crash, and an event that
// validates must survive its own round trip.
#include "domain/ReferralEvent.h"

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
    const auto event = htmse::ReferralEvent::fromJson(doc.object(), problems);
    if (!event)
        return 0;
    htmse::ValidationProblems again;
    const auto back = htmse::ReferralEvent::fromJson(event->toJson(), again);
    if (!back || *back != *event)
        std::abort(); // a valid event must read back as itself
    return 0;
}
