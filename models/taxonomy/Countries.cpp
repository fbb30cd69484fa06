#include "taxonomy/Countries.h"

#include "taxonomy/ReferenceTable.h"

namespace htmse {

const Countries& Countries::instance()
{
    static const Countries countries;
    return countries;
}

Countries::Countries()
{
    // alpha2 alpha3 name languages
    forEachTsvRow(QStringLiteral(":/htmse/countries/countries.tsv"), 4, [this](const QList<QStringView>& f) {
        Entry e{f[0].toString(), f[1].toString(), f[2].toString(), {}};
        for (const QStringView code : f[3].split(QLatin1Char(','), Qt::SkipEmptyParts))
            e.languages.append(code.trimmed().toString());
        m_byAlpha2.insert(e.alpha2, m_entries.size());
        m_entries.append(std::move(e));
    });
}

const Countries::Entry* Countries::find(QStringView alpha2) const
{
    const auto it = m_byAlpha2.constFind(alpha2.toString());
    return it == m_byAlpha2.constEnd() ? nullptr : &m_entries.at(*it);
}

QString Countries::name(QStringView alpha2) const
{
    const Entry* e = find(alpha2);
    return e ? e->name : QString();
}

} // namespace htmse
