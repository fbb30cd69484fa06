#include "taxonomy/Languages.h"

#include "taxonomy/ReferenceTable.h"

#include <QLocale>

namespace htmse {

const Languages& Languages::instance()
{
    static const Languages languages;
    return languages;
}

Languages::Languages()
{
    // code3 part2b part2t part1 scope type name
    forEachTsvRow(QStringLiteral(":/htmse/languages/iso639-3.tsv"), 7, [this](const QList<QStringView>& f) {
        Entry e{f[0].toString(), f[3].toString(), f[1].toString(), f[2].toString(),
                f[4].toString(), f[5].toString(), f[6].toString()};
        const qsizetype index = m_entries.size();
        m_byCode3.insert(e.code, index);
        for (const QString& alias : {e.part1, e.part2b, e.part2t})
            if (!alias.isEmpty() && alias != e.code)
                m_byAlias.insert(alias, index);
        m_entries.append(std::move(e));
    });
}

std::optional<QString> Languages::canonical(QStringView code) const
{
    if (code.size() < 2 || code.size() > 3)
        return std::nullopt;
    const QString lower = code.toString().toLower();
    if (m_byCode3.contains(lower))
        return lower;
    if (const auto it = m_byAlias.constFind(lower); it != m_byAlias.constEnd())
        return m_entries.at(*it).code;
    return std::nullopt;
}

const Languages::Entry* Languages::find(QStringView code3) const
{
    const auto it = m_byCode3.constFind(code3.toString());
    return it == m_byCode3.constEnd() ? nullptr : &m_entries.at(*it);
}

bool Languages::knownToQLocale(QStringView code3)
{
    const QLocale::Language language = QLocale::codeToLanguage(code3, QLocale::ISO639Part3);
    return language != QLocale::AnyLanguage && language != QLocale::C;
}

QString Languages::englishName(QStringView code3) const
{
    const QLocale::Language language = QLocale::codeToLanguage(code3, QLocale::ISO639Part3);
    if (language != QLocale::AnyLanguage && language != QLocale::C)
        return QLocale::languageToString(language);
    const Entry* e = find(code3);
    return e ? e->tableName : QString();
}

QString Languages::nativeName(QStringView code3) const
{
    const QLocale::Language language = QLocale::codeToLanguage(code3, QLocale::ISO639Part3);
    if (language == QLocale::AnyLanguage || language == QLocale::C)
        return {};
    const QLocale locale(language);
    // QLocale falls back to "C"/English when it has no data for the language itself.
    return locale.language() == language ? locale.nativeLanguageName() : QString();
}

} // namespace htmse
