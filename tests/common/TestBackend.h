// TestBackend: a fresh, empty server store for one test run: a temporary directory for the
// embedded SQLite backend, or a new database in the PostgreSQL that scripts/test starts
// (HTMSE_TEST_PG_URL). HTMSE_TEST_BACKEND picks the backend; without a PostgreSQL the
// PostgreSQL run skips, unless HTMSE_REQUIRE_POSTGRES=1 makes that a failure.
#pragma once

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

// In a test's initTestCase: sets the backend up, skipping when PostgreSQL is absent and not
// required, failing on any other problem.
#define HTMSE_SET_UP_BACKEND(backend)                                                                                  \
    do {                                                                                                               \
        const QString problem_ = (backend).setUp();                                                                    \
        if (problem_.startsWith(QLatin1StringView("skip: ")))                                                          \
            QSKIP(qPrintable(problem_.mid(6)));                                                                        \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                                            \
    } while (false)

namespace htmse::test {

class TestBackend
{
public:
    static QString name()
    {
        const QString b = qEnvironmentVariable("HTMSE_TEST_BACKEND");
        return b.isEmpty() ? QStringLiteral("sqlite") : b;
    }
    static bool isPostgres() { return name() == QLatin1StringView("postgresql"); }
    static bool postgresRequired() { return qEnvironmentVariable("HTMSE_REQUIRE_POSTGRES") == QLatin1StringView("1"); }
    static QUrl adminUrl() { return QUrl(qEnvironmentVariable("HTMSE_TEST_PG_URL")); }

    TestBackend() = default;
    TestBackend(const TestBackend&) = delete;
    TestBackend& operator=(const TestBackend&) = delete;
    ~TestBackend() { tearDown(); }

    // Empty string on success; "skip: ..." when PostgreSQL is absent and not required.
    QString setUp()
    {
        if (!isPostgres()) {
            m_dir = std::make_unique<QTemporaryDir>();
            return m_dir->isValid() ? QString() : QStringLiteral("cannot create a temporary directory");
        }
        if (adminUrl().isEmpty())
            return postgresRequired() ? QStringLiteral("HTMSE_TEST_PG_URL is not set but PostgreSQL is required")
                                      : QStringLiteral("skip: no PostgreSQL (HTMSE_TEST_PG_URL is not set)");
        m_database = QStringLiteral("htmse_test_%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
        QString error;
        if (!admin(QStringLiteral("CREATE DATABASE %1").arg(m_database), &error))
            return error;
        return {};
    }

    void tearDown()
    {
        if (!m_database.isEmpty()) {
            QString ignored;
            admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_database), &ignored);
            m_database.clear();
        }
        m_dir.reset();
    }

    // The store options of htmse-server for this backend.
    QStringList storeArguments() const
    {
        if (!isPostgres())
            return {QStringLiteral("--data-dir"), m_dir->path()};
        return {QStringLiteral("--database"), databaseUrl().toString()};
    }

    QUrl databaseUrl() const
    {
        QUrl url = adminUrl();
        url.setPath(u'/' + m_database);
        return url;
    }

    QString dataDir() const { return m_dir ? m_dir->path() : QString(); }

    // A Qt SQL connection to the test database (for tests that look at rows directly).
    QSqlDatabase open(const QString& connectionName) const
    {
        if (!isPostgres()) {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
            db.setDatabaseName(m_dir->filePath(QStringLiteral("htmse-server.sqlite")));
            db.open();
            return db;
        }
        return openPostgres(databaseUrl(), connectionName);
    }

    static QSqlDatabase openPostgres(const QUrl& url, const QString& connectionName)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        const QUrlQuery q(url);
        db.setHostName(q.hasQueryItem(QStringLiteral("host")) ? q.queryItemValue(QStringLiteral("host")) : url.host());
        if (url.port() > 0)
            db.setPort(url.port());
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setDatabaseName(url.path().mid(1));
        db.open();
        return db;
    }

private:
    bool admin(const QString& sql, QString* error) const
    {
        const QString name = QStringLiteral("htmse-test-admin");
        bool ok = false;
        {
            QSqlDatabase db = openPostgres(adminUrl(), name);
            if (!db.isOpen()) {
                *error = QStringLiteral("cannot connect to PostgreSQL: ") + db.lastError().text();
            } else {
                QSqlQuery q(db);
                ok = q.exec(sql);
                if (!ok)
                    *error = q.lastError().text();
            }
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_database;
};

} // namespace htmse::test
