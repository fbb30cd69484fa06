#include "server/store/StoreConfig.h"

#include <QDir>
#include <QHostAddress>
#include <QUrlQuery>

#include <algorithm>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

// The libpq connection parameters a --database URL may carry (the rest are the server's own, or
// have no place in a server's configuration). https://www.postgresql.org/docs/15/libpq-connect.html
const QStringList& passedParameters()
{
    static const QStringList list = {
        u"host"_s,
        u"hostaddr"_s,
        u"sslmode"_s,
        u"sslrootcert"_s,
        u"sslcert"_s,
        u"sslkey"_s,
        u"sslcrl"_s,
        u"sslcrldir"_s,
        u"sslsni"_s,
        u"ssl_min_protocol_version"_s,
        u"channel_binding"_s,
        u"connect_timeout"_s,
        u"target_session_attrs"_s,
        u"gssencmode"_s,
    };
    return list;
}

// True for a Unix socket directory, "localhost" and loopback addresses: nothing crosses a network.
bool isLocal(const QString& host)
{
    if (host.isEmpty() || host.startsWith(u'/') || host.compare("localhost"_L1, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool isVerifying(const QString& sslmode)
{
    return sslmode == "verify-full"_L1 || sslmode == "verify-ca"_L1;
}

} // namespace

std::optional<StoreConfig> StoreConfig::fromDatabaseUrl(const QUrl& url, QString* error)
{
    if (!url.isValid() || (url.scheme() != "postgresql"_L1 && url.scheme() != "postgres"_L1) || url.path().size() < 2) {
        *error = u"--database must be a postgresql://USER@HOST:PORT/NAME URL"_s;
        return std::nullopt;
    }
    StoreConfig config;
    config.kind = Kind::Postgresql;
    config.databaseUrl = url;
    const QUrlQuery query(url);
    bool hasSslmode = false;
    QString sslmode;
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!passedParameters().contains(key)) {
            *error = u"--database: unknown connection parameter '%1' (allowed: %2)"_s.arg(
                key.left(40), passedParameters().join(u", "_s));
            return std::nullopt;
        }
        // libpq's key=value syntax would need quoting for these; no real value contains them.
        if (value.isEmpty() || value.contains(u';') || value.contains(u'\'') || value.contains(u'\\') ||
            std::any_of(value.begin(), value.end(), [](QChar c) { return c.isSpace(); })) {
            *error = u"--database: the value of %1 is empty or holds a space, quote, backslash or semicolon"_s.arg(key);
            return std::nullopt;
        }
        if (key == "host"_L1)
            continue; // set as the host name, not as an option
        if (key == "sslmode"_L1) {
            hasSslmode = true;
            sslmode = value;
        }
        config.postgresOptions.append(key + u'=' + value);
    }
    const QString host =
        query.hasQueryItem(u"host"_s) ? query.queryItemValue(u"host"_s, QUrl::FullyDecoded) : url.host();
    const QString hostaddr = query.queryItemValue(u"hostaddr"_s, QUrl::FullyDecoded);
    // A host name that is not this machine counts as remote even when hostaddr points here: the
    // name is what the operator meant, and what the certificate is checked against.
    const bool local = isLocal(host) && (hostaddr.isEmpty() || isLocal(hostaddr));
    if (!local) {
        if (!hasSslmode) {
            config.postgresOptions.append(u"sslmode=verify-full"_s);
        } else if (!isVerifying(sslmode)) {
            *error = u"--database: sslmode=%1 would let the connection to %2 run without a verified TLS certificate; "
                     "use sslmode=verify-full (the default for a host that is not this machine) or verify-ca, "
                     "with sslrootcert= naming the database's certificate authority, or reach the database "
                     "through a Unix socket or a loopback address"_s.arg(sslmode.left(20), host.left(100));
            return std::nullopt;
        }
    }
    return config;
}

QString StoreConfig::displayName() const
{
    if (kind == Kind::Sqlite)
        return QDir(dataDir).absoluteFilePath(u"htmse-server.sqlite"_s);
    return databaseUrl.toString(QUrl::RemovePassword);
}

} // namespace htmse::server
