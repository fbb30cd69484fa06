// libFuzzer: the CSV reader behind the HSDS data packages and `htmse-server import-csv`. Every
// row it keeps has exactly one value per header column.
#include "interchange/CsvReader.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const htmse::CsvReader::Table table =
        htmse::CsvReader::parse(QByteArrayView(reinterpret_cast<const char*>(data), qsizetype(size)));
    for (const htmse::CsvReader::Row& row : table.rows)
        if (row.values.size() != table.header.size())
            std::abort();
    if (!table.readable && !table.rows.isEmpty())
        std::abort();
    return 0;
}
