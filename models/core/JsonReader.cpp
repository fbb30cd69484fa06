#include "core/JsonReader.h"

#include <QJsonDocument>
#include <QStringBuilder>
#include <QTimeZone>
#include <QUrl>

#include <cmath>

namespace htmse {

using P = ValidationProblems;

QString jsonTypeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

std::optional<QJsonObject> parseJsonObject(const QByteArray& bytes, ValidationProblems& problems, qsizetype maxBytes)
{
    if (bytes.size() > maxBytes) {
        problems.add(QString(), QStringLiteral("the document is %1 bytes, more than the limit of %2 bytes")
                                    .arg(bytes.size())
                                    .arg(maxBytes));
        return std::nullopt;
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        problems.add(QString(),
                     QStringLiteral("not valid JSON at byte %1: %2").arg(error.offset).arg(error.errorString()));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        problems.add(QString(), QStringLiteral("the document must be a JSON object"));
        return std::nullopt;
    }
    return doc.object();
}

JsonReader::JsonReader(const QJsonObject& object, QString path, ValidationProblems& problems)
    : m_object(object)
    , m_path(std::move(path))
    , m_problems(problems)
{}

bool JsonReader::has(QLatin1StringView key) const
{
    const auto it = m_object.constFind(key);
    return it != m_object.constEnd() && !it->isNull();
}

QString JsonReader::pathOf(QLatin1StringView key) const
{
    return P::child(m_path, QString(key));
}

QJsonValue JsonReader::value(QLatin1StringView key, Presence presence) const
{
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd() || it->isNull()) {
        if (presence == Presence::Required)
            m_problems.add(pathOf(key), QStringLiteral("is required"));
        return QJsonValue(QJsonValue::Undefined);
    }
    return *it;
}

void JsonReader::typeProblem(QLatin1StringView key, const char* expected, const QJsonValue& got) const
{
    m_problems.add(pathOf(key),
                   QStringLiteral("must be %1, not %2").arg(QLatin1StringView(expected), jsonTypeName(got)));
}

QString JsonReader::checkText(const QJsonValue& value, const QString& path, ValidationProblems& problems,
                              qsizetype maxLength, TextKind kind)
{
    if (!value.isString()) {
        problems.add(path, QStringLiteral("must be a string, not %1").arg(jsonTypeName(value)));
        return {};
    }
    const QString text = value.toString().trimmed();
    if (text.size() > maxLength) {
        problems.add(path,
                     QStringLiteral("is %1 characters long; at most %2 are allowed").arg(text.size()).arg(maxLength));
        return {};
    }
    for (const QChar c : text) {
        const bool allowedWhitespace =
            kind == TextKind::MultiLine && (c == QLatin1Char('\n') || c == QLatin1Char('\t') || c == QLatin1Char('\r'));
        if ((c.category() == QChar::Other_Control && !allowedWhitespace) || c.unicode() == 0xFFFE ||
            c.unicode() == 0xFFFF) {
            problems.add(path,
                         QStringLiteral("contains a control character (U+%1)")
                             .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0'))));
            return {};
        }
        if (c.isSurrogate()) {
            // Lone surrogates cannot come from valid UTF-8; they arrive via \uD800-style escapes.
            const qsizetype i = &c - text.constData();
            const bool paired = c.isHighSurrogate() ? (i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
                                                    : (i > 0 && text.at(i - 1).isHighSurrogate());
            if (!paired) {
                problems.add(path, QStringLiteral("contains an unpaired UTF-16 surrogate"));
                return {};
            }
        }
    }
    return text;
}

QString JsonReader::string(QLatin1StringView key, Presence presence, qsizetype maxLength, TextKind kind) const
{
    const QJsonValue v = value(key, presence);
    if (v.isUndefined())
        return {};
    const QString text = checkText(v, pathOf(key), m_problems, maxLength, kind);
    if (presence == Presence::Required && text.isEmpty() && v.isString() && v.toString().trimmed().isEmpty())
        m_problems.add(pathOf(key), QStringLiteral("must not be empty"));
    return text;
}

QString JsonReader::oneOf(QLatin1StringView key, const QStringList& allowed, Presence presence) const
{
    const QString text = string(key, presence);
    if (text.isEmpty())
        return {};
    if (!allowed.contains(text)) {
        m_problems.add(pathOf(key),
                       QStringLiteral("%1 is not one of: %2").arg(P::quote(text), allowed.join(QStringLiteral(", "))));
        return {};
    }
    return text;
}

bool JsonReader::boolean(QLatin1StringView key, bool defaultValue, Presence presence) const
{
    const QJsonValue v = value(key, presence);
    if (v.isUndefined())
        return defaultValue;
    if (!v.isBool()) {
        typeProblem(key, "true or false", v);
        return defaultValue;
    }
    return v.toBool();
}

std::optional<qint64> JsonReader::integer(QLatin1StringView key, qint64 min, qint64 max, Presence presence) const
{
    const QJsonValue v = value(key, presence);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isDouble()) {
        typeProblem(key, "a whole number", v);
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (!std::isfinite(d) || d != std::floor(d)) {
        m_problems.add(pathOf(key), QStringLiteral("%1 is not a whole number").arg(d));
        return std::nullopt;
    }
    if (d < static_cast<double>(min) || d > static_cast<double>(max)) {
        m_problems.add(pathOf(key), QStringLiteral("%1 is outside %2..%3").arg(d, 0, 'g', 17).arg(min).arg(max));
        return std::nullopt;
    }
    return static_cast<qint64>(d);
}

std::optional<double> JsonReader::number(QLatin1StringView key, double min, double max, Presence presence) const
{
    const QJsonValue v = value(key, presence);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isDouble()) {
        typeProblem(key, "a number", v);
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < min || d > max) {
        m_problems.add(pathOf(key), QStringLiteral("%1 is outside %2..%3").arg(d).arg(min).arg(max));
        return std::nullopt;
    }
    return d;
}

QDateTime JsonReader::dateTime(QLatin1StringView key, Presence presence) const
{
    const QString text = string(key, presence, 40);
    if (text.isEmpty())
        return {};
    const QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid() || dt.timeSpec() == Qt::LocalTime) {
        m_problems.add(pathOf(key),
                       QStringLiteral("%1 is not an ISO 8601 date-time with a zone (e.g. 2026-11-30T09:30:00Z)")
                           .arg(P::quote(text)));
        return {};
    }
    return dt.toUTC();
}

