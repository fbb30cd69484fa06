// Where the server keeps its data: an embedded SQLite file in a directory (the zero-setup
// default) or a PostgreSQL database (production).
#pragma once

#include <QString>
#include <QUrl>

namespace htmse::server {

struct StoreConfig
{
    enum class Kind
    {
        Sqlite,
        Postgresql,
    };
    Kind kind = Kind::Sqlite;
    QString dataDir;  // Sqlite: the directory holding htmse-server.sqlite
    QUrl databaseUrl; // Postgresql: postgresql://USER@HOST:PORT/NAME[?host=/socket/dir]

    QString kindName() const { return kind == Kind::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql"); }
    // For logs and messages: never includes a password.
    QString displayName() const;
};

} // namespace htmse::server
