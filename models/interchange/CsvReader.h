// CsvReader: reads RFC 4180 comma-separated values held in memory (quoted values, doubled quotes,
// line breaks inside quotes, CRLF or LF endings, a UTF-8 byte-order mark), decoded as UTF-8 and
// checked row by row, so one broken row is reported and left out instead of spoiling the file.
#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

namespace htmse {

class CsvReader
{
public:
    static constexpr qsizetype kMaxValueBytes = qsizetype(1) << 20; // one value; more is refused
    static constexpr qsizetype kMaxColumns = 1000;

    struct Row
    {
        qsizetype number = 0; // as a spreadsheet counts: the header is row 1, blank lines count too
        QStringList values;   // exactly one per header column
    };
    struct Problem
    {
        qsizetype row = 0; // 0: the file as a whole
        QString message;
        bool rowLeftOut = true; // false: the row was kept (the problem is only a warning)
        friend bool operator==(const Problem&, const Problem&) = default;
    };
    struct Table
    {
        QStringList header; // trimmed column names
        QList<Row> rows;
        QList<Problem> problems;
        bool readable = false; // false: no usable header row (empty file, not UTF-8, ...)
    };

    // Parses a whole file. Rows that cannot be trusted (a value that is not valid UTF-8 or holds
    // a NUL, an unclosed quote, text after a closing quote, a value count different from the
    // header's, an oversized value) are left out and reported; blank lines are skipped.
    static Table parse(QByteArrayView bytes);
};

} // namespace htmse
