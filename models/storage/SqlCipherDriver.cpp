#include "storage/SqlCipherDriver.h"

#include "storage/SqlCipherResult.h"

#include <QLoggingCategory>
#include <QSqlField>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QSqlRecord>

#include <cstring>
#include <sodium.h>
#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcSqlCipher, "htmse.storage.sqlcipher")

namespace htmse {

using namespace Qt::StringLiterals;

const QString SqlCipherDriver::kDriverName = u"HTMSE_SQLCIPHER"_s;

void SqlCipherDriver::registerDriver()
{
    if (!QSqlDatabase::isDriverAvailable(kDriverName))
        QSqlDatabase::registerSqlDriver(kDriverName, new QSqlDriverCreator<SqlCipherDriver>);
}

SqlCipherDriver::SqlCipherDriver(QObject* parent)
    : QSqlDriver(parent)
{}

SqlCipherDriver::~SqlCipherDriver()
{
    close();
}

void SqlCipherDriver::setKey(const SecureBytes& key)
{
    m_pendingKey = SecureBytes::copyOf(key.view());
}

bool SqlCipherDriver::hasFeature(DriverFeature feature) const
{
    switch (feature) {
    case Transactions:
    case PreparedQueries:
    case PositionalPlaceholders:
    case Unicode:
    case LastInsertId:
    case BLOB:
    case LowPrecisionNumbers:
    case FinishQuery:
        return true;
    case QuerySize:
    case NamedPlaceholders: // QSqlResult turns :name into ? for us, duplicates included
    case BatchOperations:
    case SimpleLocking:
    case EventNotifications:
    case MultipleResultSets:
    case CancelQuery:
        return false;
    }
    return false;
}

QSqlError SqlCipherDriver::makeError(const QString& what, QSqlError::ErrorType type, int code) const
{
    const QString text = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString::fromUtf8(sqlite3_errstr(code));
    return QSqlError(what, text, type, QString::number(code));
}

void SqlCipherDriver::failOpen(const QSqlError& error)
{
    m_pendingKey.wipe();
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
    setLastError(error);
    setOpenError(true);
}

bool SqlCipherDriver::exec(const char* sql, QSqlError::ErrorType type, const QString& what)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        setLastError(QSqlError(what, message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errstr(rc)), type,
                               QString::number(rc)));
        sqlite3_free(message);
        return false;
    }
    return true;
}

namespace {
// x'<hex>': SQLCipher takes such a key as raw bytes, bypassing its own KDF. Built in guarded
// memory, never in a QString.
SecureBytes rawKeyLiteral(const SecureBytes& key)
{
    SecureBytes literal(key.size() * 2 + 3);
    char* out = reinterpret_cast<char*>(literal.data());
    out[0] = 'x';
    out[1] = '\'';
    SecureBytes hex(key.size() * 2 + 1);
    sodium_bin2hex(reinterpret_cast<char*>(hex.data()), hex.size(), key.data(), key.size());
    std::memcpy(out + 2, hex.data(), key.size() * 2);
    out[literal.size() - 1] = '\'';
    return literal;
}

// One text value of a single-row pragma/query; empty when there is none.
QString singleText(sqlite3* db, const char* sql, int* rcOut = nullptr)
{
    sqlite3_stmt* stmt = nullptr;
    QString out;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            if (const auto* text = sqlite3_column_text(stmt, 0))
                out = QString::fromUtf8(reinterpret_cast<const char*>(text));
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(stmt);
    if (rcOut)
        *rcOut = rc;
    return out;
}
} // namespace

