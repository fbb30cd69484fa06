// SqlCipherDriver: an in-process Qt SQL driver over the SQLCipher C API, using only the public
// QSqlDriver/QSqlResult API. It refuses to run on plain SQLite, pins the cipher settings,
// checks the key before open() returns, and streams forward-only results row by row.
#pragma once

#include "core/SecureBytes.h"

#include <QSqlDriver>
#include <QSqlError>

struct sqlite3;

namespace htmse {

class SqlCipherResult;

class SqlCipherDriver : public QSqlDriver
{
    Q_OBJECT
    friend class SqlCipherResult;

public:
    static constexpr int kPageSize = 4096;
    static const QString kDriverName; // "HTMSE_SQLCIPHER"
    // Registers the driver with QSqlDatabase (idempotent).
    static void registerDriver();

    explicit SqlCipherDriver(QObject* parent = nullptr);
    ~SqlCipherDriver() override;

    // The raw 32-byte key for the next open(); copied into guarded memory and wiped once the
    // database is open (or the open failed). Without a key open() fails, unless
    // allowUnencrypted() was called (benchmarks compare against the unkeyed engine).
    void setKey(const SecureBytes& key);
    void allowUnencrypted(bool allow) { m_allowUnencrypted = allow; }
    // Re-encrypts the whole database with a new raw key (PRAGMA rekey).
    bool rekey(const SecureBytes& newKey);
    QString cipherVersion() const { return m_cipherVersion; }

    bool hasFeature(DriverFeature feature) const override;
    bool open(const QString& db, const QString& user, const QString& password, const QString& host, int port,
              const QString& connOpts) override;
    void close() override;
    QSqlResult* createResult() const override;
    bool beginTransaction() override;
    bool commitTransaction() override;
    bool rollbackTransaction() override;
    QStringList tables(QSql::TableType type) const override;
    QSqlRecord record(const QString& tableName) const override;
    QSqlIndex primaryIndex(const QString& tableName) const override;
    QVariant handle() const override;
    QString escapeIdentifier(const QString& identifier, IdentifierType type) const override;

private:
    bool exec(const char* sql, QSqlError::ErrorType type, const QString& what);
    QSqlError makeError(const QString& what, QSqlError::ErrorType type, int code) const;
    void failOpen(const QSqlError& error);

    sqlite3* m_db = nullptr;
    SecureBytes m_pendingKey;
    bool m_allowUnencrypted = false;
    QString m_cipherVersion;
    mutable QList<SqlCipherResult*> m_results; // finalized on close()
};

} // namespace htmse
