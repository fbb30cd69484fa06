// import-hsds and import-csv: directory data from files into the store.
#include "ExitCodes.h"
#include "store/ServerStore.h"

#include <QString>

#include <cstdio>

namespace htmse::server {

int importHsds(const QString& path, const StoreConfig& config)
{
    Q_UNUSED(path);
    Q_UNUSED(config);
    std::fputs("htmse-server: import-hsds is being wired to the importer\n", stderr);
    return exitcode::kUsage;
}

int importCsv(const QString& path, const StoreConfig& config)
{
    Q_UNUSED(path);
    Q_UNUSED(config);
    std::fputs("htmse-server: import-csv is being wired to the importer\n", stderr);
    return exitcode::kUsage;
}

} // namespace htmse::server
