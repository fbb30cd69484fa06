// Where the server keeps its data: an embedded SQLite file in a directory (the zero-setup
// default) or a PostgreSQL database (production).
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

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
    QUrl databaseUrl; // Postgresql: postgresql://USER@HOST:PORT/NAME[?host=/socket/dir&sslmode=...]
    // Postgresql: the libpq connection parameters taken from the URL's query ("sslmode=verify-full",
    // "sslrootcert=/etc/htmse/db-ca.pem", ...), with sslmode=verify-full added for a host that is
    // not this machine.
    QStringList postgresOptions;

    // Reads --database: checks the URL and its libpq parameters. A host reached over a network
    // must be verified over TLS (sslmode verify-full, or verify-ca when asked for): a weaker
    // sslmode for it is refused here rather than silently falling back to plain text.
    static std::optional<StoreConfig> fromDatabaseUrl(const QUrl& url, QString* error);

    QString kindName() const { return kind == Kind::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql"); }
    // For logs and messages: never includes a password.
    QString displayName() const;
};

} // namespace htmse::server
