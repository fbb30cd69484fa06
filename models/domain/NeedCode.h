// NeedCode: a code of the needs taxonomy ("legal.immigration").
#pragma once

#include <QString>

#include <optional>

namespace htmse {

class NeedCode
{
public:
    NeedCode() = default;

    static std::optional<NeedCode> parse(QStringView code); // must exist in the taxonomy
    static bool isValid(QStringView code) { return parse(code).has_value(); }
    static std::optional<QString> canonical(QStringView code); // for JsonReader::codeList

    const QString& code() const { return m_code; }
    bool isNull() const { return m_code.isEmpty(); }
    QString parent() const; // empty for a top-level need
    QString label() const;  // translated
    bool covers(const NeedCode& queried) const;

    friend bool operator==(const NeedCode&, const NeedCode&) = default;

private:
    explicit NeedCode(QString code)
        : m_code(std::move(code))
    {}
    QString m_code;
};

} // namespace htmse