bool SqlCipherDriver::open(const QString& db, const QString&, const QString&, const QString&, int,
                           const QString& connOpts)
{
    if (isOpen())
        close();
    const bool readOnly = connOpts.split(u';').contains(u"READONLY"_s, Qt::CaseInsensitive);
    const int flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
    const int rc = sqlite3_open_v2(db.toUtf8().constData(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        failOpen(makeError(tr("Cannot open %1").arg(db), QSqlError::ConnectionError, rc));
        return false;
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 5000);

    // Plain SQLite answers nothing here: refuse, so a mis-link can never write plaintext.
    m_cipherVersion = singleText(m_db, "PRAGMA cipher_version");
    if (m_cipherVersion.isEmpty()) {
        failOpen(QSqlError(tr("SQLCipher is not available"),
                           tr("the SQLite library in use has no encryption (PRAGMA cipher_version is empty)"),
                           QSqlError::ConnectionError));
        return false;
    }

    if (!m_pendingKey.isEmpty()) {
        const SecureBytes literal = rawKeyLiteral(m_pendingKey);
        const int keyRc = sqlite3_key(m_db, literal.data(), int(literal.size()));
        m_pendingKey.wipe();
        if (keyRc != SQLITE_OK) {
            failOpen(makeError(tr("Cannot set the database key"), QSqlError::ConnectionError, keyRc));
            return false;
        }
        // Pinned cipher settings: set before the first read, verified below.
        if (!exec("PRAGMA cipher_page_size = 4096; PRAGMA cipher_use_hmac = ON;", QSqlError::ConnectionError,
                  tr("Cannot set the cipher settings"))) {
            failOpen(lastError());
            return false;
        }
    } else if (!m_allowUnencrypted) {
        failOpen(QSqlError(tr("No database key"), tr("an encrypted database needs a key"), QSqlError::ConnectionError));
        return false;
    }

    // The first read proves the key (and the settings): a wrong key reads as "not a database".
    int readRc = SQLITE_OK;
    singleText(m_db, "SELECT count(*) FROM sqlite_master", &readRc);
    if (readRc != SQLITE_OK) {
        const bool wrongKey = (readRc & 0xff) == SQLITE_NOTADB;
        failOpen(QSqlError(wrongKey ? tr("Wrong key, or not an HTMSE database") : tr("Cannot read %1").arg(db),
                           QString::fromUtf8(sqlite3_errstr(readRc)), QSqlError::ConnectionError,
                           QString::number(readRc)));
        return false;
    }
    if (!m_allowUnencrypted || !m_cipherVersion.isEmpty()) {
        const QString pageSize = singleText(m_db, "PRAGMA cipher_page_size");
        if (!m_allowUnencrypted && pageSize != QString::number(kPageSize)) {
            failOpen(QSqlError(tr("Unexpected cipher settings"), tr("page size %1").arg(pageSize),
                               QSqlError::ConnectionError));
            return false;
        }
    }
    // No temporary files (sorts, indices) on disk; overwrite deleted content (erasure);
    // WAL for crash safety with concurrent readers; foreign keys on. A 64 MiB page cache: the
    // directory's indexes are keyed by random UUIDs, and with SQLite's default 2 MiB every batch
    // of an import or a sync page re-reads (and decrypts) most of their pages — 100,000 profiles
    // imported at a third of the speed.
    if (!exec("PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON; "
              "PRAGMA cache_size = -65536;",
              QSqlError::ConnectionError, tr("Cannot configure the database")) ||
        (!readOnly && singleText(m_db, "PRAGMA journal_mode = WAL").compare(u"wal"_s, Qt::CaseInsensitive) != 0)) {
        failOpen(lastError().isValid() ? lastError()
                                       : QSqlError(tr("Cannot switch to WAL"), {}, QSqlError::ConnectionError));
        return false;
    }
    setOpen(true);
    setOpenError(false);
    return true;
}

void SqlCipherDriver::close()
{
    m_pendingKey.wipe();
    if (!m_db)
        return;
    for (SqlCipherResult* result : std::as_const(m_results))
        result->finalize();
    m_results.clear();
    const int rc = sqlite3_close(m_db);
    if (rc != SQLITE_OK) {
        qCWarning(lcSqlCipher) << "closing with unfinalized statements:" << sqlite3_errstr(rc);
        sqlite3_close_v2(m_db);
    }
    m_db = nullptr;
    setOpen(false);
    setOpenError(false);
}

bool SqlCipherDriver::rekey(const SecureBytes& newKey)
{
    if (!m_db || newKey.isEmpty())
        return false;
    const SecureBytes literal = rawKeyLiteral(newKey);
    const int rc = sqlite3_rekey(m_db, literal.data(), int(literal.size()));
    if (rc != SQLITE_OK) {
        setLastError(makeError(tr("Cannot change the database key"), QSqlError::TransactionError, rc));
        return false;
    }
    return true;
}

QSqlResult* SqlCipherDriver::createResult() const
{
    auto* result = new SqlCipherResult(this);
    m_results.append(result);
    return result;
}

bool SqlCipherDriver::beginTransaction()
{
    return isOpen() && exec("BEGIN IMMEDIATE", QSqlError::TransactionError, tr("Cannot begin a transaction"));
}

bool SqlCipherDriver::commitTransaction()
{
    return isOpen() && exec("COMMIT", QSqlError::TransactionError, tr("Cannot commit"));
}

bool SqlCipherDriver::rollbackTransaction()
{
    return isOpen() && exec("ROLLBACK", QSqlError::TransactionError, tr("Cannot roll back"));
}

QStringList SqlCipherDriver::tables(QSql::TableType type) const
{
    QStringList out;
    if (!isOpen())
        return out;
    QStringList kinds;
    if (type & QSql::Tables)
        kinds << u"'table'"_s;
    if (type & QSql::Views)
        kinds << u"'view'"_s;
    if (!kinds.isEmpty()) {
        QSqlQuery q(createResult());
        q.setForwardOnly(true);
        q.exec(u"SELECT name FROM sqlite_master WHERE type IN (%1) AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
               "ORDER BY name"_s.arg(kinds.join(u',')));
        while (q.next())
            out.append(q.value(0).toString());
    }
    if (type & QSql::SystemTables)
        out.append(u"sqlite_master"_s);
    return out;
}

namespace {
QMetaType typeFromDeclaration(const QString& declared)
{
    const QString t = declared.toUpper();
    if (t.contains(u"INT"_s))
        return QMetaType(QMetaType::LongLong);
    if (t.contains(u"CHAR"_s) || t.contains(u"CLOB"_s) || t.contains(u"TEXT"_s))
        return QMetaType(QMetaType::QString);
    if (t.contains(u"BLOB"_s) || t.isEmpty())
        return QMetaType(QMetaType::QByteArray);
    if (t.contains(u"REAL"_s) || t.contains(u"FLOA"_s) || t.contains(u"DOUB"_s))
        return QMetaType(QMetaType::Double);
    if (t.contains(u"BOOL"_s))
        return QMetaType(QMetaType::Bool);
    return QMetaType(QMetaType::QString);
}
} // namespace

namespace {
QString unquoted(const QString& table)
{
    return table.size() > 1 && table.startsWith(u'"') && table.endsWith(u'"') ? table.mid(1, table.size() - 2) : table;
}
} // namespace

QSqlRecord SqlCipherDriver::record(const QString& tableName) const
{
    QSqlRecord rec;
    if (!isOpen())
        return rec;
    const QString table = unquoted(tableName);
    QSqlQuery q(createResult());
    q.setForwardOnly(true);
    q.exec(u"PRAGMA table_info(%1)"_s.arg(escapeIdentifier(table, TableName)));
    while (q.next()) {
        // cid, name, type, notnull, dflt_value, pk
        QSqlField field(q.value(1).toString(), typeFromDeclaration(q.value(2).toString()), table);
        field.setRequired(q.value(3).toInt() != 0);
        field.setDefaultValue(q.value(4));
        field.setAutoValue(q.value(5).toInt() == 1 &&
                           q.value(2).toString().compare(u"INTEGER"_s, Qt::CaseInsensitive) == 0);
        rec.append(field);
    }
    return rec;
}

QSqlIndex SqlCipherDriver::primaryIndex(const QString& tableName) const
{
    QSqlIndex index(tableName);
    if (!isOpen())
        return index;
    const QString table = unquoted(tableName);
    QSqlQuery q(createResult());
    q.setForwardOnly(true);
    q.exec(u"PRAGMA table_info(%1)"_s.arg(escapeIdentifier(table, TableName)));
    QList<std::pair<int, QSqlField>> keyFields;
    while (q.next()) {
        if (const int pk = q.value(5).toInt(); pk > 0)
            keyFields.append({pk, QSqlField(q.value(1).toString(), typeFromDeclaration(q.value(2).toString()), table)});
    }
    std::sort(keyFields.begin(), keyFields.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [position, field] : keyFields)
        index.append(field);
    if (!index.isEmpty())
        index.setName(table);
    return index;
}

QVariant SqlCipherDriver::handle() const
{
    return QVariant::fromValue(static_cast<void*>(m_db));
}

QString SqlCipherDriver::escapeIdentifier(const QString& identifier, IdentifierType) const
{
    QString inner = identifier;
    if (inner.size() > 1 && inner.startsWith(u'"') && inner.endsWith(u'"'))
        return inner;
    inner.replace(u'"', u"\"\""_s);
    return u'"' + inner + u'"';
}

} // namespace htmse