QDate JsonReader::date(QLatin1StringView key, Presence presence) const
{
    const QString text = string(key, presence, 10);
    if (text.isEmpty())
        return {};
    const QDate d = QDate::fromString(text, Qt::ISODate);
    if (!d.isValid() || text.size() != 10) {
        m_problems.add(pathOf(key), QStringLiteral("%1 is not an ISO 8601 date (YYYY-MM-DD)").arg(P::quote(text)));
        return {};
    }
    return d;
}

QUuid JsonReader::uuid(QLatin1StringView key, Presence presence) const
{
    const QString text = string(key, presence, 38);
    if (text.isEmpty())
        return {};
    const QUuid id = QUuid::fromString(text);
    if (id.isNull()) {
        m_problems.add(pathOf(key), QStringLiteral("%1 is not a UUID").arg(P::quote(text)));
        return {};
    }
    return id;
}

QString JsonReader::url(QLatin1StringView key, Presence presence) const
{
    const QString text = string(key, presence, limits::kUrl);
    if (text.isEmpty())
        return {};
    const QUrl u(text, QUrl::StrictMode);
    const QString scheme = u.scheme().toLower();
    if (!u.isValid() || (scheme != QLatin1StringView("https") && scheme != QLatin1StringView("http")) ||
        u.host().isEmpty()) {
        m_problems.add(pathOf(key), QStringLiteral("%1 is not an http(s) URL").arg(P::quote(text)));
        return {};
    }
    return text;
}

QJsonArray JsonReader::array(QLatin1StringView key, Presence presence, qsizetype maxItems) const
{
    const QJsonValue v = value(key, presence);
    if (v.isUndefined())
        return {};
    if (!v.isArray()) {
        typeProblem(key, "an array", v);
        return {};
    }
    QJsonArray a = v.toArray();
    if (a.size() > maxItems) {
        m_problems.add(pathOf(key), QStringLiteral("has %1 items; at most %2 are allowed").arg(a.size()).arg(maxItems));
        return {};
    }
    return a;
}

std::optional<QJsonObject> JsonReader::object(QLatin1StringView key, Presence presence) const
{
    const QJsonValue v = value(key, presence);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isObject()) {
        typeProblem(key, "an object", v);
        return std::nullopt;
    }
    return v.toObject();
}

QStringList JsonReader::stringList(QLatin1StringView key, Presence presence, qsizetype maxItems,
                                   qsizetype maxLength) const
{
    const QJsonArray a = array(key, presence, maxItems);
    QStringList out;
    out.reserve(a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString item = checkText(a.at(i), P::index(pathOf(key), i), m_problems, maxLength, TextKind::SingleLine);
        if (!item.isEmpty())
            out.append(item);
    }
    return out;
}

QStringList JsonReader::codeList(QLatin1StringView key, Presence presence,
                                 const std::function<std::optional<QString>(QStringView)>& canonical,
                                 const QString& what, qsizetype maxItems) const
{
    const QJsonArray a = array(key, presence, maxItems);
    QStringList out;
    out.reserve(a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString itemPath = P::index(pathOf(key), i);
        const QString item = checkText(a.at(i), itemPath, m_problems, 64, TextKind::SingleLine);
        if (item.isEmpty()) {
            if (a.at(i).isString())
                m_problems.add(itemPath, QStringLiteral("must not be empty"));
            continue;
        }
        const auto code = canonical(item);
        if (!code) {
            m_problems.add(itemPath, QStringLiteral("%1 is not %2").arg(P::quote(item), what));
            continue;
        }
        if (out.contains(*code)) {
            m_problems.add(itemPath, QStringLiteral("%1 is listed twice").arg(P::quote(item)));
            continue;
        }
        out.append(*code);
    }
    if (presence == Presence::Required && a.isEmpty() && m_object.value(key).isArray())
        m_problems.add(pathOf(key), QStringLiteral("must list at least one item"));
    return out;
}

QString toIsoUtc(const QDateTime& dt)
{
    return dt.isValid() ? dt.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QString toIso(const QDate& date)
{
    return date.isValid() ? date.toString(Qt::ISODate) : QString();
}

QString uuidString(const QUuid& id)
{
    return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}

} // namespace htmse
