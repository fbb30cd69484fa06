// OpenApiValidator: checks an HTTP response against docs/api/openapi.yaml, as converted to
// JSON at build time (its path is in HTMSE_OPENAPI_JSON). The status must be documented for
// the operation (or the path's `x-other-methods`, or the document's `x-unmatched-paths`), the
// content type must be one the response documents, and a JSON body must match the schema.
//
// Schemas: the JSON Schema subset of OpenAPI 3.0 — local $ref, type (integer is a whole
// number), nullable, enum, properties, required, additionalProperties (bool or schema),
// min/maxProperties, items, min/maxItems, uniqueItems, allOf, anyOf, oneOf, not,
// minimum/maximum (exclusive as bool or number), multipleOf, min/maxLength (code points),
// pattern (unanchored, as in JSON Schema) and the formats date-time (RFC 3339), date and
// uuid. Other formats are not checked.
//
// Problems read "$.items[3].kind: expected string, got number"; an empty list means valid.
// Every method is const and keeps no state: one validator may serve several threads.
#pragma once

#include <QDate>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <optional>

namespace htmse::test {

class OpenApiValidator
{
public:
    OpenApiValidator() = default;
    explicit OpenApiValidator(const QJsonObject& document) { setDocument(document); }

    // Loads the JSON form of the document; false (with the reason in `error`) when it cannot.
    bool load(const QString& jsonPath, QString* error = nullptr)
    {
        using namespace Qt::StringLiterals;
        m_document = {};
        m_loaded = false;
        if (jsonPath.isEmpty())
            return fail(u"no OpenAPI document given (is HTMSE_OPENAPI_JSON set?)"_s, error);
        QFile file(jsonPath);
        if (!file.open(QIODevice::ReadOnly))
            return fail(u"cannot read %1: %2"_s.arg(jsonPath, file.errorString()), error);
        QJsonParseError parseError{};
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return fail(u"%1 is not a JSON object: %2"_s.arg(jsonPath, parseError.errorString()), error);
        setDocument(doc.object());
        if (!m_loaded)
            return fail(m_error, error);
        return true;
    }

    void setDocument(const QJsonObject& document)
    {
        using namespace Qt::StringLiterals;
        m_document = document;
        m_loaded = document.value("openapi"_L1).toString().startsWith(u"3."_s) && document.value("paths"_L1).isObject();
        m_error = m_loaded ? QString() : u"the document is not OpenAPI 3 (no \"openapi\": \"3.x\" or no \"paths\")"_s;
    }

    bool isLoaded() const { return m_loaded; }
    const QString& loadError() const { return m_error; }
    const QJsonObject& document() const { return m_document; }

