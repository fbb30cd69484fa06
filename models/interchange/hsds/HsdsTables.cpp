#include "interchange/hsds/HsdsTables.h"

namespace htmse::hsds {

using namespace Qt::StringLiterals;

QString tableName(int table)
{
    return QLatin1StringView(kTables.at(std::size_t(table)).name);
}

std::optional<Table> tableByName(QStringView name)
{
    const QString n = name.trimmed().toString().toLower();
    for (int t = 0; t < TableCount; ++t) {
        const QString singular = tableName(t);
        if (n == singular || n == QLatin1StringView(kTables.at(std::size_t(t)).file).chopped(4))
            return Table(t);
    }
    if (n == "service_at_locations"_L1)
        return ServiceAtLocation;
    if (n == "accessibility_for_disabilities"_L1)
        return Accessibility;
    return std::nullopt;
}

bool isMainTable(int table)
{
    return table == Service || table == Organization;
}

QList<QLatin1StringView> linkKeys(int table)
{
    switch (table) {
    case Location:
        return {"organization_id"_L1};
    case Address:
        return {"location_id"_L1};
    case Language:
        return {"service_id"_L1, "location_id"_L1, "phone_id"_L1};
    case Phone:
        return {"service_id"_L1, "service_at_location_id"_L1, "location_id"_L1, "contact_id"_L1, "organization_id"_L1};
    case Contact:
        return {"service_id"_L1, "service_at_location_id"_L1, "location_id"_L1, "organization_id"_L1};
    case Schedule:
        return {"service_id"_L1, "service_at_location_id"_L1, "location_id"_L1};
    case Accessibility:
        return {"location_id"_L1};
    default:
        return {};
    }
}

} // namespace htmse::hsds
