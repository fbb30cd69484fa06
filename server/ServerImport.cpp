// import-hsds and import-csv: directory data from files into the store. Each record is
// validated by the same code that validates sync payloads; what is left out or dropped is
// reported line by line on stderr, and a summary goes to stdout.
//
// import-csv reads a flat sheet, one professional per row, the form an office keeps in a
// spreadsheet. Columns (header names, any order; only display_name is required):
//   id, display_name, title, organisation, professional_types, services, languages,
//   interpreter_available, city, country, latitude, longitude, remote_service,
//   service_radius_km, accepting_referrals, email, phone, website, biography, keywords
// Lists are separated by ";" (e.g. services "legal.immigration; mental-health.trauma").
// Organisations named in the sheet are created (ids derived from the name, so re-imports
// update them); rows without an id get one derived from display name and organisation.
#include "server/ServerImport.h"

#include "app/common/ExitCodes.h"
#include "core/JsonReader.h"
#include "domain/Organisation.h"
#include "domain/Professional.h"
#include "interchange/CsvReader.h"
#include "interchange/DirectoryBatcher.h"
#include "interchange/HsdsImport.h"
#include "server/JsonLog.h"
#include "server/ServerCommandLine.h"
#include "server/store/DirectoryStoreSink.h"
#include "server/store/ServerStore.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QString>

#include <cstdio>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

void say(FILE* stream, const QString& text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
}

// Writes organisations first, then professionals, in transactions of 1,000.
bool writeAll(ServerStore& store, const QList<Organisation>& organisations, const QList<Professional>& professionals,
              QString* error)
{
    DirectoryStoreSink sink(store);
    DirectoryBatcher batcher(sink);
    for (const Organisation& o : organisations)
        batcher.add(o);
    for (const Professional& p : professionals)
        batcher.add(p);
    if (batcher.flush())
        return true;
    *error = batcher.error();
    return false;
}

QStringList splitList(const QString& value)
{
    QStringList out;
    for (const QString& part : value.split(u';'))
        if (!part.trimmed().isEmpty())
            out.append(part.trimmed());
    return out;
}

std::optional<bool> yesNo(const QString& value)
{
    const QString v = value.trimmed().toLower();
    if (v.isEmpty())
        return std::nullopt;
    if (v == "yes"_L1 || v == "y"_L1 || v == "true"_L1 || v == "1"_L1)
        return true;
    if (v == "no"_L1 || v == "n"_L1 || v == "false"_L1 || v == "0"_L1)
        return false;
    return std::nullopt;
}

// The columns import-csv reads.
const QStringList& knownColumns()
{
    static const QStringList known{u"id"_s,
                                   u"display_name"_s,
                                   u"title"_s,
                                   u"organisation"_s,
                                   u"professional_types"_s,
                                   u"services"_s,
                                   u"languages"_s,
                                   u"interpreter_available"_s,
                                   u"city"_s,
                                   u"country"_s,
                                   u"latitude"_s,
                                   u"longitude"_s,
                                   u"remote_service"_s,
                                   u"service_radius_km"_s,
                                   u"accepting_referrals"_s,
                                   u"email"_s,
                                   u"phone"_s,
                                   u"website"_s,
                                   u"biography"_s,
                                   u"keywords"_s};
    return known;
}

// One row of import-csv's sheet as a professional's JSON; values that are not what their
// column needs are listed in `problems` (which then leaves the row out).
class CsvRow
{
public:
    CsvRow(const CsvReader::Table& table, const CsvReader::Row& row)
        : m_table(table)
        , m_row(row)
    {}

    QString cell(const QString& column) const
    {
        const qsizetype i = m_table.header.indexOf(column);
        return i < 0 ? QString() : m_row.values.value(i).trimmed();
    }

