// libFuzzer: the server's own HTTP request framing (RequestFramer), fed the bytes of a connection
// split where the input says, until it refuses the connection (the guard then closes it).
// Whatever arrives, it must give a verdict without reading out of bounds, and it never lets a
// head grow past the limit it was given.
#include "server/RequestGuard.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    htmse::server::GuardLimits limits;
    limits.maxHeadBytes = 4096;
    limits.maxBodyBytes = 65536;
    htmse::server::RequestFramer framer(limits);
    // The first byte chooses the chunk size, so the same bytes arrive split in many ways.
    const std::size_t chunk = 1 + data[0] % 64;
    using Verdict = htmse::server::RequestFramer::Verdict;
    std::size_t fed = 0;
    for (std::size_t at = 1; at < size; at += chunk) {
        const std::size_t n = std::min(chunk, size - at);
        fed += n;
        const Verdict verdict = framer.feed(QByteArrayView(reinterpret_cast<const char*>(data + at), qsizetype(n)));
        if (verdict != Verdict::Continue)
            break; // refused: the connection is closed here
        // Still reading a head after more than the limit of head bytes without a line end: the
        // framer must have refused (431) long before.
        if (framer.requestsBegun() <= 1 && fed > std::size_t(limits.maxHeadBytes) * 2 + 2 * chunk &&
            framer.midRequest() && std::memchr(data + 1, '\n', fed) == nullptr)
            std::abort();
    }
    return 0;
}
