// LanguageCode: a spoken or signed language as an ISO 639-3 code. Accepts 639-1 and 639-2 input
// ("ur", "ger") and keeps the 639-3 form ("urd", "deu").
#pragma once

#include <QString>

#include <optional>

namespace htmse {

class LanguageCode
{
public:
    LanguageCode() = default;

    static std::optional<LanguageCode> parse(QStringView code);
    static bool isValid(QStringView code) { return parse(code).has_value(); }
    static std::optional<QString> canonical(QStringView code); // for JsonReader::codeList

    const QString& code() const { return m_code; }
    bool isNull() const { return m_code.isEmpty(); }
    QString name() const;       // English; QLocale's name where Qt knows the language
    QString nativeName() const; // the language's own name where Qt knows it, else empty

    friend bool operator==(const LanguageCode&, const LanguageCode&) = default;

private:
    explicit LanguageCode(QString code)
        : m_code(std::move(code))
    {}
    QString m_code;
};

} // namespace htmse
