#include "interchange/CsvReader.h"

#include "core/Validation.h"

#include <QStringDecoder>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {

// One record as raw bytes, before decoding. `error` leaves the row out; `warning` keeps it.
struct RawRecord
{
    QList<QByteArray> values;
    QString error;
    QString warning;
    bool blank = false; // an empty line
};

// The parser works on bytes: every delimiter is ASCII, so UTF-8 text can never be mistaken for
// one, and a decoding error stays confined to its own row.
class Scanner
{
public:
    explicit Scanner(QByteArrayView bytes, qsizetype start)
        : m_bytes(bytes)
        , m_pos(start)
    {}

    bool atEnd() const { return m_pos >= m_bytes.size(); }

    RawRecord next()
    {
        RawRecord record;
        for (;;) {
            QByteArray value;
            const bool quoted = m_pos < m_bytes.size() && m_bytes.at(m_pos) == '"';
            if (quoted)
                readQuoted(value, record);
            else
                readPlain(value, record);
            if (record.values.size() < CsvReader::kMaxColumns)
                record.values.append(std::move(value));
            else if (record.error.isEmpty())
                record.error = u"has more than %1 values"_s.arg(CsvReader::kMaxColumns);
            if (m_pos >= m_bytes.size())
                break;
            const char c = m_bytes.at(m_pos);
            if (c == ',') {
                ++m_pos; // at the very end, the next pass reads the empty last value
                continue;
            }
            // A line break: CRLF, LF, or a lone CR (old Mac files).
            ++m_pos;
            if (c == '\r' && m_pos < m_bytes.size() && m_bytes.at(m_pos) == '\n')
                ++m_pos;
            break;
        }
        record.blank = record.values.size() == 1 && record.values.first().isEmpty() && record.error.isEmpty();
        return record;
    }

private:
    void append(QByteArray& value, QByteArrayView part, RawRecord& record)
    {
        if (value.size() + part.size() > CsvReader::kMaxValueBytes) {
            if (record.error.isEmpty())
                record.error =
                    u"value %1 is longer than %2 bytes"_s.arg(record.values.size() + 1).arg(CsvReader::kMaxValueBytes);
            return;
        }
        value.append(part);
    }

    void readPlain(QByteArray& value, RawRecord& record)
    {
        const qsizetype start = m_pos;
        while (m_pos < m_bytes.size()) {
            const char c = m_bytes.at(m_pos);
            if (c == ',' || c == '\n' || c == '\r')
                break;
            ++m_pos;
        }
        const QByteArrayView part = m_bytes.sliced(start, m_pos - start);
        if (part.contains('"') && record.warning.isEmpty())
            record.warning = u"value %1 holds a quote but is not enclosed in quotes; it is read as written"_s.arg(
                record.values.size() + 1);
        append(value, part, record);
    }

    void readQuoted(QByteArray& value, RawRecord& record)
    {
        const qsizetype column = record.values.size() + 1;
        ++m_pos; // the opening quote
        for (;;) {
            const qsizetype quote = m_bytes.indexOf('"', m_pos);
            if (quote < 0) {
                append(value, m_bytes.sliced(m_pos), record);
                m_pos = m_bytes.size();
                record.error = u"value %1 opens a quote that is never closed"_s.arg(column);
                return;
            }
            append(value, m_bytes.sliced(m_pos, quote - m_pos), record);
            m_pos = quote + 1;
            if (m_pos < m_bytes.size() && m_bytes.at(m_pos) == '"') { // a doubled quote stands for one
                append(value, "\"", record);
                ++m_pos;
                continue;
            }
            break;
        }
        if (m_pos < m_bytes.size()) {
            const char c = m_bytes.at(m_pos);
            if (c != ',' && c != '\n' && c != '\r') {
                if (record.error.isEmpty())
                    record.error = u"value %1 has text after its closing quote"_s.arg(column);
                while (m_pos < m_bytes.size() && m_bytes.at(m_pos) != ',' && m_bytes.at(m_pos) != '\n' &&
                       m_bytes.at(m_pos) != '\r')
                    ++m_pos;
            }
        }
    }

    QByteArrayView m_bytes;
    qsizetype m_pos;
};

// Decodes every value; the first that is not valid UTF-8 or holds a NUL spoils the row.
QStringList decode(const QList<QByteArray>& values, QString* error)
{
    QStringList out;
    out.reserve(values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QByteArray& raw = values.at(i);
        if (raw.contains('\0')) {
            *error = u"value %1 holds a NUL character"_s.arg(i + 1);
            return {};
        }
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString text = decoder(raw);
        if (decoder.hasError()) {
            *error = u"value %1 is not valid UTF-8"_s.arg(i + 1);
            return {};
        }
        out.append(std::move(text));
    }
    return out;
}

} // namespace

CsvReader::Table CsvReader::parse(QByteArrayView bytes)
{
    Table table;
    qsizetype start = 0;
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        start = 3;
    } else if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF")) {
        table.problems.append({0, u"is encoded as UTF-16 or UTF-32; save it as UTF-8"_s});
        return table;
    }
    Scanner scanner(bytes, start);
    qsizetype rowNumber = 0;
    bool haveHeader = false;
    while (!scanner.atEnd()) {
        const RawRecord record = scanner.next();
        ++rowNumber;
        if (record.blank)
            continue;
        QString error = record.error;
        QStringList values;
        if (error.isEmpty())
            values = decode(record.values, &error);
        if (!haveHeader) {
            if (!error.isEmpty()) {
                table.problems.append({rowNumber, u"the header row cannot be read: %1"_s.arg(error)});
                return table;
            }
            haveHeader = true;
            for (qsizetype i = 0; i < values.size(); ++i) {
                QString name = values.at(i).trimmed();
                if (name.isEmpty())
                    table.problems.append({rowNumber, u"column %1 has no name; it is ignored"_s.arg(i + 1), false});
                else if (table.header.contains(name))
                    table.problems.append({rowNumber,
                                           u"column %1 repeats the name %2; it is ignored"_s.arg(i + 1).arg(
                                               ValidationProblems::quote(name)),
                                           false});
                table.header.append(std::move(name));
            }
            table.readable = true;
            continue;
        }
        if (error.isEmpty() && values.size() != table.header.size())
            error = u"has %1 values but the header names %2 columns"_s.arg(values.size()).arg(table.header.size());
        if (!error.isEmpty()) {
            table.problems.append({rowNumber, error});
            continue;
        }
        if (!record.warning.isEmpty())
            table.problems.append({rowNumber, record.warning, false});
        table.rows.append({rowNumber, std::move(values)});
    }
    if (!haveHeader)
        table.problems.append({0, u"is empty: it has no header row"_s});
    return table;
}

} // namespace htmse
