// HsdsDataPackage: an HSDS tabular data package (a folder of CSV files, datapackage.json naming
// them) read into the tables the mapper maps.
#pragma once

#include "interchange/HsdsImport.h"

#include <QDateTime>
#include <QString>

namespace htmse::hsds {

// What HsdsImport::readDataPackage returns.
HsdsImportResult readDataPackage(const QString& directory, const QDateTime& now);

} // namespace htmse::hsds
