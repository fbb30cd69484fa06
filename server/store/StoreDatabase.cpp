#include "server/store/StoreDatabase.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QSqlError>
#include <QUrlQuery>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

// The connections a thread opened, removed when the thread ends (thread ids are reused, so
// names carry a serial number instead).
struct ThreadConnections
{
    quint64 serial = 0;
    QStringList names;
    ~ThreadConnections()
    {
        for (const QString& name : std::as_const(names))
            QSqlDatabase::removeDatabase(name);
    }
};

ThreadConnections& threadConnections()
{
    static QAtomicInteger<quint64> next;
    thread_local ThreadConnections connections{next.fetchAndAddOrdered(1) + 1, {}};
    return connections;
}

void setUpPostgres(QSqlDatabase& db, const StoreConfig& config)
{
    const QUrl& url = config.databaseUrl;
    const QUrlQuery query(url);
    db.setHostName(query.hasQueryItem(u"host"_s) ? query.queryItemValue(u"host"_s, QUrl::FullyDecoded) : url.host());
    if (url.port() > 0)
        db.setPort(url.port());
    db.setUserName(url.userName(QUrl::FullyDecoded));
    // A password in the URL is accepted; PGPASSWORD or ~/.pgpass are better (libpq reads them).
    if (!url.password().isEmpty())
        db.setPassword(url.password(QUrl::FullyDecoded));
    db.setDatabaseName(url.path(QUrl::FullyDecoded).mid(1));
    // Keep-alives notice a peer that vanished (a fail-over) within a minute instead of TCP's
    // quarter of an hour.
    // The URL's own parameters (sslmode, sslrootcert, ...; checked by StoreConfig) come last and win.
    QStringList options = {u"connect_timeout=10"_s,    u"application_name=htmse-server"_s, u"keepalives=1"_s,
                           u"keepalives_idle=30"_s,    u"keepalives_interval=10"_s,        u"keepalives_count=3"_s,
                           u"tcp_user_timeout=60000"_s};
    options += config.postgresOptions;
    db.setConnectOptions(options.join(u';'));
}

// After a failure: is the connection still usable? A dead one (the database restarted, a
// fail-over, an idle timeout) is closed and opened again; true when that happened.
bool reconnectIfDead(QSqlDatabase& db)
{
    {
        QSqlQuery probe(db);
        if (db.isOpen() && probe.exec(u"SELECT 1"_s))
            return false; // alive: the failure was the statement's own
    }
    db.close();
    return db.open();
}

} // namespace

QSqlQuery* Statements::run(const QString& sql, const QVariantList& binds)
{
    auto it = m_queries.find(sql);
    if (it == m_queries.end()) {
        it = m_queries.insert(sql, QSqlQuery(m_db));
        it->setForwardOnly(true);
        if (!it->prepare(sql))
            return &*it;
    }
    it->finish();
    for (qsizetype i = 0; i < binds.size(); ++i)
        it->bindValue(int(i), binds[i]);
    it->exec();
    return &*it;
}

StoreDatabase::StoreDatabase(StoreConfig config, QString connectionPrefix)
    : m_config(std::move(config))
    , m_prefix(std::move(connectionPrefix))
    , m_dialect{m_config.kind == StoreConfig::Kind::Postgresql}
{}

StoreDatabase::~StoreDatabase()
{
    // Connections opened by this thread can be removed; others belong to pool threads and go
    // with the process.
    const QString name = connectionName();
    if (threadConnections().names.removeOne(name))
        QSqlDatabase::removeDatabase(name);
}

QString StoreDatabase::connectionName() const
{
    return m_prefix + u'-' + QString::number(threadConnections().serial);
}

QSqlDatabase StoreDatabase::connection()
{
    const QString name = connectionName();
    if (threadConnections().names.contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (!db.isOpen())
            db.open();
        return db;
    }
    QSqlDatabase db;
    if (m_dialect.postgres) {
        db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        setUpPostgres(db, m_config);
    } else {
        db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(QDir(m_config.dataDir).absoluteFilePath(u"htmse-server.sqlite"_s));
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=30000"_s);
    }
    threadConnections().names.append(name);
    if (!db.open())
        return db;
    QSqlQuery q(db);
    if (m_dialect.postgres) {
        q.exec(u"SET TIME ZONE 'UTC'"_s);
        q.exec(u"SET statement_timeout = '60s'"_s);
        q.exec(u"SET client_min_messages = warning"_s); // no NOTICE lines on stderr
    } else {
        q.exec(u"PRAGMA journal_mode = WAL"_s);
        q.exec(u"PRAGMA synchronous = NORMAL"_s);
        q.exec(u"PRAGMA foreign_keys = ON"_s);
    }
    return db;
}