    // Checks one response. `path` is a concrete path (query string allowed, and ignored) or a
    // path template as documented; an empty `contentType` is taken to be the documented one.
    QStringList validate(const QString& method, const QString& pathTemplateOrConcretePath, int status,
                         const QByteArray& body, const QByteArray& contentType) const
    {
        using namespace Qt::StringLiterals;
        if (!m_loaded)
            return {u"the OpenAPI document is not loaded: %1"_s.arg(m_error)};
        QString path = pathTemplateOrConcretePath;
        path.truncate(path.indexOf(u'?') < 0 ? path.size() : path.indexOf(u'?'));
        path.truncate(path.indexOf(u'#') < 0 ? path.size() : path.indexOf(u'#'));
        const QString verb = method.toUpper();
        if (status <= 0)
            return {u"%1 %2: no HTTP response (status %3)"_s.arg(verb, path, QString::number(status))};

        const QString templ = matchPath(path);
        QJsonObject operation;
        QString where;
        if (templ.isEmpty()) {
            operation = resolved(m_document.value("x-unmatched-paths"_L1)).toObject();
            where = u"%1 %2"_s.arg(verb, path);
            if (operation.isEmpty())
                return {u"%1: the path is not documented"_s.arg(where)};
        } else {
            const QJsonObject item = resolved(m_document.value("paths"_L1).toObject().value(templ)).toObject();
            where = u"%1 %2"_s.arg(verb, templ);
            operation = resolved(item.value(method.toLower())).toObject();
            if (operation.isEmpty())
                operation = resolved(item.value("x-other-methods"_L1)).toObject();
            if (operation.isEmpty())
                return {u"%1: the method is not documented for this path"_s.arg(where)};
        }

        const QJsonObject responses = resolved(operation.value("responses"_L1)).toObject();
        QJsonValue response = responses.value(QString::number(status));
        if (response.isUndefined())
            response = responses.value(QString::number(status / 100) + u"XX"_s);
        if (response.isUndefined())
            response = responses.value("default"_L1);
        if (response.isUndefined())
            return {u"status %1 is not documented for %2"_s.arg(QString::number(status), where)};
        const QJsonObject content = resolved(response).toObject().value("content"_L1).toObject();
        // A response to HEAD has no content, whatever GET's would be.
        if (verb == "HEAD"_L1 && body.isEmpty())
            return {};

        if (content.isEmpty()) {
            if (!body.trimmed().isEmpty())
                return {u"%1 %2: no body is documented, got %3 bytes"_s.arg(where, QString::number(status),
                                                                            QString::number(body.size()))};
            return {};
        }
        QString mediaType = QString::fromLatin1(contentType).section(u';', 0, 0).trimmed().toLower();
        if (mediaType.isEmpty())
            mediaType = content.contains("application/json"_L1) ? u"application/json"_s : content.keys().constFirst();
        QJsonValue media = content.value(mediaType);
        if (media.isUndefined())
            media = content.value(mediaType.section(u'/', 0, 0) + u"/*"_s);
        if (media.isUndefined())
            media = content.value("*/*"_L1);
        if (media.isUndefined())
            return {u"%1 %2: content type \"%3\" is not documented (documented: %4)"_s.arg(
                where, QString::number(status), mediaType, content.keys().join(u", "_s))};
        const QJsonValue schema = media.toObject().value("schema"_L1);
        if (schema.isUndefined())
            return {};

        if (mediaType == "application/json"_L1 || mediaType.endsWith(u"+json"_s)) {
            QJsonParseError parseError{};
            const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
            if (parseError.error != QJsonParseError::NoError)
                return {
                    u"$: the body is not JSON (%1 at byte %2)"_s.arg(parseError.errorString()).arg(parseError.offset)};
            return validateValue(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()), schema);
        }
        // A text body can only be checked against a string schema.
        return validateValue(QJsonValue(QString::fromUtf8(body)), schema);
    }

    // Checks a value against a schema: an inline schema object, or {"$ref": "#/..."}.
    QStringList validateValue(const QJsonValue& value, const QJsonValue& schema,
                              const QString& at = QStringLiteral("$")) const
    {
        QStringList problems;
        check(value, schema, at, problems, 0);
        return problems;
    }

    // Checks a value against #/components/schemas/<name>.
    QStringList validateAgainst(const QJsonValue& value, const QString& schemaName) const
    {
        using namespace Qt::StringLiterals;
        return validateValue(value, QJsonObject{{u"$ref"_s, QString(u"#/components/schemas/"_s + schemaName)}});
    }

    // The documented path template a concrete path matches (the path itself when it is
    // documented as such), or an empty string. Templates with more literal text win.
    QString matchPath(const QString& path) const
    {
        using namespace Qt::StringLiterals;
        const QJsonObject paths = m_document.value("paths"_L1).toObject();
        if (paths.contains(path))
            return path;
        QString best;
        qsizetype bestLiteral = -1;
        static const QRegularExpression parameter(u"\\{[^{}/]+\\}"_s);
        for (auto it = paths.begin(); it != paths.end(); ++it) {
            const QString& templ = it.key();
            QString pattern = u"^"_s;
            qsizetype literal = 0;
            qsizetype last = 0;
            for (auto m = parameter.globalMatch(templ); m.hasNext();) {
                const auto match = m.next();
                pattern += QRegularExpression::escape(templ.mid(last, match.capturedStart() - last)) + u"[^/]+"_s;
                literal += match.capturedStart() - last;
                last = match.capturedEnd();
            }
            pattern += QRegularExpression::escape(templ.mid(last)) + u"$"_s;
            literal += templ.size() - last;
            if (QRegularExpression(pattern).match(path).hasMatch() && literal > bestLiteral) {
                best = templ;
                bestLiteral = literal;
            }
        }
        return best;
    }

