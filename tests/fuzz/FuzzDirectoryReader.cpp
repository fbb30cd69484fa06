// libFuzzer: a whole input file as `htmse-cli directory import` and the desktop's import read it
// (sniffed as an htmse directory file or HSDS 3.0 JSON, streamed, validated, batched). Whatever the
// bytes, the reader must end with a summary, and what reaches the sink must be valid.
#include "domain/DirectorySink.h"
#include "interchange/DirectoryReader.h"

#include <QBuffer>

#include <cstdint>
#include <cstdlib>

namespace {
class CheckingSink final : public htmse::DirectorySink
{
public:
    bool write(const QList<htmse::Professional>& professionals, const QList<htmse::Organisation>& organisations,
               QString*) override
    {
        for (const htmse::Professional& p : professionals) {
            htmse::ValidationProblems problems;
            if (!htmse::Professional::fromJson(p.toJson(), problems))
                std::abort(); // the reader passed on a record the validators refuse
        }
        for (const htmse::Organisation& o : organisations) {
            htmse::ValidationProblems problems;
            if (!htmse::Organisation::fromJson(o.toJson(), problems))
                std::abort();
        }
        return true;
    }
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    CheckingSink sink;
    htmse::DirectoryReader::Options options;
    options.batchSize = 16;
    options.now = QDateTime(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC);
    options.sourceName = QStringLiteral("fuzz");
    const htmse::ImportSummary summary = htmse::DirectoryReader::read(&buffer, sink, options);
    if (summary.problems.size() > htmse::ImportSummary::kMaxProblems)
        std::abort();
    return 0;
}
