// JsonReader: reads fields of a JSON object with type, range and length checks, recording every
// problem (with its field path) instead of stopping at the first one.
#pragma once

#include "core/Validation.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

#include <functional>
#include <optional>

namespace htmse {

// Limits shared by every document type. Strings count UTF-16 code units.
namespace limits {
inline constexpr qsizetype kShortText = 200;                    // names, titles, labels
inline constexpr qsizetype kLongText = 4000;                    // notes, biographies, statements
inline constexpr qsizetype kUrl = 2048;                         // links
inline constexpr qsizetype kListItems = 200;                    // any array of values
inline constexpr qsizetype kDocumentBytes = 64ll * 1024 * 1024; // one JSON document read whole
} // namespace limits

enum class Presence
{
    Optional,
    Required
};
enum class TextKind
{
    SingleLine,
    MultiLine
};

// Parses a whole JSON document that must be an object. Malformed JSON (including invalid UTF-8,
// which Qt reports as such), a non-object or an oversized document become problems at path "".
std::optional<QJsonObject> parseJsonObject(const QByteArray& bytes, ValidationProblems& problems,
                                           qsizetype maxBytes = limits::kDocumentBytes);

class JsonReader
{
public:
    JsonReader(const QJsonObject& object, QString path, ValidationProblems& problems);

    bool has(QLatin1StringView key) const;
    QString pathOf(QLatin1StringView key) const;
    const QString& path() const { return m_path; }
    ValidationProblems& problems() const { return m_problems; }

    // A string; null counts as absent. Trimmed. Control characters are refused (tabs and
    // newlines are allowed in MultiLine text). Returns an empty string on any problem.
    QString string(QLatin1StringView key, Presence presence, qsizetype maxLength = limits::kShortText,
                   TextKind kind = TextKind::SingleLine) const;
    // A string that must be one of the given values (a closed vocabulary).
    QString oneOf(QLatin1StringView key, const QStringList& allowed, Presence presence) const;
    bool boolean(QLatin1StringView key, bool defaultValue, Presence presence = Presence::Optional) const;
    std::optional<qint64> integer(QLatin1StringView key, qint64 min, qint64 max, Presence presence) const;
    std::optional<double> number(QLatin1StringView key, double min, double max, Presence presence) const;
    // ISO 8601 date-time; must carry a zone designator (Z or an offset). Returned in UTC.
    QDateTime dateTime(QLatin1StringView key, Presence presence) const;
    QDate date(QLatin1StringView key, Presence presence) const; // ISO 8601 calendar date
    QUuid uuid(QLatin1StringView key, Presence presence) const;
    // An http(s) URL.
    QString url(QLatin1StringView key, Presence presence) const;
    // An array (null counts as absent); more than maxItems is a problem and the rest is ignored.
    QJsonArray array(QLatin1StringView key, Presence presence, qsizetype maxItems = limits::kListItems) const;
    std::optional<QJsonObject> object(QLatin1StringView key, Presence presence) const;
    // An array of strings, each checked as by string(); bad items are reported and left out.
    QStringList stringList(QLatin1StringView key, Presence presence, qsizetype maxItems = limits::kListItems,
                           qsizetype maxLength = limits::kShortText) const;

    // An array of codes: each is mapped through `canonical` (nullopt = not a valid code, reported
    // as "<value> is not <what>"); duplicates are reported and left out.
    QStringList codeList(QLatin1StringView key, Presence presence,
                         const std::function<std::optional<QString>(QStringView)>& canonical, const QString& what,
                         qsizetype maxItems = limits::kListItems) const;

    // Checks a string value already read (used for array items).
    static QString checkText(const QJsonValue& value, const QString& path, ValidationProblems& problems,
                             qsizetype maxLength, TextKind kind);

private:
    QJsonValue value(QLatin1StringView key, Presence presence) const;
    void typeProblem(QLatin1StringView key, const char* expected, const QJsonValue& got) const;

    QJsonObject m_object;
    QString m_path;
    ValidationProblems& m_problems;
};

QString jsonTypeName(const QJsonValue& value);

// Writing helpers: ISO 8601 UTC with milliseconds ("2026-11-30T10:15:00.000Z").
QString toIsoUtc(const QDateTime& dt);
QString toIso(const QDate& date);
QString uuidString(const QUuid& id); // without braces

} // namespace htmse
