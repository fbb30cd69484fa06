#include "storage/SqlCipherResult.h"

#include "storage/SqlCipherDriver.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlField>

#include <sqlite3.h>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
sqlite3* dbOf(const QSqlDriver* driver)
{
    return driver ? static_cast<sqlite3*>(driver->handle().value<void*>()) : nullptr;
}

QMetaType metaTypeOf(sqlite3_stmt* stmt, int column)
{
    const char* declared = sqlite3_column_decltype(stmt, column);
    const QString t = declared ? QString::fromUtf8(declared).toUpper() : QString();
    if (t.contains(u"INT"_s))
        return QMetaType(QMetaType::LongLong);
    if (t.contains(u"REAL"_s) || t.contains(u"FLOA"_s) || t.contains(u"DOUB"_s))
        return QMetaType(QMetaType::Double);
    if (t.contains(u"BLOB"_s))
        return QMetaType(QMetaType::QByteArray);
    if (t.contains(u"BOOL"_s))
        return QMetaType(QMetaType::Bool);
    switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
        return QMetaType(QMetaType::LongLong);
    case SQLITE_FLOAT:
        return QMetaType(QMetaType::Double);
    case SQLITE_BLOB:
        return QMetaType(QMetaType::QByteArray);
    default:
        return QMetaType(QMetaType::QString);
    }
}
} // namespace

SqlCipherResult::SqlCipherResult(const SqlCipherDriver* driver)
    : QSqlResult(driver)
{}

SqlCipherResult::~SqlCipherResult()
{
    finalize();
    if (const auto* d = static_cast<const SqlCipherDriver*>(driver()))
        d->m_results.removeOne(this);
}

void SqlCipherResult::finalize()
{
    if (m_stmt) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

void SqlCipherResult::cleanup()
{
    finalize();
    m_pendingRow = false;
    m_done = false;
    m_rowsStepped = 0;
    m_lastRowOnly = false;
    m_affected = -1;
    m_record.clear();
    m_cache.clear();
    setAt(QSql::BeforeFirstRow);
    setActive(false);
    setSelect(false);
}

void SqlCipherResult::setError(const QString& what, QSqlError::ErrorType type, int rc)
{
    sqlite3* db = dbOf(driver());
    setLastError(QSqlError(what, db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc)),
                           type, QString::number(rc)));
}

bool SqlCipherResult::reset(const QString& query)
{
    return prepare(query) && exec();
}

bool SqlCipherResult::prepare(const QString& query)
{
    cleanup();
    sqlite3* db = dbOf(driver());
    if (!db || !driver()->isOpen()) {
        setLastError(QSqlError(u"Database not open"_s, {}, QSqlError::ConnectionError));
        return false;
    }
    const QByteArray sql = query.toUtf8();
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.constData(), int(sql.size() + 1), &m_stmt, &tail);
    if (rc != SQLITE_OK) {
        setError(QCoreApplication::translate("htmse::SqlCipherResult", "Cannot prepare the statement"),
                 QSqlError::StatementError, rc);
        finalize();
        return false;
    }
    if (tail && *tail && QByteArray(tail).trimmed().size() > 0) {
        setLastError(
            QSqlError(u"Cannot prepare the statement"_s, u"only one statement at a time"_s, QSqlError::StatementError));
        finalize();
        return false;
    }
    return true;
}

