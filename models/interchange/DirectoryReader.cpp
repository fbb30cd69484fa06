#include "interchange/DirectoryReader.h"

#include "core/JsonReader.h"
#include "domain/DirectorySink.h"
#include "interchange/DirectoryBatcher.h"
#include "interchange/DirectoryFile.h"
#include "interchange/HsdsImport.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace htmse {

using namespace Qt::StringLiterals;

void ImportSummary::addProblem(ImportProblem problem)
{
    if (problems.size() < kMaxProblems)
        problems.append(std::move(problem));
    else
        ++problemsNotListed;
}

namespace {
constexpr qsizetype kChunk = qsizetype(1) << 20;               // read a MiB at a time
constexpr qsizetype kMaxRecordBytes = qsizetype(16) << 20;     // one profile or organisation
constexpr qsizetype kMaxHeaderValueBytes = qsizetype(1) << 20; // one top-level value other than the records
constexpr qsizetype kMaxRecords = 10'000'000;
constexpr qsizetype kSniffBytes = 64 * 1024;

// A JSON text read from a device one value at a time: only the value being read is held.
class JsonStream
{
public:
    explicit JsonStream(QIODevice* device)
        : m_device(device)
    {}

    qint64 position() const { return m_bufferStart + m_pos; }
    bool seek(qint64 position)
    {
        if (m_device->isSequential() || !m_device->seek(position))
            return false;
        m_buffer.clear();
        m_pos = 0;
        m_bufferStart = position;
        return true;
    }
    int peek()
    {
        skipSpace();
        return fill() ? static_cast<unsigned char>(m_buffer.at(m_pos)) : -1;
    }
    bool take(char expected)
    {
        if (peek() != static_cast<unsigned char>(expected))
            return false;
        ++m_pos;
        return true;
    }
    // The bytes of the next value (object, array, string, number or literal), into *out unless
    // it is null; false at the end of the input, at a byte no value starts with, or past `max`.
    bool value(QByteArray* out, qsizetype max)
    {
        if (out)
            out->clear();
        const int first = peek();
        if (first < 0)
            return false;
        qsizetype size = 0;
        int depth = 0;
        bool inString = false;
        bool escape = false;
        const bool composite = first == '{' || first == '[';
        const bool string = first == '"';
        if (!composite && !string && !isScalarStart(first))
            return false;
        qsizetype from = m_pos;
        const auto keep = [&] {
            if (out)
                out->append(m_buffer.constData() + from, m_pos - from);
            size += m_pos - from;
        };
        for (;;) {
            if (m_pos == m_buffer.size()) {
                keep();
                if (!fill())
                    return !composite && !string && size > 0; // a number may end with the input
                from = m_pos;
            }
            const char c = m_buffer.at(m_pos);
            if (!composite && !string) {
                if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    keep();
                    return true;
                }
                ++m_pos;
            } else {
                ++m_pos;
                if (inString) {
                    if (escape)
                        escape = false;
                    else if (c == '\\')
                        escape = true;
                    else if (c == '"') {
                        inString = false;
                        if (string) {
                            keep();
                            return true;
                        }
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    ++depth;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        keep();
                        return true;
                    }
                }
            }
            if (size + (m_pos - from) > max)
                return false;
        }
    }
    bool atEnd() { return peek() < 0; }

private:
    static bool isScalarStart(int c) { return c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n'; }
    void skipSpace()
    {
        while (fill()) {
            const char c = m_buffer.at(m_pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                return;
            ++m_pos;
        }
    }
    // True while there are bytes to read at m_pos.
    bool fill()
    {
        if (m_pos < m_buffer.size())
            return true;
        m_bufferStart += m_buffer.size();
        m_buffer = m_device->read(kChunk);
        m_pos = 0;
        return !m_buffer.isEmpty();
    }

    QIODevice* m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_bufferStart = 0;
};

// A JSON value of any kind from its bytes (QJsonDocument reads only objects and arrays).
std::optional<QJsonValue> parseValue(const QByteArray& bytes)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson('[' + bytes + ']', &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().at(0);
}

ImportProblem problemAt(const QString& path, const QString& message, bool skipped)
{
    // "professionals[12].languages[0].code": the record, then the field inside it.
    const qsizetype bracket = path.indexOf(u']');
    const QString source = bracket >= 0 ? path.left(bracket + 1) : path;
    QString field = path.mid(source.size());
    if (field.startsWith(u'.'))
        field.remove(0, 1);
    return {source, field, message, skipped, path};
}

// Streams the htmse directory file: the header's values first (format and version decide
// whether the records are read at all), then each record parsed and checked on its own and
// handed to the sink in batches.
class DirectoryFileStreamer
{
public:
    DirectoryFileStreamer(QIODevice* device, DirectorySink& sink, ImportSummary& summary, int batchSize)
        : m_stream(device)
        , m_batcher(sink, batchSize)
        , m_summary(summary)
    {}

    void run()
    {
        m_summary.format = u"htmse-directory"_s;
        if (!m_stream.take('{')) {
            fail(QString(), u"not valid JSON: a directory file is one JSON object"_s);
            return;
        }
        QList<std::pair<bool, qint64>> deferred; // (professionals?, where the array starts)
        for (bool first = true;; first = false) {
            if (m_stream.take('}'))
                break;
            if (!first && !m_stream.take(',')) {
                broken();
                return;
            }
            QByteArray keyBytes;
            const auto key = m_stream.value(&keyBytes, 4096) ? parseValue(keyBytes) : std::nullopt;
            if (!key || !key->isString() || !m_stream.take(':')) {
                broken();
                return;
            }
            const QString name = key->toString();
            if (name == "organisations"_L1 || name == "professionals"_L1) {
                const bool professionals = name == "professionals"_L1;
                if (m_headerOk) {
                    if (!streamArray(professionals))
                        return;
                } else {
                    // The records come before the format says what this is: read them after.
                    deferred.append({professionals, m_stream.position()});
                    if (!m_stream.value(nullptr, std::numeric_limits<qsizetype>::max())) {
                        broken();
                        return;
                    }
                }
                continue;
            }
            QByteArray bytes;
            const auto value = m_stream.value(&bytes, kMaxHeaderValueBytes) ? parseValue(bytes) : std::nullopt;
            if (!value) {
                broken(name);
                return;
            }
            m_header.insert(name, *value);
            if ((name == "format"_L1 || name == "version"_L1) && !checkHeader(false))
                return;
        }
        if (!m_headerOk && !checkHeader(true))
            return;
        if (!m_stream.atEnd())
            m_summary.addProblem(problemAt(QString(), u"text after the end of the directory is ignored"_s, false));
        for (const auto& [professionals, position] : std::as_const(deferred)) {
            if (!m_stream.seek(position)) {
                fail(QString(), u"the records come before the format and cannot be read back from this input"_s);
                return;
            }
            if (!streamArray(professionals))
                return;
        }
        flush();
    }

    const QJsonObject& header() const { return m_header; }

private:
    // Checks format and version as soon as both are known (or at the end, when one is missing).
    bool checkHeader(bool atEnd)
    {
        ValidationProblems problems;
        const JsonReader r(m_header, QString(), problems);
        const bool hasFormat = m_header.contains("format"_L1);
        const bool hasVersion = m_header.contains("version"_L1);
        if (!atEnd && hasFormat != hasVersion && (!hasFormat || m_header.value("format"_L1) == "htmse-directory"_L1))
            return true; // wait for the other one
        const QString format = r.string(k("format"), Presence::Required, 64);
        if (!format.isEmpty() && format != "htmse-directory"_L1)
            problems.add(u"format"_s, u"%1 is not \"htmse-directory\""_s.arg(ValidationProblems::quote(format)));
        else
            r.integer(k("version"), 1, DirectoryFile::kVersion, Presence::Required);
        if (problems.isEmpty()) {
            m_headerOk = true;
            m_summary.readable = true;
            return true;
        }
        for (const ValidationProblem& p : problems.list())
            m_summary.addProblem(problemAt(p.path, p.message, false));
        m_summary.readable = false;
        return false;
    }

    // One array of records, from its '['; false when the input broke off.
    bool streamArray(bool professionals)
    {
        const QString section = professionals ? u"professionals"_s : u"organisations"_s;
        if (!m_stream.take('[')) {
            broken(section);
            return false;
        }
        qsizetype& index = professionals ? m_professionalIndex : m_organisationIndex;
        for (bool first = true;; first = false) {
            if (m_stream.take(']'))
                return true;
            if (!first && !m_stream.take(',')) {
                broken(ValidationProblems::index(section, index));
                return false;
            }
            const QString path = ValidationProblems::index(section, index);
            if (++index > kMaxRecords) {
                fail(section, u"has more than %1 records"_s.arg(kMaxRecords));
                return false;
            }
            QByteArray bytes;
            if (!m_stream.value(&bytes, kMaxRecordBytes)) {
                broken(path);
                return false;
            }
            if (!record(professionals, path, bytes) || !m_summary.sinkError.isEmpty())
                return false;
        }
    }

    // Parses and checks one record; a bad one is reported and left out. False when the sink failed.
    bool record(bool professional, const QString& path, const QByteArray& bytes)
    {
        ValidationProblems problems;
        const auto value = parseValue(bytes);
        if (!value || !value->isObject()) {
            problems.add(path,
                         value ? u"must be an object, not %1"_s.arg(jsonTypeName(*value)) : u"is not valid JSON"_s);
        } else if (professional) {
            if (const auto p = Professional::fromJson(value->toObject(), problems, path))
                m_batcher.add(*p);
        } else if (const auto o = Organisation::fromJson(value->toObject(), problems, path)) {
            m_batcher.add(*o);
        }
        if (!problems.isEmpty()) {
            ++m_summary.skipped;
            for (const ValidationProblem& p : problems.list())
                m_summary.addProblem(problemAt(p.path, p.message, true));
        }
        return settle();
    }

public:
    // Whatever is still collected goes to the sink; the summary's counts follow the batcher's.
    bool flush()
    {
        m_batcher.flush();
        return settle();
    }

private:
    bool settle()
    {
        m_summary.professionals = m_batcher.professionalsWritten();
        m_summary.organisations = m_batcher.organisationsWritten();
        m_summary.sinkError = m_batcher.error();
        return !m_batcher.failed();
    }

    // The input broke off or is not valid JSON at `where`: before the header was accepted that
    // makes it unreadable; after, the records before it stay and the summary says it is incomplete.
    void broken(const QString& where = QString())
    {
        const QString message = m_stream.atEnd() ? u"not valid JSON: the file ends early"_s
                                                 : u"not valid JSON near byte %1"_s.arg(m_stream.position());
        if (!m_headerOk) {
            fail(where, message);
            return;
        }
        flush();
        m_summary.complete = false;
        m_summary.addProblem(problemAt(where, message + u"; the records before it were read"_s, false));
    }

    void fail(const QString& where, const QString& message)
    {
        m_summary.readable = false;
        m_summary.addProblem(problemAt(where, message, false));
    }

    static QLatin1StringView k(const char* key) { return QLatin1StringView(key); }

    JsonStream m_stream;
    DirectoryBatcher m_batcher;
    ImportSummary& m_summary;
    QJsonObject m_header;
    bool m_headerOk = false;
    qsizetype m_professionalIndex = 0;
    qsizetype m_organisationIndex = 0;
};

// HSDS is read whole and then handed over in the same batches.
ImportSummary fromHsds(const HsdsImportResult& hsds, DirectorySink& sink, int batchSize)
{
    ImportSummary summary;
    summary.format = u"hsds"_s;
    summary.readable = hsds.readable;
    summary.skipped = hsds.skipped;
    for (const HsdsProblem& p : hsds.problems)
        summary.addProblem({p.source, p.field, p.reason, p.skipped, p.path()});
    if (!hsds.readable)
        return summary;
    DirectoryBatcher batcher(sink, batchSize);
    for (const Organisation& o : hsds.organisations)
        batcher.add(o);
    for (const Professional& p : hsds.professionals)
        batcher.add(p);
    batcher.flush();
    summary.organisations = batcher.organisationsWritten();
    summary.professionals = batcher.professionalsWritten();
    summary.sinkError = batcher.error();
    return summary;
}

bool looksLikeDataPackage(const QFileInfo& info)
{
    return info.isDir() || info.fileName() == "datapackage.json"_L1;
}
} // namespace

QString DirectoryReader::sniff(const QString& path)
{
    const QFileInfo info(path);
    if (looksLikeDataPackage(info))
        return u"hsds"_s;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray head = file.read(kSniffBytes);
    if (HsdsImport::looksLikeHsdsJson(head))
        return u"hsds"_s;
    return head.trimmed().startsWith('{') ? u"htmse-directory"_s : QString();
}

ImportSummary DirectoryReader::read(const QString& path, DirectorySink& sink, const Options& options)
{
    const QFileInfo info(path);
    Options named = options;
    if (named.sourceName.isEmpty())
        named.sourceName = info.fileName();
    if (!info.exists()) {
        ImportSummary summary;
        summary.addProblem({path, QString(), u"does not exist"_s, false, path});
        return summary;
    }
    if (looksLikeDataPackage(info))
        return fromHsds(HsdsImport::readPath(path, named.now), sink, named.batchSize);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ImportSummary summary;
        summary.addProblem(
            {named.sourceName, QString(), u"cannot be read: %1"_s.arg(file.errorString()), false, named.sourceName});
        return summary;
    }
    return read(&file, sink, named);
}

ImportSummary DirectoryReader::read(QIODevice* device, DirectorySink& sink, const Options& options)
{
    // The format from the first bytes, read once: peek does not consume them.
    const QByteArray head = device->peek(kSniffBytes);
    if (HsdsImport::looksLikeHsdsJson(head)) {
        if (device->size() > HsdsImport::kMaxBytes) {
            ImportSummary summary;
            summary.format = u"hsds"_s;
            summary.addProblem({options.sourceName, QString(), u"is larger than the 1 GiB limit for HSDS JSON"_s, false,
                                options.sourceName});
            return summary;
        }
        return fromHsds(HsdsImport::readJson(device->readAll(), options.sourceName, options.now), sink,
                        options.batchSize);
    }
    return readDirectoryFile(device, sink, options.batchSize);
}

ImportSummary DirectoryReader::readDirectoryFile(QIODevice* device, DirectorySink& sink, int batchSize,
                                                 QJsonObject* header)
{
    ImportSummary summary;
    DirectoryFileStreamer streamer(device, sink, summary, batchSize);
    streamer.run();
    if (header)
        *header = streamer.header();
    return summary;
}

} // namespace htmse