QString StoreDatabase::openError(const QSqlDatabase& db) const
{
    return u"cannot open the store %1: %2"_s.arg(m_config.displayName(), db.lastError().text());
}

bool StoreDatabase::ping()
{
    QSqlDatabase db = connection();
    QSqlQuery q(db);
    return db.isOpen() && q.exec(u"SELECT 1"_s) && q.next();
}

QSqlQuery StoreDatabase::select(const QString& sql, const QVariantList& binds, StoreError* error)
{
    QSqlDatabase db = connection();
    for (int attempt = 0;; ++attempt) {
        QSqlQuery q(db);
        if (!db.isOpen()) {
            fail(error, openError(db));
            return q;
        }
        q.setForwardOnly(true);
        bool ok = q.prepare(sql);
        for (qsizetype i = 0; ok && i < binds.size(); ++i)
            q.bindValue(int(i), binds[i]);
        if (ok && q.exec())
            return q;
        if (attempt == 0 && reconnectIfDead(db))
            continue;
        fail(error, q);
        return q;
    }
}

bool StoreDatabase::exec(QSqlDatabase& db, const QString& sql, const QVariantList& binds, StoreError* error)
{
    QSqlQuery q(db);
    if (binds.isEmpty()) // transaction control cannot be a prepared statement on PostgreSQL
        return q.exec(sql) || fail(error, q);
    if (!q.prepare(sql))
        return fail(error, q);
    for (const QVariant& v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return fail(error, q);
    return true;
}

bool StoreDatabase::transaction(StoreError* error, const std::function<bool(QSqlDatabase&, StoreError*)>& work)
{
    QSqlDatabase db = connection();
    if (!db.isOpen())
        return fail(error, openError(db));
    bool reconnected = false;
    for (int attempt = 0;; ++attempt) {
        StoreError local;
        if (!exec(db, m_dialect.begin(), {}, &local)) {
            if (!reconnected && reconnectIfDead(db)) {
                reconnected = true;
                continue;
            }
            if (error)
                *error = local;
            return false;
        }
        StoreError failure;
        if (work(db, &failure) && exec(db, u"COMMIT"_s, {}, &failure)) {
            return true;
        }
        exec(db, u"ROLLBACK"_s);
        // A deadlock victim, or a connection that died under the transaction: the whole
        // transaction runs again (it was rolled back).
        bool retryable = failure.message.contains(u"deadlock"_s) || failure.message.contains(u"could not serialize"_s);
        if (!retryable && !reconnected && reconnectIfDead(db))
            retryable = reconnected = true;
        if (!retryable || attempt >= 3) {
            if (error)
                *error = failure;
            return false;
        }
    }
}

std::optional<qint64> StoreDatabase::lockCounter(QSqlDatabase& db, const QString& stream, StoreError* error)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT value FROM counters WHERE name = ?"_s + m_dialect.forUpdate());
    q.addBindValue(stream);
    if (!q.exec() || !q.next())
        return fail(error, q), std::nullopt;
    return q.value(0).toLongLong();
}

bool StoreDatabase::storeCounter(QSqlDatabase& db, const QString& stream, qint64 value, StoreError* error)
{
    return exec(db, u"UPDATE counters SET value = ? WHERE name = ?"_s, {value, stream}, error);
}

bool StoreDatabase::fail(StoreError* error, const QSqlQuery& q)
{
    const QSqlError e = q.lastError();
    if (e.type() == QSqlError::ConnectionError) {
        QSqlDatabase db = QSqlDatabase::database(connectionName(), false);
        db.close();
    }
    return fail(error, e.text().isEmpty() ? u"the query failed"_s : e.text());
}

bool StoreDatabase::fail(StoreError* error, const QString& message)
{
    return fail(error, StoreError::Kind::Unavailable, message);
}

bool StoreDatabase::fail(StoreError* error, StoreError::Kind kind, const QString& message)
{
    if (error && !*error)
        *error = {kind, message};
    return false;
}

QString idString(const QUuid& id)
{
    return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}

QVariant nullableId(const QUuid& id)
{
    return id.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(idString(id));
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QVariant& v)
{
    return QJsonDocument::fromJson(v.toByteArray()).object();
}

ChangePage readPage(QSqlQuery& q, int limit)
{
    ChangePage page;
    while (q.next()) {
        if (page.items.size() == limit) {
            page.hasMore = true;
            break;
        }
        page.items.append({q.value(0).toLongLong(), q.value(1).toByteArray()});
    }
    return page;
}

} // namespace htmse::server
