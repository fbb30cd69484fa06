// StoreDatabase: the one database every store of the server works over, on both backends
// (PostgreSQL through QPSQL, SQLite through QSQLITE). It keeps what the stores share: the
// connections, the Dialect, transactions (with their retries), the change streams' counters
// and a few value helpers. Included by the stores' sources only; the stores' SQL is their own.
//
// Qt SQL connections belong to the thread that opened them, so each thread (of the worker
// pool, or the command line's) opens its own, named after the database and the thread.
#pragma once

#include "server/store/ChangePage.h"
#include "server/store/StoreConfig.h"
#include "server/store/StoreError.h"

#include <QHash>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QUuid>
#include <QVariant>

#include <functional>
#include <optional>

namespace htmse::server {

// What differs between the backends. The SQL is the common subset (TEXT/BIGINT/INTEGER
// columns, ON CONFLICT upserts).
struct Dialect
{
    bool postgres = false;
    QString begin() const { return postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"); }
    // Row lock for the rest of the transaction (SQLite's BEGIN IMMEDIATE already holds the
    // database's write lock).
    QString forUpdate() const { return postgres ? QStringLiteral(" FOR UPDATE") : QString(); }
};

// Prepared once per batch: on PostgreSQL each prepare is a round trip of its own.
class Statements
{
public:
    explicit Statements(QSqlDatabase& db)
        : m_db(db)
    {}
    // Executes `sql` with `binds`; the query stays valid until the next run of the same SQL.
    QSqlQuery* run(const QString& sql, const QVariantList& binds);

private:
    QSqlDatabase& m_db;
    QHash<QString, QSqlQuery> m_queries;
};

class StoreDatabase
{
public:
    StoreDatabase(StoreConfig config, QString connectionPrefix);
    ~StoreDatabase();
    StoreDatabase(const StoreDatabase&) = delete;
    StoreDatabase& operator=(const StoreDatabase&) = delete;

    const StoreConfig& config() const { return m_config; }
    const Dialect& dialect() const { return m_dialect; }

    // This thread's connection, opened (and set up) on first use.
    QSqlDatabase connection();
    QString openError(const QSqlDatabase& db) const;
    // A trivial query: is the database reachable right now?
    bool ping();

    // A statement outside a transaction; a dead connection is reopened and the statement
    // tried once more.
    QSqlQuery select(const QString& sql, const QVariantList& binds, StoreError* error);
    bool exec(QSqlDatabase& db, const QString& sql, const QVariantList& binds = {}, StoreError* error = nullptr);
    // Runs `work` in one transaction; rolls back when it returns false. A deadlock victim is
    // retried a few times, a dead connection is reopened and the transaction retried once;
    // SQLite waits for a busy database itself (busy timeout 30 s).
    bool transaction(StoreError* error, const std::function<bool(QSqlDatabase&, StoreError*)>& work);

    // Change streams: locks the stream's counter row for the rest of the transaction and
    // returns its value; stores the last number the transaction used.
    std::optional<qint64> lockCounter(QSqlDatabase& db, const QString& stream, StoreError* error);
    bool storeCounter(QSqlDatabase& db, const QString& stream, qint64 value, StoreError* error);

    // Records a failure in *error (the first one wins) and returns false. A query that lost
    // its connection closes it, so the next use opens it again.
    bool fail(StoreError* error, const QSqlQuery& q);
    static bool fail(StoreError* error, const QString& message);
    static bool fail(StoreError* error, StoreError::Kind kind, const QString& message);

private:
    QString connectionName() const;

    StoreConfig m_config;
    QString m_prefix;
    Dialect m_dialect;
};

// Values as the stores keep them.
QString idString(const QUuid& id); // without braces; empty for a null id
QVariant nullableId(const QUuid& id);
qint64 nowMs();
QByteArray compact(const QJsonObject& o);
QJsonObject parseObject(const QVariant& v);
// Rows of (seq, json) into a page of at most `limit` (the query asked for limit + 1).
ChangePage readPage(QSqlQuery& q, int limit);

} // namespace htmse::server
