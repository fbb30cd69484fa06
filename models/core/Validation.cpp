#include "core/Validation.h"

#include <QStringBuilder>

namespace htmse {

QString ValidationProblem::toString() const
{
    return path.isEmpty() ? message : path + QStringLiteral(": ") + message;
}

void ValidationProblems::add(const QString& path, const QString& message)
{
    m_problems.append({path, message});
}

void ValidationProblems::append(const ValidationProblems& other)
{
    m_problems.append(other.m_problems);
}

bool ValidationProblems::hasPath(const QString& path) const
{
    return std::any_of(m_problems.cbegin(), m_problems.cend(), [&](const auto& p) { return p.path == path; });
}

QStringList ValidationProblems::toStrings() const
{
    QStringList out;
    out.reserve(m_problems.size());
    for (const auto& p : m_problems)
        out.append(p.toString());
    return out;
}

QString ValidationProblems::child(const QString& parent, const QString& key)
{
    return parent.isEmpty() ? key : parent % QLatin1Char('.') % key;
}

QString ValidationProblems::index(const QString& parent, qsizetype i)
{
    return parent % QLatin1Char('[') % QString::number(i) % QLatin1Char(']');
}

QString ValidationProblems::quote(const QString& value)
{
    constexpr qsizetype kMaxShown = 40;
    QString shown;
    const qsizetype n = std::min(value.size(), kMaxShown);
    shown.reserve(n + 8);
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = value.at(i);
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            shown += QLatin1Char('\\') + QString(c);
        else if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line ||
                 c.category() == QChar::Separator_Paragraph)
            shown += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            shown += c;
    }
    if (value.size() > kMaxShown)
        shown += QStringLiteral("…");
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

} // namespace htmse
