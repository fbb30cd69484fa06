// Schema: the client database's numbered, additive migrations (PRAGMA user_version), each
// applied in its own transaction together with the version bump.
#pragma once

#include <QSqlDatabase>
#include <QStringList>

namespace htmse {

class Schema
{
public:
    struct Migration
    {
        int version;
        QString description;
        QStringList statements;
    };

    static const QList<Migration>& migrations();
    static int latestVersion();
    static int version(const QSqlDatabase& db); // -1 when it cannot be read
    // Migrates to `target` (default: latest). Refuses a database newer than this build.
    static bool migrate(QSqlDatabase& db, QString* error, int target = -1);
    // The same with an explicit list (tests use a broken one to prove the rollback).
    static bool migrate(QSqlDatabase& db, const QList<Migration>& list, QString* error, int target = -1);
};

} // namespace htmse
