#include "interchange/hsds/HsdsValues.h"

#include "core/JsonReader.h"
#include "domain/CountryCode.h"
#include "taxonomy/Countries.h"
#include "taxonomy/Languages.h"
#include "taxonomy/TextFolding.h"

#include <QDate>
#include <QHash>
#include <QUrl>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace htmse::hsds {

using namespace Qt::StringLiterals;

namespace {

// The namespace of the name-based ids given to records whose HSDS id is not a UUID.
constexpr QUuid kIdNamespace(0xdb89bdef, 0xfc07, 0x46ed, 0x9f, 0xb5, 0x29, 0x9d, 0xf4, 0x0a, 0xc8, 0x2d);

} // namespace

QString normaliseId(const QString& raw)
{
    const QString trimmed = raw.trimmed();
    const QUuid uuid = QUuid::fromString(trimmed);
    return uuid.isNull() ? trimmed : uuidString(uuid);
}

QUuid idFor(QStringView table, QStringView sourceId)
{
    const QString trimmed = sourceId.trimmed().toString();
    const QUuid uuid = QUuid::fromString(trimmed);
    if (!uuid.isNull())
        return uuid;
    return QUuid::createUuidV5(kIdNamespace, table.toString() + u'/' + trimmed);
}

QString foldedWords(QStringView text)
{
    QString folded = foldForSearch(text);
    for (QChar& c : folded)
        if (!c.isLetterOrNumber())
            c = u' ';
    return u' ' + folded.simplified() + u' ';
}

std::optional<QString> countryFor(QStringView text)
{
    const QString t = text.trimmed().toString();
    if (t.size() == 2)
        return CountryCode::canonical(t);
    static const QHash<QString, QString> byName = [] {
        QHash<QString, QString> names;
        for (const Countries::Entry& e : Countries::instance().entries()) {
            names.insert(foldedWords(e.alpha3), e.alpha2);
            names.insert(foldedWords(e.name), e.alpha2);
        }
        for (const char* alias : {"uk", "great britain", "england", "scotland", "wales", "northern ireland"})
            names.insert(foldedWords(QString::fromLatin1(alias)), u"GB"_s);
        names.insert(foldedWords(u"united states of america"), u"US"_s);
        return names;
    }();
    if (t.isEmpty() || t.size() > 64)
        return std::nullopt;
    const auto it = byName.constFind(foldedWords(t));
    return it == byName.constEnd() ? std::nullopt : std::optional<QString>(*it);
}

std::optional<QString> languageForName(QStringView name)
{
    static const QHash<QString, QString> byName = [] {
        QHash<QString, QString> names;
        const auto& entries = Languages::instance().entries();
        // Languages with an ISO 639-1 code first: "Arabic" is the macrolanguage ara, not a
        // lesser-known language of the same English name.
        for (int pass = 0; pass < 2; ++pass)
            for (const Languages::Entry& e : entries) {
                if ((pass == 0) == e.part1.isEmpty())
                    continue;
                for (const QString& n : {e.tableName, Languages::instance().englishName(e.code)})
                    if (!n.isEmpty() && !names.contains(foldedWords(n)))
                        names.insert(foldedWords(n), e.code);
            }
        return names;
    }();
    if (name.isEmpty() || name.size() > 64)
        return std::nullopt;
    const auto it = byName.constFind(foldedWords(name));
    return it == byName.constEnd() ? std::nullopt : std::optional<QString>(*it);
}

QString unquoted(const QString& text)
{
    static constexpr std::array<std::pair<char16_t, char16_t>, 4> pairs = {
        {{u'"', u'"'}, {u'\'', u'\''}, {u'\u201C', u'\u201D'}, {u'\u2018', u'\u2019'}}};
    if (text.size() < 2)
        return text;
    for (const auto& [open, close] : pairs)
        if (text.front() == QChar(open) && text.back() == QChar(close))
            return text.mid(1, text.size() - 2).trimmed();
    return text;
}

QString phoneDigits(QString raw)
{
    raw.remove("(0)"_L1); // the trunk prefix in "+44 (0)20 7946 0000" is not dialled from abroad
    QString out;
    out.reserve(raw.size());
    for (const QChar c : raw)
        if (!c.isSpace() && c != u'-' && c != u'.' && c != u'(' && c != u')' && c != u'/')
            out.append(c);
    if (out.startsWith("00"_L1))
        out = u'+' + out.mid(2);
    return out;
}

bool isHttpUrl(const QString& text)
{
    if (text.size() > limits::kUrl)
        return false;
    const QUrl u(text, QUrl::StrictMode);
    const QString scheme = u.scheme().toLower();
    return u.isValid() && (scheme == "https"_L1 || scheme == "http"_L1) && !u.host().isEmpty();
}

QString displayNumber(double d)
{
    if (d == std::floor(d) && std::abs(d) < 1e15)
        return QString::number(qint64(d));
    return QString::number(d, 'g', 15);
}

QDateTime parseWhen(const QString& text)
{
    if (text.size() > 40)
        return {};
    if (text.size() == 10) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        return d.isValid() ? QDateTime(d, QTime(0, 0), Qt::UTC) : QDateTime();
    }
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        return {};
    if (dt.timeSpec() == Qt::LocalTime)
        dt = QDateTime(dt.date(), dt.time(), Qt::UTC);
    return dt.toUTC();
}

bool saysFree(QStringView text)
{
    const QString words = foldedWords(text);
    const auto phrases = {" free ", " no charge ", " no cost ", " free of charge ", " gratis "};
    return std::any_of(phrases.begin(), phrases.end(),
                       [&words](const char* phrase) { return words.contains(QLatin1StringView(phrase)); });
}

bool isConfidentialTerm(QStringView text)
{
    const QString words = foldedWords(text);
    return words == " confidential "_L1 || words == " confidential address "_L1 ||
           words == " confidential location "_L1;
}

bool truthy(const QJsonValue& v)
{
    if (v.isBool())
        return v.toBool();
    if (v.isDouble())
        return v.toDouble() != 0;
    const QString s = v.toString().trimmed().toLower();
    return s == "true"_L1 || s == "yes"_L1 || s == "1"_L1 || s == "y"_L1;
}

int jsonDepth(const QByteArray& bytes, int limit)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit)
                return deepest;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

} // namespace htmse::hsds