bool SqlCipherResult::exec()
{
    if (!m_stmt)
        return false;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_pendingRow = false;
    m_done = false;
    m_rowsStepped = 0;
    m_lastRowOnly = false;
    m_cache.clear();
    m_record.clear();
    setAt(QSql::BeforeFirstRow);
    setActive(false);
    setLastError(QSqlError());

    const QVariantList values = boundValues();
    const int parameters = sqlite3_bind_parameter_count(m_stmt);
    if (parameters != values.size()) {
        setLastError(
            QSqlError(u"Parameter count mismatch"_s,
                      u"the statement has %1 parameters, %2 values were bound"_s.arg(parameters).arg(values.size()),
                      QSqlError::StatementError));
        return false;
    }
    for (int i = 0; i < parameters; ++i) {
        const QVariant& v = values.at(i);
        int rc = SQLITE_OK;
        if (v.isNull() || !v.isValid()) {
            rc = sqlite3_bind_null(m_stmt, i + 1);
        } else {
            switch (v.metaType().id()) {
            case QMetaType::QByteArray: {
                const QByteArray bytes = v.toByteArray();
                rc = sqlite3_bind_blob64(m_stmt, i + 1, bytes.constData(), sqlite3_uint64(bytes.size()),
                                         SQLITE_TRANSIENT);
                break;
            }
            case QMetaType::Int:
            case QMetaType::Bool:
            case QMetaType::Short:
            case QMetaType::Char:
            case QMetaType::SChar:
            case QMetaType::UChar:
            case QMetaType::UShort:
            case QMetaType::UInt:
            case QMetaType::Long:
            case QMetaType::LongLong:
                rc = sqlite3_bind_int64(m_stmt, i + 1, v.toLongLong());
                break;
            case QMetaType::ULong:
            case QMetaType::ULongLong:
                if (v.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
                    rc = sqlite3_bind_double(m_stmt, i + 1, v.toDouble());
                else
                    rc = sqlite3_bind_int64(m_stmt, i + 1, v.toLongLong());
                break;
            case QMetaType::Double:
            case QMetaType::Float:
                rc = sqlite3_bind_double(m_stmt, i + 1, v.toDouble());
                break;
            case QMetaType::QDateTime: {
                const QString iso = v.toDateTime().toUTC().toString(Qt::ISODateWithMs);
                rc = sqlite3_bind_text16(m_stmt, i + 1, iso.utf16(), int(iso.size() * 2), SQLITE_TRANSIENT);
                break;
            }
            default: {
                const QString text = v.toString();
                rc = sqlite3_bind_text16(m_stmt, i + 1, text.utf16(), int(text.size() * 2), SQLITE_TRANSIENT);
                break;
            }
            }
        }
        if (rc != SQLITE_OK) {
            setError(u"Cannot bind value %1"_s.arg(i + 1), QSqlError::StatementError, rc);
            return false;
        }
    }

    const int rc = sqlite3_step(m_stmt);
    const int columns = sqlite3_column_count(m_stmt);
    if (rc == SQLITE_ROW) {
        m_pendingRow = true;
    } else if (rc == SQLITE_DONE) {
        m_done = true;
    } else {
        setError(QCoreApplication::translate("htmse::SqlCipherResult", "Cannot execute the statement"),
                 QSqlError::StatementError, rc);
        sqlite3_reset(m_stmt);
        return false;
    }
    for (int c = 0; c < columns; ++c) {
        QSqlField field(QString::fromUtf8(sqlite3_column_name(m_stmt, c)), metaTypeOf(m_stmt, c));
        if (const char* table = sqlite3_column_table_name(m_stmt, c))
            field.setTableName(QString::fromUtf8(table));
        m_record.append(field);
    }
    m_affected = columns > 0 ? 0 : sqlite3_changes(dbOf(driver()));
    setSelect(columns > 0);
    setActive(true);
    if (!isSelect())
        sqlite3_reset(m_stmt); // release locks now that the change is done
    return true;
}

bool SqlCipherResult::step()
{
    if (m_pendingRow) {
        m_pendingRow = false;
    } else {
        if (m_done || !m_stmt)
            return false;
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_DONE) {
            m_done = true;
            sqlite3_reset(m_stmt);
            return false;
        }
        if (rc != SQLITE_ROW) {
            setError(QCoreApplication::translate("htmse::SqlCipherResult", "Cannot fetch the next row"),
                     QSqlError::StatementError, rc);
            m_done = true;
            return false;
        }
    }
    ++m_rowsStepped;
    if (!isForwardOnly()) {
        QList<QVariant> row;
        row.reserve(m_record.count());
        for (int c = 0; c < m_record.count(); ++c)
            row.append(columnValue(c));
        m_cache.append(std::move(row));
    }
    return true;
}

