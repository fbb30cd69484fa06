// HsdsValues: reading and checking single HSDS values: ids, country and language names, phone
// numbers, URLs, dates, "free" wording, confidentiality terms, JSON nesting depth.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <QStringView>
#include <QUuid>

#include <optional>

namespace htmse::hsds {

// A UUID in lower case without braces; any other id trimmed, as written.
QString normaliseId(const QString& raw);
// The id itself when it is a UUID, else a name-based UUID (v5) of "table/id".
QUuid idFor(QStringView table, QStringView sourceId);

// Folded for search, everything but letters and digits a space, padded with one space each side,
// so " phrase " finds whole words.
QString foldedWords(QStringView text);
// ISO 3166-1 alpha-2 of a code (alpha-2 or alpha-3) or an English country name.
std::optional<QString> countryFor(QStringView text);
// ISO 639-3 of an English language name.
std::optional<QString> languageForName(QStringView name);

// The text inside one pair of quote characters around it ("...", '...', “...”, ‘...’), trimmed; the
// text itself when it is not quoted.
QString unquoted(const QString& text);
// A phone number without spaces, dots, dashes, brackets, slashes and a "(0)"; 00 -> +.
QString phoneDigits(QString raw);
bool isHttpUrl(const QString& text);
// A number as a person writes it: no exponent or trailing zeros for whole numbers.
QString displayNumber(double d);
// A date or a date-time; a date is read as midnight UTC, a date-time without a zone as UTC.
QDateTime parseWhen(const QString& text);
bool saysFree(QStringView text);
bool isConfidentialTerm(QStringView text);
// true, "true", "yes", "y", "1" or a non-zero number.
bool truthy(const QJsonValue& v);
// Nesting depth of a JSON text, counted outside strings; stops once past `limit`.
int jsonDepth(const QByteArray& bytes, int limit);

} // namespace htmse::hsds
