#include "domain/Organisation.h"

#include "core/JsonReader.h"
#include "domain/CountryCode.h"
#include "domain/Professional.h"
#include "domain/Vocabulary.h"

#include <QJsonArray>

namespace htmse {

namespace {
QLatin1StringView k(const char* key)
{
    return QLatin1StringView(key);
}
} // namespace

QJsonObject Organisation::toJson() const
{
    QJsonObject o{{k("id"), uuidString(id)}, {k("name"), name}};
    auto put = [&o](const char* key, const QString& v) {
        if (!v.isEmpty())
            o.insert(k(key), v);
    };
    put("alternate_name", alternateName);
    put("kind", kind);
    put("description", description);
    put("website", website);
    put("email", email);
    put("phone", phone);
    if (!countries.isEmpty())
        o.insert(k("countries"), QJsonArray::fromStringList(countries));
    put("updated_at", toIsoUtc(updatedAt));
    if (serverVersion > 0)
        o.insert(k("server_version"), serverVersion);
    return o;
}

std::optional<Organisation> Organisation::fromJson(const QJsonObject& object, ValidationProblems& problems,
                                                   const QString& path)
{
    const qsizetype before = problems.size();
    const JsonReader r(object, path, problems);
    Organisation o;
    o.id = r.uuid(k("id"), Presence::Required);
    o.name = r.string(k("name"), Presence::Required);
    o.alternateName = r.string(k("alternate_name"), Presence::Optional);
    o.kind = readTerm(r, k("kind"), Vocabulary::OrganisationKind, Presence::Optional);
    o.description = r.string(k("description"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
    o.website = r.url(k("website"), Presence::Optional);
    o.email = r.string(k("email"), Presence::Optional, 254);
    if (!o.email.isEmpty() && !isEmailAddress(o.email))
        problems.add(r.pathOf(k("email")),
                     QStringLiteral("%1 is not an email address").arg(ValidationProblems::quote(o.email)));
    o.phone = r.string(k("phone"), Presence::Optional, 16);
    if (!o.phone.isEmpty() && !isE164Phone(o.phone))
        problems.add(r.pathOf(k("phone")), QStringLiteral("%1 is not an E.164 phone number (e.g. +442079460000)")
                                               .arg(ValidationProblems::quote(o.phone)));
    o.countries = r.codeList(k("countries"), Presence::Optional, CountryCode::canonical,
                             QStringLiteral("an ISO 3166-1 alpha-2 country code"));
    o.updatedAt = r.dateTime(k("updated_at"), Presence::Optional);
    o.serverVersion = r.integer(k("server_version"), 0, qint64(1) << 50, Presence::Optional).value_or(0);
    if (problems.size() != before)
        return std::nullopt;
    return o;
}

} // namespace htmse
