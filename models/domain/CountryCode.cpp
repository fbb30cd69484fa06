#include "domain/CountryCode.h"

#include "taxonomy/Countries.h"

#include <QRegularExpression>

namespace htmse {

std::optional<CountryCode> CountryCode::parse(QStringView code)
{
    const QString upper = code.trimmed().toString().toUpper();
    if (upper.size() != 2 || !Countries::instance().contains(upper))
        return std::nullopt;
    return CountryCode(upper);
}

std::optional<QString> CountryCode::canonical(QStringView code)
{
    const auto c = parse(code);
    return c ? std::optional<QString>(c->m_code) : std::nullopt;
}

bool CountryCode::isValidJurisdiction(QStringView code)
{
    static const QRegularExpression re(QStringLiteral("^([A-Z]{2})(-[A-Z0-9]{1,3})?$"));
    const auto m = re.match(code);
    return m.hasMatch() && Countries::instance().contains(m.capturedView(1));
}

QString CountryCode::name() const
{
    return Countries::instance().name(m_code);
}

} // namespace htmse
