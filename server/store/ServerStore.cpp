#include "server/store/ServerStore.h"

#include "server/store/Schema.h"
#include "server/store/StoreDatabase.h"

#include <QAtomicInteger>
#include <QDir>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {
QAtomicInteger<int> g_storeCounter;
} // namespace

ServerStore::ServerStore(std::unique_ptr<StoreDatabase> database)
    : AccountStore(*database)
    , DirectoryStore(*database)
    , ReferralLedger(*database)
    , AnswerLinkStore(*database)
    , m_database(std::move(database))
{}

ServerStore::~ServerStore() = default;

std::unique_ptr<ServerStore> ServerStore::open(const StoreConfig& config, QString* error)
{
    if (config.kind == StoreConfig::Kind::Sqlite && !QDir().mkpath(config.dataDir)) {
        *error = u"cannot create the data directory %1"_s.arg(config.dataDir);
        return nullptr;
    }
    auto database =
        std::make_unique<StoreDatabase>(config, u"htmse-store-%1"_s.arg(g_storeCounter.fetchAndAddOrdered(1)));
    QSqlDatabase db = database->connection();
    if (!db.isOpen()) {
        *error = database->openError(db);
        return nullptr;
    }
    return std::unique_ptr<ServerStore>(new ServerStore(std::move(database)));
}

QString ServerStore::kindName() const
{
    return m_database->config().kindName();
}

int ServerStore::schemaVersion(StoreError* error)
{
    return Schema(*m_database).version(error);
}

int ServerStore::latestSchemaVersion()
{
    return Schema::latestVersion();
}

bool ServerStore::migrate(QStringList* applied, StoreError* error)
{
    return Schema(*m_database).migrate(applied, error);
}

bool ServerStore::ping()
{
    return m_database->ping();
}

} // namespace htmse::server