bool SqlCipherResult::fetchNext()
{
    if (!isActive() || !isSelect())
        return false;
    if (!isForwardOnly())
        return fetch(at() < 0 ? 0 : at() + 1); // serves cached rows, steps only past them
    if (!step()) {
        setAt(QSql::AfterLastRow);
        return false;
    }
    setAt(at() < 0 ? 0 : at() + 1);
    return true;
}

bool SqlCipherResult::fetch(int index)
{
    if (!isActive() || !isSelect() || index < 0)
        return false;
    if (isForwardOnly()) {
        // Forward-only: only onwards, by stepping.
        if (index < at())
            return false;
        while (at() < index || at() < 0)
            if (!fetchNext())
                return false;
        return at() == index;
    }
    while (index >= m_cache.size())
        if (!step()) {
            setAt(QSql::AfterLastRow);
            return false;
        }
    setAt(index);
    return true;
}

bool SqlCipherResult::fetchFirst()
{
    if (isForwardOnly() && at() != QSql::BeforeFirstRow)
        return false;
    return fetch(0);
}

bool SqlCipherResult::fetchLast()
{
    if (!isActive() || !isSelect())
        return false;
    if (isForwardOnly()) {
        // Streaming: keep a copy of the most recent row only, since stepping past it loses it.
        QList<QVariant> last;
        while (step()) {
            last.clear();
            for (int c = 0; c < m_record.count(); ++c)
                last.append(columnValue(c));
        }
        if (m_rowsStepped == 0)
            return false;
        m_cache = {last};
        m_lastRowOnly = true;
        setAt(m_rowsStepped - 1);
        return true;
    }
    while (step()) {
    }
    if (m_cache.isEmpty())
        return false;
    setAt(int(m_cache.size() - 1));
    return true;
}

QVariant SqlCipherResult::columnValue(int column) const
{
    switch (sqlite3_column_type(m_stmt, column)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_stmt, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_stmt, column));
    case SQLITE_BLOB: {
        const void* blob = sqlite3_column_blob(m_stmt, column);
        const int bytes = sqlite3_column_bytes(m_stmt, column);
        return QVariant(QByteArray(static_cast<const char*>(blob), bytes));
    }
    case SQLITE_NULL:
        return QVariant(m_record.field(column).metaType());
    default: {
        const auto* text = static_cast<const char16_t*>(sqlite3_column_text16(m_stmt, column));
        const int bytes = sqlite3_column_bytes16(m_stmt, column);
        return QVariant(QString::fromUtf16(text, bytes / 2));
    }
    }
}

QVariant SqlCipherResult::data(int field)
{
    if (field < 0 || field >= m_record.count() || at() < 0)
        return {};
    if (m_lastRowOnly)
        return m_cache.constFirst().at(field);
    if (!isForwardOnly())
        return at() < m_cache.size() ? m_cache.at(at()).at(field) : QVariant();
    return columnValue(field);
}

bool SqlCipherResult::isNull(int field)
{
    if (field < 0 || field >= m_record.count() || at() < 0)
        return true;
    if (m_lastRowOnly)
        return m_cache.constFirst().at(field).isNull();
    if (!isForwardOnly())
        return at() >= m_cache.size() || m_cache.at(at()).at(field).isNull();
    return sqlite3_column_type(m_stmt, field) == SQLITE_NULL;
}

int SqlCipherResult::size()
{
    return -1; // SQLite cannot tell without reading every row
}

int SqlCipherResult::numRowsAffected()
{
    return m_affected;
}

QVariant SqlCipherResult::lastInsertId() const
{
    sqlite3* db = dbOf(driver());
    if (!db)
        return {};
    const qint64 id = sqlite3_last_insert_rowid(db);
    return id == 0 ? QVariant() : QVariant(id);
}

QSqlRecord SqlCipherResult::record() const
{
    return isActive() && isSelect() ? m_record : QSqlRecord();
}

void SqlCipherResult::detachFromResultSet()
{
    if (m_stmt)
        sqlite3_reset(m_stmt);
    m_done = true;
    m_pendingRow = false;
}

QVariant SqlCipherResult::handle() const
{
    return QVariant::fromValue(static_cast<void*>(m_stmt));
}

} // namespace htmse
