// CountryCode: an ISO 3166-1 alpha-2 country (plus XK, Kosovo); jurisdictions may add an
// ISO 3166-2 subdivision ("GB-SCT").
#pragma once

#include <QString>

#include <optional>

namespace htmse {

class CountryCode
{
public:
    CountryCode() = default;

    static std::optional<CountryCode> parse(QStringView code); // case-insensitive input
    static bool isValid(QStringView code) { return parse(code).has_value(); }
    // The canonical (upper-case) code, or nullopt; the shape JsonReader::codeList takes.
    static std::optional<QString> canonical(QStringView code);
    // "GB", "GB-SCT", "US-CA": a valid country, optionally followed by a subdivision code.
    static bool isValidJurisdiction(QStringView code);

    const QString& code() const { return m_code; }
    bool isNull() const { return m_code.isEmpty(); }
    QString name() const;

    friend bool operator==(const CountryCode&, const CountryCode&) = default;

private:
    explicit CountryCode(QString code)
        : m_code(std::move(code))
    {}
    QString m_code;
};

} // namespace htmse