    // Organisations the row names are added to `organisations`.
    QJsonObject read(const QString& now, QHash<QString, Organisation>* organisations)
    {
        QJsonObject o;
        const QString organisationName = cell(u"organisation"_s);
        if (!organisationName.isEmpty()) {
            const QUuid organisationId = HsdsImport::idFor(u"csv-organisation", organisationName.toLower());
            if (!organisations->contains(organisationName)) {
                Organisation org;
                org.id = organisationId;
                org.name = organisationName.left(200);
                organisations->insert(organisationName, org);
            }
            o.insert(u"organisation_id"_s, uuidString(organisationId));
        }
        const QString id = cell(u"id"_s);
        const QString derivedKey = cell(u"display_name"_s).toLower() + u'|' + organisationName.toLower();
        o.insert(u"id"_s, id.isEmpty() ? uuidString(HsdsImport::idFor(u"csv-professional", derivedKey)) : id);
        for (const QString& key : {u"display_name"_s, u"title"_s, u"biography"_s})
            if (const QString v = cell(key); !v.isEmpty())
                o.insert(key, v);
        for (const QString& key : {u"professional_types"_s, u"services"_s, u"keywords"_s})
            if (const QStringList v = splitList(cell(key)); !v.isEmpty())
                o.insert(key, QJsonArray::fromStringList(v));
        QJsonArray languages;
        for (const QString& code : splitList(cell(u"languages"_s)))
            languages.append(QJsonObject{{u"code"_s, code}});
        if (!languages.isEmpty())
            o.insert(u"languages"_s, languages);
        readFlag(u"interpreter_available"_s, &o);
        readFlag(u"remote_service"_s, &o);
        if (const QString radius = cell(u"service_radius_km"_s); !radius.isEmpty())
            o.insert(u"service_radius_km"_s, radius.toInt());
        readLocation(&o);
        readCapacityAndContacts(&o);
        o.insert(u"updated_at"_s, now);
        return o;
    }

    const QStringList& problems() const { return m_problems; }

private:
    void readFlag(const QString& column, QJsonObject* o)
    {
        const QString v = cell(column);
        if (v.isEmpty())
            return;
        if (const auto b = yesNo(v))
            o->insert(column, *b);
        else
            m_problems.append(u"%1: %2 is not yes or no"_s.arg(column, ValidationProblems::quote(v)));
    }

    void readLocation(QJsonObject* o)
    {
        QJsonObject location;
        for (const QString& key : {u"city"_s, u"country"_s})
            if (const QString v = cell(key); !v.isEmpty())
                location.insert(key, v);
        for (const QString& key : {u"latitude"_s, u"longitude"_s})
            if (const QString v = cell(key); !v.isEmpty()) {
                bool ok = false;
                const double d = v.toDouble(&ok);
                if (ok)
                    location.insert(key, d);
                else
                    m_problems.append(u"%1: %2 is not a number"_s.arg(key, ValidationProblems::quote(v)));
            }
        if (!location.isEmpty())
            o->insert(u"locations"_s, QJsonArray{location});
    }

    void readCapacityAndContacts(QJsonObject* o)
    {
        QJsonObject capacity;
        if (const QString v = cell(u"accepting_referrals"_s); !v.isEmpty()) {
            if (const auto b = yesNo(v))
                capacity.insert(u"accepting_referrals"_s, *b);
            else
                m_problems.append(u"accepting_referrals: %1 is not yes or no"_s.arg(ValidationProblems::quote(v)));
        }
        if (!capacity.isEmpty())
            o->insert(u"capacity"_s, capacity);
        QJsonArray contacts;
        for (const QString& kind : {u"email"_s, u"phone"_s, u"website"_s})
            if (const QString v = cell(kind); !v.isEmpty())
                contacts.append(QJsonObject{{u"kind"_s, kind}, {u"value"_s, v}});
        if (!contacts.isEmpty())
            o->insert(u"contact_channels"_s, contacts);
    }

    const CsvReader::Table& m_table;
    const CsvReader::Row& m_row;
    QStringList m_problems;
};

} // namespace

