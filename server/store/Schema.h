// Schema: the store's numbered migrations, each applied in its own transaction and recorded in
// `schema_migrations`. Types are the common subset of both backends: TEXT, BIGINT, INTEGER
// (0/1 flags).
#pragma once

#include "server/store/StoreError.h"

#include <QStringList>

namespace htmse::server {

class StoreDatabase;

class Schema
{
public:
    explicit Schema(StoreDatabase& database)
        : m_database(database)
    {}

    static int latestVersion();
    // The version the database has (0: none yet), -1 on failure.
    int version(StoreError* error);
    // Applies pending migrations (on PostgreSQL under an advisory lock, so instances starting
    // together migrate once). Refuses a newer schema.
    bool migrate(QStringList* applied, StoreError* error);

private:
    StoreDatabase& m_database;
};

} // namespace htmse::server
