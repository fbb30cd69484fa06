#include "domain/NeedCode.h"

#include "taxonomy/NeedsTaxonomy.h"

namespace htmse {

std::optional<NeedCode> NeedCode::parse(QStringView code)
{
    const QString trimmed = code.trimmed().toString();
    if (!NeedsTaxonomy::instance().contains(trimmed))
        return std::nullopt;
    return NeedCode(trimmed);
}

std::optional<QString> NeedCode::canonical(QStringView code)
{
    const auto c = parse(code);
    return c ? std::optional<QString>(c->m_code) : std::nullopt;
}

QString NeedCode::parent() const
{
    return NeedsTaxonomy::instance().parentOf(m_code);
}

QString NeedCode::label() const
{
    return NeedsTaxonomy::instance().label(m_code);
}

bool NeedCode::covers(const NeedCode& queried) const
{
    return NeedsTaxonomy::instance().covers(m_code, queried.m_code);
}

} // namespace htmse
