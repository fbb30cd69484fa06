// Languages: the ISO 639-3 table (bundled, derived from the npm package iso-639-3), with names
// from QLocale where Qt knows the language and from the table otherwise.
#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace htmse {

class Languages
{
public:
    struct Entry
    {
        QString code;      // ISO 639-3
        QString part1;     // ISO 639-1, may be empty
        QString part2b;    // ISO 639-2/B, may be empty
        QString part2t;    // ISO 639-2/T, may be empty
        QString scope;     // individual, macrolanguage, special
        QString type;      // living, extinct, ancient, historical, constructed, special
        QString tableName; // English reference name from the ISO 639-3 table
    };

    static const Languages& instance(); // loaded once, thread-safe

    qsizetype size() const { return m_entries.size(); }
    // Maps an ISO 639-3, 639-2 (B or T) or 639-1 code, any case, to its ISO 639-3 code.
    std::optional<QString> canonical(QStringView code) const;
    const Entry* find(QStringView code3) const;

    // English name: QLocale's when Qt knows the language, else the ISO 639-3 reference name.
    QString englishName(QStringView code3) const;
    // The language's own name for itself when Qt knows it ("ትግርኛ" for tir), else empty.
    QString nativeName(QStringView code3) const;
    // True when Qt's locale data names this language (the rest come from the bundled table).
    static bool knownToQLocale(QStringView code3);

    const QList<Entry>& entries() const { return m_entries; }

private:
    Languages();
    QList<Entry> m_entries;
    QHash<QString, qsizetype> m_byCode3;
    QHash<QString, qsizetype> m_byAlias; // 639-1 and 639-2/B,T codes
};

} // namespace htmse
