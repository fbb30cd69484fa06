#include "server/store/StoreConfig.h"

#include <QDir>

namespace htmse::server {

using namespace Qt::StringLiterals;

QString StoreConfig::displayName() const
{
    if (kind == Kind::Sqlite)
        return QDir(dataDir).absoluteFilePath(u"htmse-server.sqlite"_s);
    return databaseUrl.toString(QUrl::RemovePassword);
}

} // namespace htmse::server