int importHsds(const QString& path, const StoreConfig& config)
{
    if (!QFileInfo::exists(path)) {
        say(stderr, u"htmse-server: %1 does not exist"_s.arg(path));
        return exitcode::kNotFound;
    }
    const HsdsImportResult result = HsdsImport::readPath(path, QDateTime::currentDateTimeUtc());
    for (const HsdsProblem& p : result.problems)
        say(stderr, (p.skipped ? u"skipped: "_s : u"dropped: "_s) + p.toString());
    if (!result.readable) {
        say(stderr, u"htmse-server: %1 is not HSDS 3.0 data that can be read"_s.arg(path));
        return exitcode::kInvalidInput;
    }
    int rc = exitcode::kOk;
    const auto store = openStore(config, true, &rc);
    if (!store)
        return rc;
    QString error;
    if (!writeAll(*store, result.organisations, result.professionals, &error)) {
        say(stderr, u"htmse-server: writing to the store failed: %1"_s.arg(error));
        return exitcode::kNetwork;
    }
    logEvent(u"info"_s, u"import.hsds"_s,
             {{u"organisations"_s, int(result.organisations.size())},
              {u"professionals"_s, int(result.professionals.size())},
              {u"problems"_s, int(result.problems.size())}});
    say(stdout, u"imported %1 organisations and %2 profiles from %3; %4 records skipped, %5 problems reported"_s
                    .arg(result.organisations.size())
                    .arg(result.professionals.size())
                    .arg(path)
                    .arg(result.skipped)
                    .arg(result.problems.size()));
    return result.professionals.isEmpty() && result.organisations.isEmpty() ? exitcode::kInvalidInput : exitcode::kOk;
}

int importCsv(const QString& path, const StoreConfig& config)
{
    QFile file(path);
    if (!file.exists()) {
        say(stderr, u"htmse-server: %1 does not exist"_s.arg(path));
        return exitcode::kNotFound;
    }
    if (file.size() > HsdsImport::kMaxBytes || !file.open(QIODevice::ReadOnly)) {
        say(stderr, u"htmse-server: cannot read %1 (%2)"_s.arg(
                        path, file.size() > HsdsImport::kMaxBytes ? u"larger than 1 GiB"_s : file.errorString()));
        return exitcode::kInvalidInput;
    }
    const CsvReader::Table table = CsvReader::parse(file.readAll());
    const QString name = QFileInfo(path).fileName();
    for (const CsvReader::Problem& p : table.problems)
        say(stderr,
            u"%1: %2 row %3: %4"_s.arg(p.rowLeftOut ? u"skipped"_s : u"warning"_s, name).arg(p.row).arg(p.message));
    if (!table.readable || !table.header.contains(u"display_name"_s)) {
        say(stderr, u"htmse-server: %1 has no header row with a display_name column"_s.arg(path));
        return exitcode::kInvalidInput;
    }
    for (const QString& column : table.header)
        if (!knownColumns().contains(column))
            say(stderr, u"warning: %1: column \"%2\" is not one import-csv reads; it is ignored"_s.arg(name, column));
    const QString now = toIsoUtc(QDateTime::currentDateTimeUtc());
    QHash<QString, Organisation> organisations;
    QList<Professional> professionals;
    int skipped = int(std::count_if(table.problems.cbegin(), table.problems.cend(),
                                    [](const CsvReader::Problem& p) { return p.rowLeftOut && p.row > 0; }));
    for (const CsvReader::Row& row : table.rows) {
        CsvRow csvRow(table, row);
        const QJsonObject o = csvRow.read(now, &organisations);
        ValidationProblems problems;
        const auto profile = Professional::fromJson(o, problems);
        if (!profile || !csvRow.problems().isEmpty()) {
            ++skipped;
            const QString where = u"%1 row %2"_s.arg(name).arg(row.number);
            say(stderr, u"skipped: %1: %2"_s.arg(where, (csvRow.problems() + problems.toStrings()).join(u"; "_s)));
            continue;
        }
        professionals.append(*profile);
    }
    // Only organisations that an imported profile belongs to.
    QList<Organisation> used;
    for (const Organisation& org : std::as_const(organisations))
        if (std::any_of(professionals.cbegin(), professionals.cend(),
                        [&](const Professional& p) { return p.organisationId == org.id; }))
            used.append(org);
    int rc = exitcode::kOk;
    const auto store = openStore(config, true, &rc);
    if (!store)
        return rc;
    QString error;
    if (!writeAll(*store, used, professionals, &error)) {
        say(stderr, u"htmse-server: writing to the store failed: %1"_s.arg(error));
        return exitcode::kNetwork;
    }
    say(stdout, u"imported %1 profiles and %2 organisations from %3; %4 rows skipped"_s.arg(professionals.size())
                    .arg(used.size())
                    .arg(path)
                    .arg(skipped));
    return professionals.isEmpty() ? exitcode::kInvalidInput : exitcode::kOk;
}

} // namespace htmse::server
