// ServerStore: everything the server keeps, opened once: one StoreDatabase (PostgreSQL through
// QPSQL, or the embedded SQLite through QSQLITE), its Schema, and the stores over it — accounts
// and tokens (AccountStore), what the directory publishes (DirectoryStore), the referral
// ledger (ReferralLedger) and the one-time answer links (AnswerLinkStore). It is each of those stores, so whoever
// opened it hands on the one a piece of code needs. Every method may be called from any thread: each thread gets its
// own connection. Each write is one transaction.
#pragma once

#include "server/store/AccountStore.h"
#include "server/store/AnswerLinkStore.h"
#include "server/store/DirectoryStore.h"
#include "server/store/ReferralLedger.h"
#include "server/store/StoreConfig.h"
#include "server/store/StoreError.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace htmse::server {

class StoreDatabase;

class ServerStore final : public AccountStore, public DirectoryStore, public ReferralLedger, public AnswerLinkStore
{
public:
    ~ServerStore();

    // Opens the store (creating the SQLite directory and file if needed). Does not migrate.
    static std::unique_ptr<ServerStore> open(const StoreConfig& config, QString* error);

    QString kindName() const;
    int schemaVersion(StoreError* error);
    static int latestSchemaVersion();
    // Applies pending migrations (each in its own transaction; on PostgreSQL under an advisory
    // lock so instances starting together migrate once). Refuses a newer schema.
    bool migrate(QStringList* applied, StoreError* error);
    // A trivial query: is the database reachable right now?
    bool ping();

private:
    explicit ServerStore(std::unique_ptr<StoreDatabase> database);

    std::unique_ptr<StoreDatabase> m_database;
};

} // namespace htmse::server
