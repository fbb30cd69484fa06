// SqlCipherResult: one statement on an SqlCipherDriver connection. Forward-only queries stream
// straight from sqlite3_step; scrollable ones (QSqlQueryModel) keep the rows fetched so far.
#pragma once

#include <QList>
#include <QSqlError>
#include <QSqlRecord>
#include <QSqlResult>
#include <QVariant>

struct sqlite3_stmt;

namespace htmse {

class SqlCipherDriver;

class SqlCipherResult : public QSqlResult
{
public:
    explicit SqlCipherResult(const SqlCipherDriver* driver);
    ~SqlCipherResult() override;

    void finalize(); // releases the statement (the driver calls it on close)

protected:
    QVariant data(int field) override;
    bool isNull(int field) override;
    bool reset(const QString& query) override;
    bool prepare(const QString& query) override;
    bool exec() override;
    bool fetch(int index) override;
    bool fetchFirst() override;
    bool fetchLast() override;
    bool fetchNext() override;
    int size() override;
    int numRowsAffected() override;
    QVariant lastInsertId() const override;
    QSqlRecord record() const override;
    void detachFromResultSet() override;
    QVariant handle() const override;

private:
    bool step(); // advances the statement; fills the cache when scrollable
    QVariant columnValue(int column) const;
    void setError(const QString& what, QSqlError::ErrorType type, int rc);
    void cleanup();

    sqlite3_stmt* m_stmt = nullptr;
    bool m_pendingRow = false; // exec() stepped onto the first row already
    bool m_done = false;       // the statement has no more rows
    int m_rowsStepped = 0;
    bool m_lastRowOnly = false; // forward-only fetchLast(): the one row kept in m_cache
    int m_affected = -1;
    QSqlRecord m_record;
    QList<QList<QVariant>> m_cache; // scrollable mode only
};

} // namespace htmse