    // Follows local $refs ("#/components/schemas/X") to the value they name; undefined when
    // one does not resolve.
    QJsonValue resolved(const QJsonValue& value) const
    {
        QJsonValue current = value;
        for (int hops = 0; hops < 32; ++hops) {
            if (!current.isObject() || !current.toObject().contains(QLatin1StringView("$ref")))
                return current;
            const auto target = pointer(current.toObject().value(QLatin1StringView("$ref")).toString());
            if (!target)
                return QJsonValue(QJsonValue::Undefined);
            current = *target;
        }
        return QJsonValue(QJsonValue::Undefined);
    }

    // The value a local JSON pointer ("#/a/b~1c") names.
    std::optional<QJsonValue> pointer(const QString& ref) const
    {
        using namespace Qt::StringLiterals;
        if (ref == u"#"_s)
            return QJsonValue(m_document);
        if (!ref.startsWith(u"#/"_s))
            return std::nullopt;
        QJsonValue node(m_document);
        for (QString part : ref.mid(2).split(u'/')) {
            part.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
            if (node.isObject() && node.toObject().contains(part)) {
                node = node.toObject().value(part);
            } else if (node.isArray()) {
                bool ok = false;
                const int index = part.toInt(&ok);
                if (!ok || index < 0 || index >= node.toArray().size())
                    return std::nullopt;
                node = node.toArray().at(index);
            } else {
                return std::nullopt;
            }
        }
        return node;
    }

private:
    static constexpr int kMaxDepth = 200;

    bool fail(const QString& message, QString* error)
    {
        m_error = message;
        if (error)
            *error = message;
        return false;
    }

    static QString describe(const QJsonValue& v)
    {
        using namespace Qt::StringLiterals;
        switch (v.type()) {
        case QJsonValue::Null:
            return u"null"_s;
        case QJsonValue::Bool:
            return v.toBool() ? u"boolean true"_s : u"boolean false"_s;
        case QJsonValue::Double:
            return u"number %1"_s.arg(render(v));
        case QJsonValue::String:
            return u"string %1"_s.arg(render(v));
        case QJsonValue::Array:
            return u"array"_s;
        case QJsonValue::Object:
            return u"object"_s;
        case QJsonValue::Undefined:
            break;
        }
        return u"nothing"_s;
    }

    // A short JSON rendering of a scalar, for messages.
    static QString render(const QJsonValue& v)
    {
        using namespace Qt::StringLiterals;
        QString text = QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
        text = text.mid(1, text.size() - 2);
        return text.size() > 60 ? text.left(57) + u"..."_s : text;
    }

    static bool isWholeNumber(const QJsonValue& v)
    {
        if (!v.isDouble())
            return false;
        const double d = v.toDouble();
        return std::isfinite(d) && std::floor(d) == d;
    }

    static std::optional<bool> hasType(const QJsonValue& v, const QString& type)
    {
        if (type == QLatin1StringView("string"))
            return v.isString();
        if (type == QLatin1StringView("integer"))
            return isWholeNumber(v);
        if (type == QLatin1StringView("number"))
            return v.isDouble();
        if (type == QLatin1StringView("boolean"))
            return v.isBool();
        if (type == QLatin1StringView("array"))
            return v.isArray();
        if (type == QLatin1StringView("object"))
            return v.isObject();
        return std::nullopt;
    }

    static bool sameValue(const QJsonValue& a, const QJsonValue& b)
    {
        if (a.isDouble() && b.isDouble())
            return a.toDouble() == b.toDouble();
        return a == b;
    }

    static qsizetype codePoints(const QString& s)
    {
        qsizetype n = 0;
        for (qsizetype i = 0; i < s.size(); ++i)
            if (!s.at(i).isLowSurrogate() || i == 0 || !s.at(i - 1).isHighSurrogate())
                ++n;
        return n;
    }

