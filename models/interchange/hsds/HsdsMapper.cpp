#include "interchange/hsds/HsdsMapper.h"

#include "interchange/hsds/HsdsValues.h"

#include <QLocale>

#include <cmath>

namespace htmse::hsds {

using namespace Qt::StringLiterals;
using P = ValidationProblems;

namespace {

constexpr qsizetype kMaxIdLength = 256;
constexpr qsizetype kMaxProblems = 10'000; // a report a person can still read

bool isBlank(const QJsonValue& v)
{
    return v.isNull() || v.isUndefined() || (v.isString() && v.toString().trimmed().isEmpty());
}

// The fields in which two copies of a record differ, its id and its link keys aside (a blank value
// and a missing one are the same); empty when they are copies of one record.
QStringList differingFields(int table, const QJsonObject& a, const QJsonObject& b)
{
    const QList<QLatin1StringView> links = linkKeys(table);
    QStringList keys = a.keys();
    for (const QString& key : b.keys())
        if (!a.contains(key))
            keys.append(key);
    keys.sort();
    QStringList differing;
    for (const QString& key : std::as_const(keys)) {
        if (key == "id"_L1 || links.contains(key))
            continue;
        const QJsonValue x = a.value(key);
        const QJsonValue y = b.value(key);
        if (x != y && !(isBlank(x) && isBlank(y)))
            differing.append(key);
    }
    return differing;
}

// The links of a further copy of `first`: those it lacks are added to its fields, as a tabular row
// holds every reference of a record; those it holds with another value are kept apart.
void addLinks(int table, Record& first, const QJsonObject& copy)
{
    QJsonObject elsewhere;
    for (const QLatin1StringView key : linkKeys(table)) {
        const QJsonValue link = copy.value(key);
        if (!link.isString() || link.toString().trimmed().isEmpty())
            continue;
        const QJsonValue own = first.fields.value(key);
        if (isBlank(own))
            first.fields.insert(key, link);
        else if (!own.isString() || normaliseId(own.toString()) != normaliseId(link.toString()))
            elsewhere.insert(key, link);
    }
    if (!elsewhere.isEmpty() && !first.moreLinks.contains(elsewhere))
        first.moreLinks.append(elsewhere);
}

} // namespace

HsdsMapper::HsdsMapper(const QDateTime& now, bool nested)
    : m_now(now.isValid() ? now.toUTC() : QDateTime::currentDateTimeUtc())
    , m_nested(nested)
{}

void HsdsMapper::problem(const QString& source, const QString& field, const QString& reason, bool skipped)
{
    if (m_result.problems.size() < kMaxProblems)
        m_result.problems.append({source, field, reason, skipped});
    else
        ++m_unlisted;
}

void HsdsMapper::leftOut(int table, const QString& source, const QString& field, const QString& reason)
{
    problem(source, field, reason, isMainTable(table));
    if (isMainTable(table)) {
        ++m_result.recordsRead;
        ++m_result.skipped;
    }
}

QString HsdsMapper::add(int table, Record record, bool* fresh)
{
    if (fresh)
        *fresh = false;
    const QJsonValue idValue = record.fields.value(u"id"_s);
    if (idValue.isArray() || idValue.isObject()) {
        leftOut(table, record.source, u"id"_s,
                u"must be a single value, not %1; the record is left out"_s.arg(jsonTypeName(idValue)));
        return {};
    }
    const QString raw = text(record, "id");
    if (raw.isEmpty()) {
        leftOut(table, record.source, u"id"_s, u"is missing; the record is left out"_s);
        return {};
    }
    if (raw.size() > kMaxIdLength) {
        leftOut(table, record.source, u"id"_s,
                u"is %1 characters long, more than %2; the record is left out"_s.arg(raw.size()).arg(kMaxIdLength));
        return {};
    }
    record.id = normaliseId(raw);
    auto& index = m_index.at(std::size_t(table));
    if (const auto it = index.constFind(record.id); it != index.constEnd()) {
        if (m_nested) { // the same record embedded again, where it is linked too; other values are a defect
            Record& first = m_tables.at(std::size_t(table))[*it];
            if (const QStringList differing = differingFields(table, first.fields, record.fields); !differing.isEmpty())
                problem(record.source, u"id"_s,
                        u"%1 repeats the id of %2 with other values (%3); only the first is read"_s.arg(
                            P::quote(raw), first.source, differing.join(u", "_s)));
            else
                addLinks(table, first, record.fields);
            return record.id;
        }
        leftOut(table, record.source, u"id"_s,
                u"%1 repeats the id of %2; the record is left out"_s.arg(
                    P::quote(raw), m_tables.at(std::size_t(table)).at(*it).source));
        return {};
    }
    if (isMainTable(table))
        ++m_result.recordsRead;
    index.insert(record.id, m_tables.at(std::size_t(table)).size());
    m_tables.at(std::size_t(table)).append(std::move(record));
    if (fresh)
        *fresh = true;
    return m_tables.at(std::size_t(table)).constLast().id;
}

QString HsdsMapper::text(const Record& r, const char* key)
{
    const QJsonValue v = r.fields.value(k(key));
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString().trimmed();
    case QJsonValue::Double:
        return displayNumber(v.toDouble());
    case QJsonValue::Bool:
        return v.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Array:
    case QJsonValue::Object: {
        const QString field = QString::fromLatin1(key);
        if (!m_typeReported.contains(r.source + u'\n' + field)) { // once, however often the value is read
            m_typeReported.insert(r.source + u'\n' + field);
            problem(r.source, field, u"must be a single value, not %1; ignored"_s.arg(jsonTypeName(v)));
        }
        return {};
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QString HsdsMapper::cleanText(const QString& source, const QString& field, QString t, qsizetype maxLength,
                              TextKind kind)
{
    if (kind == TextKind::SingleLine) {
        t = t.simplified();
    } else {
        t.replace("\r\n"_L1, "\n"_L1);
        t.replace(u'\r', u'\n');
        t = t.trimmed();
    }
    for (qsizetype i = 0; i < t.size(); ++i) {
        const QChar c = t.at(i);
        const bool allowed = kind == TextKind::MultiLine && (c == u'\n' || c == u'\t');
        const bool lone = (c.isHighSurrogate() && (i + 1 >= t.size() || !t.at(i + 1).isLowSurrogate())) ||
                          (c.isLowSurrogate() && (i == 0 || !t.at(i - 1).isHighSurrogate()));
        if (lone) {
            problem(source, field, u"contains an unpaired UTF-16 surrogate; left out"_s);
            return {};
        }
        if ((c.category() == QChar::Other_Control && !allowed) || c.unicode() == 0xFFFE || c.unicode() == 0xFFFF) {
            problem(source, field,
                    u"contains a control character (U+%1); left out"_s.arg(
                        QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0')));
            return {};
        }
    }
    if (t.size() > maxLength) {
        qsizetype cut = maxLength - 1;
        if (t.at(cut - 1).isHighSurrogate())
            --cut;
        problem(source, field, u"is %1 characters long; shortened to %2"_s.arg(t.size()).arg(maxLength));
        t = t.left(cut).trimmed() + u'…';
    }
    return t;
}

QString HsdsMapper::clean(const Record& r, const char* key, qsizetype maxLength, TextKind kind)
{
    const QString t = text(r, key);
    return t.isEmpty() ? t : cleanText(r.source, QString::fromLatin1(key), t, maxLength, kind);
}

std::optional<double> HsdsMapper::number(const Record& r, const char* key, double min, double max,
                                         const QString& consequence)
{
    const QJsonValue v = r.fields.value(k(key));
    double d = 0;
    if (v.isDouble()) {
        d = v.toDouble();
    } else {
        const QString t = text(r, key);
        if (t.isEmpty())
            return std::nullopt;
        bool ok = false;
        d = QLocale::c().toDouble(t, &ok);
        if (!ok) {
            problem(r.source, QString::fromLatin1(key), u"%1 is not a number; %2"_s.arg(P::quote(t), consequence));
            return std::nullopt;
        }
    }
    if (!std::isfinite(d) || d < min || d > max) {
        problem(
            r.source, QString::fromLatin1(key),
            u"%1 is outside %2..%3; %4"_s.arg(displayNumber(d), displayNumber(min), displayNumber(max), consequence));
        return std::nullopt;
    }
    return d;
}

qsizetype HsdsMapper::resolve(const Record& r, const char* key, int table, const QString& consequence)
{
    const QString raw = text(r, key);
    if (raw.isEmpty())
        return -1;
    const auto& index = m_index.at(std::size_t(table));
    const auto it = index.constFind(normaliseId(raw));
    if (it != index.constEnd())
        return *it;
    problem(r.source, QString::fromLatin1(key),
            u"%1 names no %2 in the import; %3"_s.arg(P::quote(raw), tableName(table), consequence));
    return -1;
}

Owner HsdsMapper::ownerOf(const Record& r, const QList<std::pair<const char*, int>>& references)
{
    Owner owner = ownerOfLinks(r, references);
    for (const QJsonObject& links : r.moreLinks) { // the same record embedded under other parents too
        const Owner more = ownerOfLinks(Record{r.source, links, r.id, {}}, references);
        for (const qsizetype s : more.services)
            if (!owner.services.contains(s))
                owner.services.append(s);
        if (owner.organization < 0)
            owner.organization = more.organization;
    }
    return owner;
}

Owner HsdsMapper::ownerOfLinks(const Record& r, const QList<std::pair<const char*, int>>& references)
{
    // Every reference is checked (and reported when dangling); the most specific one decides.
    QHash<int, qsizetype> found;
    for (const auto& [key, table] : references) {
        const qsizetype position = resolve(r, key, table, u"ignored"_s);
        if (position >= 0)
            found.insert(table, position);
    }
    Owner owner;
    if (found.contains(Service)) {
        owner.services = {found.value(Service)};
    } else if (found.contains(ServiceAtLocation) && m_salService.at(std::size_t(found.value(ServiceAtLocation))) >= 0) {
        owner.services = {m_salService.at(std::size_t(found.value(ServiceAtLocation)))};
    } else if (found.contains(Contact)) {
        owner = m_contactOwner.at(std::size_t(found.value(Contact)));
    } else if (found.contains(Phone)) {
        owner = m_phoneOwner.at(std::size_t(found.value(Phone)));
    } else if (found.contains(Location)) {
        owner.services = m_locations.at(std::size_t(found.value(Location))).services;
    }
    if (owner.isEmpty() && found.contains(Organization))
        owner.organization = found.value(Organization);
    return owner;
}

void HsdsMapper::addChannel(const Owner& owner, const Channel& channel)
{
    for (const qsizetype s : owner.services) {
        QList<Channel>& channels = m_services.at(std::size_t(s)).channels;
        const auto same = std::find_if(channels.begin(), channels.end(), [&](const Channel& c) {
            return c.kind == channel.kind && c.value == channel.value;
        });
        if (same == channels.end())
            channels.append(channel);
        else if (same->note.isEmpty())
            same->note = channel.note;
    }
    if (owner.services.isEmpty() && owner.organization >= 0) {
        OrganisationPieces& o = m_organisations.at(std::size_t(owner.organization));
        if (channel.kind == "phone"_L1 && o.phone.isEmpty())
            o.phone = channel.value;
        else if (channel.kind == "email"_L1 && o.email.isEmpty())
            o.email = channel.value;
    }
}

void HsdsMapper::noteChange(int table, qsizetype position, const QDateTime& when)
{
    QDateTime* slot = nullptr;
    if (table == Service)
        slot = &m_services.at(std::size_t(position)).changed;
    else if (table == Organization)
        slot = &m_organisations.at(std::size_t(position)).changed;
    if (slot && (!slot->isValid() || when > *slot))
        *slot = when;
}

HsdsImportResult HsdsMapper::finish()
{
    m_services.assign(std::size_t(m_tables.at(Service).size()), {});
    m_organisations.assign(std::size_t(m_tables.at(Organization).size()), {});
    m_locations.assign(std::size_t(m_tables.at(Location).size()), {});
    prepareTerms();
    linkServicesToLocations();
    linkAttributes();
    readMetadata();
    prepareAddresses();
    prepareLocations();
    readContacts();
    readPhones();
    readLanguages();
    readCostOptions();
    readServiceAreas();
    readSchedules();
    readAccessibility();
    buildOrganisations();
    buildProfessionals();
    if (m_unlisted > 0)
        m_result.problems.append(
            {u"import"_s, QString(),
             u"%1 more problems are not listed (at most %2 are)"_s.arg(m_unlisted).arg(kMaxProblems), false});
    return std::move(m_result);
}

} // namespace htmse::hsds
