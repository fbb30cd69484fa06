// HsdsTables: the HSDS tables the importer reads, and the Record every source (a CSV row, a
// nested JSON object) becomes before it is mapped.
#pragma once

#include <QJsonObject>
#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QStringView>

#include <array>
#include <optional>

namespace htmse::hsds {

enum Table : int
{
    Organization,
    Service,
    Location,
    Address,
    ServiceAtLocation,
    Language,
    Phone,
    Contact,
    CostOption,
    ServiceArea,
    Taxonomy,
    TaxonomyTerm,
    Attribute,
    Metadata,
    Schedule,
    Accessibility,
    TableCount
};

struct TableInfo
{
    const char* name;    // HSDS table (and link_entity / resource_type) name
    const char* file;    // file name in a data package
    const char* altFile; // another name seen in the wild, or nullptr
};
inline constexpr std::array<TableInfo, TableCount> kTables = {{
    {"organization", "organizations.csv", nullptr},
    {"service", "services.csv", nullptr},
    {"location", "locations.csv", nullptr},
    {"address", "addresses.csv", nullptr},
    {"service_at_location", "service_at_locations.csv", "service_at_location.csv"},
    {"language", "languages.csv", nullptr},
    {"phone", "phones.csv", nullptr},
    {"contact", "contacts.csv", nullptr},
    {"cost_option", "cost_options.csv", nullptr},
    {"service_area", "service_areas.csv", nullptr},
    {"taxonomy", "taxonomies.csv", nullptr},
    {"taxonomy_term", "taxonomy_terms.csv", nullptr},
    {"attribute", "attributes.csv", nullptr},
    {"metadata", "metadata.csv", nullptr},
    {"schedule", "schedules.csv", nullptr},
    {"accessibility", "accessibility.csv", "accessibility_for_disabilities.csv"},
}};

QString tableName(int table);
// A table by its HSDS name, singular or plural ("service", "services"); nullopt for any other.
std::optional<Table> tableByName(QStringView name);
// Services and organizations: the records a caller counts as read or skipped.
bool isMainTable(int table);

inline QLatin1StringView k(const char* key)
{
    return QLatin1StringView(key);
}

// The references through which nested JSON links a record of `table` to the record it is embedded
// in, where HSDS embeds the same record in several places (a phone under its service, its location,
// its contact and its organization). They say where a record is linked, not what it is: two copies
// that differ only in these are one record, linked to both places.
QList<QLatin1StringView> linkKeys(int table);

// A record of one table: a CSV row or a JSON object, with where it came from.
struct Record
{
    QString source;
    QJsonObject fields;
    QString id; // normalised (a UUID in lower case without braces; anything else as written)
    // Links of further copies of a JSON record that a single row cannot hold besides those in
    // `fields` (the same phone under two services): one object of link keys per copy.
    QList<QJsonObject> moreLinks;
};

} // namespace htmse::hsds