    static QString key(const QString& at, const QString& name)
    {
        using namespace Qt::StringLiterals;
        static const QRegularExpression identifier(u"^[A-Za-z_][A-Za-z0-9_-]*$"_s);
        if (identifier.match(name).hasMatch())
            return at + u'.' + name;
        return at + u'[' + render(QJsonValue(name)) + u']';
    }

    // A compiled pattern, cached per thread (patterns repeat for every item of a page).
    static const QRegularExpression& compiled(const QString& pattern)
    {
        thread_local QHash<QString, QRegularExpression> cache;
        auto it = cache.find(pattern);
        if (it == cache.end())
            it = cache.insert(pattern, QRegularExpression(pattern));
        return *it;
    }

    static bool isDateTime(const QString& s)
    {
        using namespace Qt::StringLiterals;
        static const QRegularExpression re(
            u"^(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|([+-])(\\d{2}):(\\d{2}))$"_s);
        const auto m = re.match(s);
        if (!m.hasMatch() || !QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt()).isValid())
            return false;
        if (m.captured(4).toInt() > 23 || m.captured(5).toInt() > 59 || m.captured(6).toInt() > 60)
            return false;
        return m.captured(9).isEmpty() || (m.captured(10).toInt() <= 23 && m.captured(11).toInt() <= 59);
    }

    static bool isDate(const QString& s)
    {
        using namespace Qt::StringLiterals;
        static const QRegularExpression re(u"^(\\d{4})-(\\d{2})-(\\d{2})$"_s);
        const auto m = re.match(s);
        return m.hasMatch() && QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt()).isValid();
    }

    static bool isUuid(const QString& s)
    {
        using namespace Qt::StringLiterals;
        static const QRegularExpression re(
            u"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"_s);
        return re.match(s).hasMatch();
    }

    // The first problems of a branch that did not match, for oneOf/anyOf messages.
    static QString summary(const QList<QStringList>& branches)
    {
        using namespace Qt::StringLiterals;
        QStringList parts;
        for (qsizetype i = 0; i < branches.size(); ++i)
            parts.append(u"[%1] %2"_s.arg(i).arg(branches[i].mid(0, 2).join(u"; "_s)));
        return parts.join(u" | "_s);
    }

    void check(const QJsonValue& value, const QJsonValue& schemaValue, const QString& at, QStringList& out,
               int depth) const
    {
        using namespace Qt::StringLiterals;
        if (depth > kMaxDepth) {
            out.append(u"%1: the schema nests too deeply (a $ref loop?)"_s.arg(at));
            return;
        }
        if (schemaValue.isBool()) {
            if (!schemaValue.toBool())
                out.append(u"%1: no value is allowed here"_s.arg(at));
            return;
        }
        if (!schemaValue.isObject()) {
            out.append(u"%1: the schema is not an object"_s.arg(at));
            return;
        }
        const QJsonObject schema = schemaValue.toObject();
        if (schema.contains("$ref"_L1)) {
            const QString ref = schema.value("$ref"_L1).toString();
            const auto target = pointer(ref);
            if (!target)
                out.append(u"%1: the schema's $ref \"%2\" does not resolve"_s.arg(at, ref));
            else
                check(value, *target, at, out, depth + 1);
            return;
        }

        if (value.isNull() && schema.value("nullable"_L1).toBool())
            return;
        if (const QJsonValue t = schema.value("type"_L1); t.isString()) {
            const auto matches = hasType(value, t.toString());
            if (!matches) {
                out.append(u"%1: the schema's type \"%2\" is unknown"_s.arg(at, t.toString()));
                return;
            }
            if (!*matches) {
                out.append(u"%1: expected %2, got %3"_s.arg(at, t.toString(), describe(value)));
                return;
            }
        }
        if (const QJsonValue e = schema.value("enum"_L1); e.isArray()) {
            const QJsonArray allowed = e.toArray();
            const bool found =
                std::any_of(allowed.begin(), allowed.end(), [&](const QJsonValue& a) { return sameValue(a, value); });
            if (!found) {
                QStringList names;
                for (const QJsonValue& a : allowed)
                    names.append(render(a));
                out.append(u"%1: %2 is not one of: %3"_s.arg(at, render(value), names.join(u", "_s)));
            }
        }

        if (value.isString())
            checkString(value.toString(), schema, at, out);
        else if (value.isDouble())
            checkNumber(value.toDouble(), schema, at, out);
        else if (value.isArray())
            checkArray(value.toArray(), schema, at, out, depth);
        else if (value.isObject())
            checkObject(value.toObject(), schema, at, out, depth);

        if (const QJsonValue all = schema.value("allOf"_L1); all.isArray())
            for (const QJsonValue& sub : all.toArray())
                check(value, sub, at, out, depth + 1);
        if (const QJsonValue any = schema.value("anyOf"_L1); any.isArray()) {
            QList<QStringList> branches;
            for (const QJsonValue& sub : any.toArray()) {
                QStringList problems;
                check(value, sub, at, problems, depth + 1);
                if (problems.isEmpty()) {
                    branches.clear();
                    break;
                }
                branches.append(problems);
            }
            if (!branches.isEmpty())
                out.append(u"%1: matches none of the anyOf schemas: %2"_s.arg(at, summary(branches)));
        }
        if (const QJsonValue one = schema.value("oneOf"_L1); one.isArray()) {
            QList<QStringList> branches;
            int matched = 0;
            for (const QJsonValue& sub : one.toArray()) {
                QStringList problems;
                check(value, sub, at, problems, depth + 1);
                if (problems.isEmpty())
                    ++matched;
                branches.append(problems);
            }
            if (matched == 0)
                out.append(u"%1: matches none of the oneOf schemas: %2"_s.arg(at, summary(branches)));
            else if (matched > 1)
                out.append(u"%1: matches %2 of the oneOf schemas, not exactly one"_s.arg(at, QString::number(matched)));
        }
        if (const QJsonValue notSchema = schema.value("not"_L1); notSchema.isObject()) {
            QStringList problems;
            check(value, notSchema, at, problems, depth + 1);
            if (problems.isEmpty())
                out.append(u"%1: matches the schema it must not match"_s.arg(at));
        }
    }

    static void checkString(const QString& s, const QJsonObject& schema, const QString& at, QStringList& out)
    {
        using namespace Qt::StringLiterals;
        const qsizetype length = codePoints(s);
        if (const QJsonValue v = schema.value("minLength"_L1); v.isDouble() && length < v.toDouble())
            out.append(u"%1: %2 is shorter than %3 characters"_s.arg(at, render(s), QString::number(v.toInteger())));
        if (const QJsonValue v = schema.value("maxLength"_L1); v.isDouble() && length > v.toDouble())
            out.append(
                u"%1: %2 characters, more than %3"_s.arg(at, QString::number(length), QString::number(v.toInteger())));
        if (const QJsonValue v = schema.value("pattern"_L1); v.isString()) {
            const QRegularExpression& re = compiled(v.toString());
            if (!re.isValid())
                out.append(u"%1: the schema's pattern %2 is not a valid expression"_s.arg(at, v.toString()));
            else if (!re.match(s).hasMatch())
                out.append(u"%1: %2 does not match %3"_s.arg(at, render(s), v.toString()));
        }
        const QString format = schema.value("format"_L1).toString();
        const bool bad = (format == "date-time"_L1 && !isDateTime(s)) || (format == "date"_L1 && !isDate(s)) ||
                         (format == "uuid"_L1 && !isUuid(s));
        if (bad)
            out.append(u"%1: %2 is not a valid %3"_s.arg(at, render(s), format));
    }

    static void checkNumber(double d, const QJsonObject& schema, const QString& at, QStringList& out)
    {
        using namespace Qt::StringLiterals;
        const QString shown = render(QJsonValue(d));
        if (const QJsonValue v = schema.value("minimum"_L1); v.isDouble()) {
            const bool exclusive = schema.value("exclusiveMinimum"_L1).toBool();
            if (d < v.toDouble() || (exclusive && d == v.toDouble()))
                out.append(u"%1: %2 is below the minimum %3%4"_s.arg(at, shown, render(v),
                                                                     exclusive ? u" (exclusive)"_s : QString()));
        }
        if (const QJsonValue v = schema.value("maximum"_L1); v.isDouble()) {
            const bool exclusive = schema.value("exclusiveMaximum"_L1).toBool();
            if (d > v.toDouble() || (exclusive && d == v.toDouble()))
                out.append(u"%1: %2 is above the maximum %3%4"_s.arg(at, shown, render(v),
                                                                     exclusive ? u" (exclusive)"_s : QString()));
        }
        if (const QJsonValue v = schema.value("exclusiveMinimum"_L1); v.isDouble() && d <= v.toDouble())
            out.append(u"%1: %2 is not above %3"_s.arg(at, shown, render(v)));
        if (const QJsonValue v = schema.value("exclusiveMaximum"_L1); v.isDouble() && d >= v.toDouble())
            out.append(u"%1: %2 is not below %3"_s.arg(at, shown, render(v)));
        if (const QJsonValue v = schema.value("multipleOf"_L1); v.isDouble() && v.toDouble() > 0) {
            const double q = d / v.toDouble();
            if (std::fabs(q - std::round(q)) > 1e-9)
                out.append(u"%1: %2 is not a multiple of %3"_s.arg(at, shown, render(v)));
        }
    }

    void checkArray(const QJsonArray& a, const QJsonObject& schema, const QString& at, QStringList& out,
                    int depth) const
    {
        using namespace Qt::StringLiterals;
        if (const QJsonValue v = schema.value("minItems"_L1); v.isDouble() && a.size() < v.toDouble())
            out.append(
                u"%1: %2 items, fewer than %3"_s.arg(at, QString::number(a.size()), QString::number(v.toInteger())));
        if (const QJsonValue v = schema.value("maxItems"_L1); v.isDouble() && a.size() > v.toDouble())
            out.append(
                u"%1: %2 items, more than %3"_s.arg(at, QString::number(a.size()), QString::number(v.toInteger())));
        if (schema.value("uniqueItems"_L1).toBool()) {
            for (qsizetype i = 1; i < a.size(); ++i)
                for (qsizetype j = 0; j < i; ++j)
                    if (sameValue(a.at(i), a.at(j))) {
                        out.append(u"%1[%2]: repeats item %3"_s.arg(at, QString::number(i), QString::number(j)));
                        break;
                    }
        }
        if (const QJsonValue items = schema.value("items"_L1); !items.isUndefined())
            for (qsizetype i = 0; i < a.size(); ++i)
                check(a.at(i), items, u"%1[%2]"_s.arg(at, QString::number(i)), out, depth + 1);
    }

    void checkObject(const QJsonObject& o, const QJsonObject& schema, const QString& at, QStringList& out,
                     int depth) const
    {
        using namespace Qt::StringLiterals;
        for (const QJsonValue& name : schema.value("required"_L1).toArray())
            if (!o.contains(name.toString()))
                out.append(u"%1: missing required property \"%2\""_s.arg(at, name.toString()));
        if (const QJsonValue v = schema.value("minProperties"_L1); v.isDouble() && o.size() < v.toDouble())
            out.append(u"%1: %2 properties, fewer than %3"_s.arg(at, QString::number(o.size()),
                                                                 QString::number(v.toInteger())));
        if (const QJsonValue v = schema.value("maxProperties"_L1); v.isDouble() && o.size() > v.toDouble())
            out.append(u"%1: %2 properties, more than %3"_s.arg(at, QString::number(o.size()),
                                                                QString::number(v.toInteger())));
        const QJsonObject properties = schema.value("properties"_L1).toObject();
        const QJsonValue additional = schema.value("additionalProperties"_L1);
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString path = key(at, it.key());
            if (properties.contains(it.key()))
                check(it.value(), properties.value(it.key()), path, out, depth + 1);
            else if (additional.isBool() && !additional.toBool())
                out.append(u"%1: unexpected property \"%2\""_s.arg(at, it.key()));
            else if (additional.isObject())
                check(it.value(), additional, path, out, depth + 1);
        }
    }

    QJsonObject m_document;
    bool m_loaded = false;
    QString m_error = QStringLiteral("no OpenAPI document loaded");
};

} // namespace htmse::test
