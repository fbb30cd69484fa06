#include "domain/LanguageCode.h"

#include "taxonomy/Languages.h"

namespace htmse {

std::optional<LanguageCode> LanguageCode::parse(QStringView code)
{
    const auto canonical = Languages::instance().canonical(code.trimmed());
    if (!canonical)
        return std::nullopt;
    return LanguageCode(*canonical);
}

std::optional<QString> LanguageCode::canonical(QStringView code)
{
    return Languages::instance().canonical(code.trimmed());
}

QString LanguageCode::name() const
{
    return Languages::instance().englishName(m_code);
}

QString LanguageCode::nativeName() const
{
    return Languages::instance().nativeName(m_code);
}

} // namespace htmse
