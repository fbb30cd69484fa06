// Countries: ISO 3166-1 alpha-2 codes with English names and main languages (bundled table,
// derived from the npm package world-countries), plus the user-assigned XK for Kosovo.
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace htmse {

class Countries
{
public:
    struct Entry
    {
        QString alpha2;
        QString alpha3;
        QString name;
        QStringList languages; // ISO 639-3
    };

    static const Countries& instance();

    qsizetype size() const { return m_entries.size(); }
    bool contains(QStringView alpha2) const { return m_byAlpha2.contains(alpha2.toString()); }
    const Entry* find(QStringView alpha2) const;
    QString name(QStringView alpha2) const;
    const QList<Entry>& entries() const { return m_entries; }

private:
    Countries();
    QList<Entry> m_entries;
    QHash<QString, qsizetype> m_byAlpha2;
};

} // namespace htmse
