// SyncServerFixture: a real htmse-server on loopback for the sync tests, on the backend
// HTMSE_TEST_BACKEND names: two organisations with caseworkers, a professional with an
// account linked to a seeded directory profile, and a seeded directory.
#pragma once

#include "common/ApiClient.h"
#include "common/RunProcess.h"
#include "common/ServerProcess.h"
#include "common/TestBackend.h"

#include <QJsonArray>
#include <QSet>

namespace htmse::test {

class SyncServerFixture
{
public:
    static constexpr const char* kPassword = "a long test password";

    // Empty on success, "skip: ..." when the backend is absent, else the problem.
    QString setUp(int profiles)
    {
        if (const QString problem = m_backend.setUp(); !problem.isEmpty())
            return problem;
        if (const Run r = admin({QStringLiteral("migrate")}); r.exitCode != 0)
            return QString::fromUtf8("migrate: " + r.err);
        for (const char* org : {"Org A", "Org B", "Practitioners"})
            if (const Run r = admin({QStringLiteral("create-org"), QStringLiteral("--name"), QLatin1StringView(org)});
                r.exitCode != 0)
                return QString::fromUtf8("create-org: " + r.err);
        const Run seeded = admin({QStringLiteral("seed"), QStringLiteral("--profiles"), QString::number(profiles),
                                  QStringLiteral("--seed"), QStringLiteral("11")});
        if (seeded.exitCode != 0)
            return QString::fromUtf8("seed: " + seeded.err);
        for (const auto& [org, user] : {std::pair{"Org A", "a1"}, std::pair{"Org A", "a2"}, std::pair{"Org B", "b1"}})
            if (!createUser(QLatin1StringView(org), QLatin1StringView(user), QStringLiteral("caseworker")))
                return QStringLiteral("create-user failed");
        if (!m_server.start(qEnvironmentVariable("HTMSE_SERVER"),
                            m_backend.storeArguments() +
                                QStringList{QStringLiteral("--rate-limit-ip"), QStringLiteral("0"),
                                            QStringLiteral("--rate-limit-token"), QStringLiteral("0"),
                                            // Many devices sign in from one test address.
                                            QStringLiteral("--rate-limit-sign-in"), QStringLiteral("0")}))
            return QString::fromUtf8("the server did not start: " + m_server.log());
        m_api.setBase(m_server.url());
        const QByteArray token = m_api.signIn(QStringLiteral("a1"), QLatin1StringView(kPassword));
        const QJsonArray directory = m_api.all(QStringLiteral("/api/v1/directory/changes"), token, 1000);
        for (const QJsonValue& v : directory)
            if (v[QStringLiteral("kind")].toString() == QLatin1StringView("professional")) {
                m_professionalIds.append(v[QStringLiteral("id")].toString());
                if (!v[QStringLiteral("deleted")].toBool())
                    m_liveProfessionals.insert(v[QStringLiteral("id")].toString());
            }
        if (m_professionalIds.size() < 2)
            return QStringLiteral("the seeded directory is empty");
        if (!createUser(QStringLiteral("Practitioners"), QStringLiteral("pro"), QStringLiteral("professional"),
                        m_professionalIds.first()))
            return QStringLiteral("create-user pro failed");
        return {};
    }

    Run admin(const QStringList& args, const QByteArray& input = {})
    {
        return runProcess(qEnvironmentVariable("HTMSE_SERVER"), args + m_backend.storeArguments(), input);
    }
    bool createUser(const QString& org, const QString& user, const QString& role, const QString& professional = {})
    {
        QStringList args{QStringLiteral("create-user"),
                         QStringLiteral("--org"),
                         org,
                         QStringLiteral("--user"),
                         user,
                         QStringLiteral("--role"),
                         role};
        if (!professional.isEmpty())
            args << QStringLiteral("--professional-id") << professional;
        return admin(args, QByteArray(kPassword) + '\n').exitCode == 0;
    }

    // Every event the server shows `user`, as "id|type|seq", sorted.
    QStringList serverView(const QString& user)
    {
        const QByteArray token = m_api.signIn(user, QLatin1StringView(kPassword));
        QStringList out;
        for (const QJsonValue& v : m_api.all(QStringLiteral("/api/v1/referral-events"), token, 1000))
            out.append(v[QStringLiteral("id")].toString() + u'|' + v[QStringLiteral("type")].toString() + u'|' +
                       QString::number(v[QStringLiteral("seq")].toInteger()));
        out.sort();
        return out;
    }

    QUrl url() const { return m_server.url(); }
    QStringList storeArguments() const { return m_backend.storeArguments(); }
    ServerProcess& server() { return m_server; }
    ApiClient& api() { return m_api; }
    // The first is linked to the account "pro".
    const QStringList& professionalIds() const { return m_professionalIds; }
    int liveProfessionals() const { return int(m_liveProfessionals.size()); }

private:
    TestBackend m_backend;
    ServerProcess m_server;
    ApiClient m_api;
    QStringList m_professionalIds;
    QSet<QString> m_liveProfessionals;
};

} // namespace htmse::test

// Sets the fixture up in a test's initTestCase: skips when its store is absent here (a PostgreSQL
// variant without HTMSE_TEST_PG_URL), fails on any other problem.
#define HTMSE_SET_UP_SYNC_FIXTURE(fixture, profiles)                                                                   \
    do {                                                                                                               \
        const QString problem_ = (fixture).setUp(profiles);                                                            \
        if (problem_.startsWith(QStringLiteral("skip: ")))                                                             \
            QSKIP(qPrintable(problem_.mid(6)));                                                                        \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                                            \
    } while (false)
