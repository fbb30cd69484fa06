// BenchDatabase: a profile database for a benchmark, through the product's own SQLCipher
// driver, keyed or (to measure the cipher's cost) the same engine unkeyed.
#pragma once

#include "core/SecureBytes.h"
#include "storage/SqlCipherDriver.h"

#include <QSqlDatabase>
#include <QSqlError>

namespace htmse::bench {

inline QSqlDatabase openDatabase(const QString& name, const QString& path, const SecureBytes* key)
{
    SqlCipherDriver::registerDriver();
    QSqlDatabase db = QSqlDatabase::addDatabase(SqlCipherDriver::kDriverName, name);
    db.setDatabaseName(path);
    auto* driver = static_cast<SqlCipherDriver*>(db.driver());
    if (key)
        driver->setKey(*key);
    else
        driver->allowUnencrypted(true);
    if (!db.open())
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(db.lastError().text()));
    return db;
}

} // namespace htmse::bench
