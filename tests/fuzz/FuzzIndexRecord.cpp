// libFuzzer: the compact index record format as unlock reads it back from the profile
// (IndexRecord::deserialize). A tampered or damaged record must be refused, never read past its
// end; one that is accepted must serialize back to a record that reads the same.
#include "domain/IndexRecord.h"
#include "domain/WordDictionary.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const htmse::WordDictionary dictionary = [] {
        htmse::WordDictionary d;
        for (const char* w : {"legal", "immigration", "leeds", "trauma", "psychologist", "tigrinya", "arabic"})
            d.idOf(QString::fromLatin1(w));
        return d;
    }();
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto record = htmse::IndexRecord::deserialize(bytes, dictionary, htmse::IndexRecord::Words::Text);
    if (!record)
        return 0;
    htmse::WordDictionary copy = dictionary;
    const auto again = htmse::IndexRecord::deserialize(record->serialize(copy), copy, htmse::IndexRecord::Words::Text);
    if (!again)
        std::abort();
    return 0;
}
