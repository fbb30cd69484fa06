// ServerImport: the verbs import-hsds and import-csv, directory data from files into the
// store. Each returns the process exit code (app/common/ExitCodes.h).
#pragma once

#include <QString>

namespace htmse::server {

struct StoreConfig;

// An HSDS 3.0 CSV data package folder or JSON file.
int importHsds(const QString& path, const StoreConfig& config);
// A flat CSV of professionals, one per row (columns: see ServerImport.cpp).
int importCsv(const QString& path, const StoreConfig& config);

} // namespace htmse::server
