// The /api/v1 of a real htmse-server process, on the backend HTMSE_TEST_BACKEND names (the
// embedded SQLite or a real PostgreSQL): sign-in, tokens, the role × permission matrix cell by
// cell, the directory cursor, referral events, erasure, publications, profile edits, limits,
// TLS, graceful stop and two instances on one store. Every reply is checked against
// docs/api/openapi.yaml.
#include "common/ApiClient.h"
#include "common/OpenApiValidator.h"
#include "common/RunProcess.h"
#include "common/ServerProcess.h"
#include "common/TestBackend.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <optional>

using namespace Qt::StringLiterals;
using namespace htmse::test;

namespace {

const QString kPassword = u"a long test password"_s;

QString serverExe()
{
    return qEnvironmentVariable("HTMSE_SERVER");
}

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject createdPayload(const QString& caseRef, const QString& recipient)
{
    return QJsonObject{{u"case_ref"_s, caseRef},
                       {u"kind"_s, u"victim-support"_s},
                       {u"needs"_s, QJsonArray{u"legal.immigration"_s}},
                       {u"languages"_s, QJsonArray{u"tir"_s}},
                       {u"interpreter"_s, true},
                       {u"urgency"_s, u"urgent"_s},
                       {u"recipient_id"_s, recipient},
                       {u"consent"_s, QJsonObject{{u"given"_s, true},
                                                  {u"scope"_s, u"Legal referral"_s},
                                                  {u"date"_s, u"2026-11-30"_s},
                                                  {u"recorded_by"_s, u"caseworker-7"_s}}}};
}

QJsonObject referralEvent(const QString& referral, const QString& type, const QJsonObject& payload = {},
                          const QString& id = uuid())
{
    return QJsonObject{
        {u"id"_s, id},           {u"referral_id"_s, referral},       {u"type"_s, type},
        {u"payload"_s, payload}, {u"device_id"_s, u"test-device"_s}, {u"client_time"_s, u"2026-11-30T10:00:00.000Z"_s}};
}

QJsonObject batch(const QList<QJsonObject>& events)
{
    QJsonArray a;
    for (const QJsonObject& e : events)
        a.append(e);
    return QJsonObject{{u"events"_s, a}};
}

} // namespace

class TestServerApi : public QObject
{
    Q_OBJECT

private:
    Run admin(const QStringList& args, const QByteArray& input = {})
    {
        return runProcess(serverExe(), args + m_backend.storeArguments(), input);
    }

    bool createUser(const QString& org, const QString& user, const QString& role, const QString& professional = {})
    {
        QStringList args{u"create-user"_s, u"--org"_s, org, u"--user"_s, user, u"--role"_s, role};
        if (!professional.isEmpty())
            args << u"--professional-id"_s << professional;
        const Run r = admin(args, kPassword.toUtf8() + '\n');
        if (r.exitCode != 0)
            qWarning("create-user %s: %s", qPrintable(user), r.err.constData());
        return r.exitCode == 0;
    }

    QStringList serverArguments(const QStringList& extra = {})
    {
        return m_backend.storeArguments() + QStringList{u"--rate-limit-ip"_s, u"0"_s, u"--rate-limit-token"_s, u"0"_s} +
               extra;
    }

    void watch(ApiClient& client)
    {
        client.setObserver([this](const QByteArray& method, const QString& path, const ApiReply& reply) {
            if (!m_spec)
                return;
            for (const QString& p :
                 m_spec->validate(QString::fromLatin1(method), path, reply.status, reply.body, reply.contentType))
                m_specProblems.append(
                    u"%1 %2 -> %3: %4"_s.arg(QString::fromLatin1(method), path).arg(reply.status).arg(p));
            if (reply.status >= 500 && reply.status != 503)
                m_specProblems.append(u"%1 %2 answered %3"_s.arg(QString::fromLatin1(method), path).arg(reply.status));
        });
    }

    QByteArray token(const QString& user) { return m_tokens.value(user); }

    QString professionalId() const { return m_professionalId; }

    QJsonObject push(const QString& user, const QList<QJsonObject>& events)
    {
        const ApiReply r = m_api.post(u"/api/v1/referral-events"_s, token(user), batch(events));
        if (r.status != 200)
            qWarning("push answered %d: %s", r.status, r.body.constData());
        return r.json();
    }

    QJsonArray eventsFor(const QString& user) { return m_api.all(u"/api/v1/referral-events"_s, token(user), 500); }

    static QSet<QString> referralIds(const QJsonArray& events)
    {
        QSet<QString> out;
        for (const QJsonValue& v : events)
            out.insert(v.toObject().value(u"referral_id"_s).toString());
        return out;
    }

    TestBackend m_backend;
    ServerProcess m_server;
    ApiClient m_api;
    std::optional<OpenApiValidator> m_spec;
    QStringList m_specProblems;
    QHash<QString, QByteArray> m_tokens;
    QString m_professionalId;
    QString m_otherProfessionalId;

private slots:
    void initTestCase()
    {
        HTMSE_SET_UP_BACKEND(m_backend);
        m_spec.emplace();
        QString specError;
        QVERIFY2(m_spec->load(qEnvironmentVariable("HTMSE_OPENAPI_JSON"), &specError), qPrintable(specError));

        Run r = admin({u"migrate"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("migrated from schema version 0"));
        r = admin({u"migrate"_s});
        QVERIFY2(r.exitCode == 0 && r.out.contains("up to date"), r.out.constData());
        for (const QString& org : {u"Org A"_s, u"Org B"_s, u"Directory Office"_s, u"Practitioners"_s}) {
            r = admin({u"create-org"_s, u"--name"_s, org});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        r = admin({u"create-org"_s, u"--name"_s, u"Org A"_s});
        QCOMPARE(r.exitCode, 4); // taken
        r = admin({u"seed"_s, u"--profiles"_s, u"150"_s, u"--seed"_s, u"7"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        QVERIFY(createUser(u"Org A"_s, u"a-case"_s, u"caseworker"_s));
        QVERIFY(createUser(u"Org A"_s, u"a-legal"_s, u"legal"_s));
        QVERIFY(createUser(u"Org A"_s, u"a-admin"_s, u"org-admin"_s));
        QVERIFY(createUser(u"Org B"_s, u"b-case"_s, u"caseworker"_s));
        QVERIFY(createUser(u"Directory Office"_s, u"editor"_s, u"directory-editor"_s));
        QVERIFY(!createUser(u"Org A"_s, u"a-case"_s, u"caseworker"_s)); // the name is taken
        QVERIFY(!createUser(u"Nowhere"_s, u"x-case"_s, u"caseworker"_s));
        QVERIFY(!createUser(u"Org A"_s, u"x-pro"_s, u"professional"_s)); // needs --professional-id

        QVERIFY2(m_server.start(serverExe(), serverArguments()), m_server.log().constData());
        m_api.setBase(m_server.url());
        watch(m_api);

        m_tokens[u"a-case"_s] = m_api.signIn(u"a-case"_s, kPassword);
        QVERIFY(!token(u"a-case"_s).isEmpty());
        // Two professionals of the seeded directory become accounts.
        const QJsonArray directory = m_api.all(u"/api/v1/directory/changes"_s, token(u"a-case"_s), 1000);
        for (const QJsonValue& v : directory) {
            if (v.toObject().value(u"kind"_s).toString() != "professional"_L1)
                continue;
            (m_professionalId.isEmpty() ? m_professionalId : m_otherProfessionalId) =
                v.toObject().value(u"id"_s).toString();
            if (!m_otherProfessionalId.isEmpty())
                break;
        }
        QVERIFY(!m_otherProfessionalId.isEmpty());
        QVERIFY(createUser(u"Practitioners"_s, u"pro"_s, u"professional"_s, m_professionalId));
        QVERIFY(createUser(u"Practitioners"_s, u"pro2"_s, u"professional"_s, m_otherProfessionalId));
        // One account per profile, and only for profiles the directory has.
        r = admin({u"create-user"_s, u"--org"_s, u"Practitioners"_s, u"--user"_s, u"pro3"_s, u"--role"_s,
                   u"professional"_s, u"--professional-id"_s, m_professionalId},
                  kPassword.toUtf8() + '\n');
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains("already linked"), r.err.constData());
        r = admin({u"create-user"_s, u"--org"_s, u"Practitioners"_s, u"--user"_s, u"pro3"_s, u"--role"_s,
                   u"professional"_s, u"--professional-id"_s, uuid()},
                  kPassword.toUtf8() + '\n');
        QCOMPARE(r.exitCode, 3);
        for (const QString& user : {u"a-legal"_s, u"a-admin"_s, u"b-case"_s, u"editor"_s, u"pro"_s, u"pro2"_s}) {
            m_tokens[user] = m_api.signIn(user, kPassword);
            QVERIFY2(!m_tokens[user].isEmpty(), qPrintable(user));
        }
    }

    void cleanupTestCase()
    {
        m_server.stop();
        QVERIFY2(m_specProblems.isEmpty(), qPrintable(m_specProblems.mid(0, 30).join(u'\n')));
    }

    void healthUnknownRoutesAndMethods()
    {
        ApiReply r = m_api.get(u"/healthz"_s);
        QCOMPARE(r.status, 200);
        const ApiReply head = m_api.send("HEAD", u"/healthz"_s);
        QCOMPARE(head.status, 200);
        QVERIFY(head.body.isEmpty());
        QCOMPARE(r.json().value(u"store"_s).toString(), TestBackend::name());
        r = m_api.get(u"/api/v1/nothing-here"_s, token(u"a-case"_s));
        QCOMPARE(r.status, 404);
        QCOMPARE(r.errorCode(), u"not_found"_s);
        r = m_api.send("DELETE", u"/api/v1/directory/changes"_s, token(u"a-case"_s));
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("Allow"), "GET"_ba);
        r = m_api.send("PATCH", u"/api/v1/referral-events"_s, token(u"a-case"_s));
        QCOMPARE(r.status, 405);
        QVERIFY(r.header("Allow").contains("GET") && r.header("Allow").contains("POST"));
    }

    void signIn()
    {
        ApiReply r =
            m_api.post(u"/api/v1/auth/token"_s, {},
                       {{u"grant_type"_s, u"password"_s}, {u"username"_s, u"a-case"_s}, {u"password"_s, u"nope"_s}});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), u"invalid_grant"_s);
        r = m_api.post(u"/api/v1/auth/token"_s, {},
                       {{u"grant_type"_s, u"password"_s}, {u"username"_s, u"nobody"_s}, {u"password"_s, kPassword}});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), u"invalid_grant"_s); // the same answer as a wrong password
        r = m_api.post(u"/api/v1/auth/token"_s, {}, {{u"grant_type"_s, u"password"_s}, {u"username"_s, 42}});
        QCOMPARE(r.status, 400);
        r = m_api.post(u"/api/v1/auth/token"_s, {}, {{u"grant_type"_s, u"client_credentials"_s}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), u"unsupported_grant_type"_s);

        r = m_api.get(u"/api/v1/me"_s, token(u"pro"_s));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"role"_s).toString(), u"professional"_s);
        QCOMPARE(r.json().value(u"professional_id"_s).toString(), professionalId());
        r = m_api.get(u"/api/v1/me"_s);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), u"unauthorised"_s);
        r = m_api.get(u"/api/v1/me"_s, "htmse_at_forged");
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), u"invalid_token"_s);
        // Tokens are stored hashed: the raw access token appears nowhere in the store.
        QSqlDatabase db = m_backend.open(u"peek"_s);
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(
                u"SELECT COUNT(*) FROM tokens WHERE hash = '%1'"_s.arg(QString::fromLatin1(token(u"a-case"_s)))));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            QVERIFY(q.exec(u"SELECT password_hash FROM users WHERE username = 'a-case'"_s));
            QVERIFY(q.next());
            QVERIFY(q.value(0).toString().startsWith(u"$argon2id$"_s));
        }
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(u"peek"_s);
    }

    void refreshRotationAndReuse()
    {
        QByteArray refresh;
        QByteArray access = m_api.signIn(u"a-legal"_s, kPassword, &refresh);
        QVERIFY(!refresh.isEmpty());
        const auto refreshWith = [](ApiClient& client, const QByteArray& token) {
            return client.post(
                u"/api/v1/auth/token"_s, {},
                {{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, QString::fromLatin1(token)}});
        };
        ApiReply r = refreshWith(m_api, refresh);
        QCOMPARE(r.status, 200);
        const QByteArray access2 = r.json().value(u"access_token"_s).toString().toLatin1();
        const QByteArray refresh2 = r.json().value(u"refresh_token"_s).toString().toLatin1();
        QVERIFY(refresh2 != refresh);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, access2).status, 200);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, access).status, 401); // rotated out
        // The same refresh token again at once: a retry, refused, and the sign-in goes on.
        r = refreshWith(m_api, refresh);
        QCOMPARE(r.status, 401);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, access2).status, 200);

        // Presented again after the grace period: someone else has a copy, so the sign-in ends.
        ServerProcess strict;
        QVERIFY(strict.start(serverExe(), serverArguments({u"--refresh-grace-seconds"_s, u"0"_s})));
        ApiClient client(strict.url());
        watch(client);
        access = client.signIn(u"a-legal"_s, kPassword, &refresh);
        r = refreshWith(client, refresh);
        QCOMPARE(r.status, 200);
        const QByteArray access3 = r.json().value(u"access_token"_s).toString().toLatin1();
        const QByteArray refresh3 = r.json().value(u"refresh_token"_s).toString().toLatin1();
        r = refreshWith(client, refresh);
        QCOMPARE(r.status, 401);
        QCOMPARE(client.get(u"/api/v1/me"_s, access3).status, 401);
        QCOMPARE(refreshWith(client, refresh3).status, 401);
        QVERIFY(strict.log().contains("auth.refresh_reuse"));
        // Other sign-ins of the same user are untouched.
        QCOMPARE(m_api.get(u"/api/v1/me"_s, token(u"a-legal"_s)).status, 200);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, access2).status, 200);
    }

    void revoke()
    {
        const QByteArray access = m_api.signIn(u"a-case"_s, kPassword);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, access).status, 200);
        const ApiReply r = m_api.send("POST", u"/api/v1/auth/revoke"_s, access);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"revoked"_s).toBool(), true);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, access).status, 401);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, token(u"a-case"_s)).status, 200);
    }

    void signInThrottling()
    {
        QVERIFY(createUser(u"Org A"_s, u"throttled"_s, u"caseworker"_s));
        for (int i = 0; i < 5; ++i) {
            const ApiReply r = m_api.post(
                u"/api/v1/auth/token"_s, {},
                {{u"grant_type"_s, u"password"_s}, {u"username"_s, u"throttled"_s}, {u"password"_s, u"wrong"_s}});
            QCOMPARE(r.status, 401);
        }
        // Now even the right password waits.
        const ApiReply r =
            m_api.post(u"/api/v1/auth/token"_s, {},
                       {{u"grant_type"_s, u"password"_s}, {u"username"_s, u"throttled"_s}, {u"password"_s, kPassword}});
        QCOMPARE(r.status, 429);
        QCOMPARE(r.errorCode(), u"sign_in_throttled"_s);
        QVERIFY(r.header("Retry-After").toInt() >= 1);
        QTRY_VERIFY_WITH_TIMEOUT(!m_api.signIn(u"throttled"_s, kPassword).isEmpty(), 5000);
    }

    void permissionMatrix_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("expected"); // for a caller who may: what this request gets; else 403
        // Written out cell by cell, independently of the server's table. The requests carry an
        // empty object: enough to pass the permission check and fail validation, never to write;
        // ids are random, so acting on one finds nothing.
        const QStringList users{u"a-case"_s, u"a-legal"_s, u"a-admin"_s, u"editor"_s, u"pro"_s};
        const QSet<QString> everyone(users.begin(), users.end());
        struct Row
        {
            QByteArray method;
            QString path;
            QSet<QString> allowed;
            int status;
        };
        const QList<Row> rows{
            {"GET", u"/api/v1/me"_s, everyone, 200},
            {"GET", u"/api/v1/directory/changes"_s, everyone, 200},
            {"GET", u"/api/v1/referral-events"_s, {u"a-case"_s, u"a-legal"_s, u"a-admin"_s, u"pro"_s}, 200},
            {"POST", u"/api/v1/referral-events"_s, {u"a-case"_s, u"a-legal"_s, u"pro"_s}, 400},
            {"GET", u"/api/v1/news"_s, everyone, 200},
            {"POST", u"/api/v1/news"_s, {u"editor"_s}, 400},
            {"GET", u"/api/v1/resources"_s, everyone, 200},
            {"POST", u"/api/v1/resources"_s, {u"editor"_s}, 400},
            {"GET", u"/api/v1/profiles/me"_s, {u"pro"_s}, 200},
            {"PUT", u"/api/v1/profiles/me"_s, {u"pro"_s}, 400},
            {"POST", u"/api/v1/profiles/me"_s, {u"pro"_s}, 400},
            {"GET", u"/api/v1/profile-edits"_s, {u"editor"_s}, 200},
            {"POST", u"/api/v1/profile-edits/%1/approve"_s.arg(uuid()), {u"editor"_s}, 404},
            {"POST", u"/api/v1/profile-edits/%1/reject"_s.arg(uuid()), {u"editor"_s}, 404},
            {"GET", u"/api/v1/users"_s, {u"a-admin"_s}, 200},
            {"POST", u"/api/v1/users/%1/revoke"_s.arg(uuid()), {u"a-admin"_s}, 404},
            {"POST", u"/api/v1/users/%1/disable"_s.arg(uuid()), {u"a-admin"_s}, 404},
            {"POST", u"/api/v1/users/%1/enable"_s.arg(uuid()), {u"a-admin"_s}, 404},
        };
        for (const Row& row : rows)
            for (const QString& user : users)
                QTest::addRow("%s %s as %s", row.method.constData(), qPrintable(row.path.section(u'/', 3, 4)),
                              qPrintable(user))
                    << row.method << row.path << user << (row.allowed.contains(user) ? row.status : 403);
    }

    void permissionMatrix()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, user);
        QFETCH(int, expected);
        const QByteArray body = method == "GET" ? QByteArray() : "{}"_ba;
        const ApiReply r = m_api.send(method, path, token(user), body);
        QVERIFY2(r.status == expected, qPrintable(u"%1, expected %2: %3"_s.arg(r.status).arg(expected).arg(
                                           QString::fromUtf8(r.body.left(300)))));
        if (expected == 403)
            QCOMPARE(r.errorCode(), u"forbidden"_s);
        // No identity at all is always 401.
        QCOMPARE(m_api.send(method, path, {}, body).status, 401);
    }

    void directoryCursor()
    {
        int pages = 0;
        const QJsonArray items = m_api.all(u"/api/v1/directory/changes"_s, token(u"pro"_s), 40, nullptr, &pages);
        QSet<QString> ids;
        qint64 last = 0;
        int professionals = 0;
        for (const QJsonValue& v : items) {
            const QJsonObject o = v.toObject();
            const qint64 version = o.value(u"version"_s).toInteger();
            QVERIFY2(version > last, "versions must increase along the cursor");
            last = version;
            QVERIFY(!ids.contains(o.value(u"id"_s).toString()));
            ids.insert(o.value(u"id"_s).toString());
            if (o.value(u"kind"_s).toString() == "professional"_L1) {
                ++professionals;
                QCOMPARE(o.value(u"data"_s).toObject().value(u"server_version"_s).toInteger(), version);
            }
        }
        QVERIFY(professionals >= 150); // seeded (plus any approved edits re-versioned, never duplicated)
        // Confidential locations (safe houses) reach nobody with a street address or postcode.
        int confidential = 0;
        for (const QJsonValue& v : items)
            for (const QJsonValue& l : v.toObject().value(u"data"_s).toObject().value(u"locations"_s).toArray())
                if (l.toObject().value(u"confidential"_s).toBool()) {
                    ++confidential;
                    QVERIFY(!l.toObject().contains(u"address"_s) && !l.toObject().contains(u"postcode"_s));
                }
        QVERIFY(confidential > 0); // the demo directory has some
        QSqlDatabase db = m_backend.open(u"count"_s);
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT COUNT(*) FROM directory"_s) && q.next());
            QCOMPARE(qsizetype(q.value(0).toLongLong()), items.size());
        }
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(u"count"_s);
        QCOMPARE(pages, int((items.size() + 39) / 40));

        // From the last cursor: nothing new, and has_more false.
        const ApiReply tail = m_api.get(u"/api/v1/directory/changes?after=%1"_s.arg(last), token(u"pro"_s));
        QCOMPARE(tail.status, 200);
        QCOMPARE(tail.json().value(u"items"_s).toArray().size(), 0);
        QCOMPARE(tail.json().value(u"next"_s).toString(), QString::number(last));

        for (const QString& bad : {u"after=-1"_s, u"after=abc"_s, u"after=1e3"_s, u"limit=0"_s, u"limit=1001"_s,
                                   u"limit=ten"_s, u"after=99999999999999999999"_s}) {
            const ApiReply r = m_api.get(u"/api/v1/directory/changes?"_s + bad, token(u"pro"_s));
            QVERIFY2(r.status == 400, qPrintable(bad));
            QVERIFY(!r.json().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
        }
    }

    void referralLifecycle()
    {
        const QString referral = uuid();
        const QJsonObject created =
            referralEvent(referral, u"created"_s, createdPayload(u"HT-LIFE-1"_s, professionalId()));
        const QJsonObject sent = referralEvent(referral, u"sent"_s);
        QJsonObject result = push(u"a-case"_s, {created, sent});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 2);
        QCOMPARE(result.value(u"rejected"_s).toArray().size(), 0);
        const qint64 firstSeq = result.value(u"accepted"_s).toArray().at(0).toObject().value(u"seq"_s).toInteger();

        // A resend is a no-op that answers as the first time did.
        result = push(u"a-case"_s, {created});
        QCOMPARE(result.value(u"accepted"_s).toArray().at(0).toObject().value(u"seq"_s).toInteger(), firstSeq);

        // The referral's organisation and its recipient see it; nobody else does.
        QVERIFY(referralIds(eventsFor(u"a-case"_s)).contains(referral));
        QVERIFY(referralIds(eventsFor(u"a-legal"_s)).contains(referral));
        QVERIFY(referralIds(eventsFor(u"a-admin"_s)).contains(referral));
        QVERIFY(referralIds(eventsFor(u"pro"_s)).contains(referral));
        QVERIFY(!referralIds(eventsFor(u"b-case"_s)).contains(referral));
        QVERIFY(!referralIds(eventsFor(u"pro2"_s)).contains(referral));
        // Author and organisation come from the token, never from the body.
        bool sawSent = false;
        for (const QJsonValue& v : eventsFor(u"pro"_s))
            if (v.toObject().value(u"id"_s) == sent.value(u"id"_s)) {
                QCOMPARE(v.toObject().value(u"author_user"_s).toString(), u"a-case"_s);
                sawSent = true;
            }
        QVERIFY(sawSent);

        // Another organisation cannot write to it, and cannot tell that it exists.
        result = push(u"b-case"_s, {referralEvent(referral, u"note-added"_s, {{u"text"_s, u"hello"_s}})});
        QCOMPARE(result.value(u"rejected"_s).toArray().at(0).toObject().value(u"reason"_s).toString(),
                 u"unknown referral"_s);
        result = push(u"pro2"_s, {referralEvent(referral, u"acknowledged"_s)});
        QCOMPARE(result.value(u"rejected"_s).toArray().at(0).toObject().value(u"reason"_s).toString(),
                 u"unknown referral"_s);

        // The recipient acknowledges and accepts; a note is not theirs to add.
        result = push(u"pro"_s, {referralEvent(referral, u"acknowledged"_s), referralEvent(referral, u"accepted"_s)});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 2);
        result = push(u"pro"_s, {referralEvent(referral, u"note-added"_s, {{u"text"_s, u"x"_s}})});
        QVERIFY(result.value(u"rejected"_s)
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(u"reason"_s)
                    .toString()
                    .contains(u"professional"_s));
        // The transition table refuses what does not follow.
        result = push(u"a-legal"_s, {referralEvent(referral, u"sent"_s)});
        const QString reason = result.value(u"rejected"_s).toArray().at(0).toObject().value(u"reason"_s).toString();
        QVERIFY2(reason.contains(u"accepted"_s) && reason.contains(u"sent"_s), qPrintable(reason));
        // The same organisation's other roles write; the order of a batch is kept.
        result = push(u"a-legal"_s, {referralEvent(referral, u"note-added"_s, {{u"text"_s, u"called the lawyer"_s}}),
                                     referralEvent(referral, u"completed"_s, {{u"success"_s, true}})});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 2);
        const QJsonArray accepted = result.value(u"accepted"_s).toArray();
        QVERIFY(accepted.at(1).toObject().value(u"seq"_s).toInteger() >
                accepted.at(0).toObject().value(u"seq"_s).toInteger());
        // An org admin reads but does not write.
        QCOMPARE(m_api.post(u"/api/v1/referral-events"_s, token(u"a-admin"_s), batch({})).status, 403);
    }

    // The recipient sees a referral from "sent" on, as its letter shows it; the organisation's
    // own record (drafts, notes, follow-ups, statutory details, age, gender) stays with it. What
    // a payload carries beyond its type's fields is not kept at all.
    void recipientSeesTheLetterOnly()
    {
        const QString referral = uuid();
        QJsonObject payload = createdPayload(u"HT-LETTER-9"_s, professionalId());
        payload.insert(u"gender"_s, u"female"_s);
        payload.insert(u"age_band"_s, u"18-24"_s);
        payload.insert(u"note"_s, u"internal: the trafficker knows her workplace"_s);
        payload.insert(u"statutory"_s, QJsonObject{{u"route"_s, u"nrm"_s}, {u"reference"_s, u"SCA-991"_s}});
        payload.insert(u"person"_s, QJsonObject{{u"name"_s, u"Maria Popescu"_s}}); // not a field: dropped
        QJsonObject result = push(u"a-case"_s, {referralEvent(referral, u"created"_s, payload)});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 1);
        const auto seenBy = [&](const QString& user) {
            QList<QJsonObject> out;
            for (const QJsonValue& v : eventsFor(user))
                if (v.toObject().value(u"referral_id"_s).toString() == referral)
                    out.append(v.toObject());
            return out;
        };
        QVERIFY(seenBy(u"pro"_s).isEmpty()); // a draft is the organisation's alone
        const QList<QJsonObject> own = seenBy(u"a-case"_s);
        QCOMPARE(own.size(), 1);
        QVERIFY(!own.first().value(u"payload"_s).toObject().contains(u"person"_s));
        QCOMPARE(own.first().value(u"payload"_s).toObject().value(u"gender"_s).toString(), u"female"_s);

        result = push(u"a-case"_s, {referralEvent(referral, u"sent"_s, {{u"note"_s, u"Please call us"_s}}),
                                    referralEvent(referral, u"note-added"_s, {{u"text"_s, u"spoke to her"_s}}),
                                    referralEvent(referral, u"follow-up-set"_s, {{u"due"_s, u"2026-12-07"_s}})});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 3);
        QList<QJsonObject> theirs = seenBy(u"pro"_s);
        QCOMPARE(theirs.size(), 1);
        QCOMPARE(theirs.first().value(u"type"_s).toString(), u"sent"_s);
        const QJsonObject letter = theirs.first().value(u"payload"_s).toObject();
        QCOMPARE(letter.value(u"note"_s).toString(), u"Please call us"_s);
        const QJsonObject summary = letter.value(u"referral"_s).toObject();
        QCOMPARE(summary.value(u"case_ref"_s).toString(), u"HT-LETTER-9"_s);
        QCOMPARE(summary.value(u"needs"_s).toArray(), QJsonArray{u"legal.immigration"_s});
        QVERIFY(summary.value(u"consent"_s).toObject().value(u"given"_s).toBool());
        const QByteArray raw = QJsonDocument(theirs.first()).toJson();
        for (const QByteArray& secret :
             {"SCA-991"_ba, "female"_ba, "18-24"_ba, "trafficker"_ba, "Maria"_ba, "spoke to her"_ba, "caseworker-7"_ba})
            QVERIFY2(!raw.contains(secret), secret.constData());

        // A reply the organisation records on the recipient's behalf shows only that it happened.
        result = push(u"a-case"_s, {referralEvent(referral, u"acknowledged"_s, {{u"note"_s, u"internal remark"_s}})});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 1);
        theirs = seenBy(u"pro"_s);
        QCOMPARE(theirs.size(), 2);
        QCOMPARE(theirs.last().value(u"type"_s).toString(), u"acknowledged"_s);
        QVERIFY(theirs.last().value(u"payload"_s).toObject().isEmpty());
        QVERIFY(!theirs.last().contains(u"device_id"_s));

        // Withdrawn consent: the recipient learns that it ended, not why, and nothing after.
        result =
            push(u"a-case"_s, {referralEvent(referral, u"consent-withdrawn"_s,
                                             {{u"date"_s, u"2026-12-01"_s}, {u"recorded_by"_s, u"caseworker-7"_s}}),
                               referralEvent(referral, u"note-added"_s, {{u"text"_s, u"moved to another city"_s}})});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 2);
        theirs = seenBy(u"pro"_s);
        QCOMPARE(theirs.size(), 3);
        QCOMPARE(theirs.last().value(u"type"_s).toString(), u"consent-withdrawn"_s);
        QVERIFY(theirs.last().value(u"payload"_s).toObject().isEmpty());
        // And the organisation still has its whole record.
        QCOMPARE(seenBy(u"a-legal"_s).size(), 7);

        // A referral revoked before it was ever sent never reaches its intended recipient,
        // not even its ending.
        const QString unsent = uuid();
        result = push(
            u"a-case"_s,
            {referralEvent(unsent, u"created"_s, createdPayload(u"HT-UNSENT"_s, professionalId())),
             referralEvent(unsent, u"revoked"_s),
             referralEvent(unsent, u"consent-withdrawn"_s, {{u"date"_s, u"2026-12-01"_s}, {u"recorded_by"_s, u"cw"_s}}),
             referralEvent(unsent, u"erased"_s)});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 4);
        QVERIFY(!referralIds(eventsFor(u"pro"_s)).contains(unsent));
    }

    void rejectionsFollowTheRequestOrder()
    {
        const QString referral = uuid();
        const QString reused = uuid();
        // Mixed: a refusal by the transition table, a malformed event, an accepted one.
        const ApiReply r = m_api.post(
            u"/api/v1/referral-events"_s, token(u"a-case"_s),
            {{u"events"_s,
              QJsonArray{referralEvent(referral, u"sent"_s, {}, reused), 7,
                         referralEvent(referral, u"created"_s, createdPayload(u"HT-ORD-1"_s, professionalId()))}}});
        QCOMPARE(r.status, 200);
        const QJsonArray rejected = r.json().value(u"rejected"_s).toArray();
        QCOMPARE(rejected.size(), 2);
        QCOMPARE(rejected.at(0).toObject().value(u"index"_s).toInt(), 0);
        QCOMPARE(rejected.at(1).toObject().value(u"index"_s).toInt(), 1);
        // Another organisation using an id this one had refused gets its own answer, not a 5xx.
        const ApiReply other = m_api.post(u"/api/v1/referral-events"_s, token(u"b-case"_s),
                                          batch({referralEvent(uuid(), u"sent"_s, {}, reused)}));
        QCOMPARE(other.status, 200);
        QCOMPARE(other.json().value(u"rejected"_s).toArray().size(), 1);
    }

    void invalidEventsAreRejectedWithReasons()
    {
        const QString referral = uuid();
        QJsonArray events{42, QJsonObject{{u"referral_id"_s, referral}, {u"type"_s, u"created"_s}},
                          referralEvent(referral, u"teleported"_s),
                          referralEvent(referral, u"created"_s, QJsonObject{{u"case_ref"_s, u"Maria Popescu"_s}})};
        const ApiReply r = m_api.post(u"/api/v1/referral-events"_s, token(u"a-case"_s), {{u"events"_s, events}});
        QCOMPARE(r.status, 200);
        const QJsonArray rejected = r.json().value(u"rejected"_s).toArray();
        QCOMPARE(rejected.size(), 4);
        QCOMPARE(r.json().value(u"accepted"_s).toArray().size(), 0);
        QVERIFY(rejected.at(0).toObject().value(u"id"_s).isNull());
        QVERIFY(rejected.at(1).toObject().value(u"reason"_s).toString().contains(u"events[1].id"_s));
        QVERIFY(rejected.at(2).toObject().value(u"reason"_s).toString().contains(u"teleported"_s));
        QVERIFY(rejected.at(3).toObject().value(u"reason"_s).toString().contains(u"case_ref"_s));
        QVERIFY(!referralIds(eventsFor(u"a-case"_s)).contains(referral));
    }

    void erasurePurgesAndWins()
    {
        const QString referral = uuid();
        const QString caseRef = u"HT-ERASE-77"_s;
        const QJsonObject created = referralEvent(referral, u"created"_s, createdPayload(caseRef, professionalId()));
        QJsonObject result =
            push(u"a-case"_s, {created, referralEvent(referral, u"sent"_s),
                               referralEvent(referral, u"note-added"_s, {{u"text"_s, u"sensitive note"_s}})});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 3);
        const qint64 createdSeq = result.value(u"accepted"_s).toArray().at(0).toObject().value(u"seq"_s).toInteger();
        result = push(u"a-case"_s, {referralEvent(referral, u"erased"_s)});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 1);
        // A resend of a purged event still answers as the first time did: only its number was kept.
        result = push(u"a-case"_s, {created});
        QCOMPARE(result.value(u"accepted"_s).toArray().at(0).toObject().value(u"seq"_s).toInteger(), createdSeq);

        for (const QString& user : {u"a-case"_s, u"pro"_s}) {
            QStringList types;
            for (const QJsonValue& v : eventsFor(user))
                if (v.toObject().value(u"referral_id"_s).toString() == referral)
                    types.append(v.toObject().value(u"type"_s).toString());
            QCOMPARE(types, QStringList{u"erased"_s});
        }
        QSqlDatabase db = m_backend.open(u"erase"_s);
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(
                u"SELECT COUNT(*) FROM referral_events WHERE body LIKE '%%1%' OR body LIKE '%sensitive note%'"_s.arg(
                    caseRef)));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 0);
        }
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(u"erase"_s);
        // Erasure wins over everything that comes later.
        result = push(u"pro"_s, {referralEvent(referral, u"acknowledged"_s)});
        QCOMPARE(result.value(u"rejected"_s).toArray().size(), 1);
        result = push(u"a-case"_s, {referralEvent(referral, u"note-added"_s, {{u"text"_s, u"again"_s}})});
        QCOMPARE(result.value(u"rejected"_s).toArray().size(), 1);
    }

    void badInputIsA4xxAndWritesNothing_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("malformed json") << "POST"_ba << u"/api/v1/referral-events"_s << "{\"events\": [}"_ba << 400;
        QTest::newRow("not an object") << "POST"_ba << u"/api/v1/referral-events"_s << "[1,2]"_ba << 400;
        QTest::newRow("empty body") << "POST"_ba << u"/api/v1/referral-events"_s << QByteArray() << 400;
        QTest::newRow("wrong type") << "POST"_ba << u"/api/v1/referral-events"_s << "{\"events\":\"all\"}"_ba << 400;
        QTest::newRow("missing field") << "POST"_ba << u"/api/v1/referral-events"_s << "{\"batch\":[]}"_ba << 400;
        QTest::newRow("invalid utf-8") << "POST"_ba << u"/api/v1/referral-events"_s
                                       << "{\"events\":[{\"id\":\"\xff\xfe\"}]}"_ba << 400;
        QTest::newRow("sql in a cursor") << "GET"_ba << u"/api/v1/referral-events?after=1;DROP TABLE users"_s
                                         << QByteArray() << 400;
        QTest::newRow("deep nesting") << "POST"_ba << u"/api/v1/referral-events"_s
                                      << QByteArray(5000, '[') + QByteArray(5000, ']') << 400;
    }

    void badInputIsA4xxAndWritesNothing()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const qsizetype before = eventsFor(u"a-case"_s).size();
        const ApiReply r = m_api.send(method, path, token(u"a-case"_s), body);
        QCOMPARE(r.status, status);
        QVERIFY(!r.json().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
        QCOMPARE(eventsFor(u"a-case"_s).size(), before);
        QCOMPARE(m_api.get(u"/healthz"_s).status, 200);
    }

    void sqlLookingStringsAreJustText()
    {
        const QString hostile = u"x'); DROP TABLE users; --"_s;
        ApiReply r = m_api.post(u"/api/v1/auth/token"_s, {},
                                {{u"grant_type"_s, u"password"_s}, {u"username"_s, hostile}, {u"password"_s, hostile}});
        QCOMPARE(r.status, 401);
        const QString referral = uuid();
        const QJsonObject result =
            push(u"a-case"_s, {referralEvent(referral, u"created"_s, createdPayload(u"HT-1"_s, professionalId())),
                               referralEvent(referral, u"note-added"_s, {{u"text"_s, hostile}})});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 2);
        bool found = false;
        for (const QJsonValue& v : eventsFor(u"a-case"_s))
            found = found || v.toObject().value(u"payload"_s).toObject().value(u"text"_s).toString() == hostile;
        QVERIFY(found);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, token(u"a-case"_s)).status, 200); // users is still there
    }

    // Requests written raw, in parts with pauses between them (as a slow or hostile client
    // would): the limits hold however the head and body are split.
    void rawLimits_data()
    {
        QTest::addColumn<QList<QByteArray>>("parts");
        QTest::addColumn<int>("status");
        // The refused request is the last one the parts begin: its method and path are the
        // operation its answer is checked against in the API document.
        const QByteArray post = "POST /api/v1/referral-events HTTP/1.1\r\nHost: x\r\n"_ba;
        QTest::newRow("huge declared body")
            << QList<QByteArray>{post + "Content-Length: 1000000000\r\n\r\n{"_ba} << 413;
        QTest::newRow("after blank lines")
            << QList<QByteArray>{"\r\n\r\n"_ba + post + "Content-Length: 4000000000\r\n\r\n"_ba} << 413;
        QTest::newRow("head split mid-line")
            << QList<QByteArray>{"POST /api/v1/referral-events HTTP/1.1\r\nHo"_ba, "st: x\r\nContent-Le"_ba,
                                 "ngth: 99999999999\r\n\r\n"_ba}
            << 413;
        QTest::newRow("chunked body") << QList<QByteArray>{post +
                                                           "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n"_ba}
                                      << 411;
        QTest::newRow("chunked, head split")
            << QList<QByteArray>{post, "Transfer-Encoding: chunked\r\n\r\n"_ba, "5\r\nhello\r\n"_ba} << 411;
        QTest::newRow("two different lengths")
            << QList<QByteArray>{post + "Content-Length: 2\r\nContent-Length: 99999999999\r\n\r\n{}"_ba} << 400;
        QTest::newRow("huge head") << QList<QByteArray>{"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Filler: "_ba +
                                                        QByteArray(70'000, 'a') + "\r\n\r\n"_ba}
                                   << 431;
        QList<QByteArray> dribble(40, "X-Filler: "_ba + QByteArray(2'000, 'a') + "\r\n"_ba);
        dribble.prepend("GET /api/v1/me HTTP/1.1\r\n"_ba);
        QTest::newRow("huge head, dribbled") << dribble << 431;
        QTest::newRow("a malformed header line") // the HTTP server would drop Content-Length and misframe
            << QList<QByteArray>{"GET / HTTP/1.1\r\nBad Name: 1\r\nContent-Length: 120\r\n\r\n"_ba,
                                 post + "Content-Length: 4000000000\r\n\r\n"_ba}
            << 400;
        QTest::newRow("head ended the other way")
            << QList<QByteArray>{post + "Content-Length: 99999999999\n\r\n"_ba} << 413;
        QTest::newRow("second request of a connection")
            << QList<QByteArray>{"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"_ba,
                                 post + "Content-Length: 99999999999\r\n\r\n"_ba}
            << 413;
    }

    void rawLimits()
    {
        QFETCH(QList<QByteArray>, parts);
        QFETCH(int, status);
        QTcpSocket socket;
        socket.connectToHost(m_server.url().host(), quint16(m_server.url().port()));
        QVERIFY(socket.waitForConnected(5000));
        QByteArray answer;
        for (const QByteArray& part : parts) {
            socket.write(part);
            socket.waitForBytesWritten(5000);
            if (socket.waitForReadyRead(part.size() > 10'000 ? 20 : 100))
                answer += socket.readAll();
        }
        while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
            answer += socket.readAll();
        answer += socket.readAll();
        // The last answer on the connection is the refusal.
        const qsizetype last = answer.lastIndexOf("HTTP/1.1 ");
        QVERIFY2(last >= 0 && answer.mid(last).startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status))),
                 answer.left(300).constData());
        const QByteArray body = answer.mid(answer.indexOf("\r\n\r\n", last) + 4);
        QVERIFY(QJsonDocument::fromJson(body).object().contains(u"error"_s));
        // Checked against the operation that was refused: the last request line sent.
        const QByteArray sent = parts.join();
        static const QRegularExpression requestLine(u"(GET|POST|PUT|DELETE) (/[^ ?]*)[^\\r\\n]* HTTP/1\\.1"_s);
        QRegularExpressionMatch lastLine;
        for (auto it = requestLine.globalMatch(QString::fromLatin1(sent)); it.hasNext();)
            lastLine = it.next();
        QVERIFY(lastLine.hasMatch());
        const QStringList problems =
            m_spec->validate(lastLine.captured(1), lastLine.captured(2), status, body, "application/json"_ba);
        QVERIFY2(problems.isEmpty(), qPrintable(lastLine.captured(0) + u": "_s + problems.join(u"; "_s)));
        QCOMPARE(m_api.get(u"/healthz"_s).status, 200);
    }

    // A request dribbled too slowly gets 408; idle connections are closed; beyond the cap a
    // new connection is told the server is busy.
    void connectionLimits()
    {
        ServerProcess limited;
        QVERIFY(limited.start(serverExe(),
                              serverArguments({u"--request-timeout-seconds"_s, u"1"_s, u"--idle-timeout-seconds"_s,
                                               u"2"_s, u"--max-connections"_s, u"3"_s})));
        const auto connect = [&](QTcpSocket& socket) {
            socket.connectToHost(limited.url().host(), quint16(limited.url().port()));
            return socket.waitForConnected(5000);
        };
        const auto readAll = [](QTcpSocket& socket, int ms) -> QByteArray {
            QByteArray answer;
            QElapsedTimer t;
            t.start();
            while (socket.state() == QAbstractSocket::ConnectedState && t.elapsed() < ms)
                if (socket.waitForReadyRead(100))
                    answer += socket.readAll();
            return answer + socket.readAll();
        };
        QTcpSocket slow;
        QVERIFY(connect(slow));
        slow.write("POST /api/v1/referral-events HTTP/1.1\r\nHost: x\r\n");
        QElapsedTimer waited;
        waited.start();
        const QByteArray answer = readAll(slow, 5000);
        QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());
        QVERIFY(waited.elapsed() >= 900);
        QCOMPARE(slow.state(), QAbstractSocket::UnconnectedState);

        QTcpSocket idle;
        QVERIFY(connect(idle));
        QVERIFY(readAll(idle, 5000).isEmpty());
        QCOMPARE(idle.state(), QAbstractSocket::UnconnectedState); // closed after 2 s of silence

        QTcpSocket a;
        QTcpSocket b;
        QTcpSocket c;
        QTcpSocket d;
        QVERIFY(connect(a) && connect(b) && connect(c) && connect(d));
        const QByteArray refused = readAll(d, 3000);
        QVERIFY2(refused.startsWith("HTTP/1.1 503") && refused.contains("too_many_connections"), refused.constData());
        a.abort(); // a place frees up
        // Waiting for the place: until the server has seen `a` go, an attempt may still get the
        // connection-level refusal checked above, which no operation of the API document lists.
        // Checked against the document from the first answer the freed place gives.
        ApiClient client(limited.url());
        QTRY_COMPARE_WITH_TIMEOUT(client.get(u"/healthz"_s).status, 200, 5000);
        watch(client);
        QCOMPARE(client.get(u"/healthz"_s).status, 200);
    }

    // Pipelined requests on one connection are answered in the order they were sent, however
    // long each takes (a sign-in hashes a password; a health check answers at once).
    void pipelinedAnswersKeepTheirOrder()
    {
        QTcpSocket socket;
        socket.connectToHost(m_server.url().host(), quint16(m_server.url().port()));
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray signIn = "{\"grant_type\":\"password\",\"username\":\"a-case\",\"password\":\"wrong\"}";
        socket.write("POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: " +
                     QByteArray::number(signIn.size()) + "\r\n\r\n" + signIn +
                     "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray answer;
        QElapsedTimer t;
        t.start();
        while (answer.count("HTTP/1.1 ") < 3 && t.elapsed() < 10'000)
            if (socket.waitForReadyRead(200))
                answer += socket.readAll();
        const qsizetype first = answer.indexOf("HTTP/1.1 401");
        const qsizetype second = answer.indexOf("HTTP/1.1 200");
        const qsizetype third = answer.indexOf("HTTP/1.1 404");
        QVERIFY2(first == 0 && second > first && third > second, answer.constData());
    }

    // Clients that vanish while their request is being worked on leave the server unharmed.
    // Pushes whose clients hang up before, during or after the work: the server lives on, and
    // each batch is stored whole or not at all, whenever one looks.
    void clientsThatHangUpMidRequest()
    {
        QList<QStringList> roundIds;
        for (int round = 0; round < 5; ++round) {
            QList<QJsonObject> events;
            QStringList ids;
            for (int i = 0; i < 300; ++i) {
                ids.append(uuid());
                events << referralEvent(uuid(), u"created"_s,
                                        createdPayload(u"HT-GONE-%1-%2"_s.arg(round).arg(i), professionalId()),
                                        ids.last());
            }
            roundIds.append(ids);
            const QByteArray body = QJsonDocument(batch(events)).toJson(QJsonDocument::Compact);
            QTcpSocket socket;
            socket.connectToHost(m_server.url().host(), quint16(m_server.url().port()));
            QVERIFY(socket.waitForConnected(5000));
            socket.write("POST /api/v1/referral-events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                         token(u"a-case"_s) + "\r\nContent-Type: application/json\r\nContent-Length: " +
                         QByteArray::number(body.size()) + "\r\n\r\n" + body);
            QVERIFY(socket.waitForBytesWritten(5000));
            QTest::qWait(round * 20); // gone before, during or after the work
            socket.abort();
        }
        // Sampled while the abandoned work finishes: never part of a batch.
        const auto storedOf = [this](const QStringList& ids) {
            int stored = -1;
            {
                QSqlDatabase db = m_backend.open(u"gone"_s);
                QSqlQuery q(db);
                if (q.exec(u"SELECT COUNT(*) FROM referral_events WHERE id IN ('%1')"_s.arg(ids.join(u"','"_s))) &&
                    q.next())
                    stored = q.value(0).toInt();
            }
            QSqlDatabase::removeDatabase(u"gone"_s);
            return stored;
        };
        for (int sample = 0; sample < 10; ++sample) {
            for (const QStringList& ids : std::as_const(roundIds)) {
                const int stored = storedOf(ids);
                QVERIFY2(stored == 0 || stored == 300, qPrintable(u"a batch stored in part: %1 of 300"_s.arg(stored)));
            }
            QTest::qWait(100);
        }
        QCOMPARE(m_server.process().state(), QProcess::Running);
        QCOMPARE(m_api.get(u"/healthz"_s).status, 200);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, token(u"a-case"_s)).status, 200);
    }

    void publications()
    {
        QString newsCursor;
        const qsizetype before = m_api.all(u"/api/v1/news"_s, token(u"a-case"_s), 100, &newsCursor).size();
        ApiReply r = m_api.post(
            u"/api/v1/news"_s, token(u"editor"_s),
            {{u"title"_s, u"New NRM guidance"_s}, {u"summary"_s, u"What changed"_s}, {u"language"_s, u"en-GB"_s}});
        QCOMPARE(r.status, 201);
        const QString newsId = r.json().value(u"id"_s).toString();
        r = m_api.post(u"/api/v1/resources"_s, token(u"editor"_s),
                       {{u"title"_s, u"Trauma-informed interviewing"_s},
                        {u"kind"_s, u"course"_s},
                        {u"url"_s, u"https://learning.example.org/course/1"_s}});
        QCOMPARE(r.status, 201);
        r = m_api.post(u"/api/v1/resources"_s, token(u"editor"_s),
                       {{u"title"_s, u"No link"_s}, {u"kind"_s, u"poster"_s}});
        QCOMPARE(r.status, 400);
        const QStringList problems =
            r.json().value(u"error"_s).toObject().value(u"problems"_s).toVariant().toStringList();
        QVERIFY2(problems.join(u'|').contains(u"url"_s) && problems.join(u'|').contains(u"kind"_s),
                 qPrintable(problems.join(u'|')));

        QJsonArray fresh = m_api.all(u"/api/v1/news"_s, token(u"pro"_s), 100, &newsCursor);
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.at(0).toObject().value(u"title"_s).toString(), u"New NRM guidance"_s);
        QCOMPARE(m_api.all(u"/api/v1/news"_s, token(u"pro"_s), 100).size(), before + 1);
        // An update moves the item to the end of the stream, under the same id.
        r = m_api.post(u"/api/v1/news"_s, token(u"editor"_s),
                       {{u"id"_s, newsId}, {u"title"_s, u"New NRM guidance (updated)"_s}});
        QCOMPARE(r.status, 201);
        fresh = m_api.all(u"/api/v1/news"_s, token(u"pro"_s), 100, &newsCursor);
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.at(0).toObject().value(u"id"_s).toString(), newsId);
        QCOMPARE(m_api.all(u"/api/v1/resources"_s, token(u"a-case"_s), 100).size(), 1);
    }

    void profileEditsWaitForAnEditor()
    {
        QString cursor;
        m_api.all(u"/api/v1/directory/changes"_s, token(u"a-case"_s), 1000, &cursor);
        ApiReply r = m_api.get(u"/api/v1/profiles/me"_s, token(u"pro"_s));
        QCOMPARE(r.status, 200);
        QJsonObject profile = r.json().value(u"profile"_s).toObject();
        QCOMPARE(profile.value(u"id"_s).toString(), professionalId());
        profile.insert(u"display_name"_s, u"Dr Renamed Professional"_s);
        profile.insert(u"id"_s, m_otherProfessionalId); // ignored: the listing is the caller's own
        r = m_api.send("PUT", u"/api/v1/profiles/me"_s, token(u"pro"_s), QJsonDocument(profile).toJson());
        QCOMPARE(r.status, 202);
        QString editId = r.json().value(u"id"_s).toString();
        QCOMPARE(r.json().value(u"status"_s).toString(), u"pending"_s);
        // Nothing reaches the directory yet.
        QString probe = cursor;
        QCOMPARE(m_api.all(u"/api/v1/directory/changes"_s, token(u"a-case"_s), 1000, &probe).size(), 0);

        QJsonObject invalid = profile;
        invalid.insert(u"languages"_s, QJsonArray{QJsonObject{{u"code"_s, u"xx"_s}}});
        r = m_api.send("POST", u"/api/v1/profiles/me"_s, token(u"pro"_s), QJsonDocument(invalid).toJson());
        QCOMPARE(r.status, 400);

        // A confidential location's street address never reaches the server's records of edits.
        {
            QJsonObject hidden = profile;
            QJsonArray locations = hidden.value(u"locations"_s).toArray();
            QJsonObject safeHouse{
                {u"city"_s, u"Leeds"_s},       {u"country"_s, u"GB"_s},   {u"address"_s, u"12 Hidden Street"_s},
                {u"postcode"_s, u"LS1 1AA"_s}, {u"latitude"_s, 53.80012}, {u"longitude"_s, -1.54987},
                {u"confidential"_s, true}};
            locations.append(safeHouse);
            hidden.insert(u"locations"_s, locations);
            r = m_api.send("PUT", u"/api/v1/profiles/me"_s, token(u"pro"_s), QJsonDocument(hidden).toJson());
            QCOMPARE(r.status, 202);
            const QByteArray seen =
                QJsonDocument(m_api.all(u"/api/v1/profile-edits"_s, token(u"editor"_s), 100)).toJson();
            QVERIFY(seen.contains("Leeds"));
            QVERIFY(!seen.contains("Hidden Street") && !seen.contains("LS1 1AA") && !seen.contains("53.80012"));
            editId = r.json().value(u"id"_s).toString();
        }

        // A newer edit supersedes the pending one.
        QString editorCursor;
        m_api.all(u"/api/v1/profile-edits?status=all"_s, token(u"editor"_s), 100, &editorCursor);
        r = m_api.send("PUT", u"/api/v1/profiles/me"_s, token(u"pro"_s), QJsonDocument(profile).toJson());
        QCOMPARE(r.status, 202);
        const QString supersededId = editId;
        const QString editId2 = r.json().value(u"id"_s).toString();
        QJsonArray moved = m_api.all(u"/api/v1/profile-edits?status=all"_s, token(u"editor"_s), 100, &editorCursor);
        QCOMPARE(moved.size(), 2);
        QCOMPARE(moved.at(0).toObject().value(u"id"_s).toString(), supersededId);
        QCOMPARE(moved.at(0).toObject().value(u"status"_s).toString(), u"superseded"_s);
        QCOMPARE(m_api.post(u"/api/v1/profile-edits/%1/approve"_s.arg(supersededId), token(u"editor"_s), {}).status,
                 409);
        editId = editId2;

        const QJsonArray pending = m_api.all(u"/api/v1/profile-edits"_s, token(u"editor"_s), 100);
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.at(0).toObject().value(u"professional_id"_s).toString(), professionalId());
        r = m_api.post(u"/api/v1/profile-edits/%1/approve"_s.arg(editId), token(u"editor"_s),
                       {{u"note"_s, u"checked"_s}});
        QCOMPARE(r.status, 200);
        // The review moves the edit along the stream: whoever follows it sees the outcome.
        moved = m_api.all(u"/api/v1/profile-edits?status=all"_s, token(u"editor"_s), 100, &editorCursor);
        QCOMPARE(moved.size(), 1);
        QCOMPARE(moved.at(0).toObject().value(u"status"_s).toString(), u"approved"_s);
        r = m_api.post(u"/api/v1/profile-edits/%1/approve"_s.arg(editId), token(u"editor"_s), {});
        QCOMPARE(r.status, 409);
        r = m_api.post(u"/api/v1/profile-edits/%1/approve"_s.arg(uuid()), token(u"editor"_s), {});
        QCOMPARE(r.status, 404);

        const QJsonArray changed = m_api.all(u"/api/v1/directory/changes"_s, token(u"a-case"_s), 1000, &cursor);
        QCOMPARE(changed.size(), 1);
        const QJsonObject data = changed.at(0).toObject().value(u"data"_s).toObject();
        QCOMPARE(data.value(u"id"_s).toString(), professionalId());
        QCOMPARE(data.value(u"display_name"_s).toString(), u"Dr Renamed Professional"_s);
        QCOMPARE(data.value(u"verification"_s).toObject().value(u"status"_s).toString(), u"verified"_s);
        QCOMPARE(data.value(u"verification"_s).toObject().value(u"verified_by"_s).toString(), u"editor"_s);

        // A rejected edit never reaches the directory.
        profile.insert(u"display_name"_s, u"Dr Rejected Name"_s);
        r = m_api.send("PUT", u"/api/v1/profiles/me"_s, token(u"pro"_s), QJsonDocument(profile).toJson());
        QCOMPARE(r.status, 202);
        r = m_api.post(u"/api/v1/profile-edits/%1/reject"_s.arg(r.json().value(u"id"_s).toString()), token(u"editor"_s),
                       {{u"note"_s, u"please send evidence"_s}});
        QCOMPARE(r.status, 200);
        QCOMPARE(m_api.all(u"/api/v1/directory/changes"_s, token(u"a-case"_s), 1000, &cursor).size(), 0);
        QCOMPARE(m_api.all(u"/api/v1/profile-edits"_s, token(u"editor"_s), 100).size(), 0);
        r = m_api.get(u"/api/v1/profile-edits?status=all"_s, token(u"editor"_s));
        QCOMPARE(r.json().value(u"items"_s).toArray().size(), 4);
        r = m_api.get(u"/api/v1/profiles/me"_s, token(u"pro"_s));
        QCOMPARE(r.json().value(u"items"_s).toArray().size(), 4);
    }

    void orgAdminManagesOwnUsersOnly()
    {
        ApiReply r = m_api.get(u"/api/v1/users"_s, token(u"a-admin"_s));
        QCOMPARE(r.status, 200);
        QStringList names;
        QString legalId;
        for (const QJsonValue& v : r.json().value(u"items"_s).toArray()) {
            names.append(v.toObject().value(u"user"_s).toString());
            if (names.last() == "a-legal"_L1)
                legalId = v.toObject().value(u"id"_s).toString();
        }
        QVERIFY2(names.contains(u"a-case"_s) && !names.contains(u"b-case"_s) && !names.contains(u"editor"_s),
                 qPrintable(names.join(u',')));
        // Another organisation's user does not exist for this admin.
        const QByteArray bToken = m_api.signIn(u"b-case"_s, kPassword);
        r = m_api.get(u"/api/v1/me"_s, bToken);
        const QString bId = r.json().value(u"id"_s).toString();
        // Pages of one user follow the same list contract.
        int pages = 0;
        const QJsonArray paged = m_api.all(u"/api/v1/users"_s, token(u"a-admin"_s), 1, nullptr, &pages);
        QCOMPARE(paged.size(), names.size());
        QCOMPARE(pages, int(names.size()));
        r = m_api.post(u"/api/v1/users/%1/revoke"_s.arg(bId), token(u"a-admin"_s), {});
        QCOMPARE(r.status, 404);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, bToken).status, 200);
        r = m_api.post(u"/api/v1/users/%1/revoke"_s.arg(legalId), token(u"a-admin"_s), {});
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value(u"revoked_tokens"_s).toInt() >= 1);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, token(u"a-legal"_s)).status, 401);
        m_tokens[u"a-legal"_s] = m_api.signIn(u"a-legal"_s, kPassword);
        QVERIFY(!token(u"a-legal"_s).isEmpty());

        // Disabling ends the sessions and keeps the user out until enabled again.
        r = m_api.post(u"/api/v1/users/%1/disable"_s.arg(legalId), token(u"a-admin"_s), {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"disabled"_s).toBool(), true);
        QCOMPARE(m_api.get(u"/api/v1/me"_s, token(u"a-legal"_s)).status, 401);
        QVERIFY(m_api.signIn(u"a-legal"_s, kPassword).isEmpty());
        r = m_api.post(u"/api/v1/users/%1/disable"_s.arg(bId), token(u"a-admin"_s), {});
        QCOMPARE(r.status, 404);
        const QString adminId = m_api.get(u"/api/v1/me"_s, token(u"a-admin"_s)).json().value(u"id"_s).toString();
        QCOMPARE(m_api.post(u"/api/v1/users/%1/disable"_s.arg(adminId), token(u"a-admin"_s), {}).status, 409);
        r = m_api.post(u"/api/v1/users/%1/enable"_s.arg(legalId), token(u"a-admin"_s), {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"disabled"_s).toBool(), false);
        QVERIFY(!r.json().contains(u"disabled_by"_s));
        m_tokens[u"a-legal"_s] = m_api.signIn(u"a-legal"_s, kPassword);
        QVERIFY(!token(u"a-legal"_s).isEmpty());

        // The operator's disable is the operator's: an organisation's admin can neither lift it
        // nor turn it into their own by disabling again.
        QCOMPARE(admin({u"disable-user"_s, u"--user"_s, u"a-legal"_s}).exitCode, 0);
        r = m_api.post(u"/api/v1/users/%1/disable"_s.arg(legalId), token(u"a-admin"_s), {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"disabled_by"_s).toString(), u"operator"_s);
        r = m_api.post(u"/api/v1/users/%1/enable"_s.arg(legalId), token(u"a-admin"_s), {});
        QCOMPARE(r.status, 403);
        QVERIFY(r.json().value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"operator"_s));
        QVERIFY(m_api.signIn(u"a-legal"_s, kPassword).isEmpty());
        QCOMPARE(admin({u"enable-user"_s, u"--user"_s, u"a-legal"_s}).exitCode, 0);
        m_tokens[u"a-legal"_s] = m_api.signIn(u"a-legal"_s, kPassword);
        QVERIFY(!token(u"a-legal"_s).isEmpty());

        // A directory editor (powers beyond the organisation) is let back in by the operator alone.
        QVERIFY(createUser(u"Directory Office"_s, u"d-admin"_s, u"org-admin"_s));
        QVERIFY(createUser(u"Directory Office"_s, u"editor-2"_s, u"directory-editor"_s));
        const QByteArray dAdmin = m_api.signIn(u"d-admin"_s, kPassword);
        QString editorId;
        for (const QJsonValue& v : m_api.all(u"/api/v1/users"_s, dAdmin, 100))
            if (v.toObject().value(u"user"_s).toString() == "editor-2"_L1)
                editorId = v.toObject().value(u"id"_s).toString();
        QVERIFY(!editorId.isEmpty());
        r = m_api.post(u"/api/v1/users/%1/disable"_s.arg(editorId), dAdmin, {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"disabled_by"_s).toString(), u"organisation"_s);
        QCOMPARE(m_api.post(u"/api/v1/users/%1/enable"_s.arg(editorId), dAdmin, {}).status, 403);
        QVERIFY(m_api.signIn(u"editor-2"_s, kPassword).isEmpty());
        QCOMPARE(admin({u"enable-user"_s, u"--user"_s, u"editor-2"_s}).exitCode, 0);
        QVERIFY(!m_api.signIn(u"editor-2"_s, kPassword).isEmpty());
    }

    void accountVerbs()
    {
        QVERIFY(createUser(u"Org B"_s, u"b-legal"_s, u"legal"_s));
        const QByteArray before = m_api.signIn(u"b-legal"_s, kPassword);
        QVERIFY(!before.isEmpty());
        const QString fresh = u"an entirely new passphrase"_s;
        Run r = admin({u"set-password"_s, u"--user"_s, u"b-legal"_s}, fresh.toUtf8() + '\n');
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_api.get(u"/api/v1/me"_s, before).status, 401); // the old sign-in ended
        QVERIFY(m_api.signIn(u"b-legal"_s, kPassword).isEmpty());
        QVERIFY(!m_api.signIn(u"b-legal"_s, fresh).isEmpty());
        QCOMPARE(admin({u"set-password"_s, u"--user"_s, u"b-legal"_s}, "short\n").exitCode, 4);
        r = admin({u"disable-user"_s, u"--user"_s, u"b-legal"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(m_api.signIn(u"b-legal"_s, fresh).isEmpty());
        QCOMPARE(admin({u"enable-user"_s, u"--user"_s, u"b-legal"_s}).exitCode, 0);
        QVERIFY(!m_api.signIn(u"b-legal"_s, fresh).isEmpty());
        QCOMPARE(admin({u"disable-user"_s, u"--user"_s, u"nobody-here"_s}).exitCode, 3);
        QCOMPARE(admin({u"disable-user"_s}).exitCode, 1);
    }

    void metricsAndLogsCarryNoVictimData()
    {
        const QString referral = uuid();
        const QString caseRef = u"HT-LOGCHECK-4242"_s;
        push(u"a-case"_s,
             {referralEvent(referral, u"created"_s, createdPayload(caseRef, professionalId())),
              referralEvent(referral, u"note-added"_s, {{u"text"_s, u"she fears the agency in Leeds"_s}})});
        const ApiReply r = m_api.get(u"/metrics"_s);
        QCOMPARE(r.status, 200);
        const QByteArray text = r.body;
        QVERIFY(text.contains(
            "htmse_http_requests_total{route=\"/api/v1/referral-events\",method=\"POST\",status=\"200\"}"));
        QVERIFY(text.contains("htmse_http_request_duration_seconds_bucket{route=\"/api/v1/directory/changes\""));
        QVERIFY(text.contains("htmse_referral_events_accepted_total"));
        QVERIFY(text.contains("htmse_directory_items_served_total"));
        static const QRegularExpression anyUuid(u"[0-9a-f]{8}-[0-9a-f]{4}-"_s);
        QVERIFY2(!anyUuid.match(QString::fromUtf8(text)).hasMatch(), "ids must not become metric labels");
        const QByteArray log = m_server.log();
        QVERIFY(log.contains("\"event\":\"http.request\""));
        for (const QByteArray& secret :
             {caseRef.toUtf8(), "fears the agency"_ba, kPassword.toUtf8(), token(u"a-case"_s)})
            QVERIFY2(!log.contains(secret), secret.constData());
    }

    void rateLimits()
    {
        ServerProcess limited;
        QVERIFY(limited.start(serverExe(), m_backend.storeArguments() + QStringList{u"--rate-limit-ip"_s, u"2"_s}));
        ApiClient client(limited.url());
        watch(client);
        int throttled = 0;
        QByteArray retryAfter;
        for (int i = 0; i < 12; ++i) {
            const ApiReply r = client.get(u"/api/v1/me"_s, token(u"a-case"_s));
            if (r.status == 429) {
                ++throttled;
                retryAfter = r.header("Retry-After");
                QCOMPARE(r.errorCode(), u"rate_limited"_s);
            }
        }
        QVERIFY(throttled >= 4); // a burst of 4, then 2 per second
        QVERIFY(retryAfter.toInt() >= 1);

        // Per sign-in: one token is held back while another sign-in goes on.
        ServerProcess perToken;
        QVERIFY(perToken.start(serverExe(), m_backend.storeArguments() + QStringList{u"--rate-limit-ip"_s, u"0"_s,
                                                                                     u"--rate-limit-token"_s, u"1"_s}));
        ApiClient second(perToken.url());
        watch(second);
        int held = 0;
        for (int i = 0; i < 10; ++i) {
            const ApiReply r = second.get(u"/api/v1/me"_s, token(u"a-case"_s));
            if (r.status == 429) {
                ++held;
                QVERIFY(r.json().value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"sign-in"_s));
            }
        }
        QVERIFY(held >= 5); // a burst of 4, then 1 per second
        QCOMPARE(second.get(u"/api/v1/me"_s, token(u"a-legal"_s)).status, 200);
    }

    void accessTokensExpire()
    {
        ServerProcess shortLived;
        QVERIFY(shortLived.start(serverExe(), serverArguments({u"--access-token-seconds"_s, u"1"_s})));
        ApiClient client(shortLived.url());
        watch(client);
        const QByteArray access = client.signIn(u"a-case"_s, kPassword);
        QCOMPARE(client.get(u"/api/v1/me"_s, access).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(client.get(u"/api/v1/me"_s, access).status, 401, 5000);
    }

    void tls()
    {
        const Run which = runProcess(u"openssl"_s, {u"version"_s});
        QVERIFY2(which.exitCode == 0, "openssl is needed to make a test certificate");
        QTemporaryDir dir;
        const QString cert = dir.filePath(u"cert.pem"_s);
        const QString key = dir.filePath(u"key.pem"_s);
        const Run made =
            runProcess(u"openssl"_s,
                       {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
                        u"-nodes"_s, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s,
                        u"subjectAltName=IP:127.0.0.1"_s, u"-keyout"_s, key, u"-out"_s, cert});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        ServerProcess secure;
        QVERIFY2(secure.start(serverExe(), serverArguments({u"--tls-cert"_s, cert, u"--tls-key"_s, key})),
                 secure.log().constData());
        QCOMPARE(secure.url().scheme(), u"https"_s);
        ApiClient client(secure.url());
        watch(client);
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        QFile f(cert);
        QVERIFY(f.open(QIODevice::ReadOnly));
        ssl.setCaCertificates(QSslCertificate::fromData(f.readAll()));
        client.setSslConfiguration(ssl);
        QCOMPARE(client.get(u"/healthz"_s).status, 200);
        const QByteArray access = client.signIn(u"a-case"_s, kPassword);
        QCOMPARE(client.get(u"/api/v1/me"_s, access).status, 200);
        // Without trusting the certificate the client refuses the connection.
        ApiClient untrusting(secure.url());
        QCOMPARE(untrusting.get(u"/healthz"_s).error, QNetworkReply::SslHandshakeFailedError);
        // A missing key is a usage error, not a server without TLS.
        const Run bad = runProcess(serverExe(), {u"serve"_s, u"--tls-cert"_s, cert});
        QCOMPARE(bad.exitCode, 1);
    }

    void gracefulStopFinishesRequestsInFlight()
    {
        ServerProcess stopping;
        QVERIFY(stopping.start(serverExe(), serverArguments()));
        ApiClient client(stopping.url());
        watch(client);
        const QByteArray access = client.signIn(u"a-case"_s, kPassword);
        QList<QJsonObject> events;
        for (int i = 0; i < 500; ++i) {
            const QString referral = uuid();
            events << referralEvent(referral, u"created"_s, createdPayload(u"HT-STOP-%1"_s.arg(i), professionalId()));
            events << referralEvent(referral, u"sent"_s);
        }
        // SIGTERM arrives as soon as the push has left the client; it still completes.
        client.setUploadedHook([&stopping] { ::kill(pid_t(stopping.process().processId()), SIGTERM); });
        const ApiReply r = client.post(u"/api/v1/referral-events"_s, access, batch(events));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"accepted"_s).toArray().size(), 1000);
        QVERIFY(stopping.process().waitForFinished(30'000));
        QVERIFY2(stopping.process().exitStatus() == QProcess::NormalExit, stopping.log().right(4000).constData());
        QCOMPARE(stopping.process().exitCode(), 0);
        QVERIFY(stopping.log().contains("server.draining"));
    }

    void importVerbs()
    {
        QString cursor;
        m_api.all(u"/api/v1/directory/changes"_s, token(u"a-case"_s), 1000, &cursor);
        const QString package = qEnvironmentVariable("HTMSE_SOURCE_DIR") + u"/tests/data/hsds-3.0/examples/csv"_s;
        Run r = admin({u"import-hsds"_s, package});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("imported 1 organisations and 1 profiles"), r.out.constData());
        QVERIFY2(r.err.contains("phones.csv row 2"), r.err.constData()); // a real defect of the example data
        QString probe = cursor;
        const QJsonArray imported = m_api.all(u"/api/v1/directory/changes"_s, token(u"a-case"_s), 1000, &probe);
        QCOMPARE(imported.size(), 2);
        // Importing again updates the same entries.
        r = admin({u"import-hsds"_s, package});
        QCOMPARE(r.exitCode, 0);
        QString again = probe;
        const QJsonArray reimported = m_api.all(u"/api/v1/directory/changes"_s, token(u"a-case"_s), 1000, &again);
        QCOMPARE(reimported.size(), 2);
        QSet<QString> first;
        QSet<QString> second;
        for (const QJsonValue& v : imported)
            first.insert(v.toObject().value(u"id"_s).toString());
        for (const QJsonValue& v : reimported)
            second.insert(v.toObject().value(u"id"_s).toString());
        QCOMPARE(first, second);

        QTemporaryDir dir;
        const QString csv = dir.filePath(u"professionals.csv"_s);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("display_name,professional_types,organisation,services,languages,city,country,latitude,longitude,"
                "email,accepting_referrals\n"
                "Dr Amina Yusuf,lawyer,Leeds Law Centre,legal.immigration;legal.compensation,tir;ara,Leeds,GB,53.8,"
                "-1.55,amina@example.org,yes\n"
                "Bad Row,lawyer,,legal.nope,xx,Leeds,GB,53.8,-1.55,not-an-email,maybe\n");
        f.close();
        r = admin({u"import-csv"_s, csv});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("imported 1 profiles and 1 organisations"), r.out.constData());
        QVERIFY2(r.err.contains("row 3") && r.err.contains("legal.nope") && r.err.contains("not-an-email"),
                 r.err.constData());
        const QJsonArray fromCsv = m_api.all(u"/api/v1/directory/changes"_s, token(u"a-case"_s), 1000, &again);
        QCOMPARE(fromCsv.size(), 2);
        bool found = false;
        for (const QJsonValue& v : fromCsv)
            found = found || v.toObject().value(u"data"_s).toObject().value(u"display_name"_s) == u"Dr Amina Yusuf"_s;
        QVERIFY(found);

        QCOMPARE(admin({u"import-hsds"_s, dir.filePath(u"missing"_s)}).exitCode, 3);
        QFile notHsds(dir.filePath(u"other.json"_s));
        QVERIFY(notHsds.open(QIODevice::WriteOnly));
        notHsds.write("{\"hello\": \"world\"}");
        notHsds.close();
        QCOMPARE(admin({u"import-hsds"_s, notHsds.fileName()}).exitCode, 4);
    }

    // The database drops every connection (a restart, a fail-over): the server reconnects on its
    // own and the next requests succeed.
    void survivesTheDatabaseDroppingConnections()
    {
        if (!TestBackend::isPostgres())
            QSKIP("the embedded store has no connections to lose");
        QCOMPARE(m_api.get(u"/api/v1/me"_s, token(u"a-case"_s)).status, 200);
        QSqlDatabase db = m_backend.open(u"killer"_s);
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                           "datname = current_database() AND pid <> pg_backend_pid()"_s));
            QVERIFY(q.next());
            QVERIFY(q.value(0).toInt() > 0);
        }
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(u"killer"_s);
        for (int i = 0; i < 12; ++i) // more requests than worker threads: every connection is renewed
            QCOMPARE(m_api.get(u"/api/v1/me"_s, token(u"a-case"_s)).status, 200);
        const QString referral = uuid();
        const QJsonObject result = push(
            u"a-case"_s, {referralEvent(referral, u"created"_s, createdPayload(u"HT-RECONNECT"_s, professionalId()))});
        QCOMPARE(result.value(u"accepted"_s).toArray().size(), 1);
        QCOMPARE(m_api.get(u"/healthz"_s).status, 200);
    }

    void twoInstancesBehaveAsOne()
    {
        ServerProcess second;
        QVERIFY(second.start(serverExe(), serverArguments()));
        ApiClient other(second.url());
        watch(other);
        // A token issued by one instance works on the other: nothing lives in a process.
        QCOMPARE(other.get(u"/api/v1/me"_s, token(u"a-case"_s)).status, 200);
        const QString referral = uuid();
        const QList<QJsonObject> events{
            referralEvent(referral, u"created"_s, createdPayload(u"HT-TWO-1"_s, professionalId())),
            referralEvent(referral, u"sent"_s), referralEvent(referral, u"note-added"_s, {{u"text"_s, u"1"_s}}),
            referralEvent(referral, u"note-added"_s, {{u"text"_s, u"2"_s}}), referralEvent(referral, u"revoked"_s)};
        QList<qint64> seqs;
        for (int i = 0; i < events.size(); ++i) {
            ApiClient& client = i % 2 ? other : m_api;
            const ApiReply r = client.post(u"/api/v1/referral-events"_s, token(u"a-case"_s), batch({events[i]}));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json().value(u"accepted"_s).toArray().size(), 1);
            seqs.append(r.json().value(u"accepted"_s).toArray().at(0).toObject().value(u"seq"_s).toInteger());
        }
        QVERIFY(std::is_sorted(seqs.begin(), seqs.end()));
        // A resend through the other instance answers as the first did.
        const ApiReply again = other.post(u"/api/v1/referral-events"_s, token(u"a-case"_s), batch({events[0]}));
        QCOMPARE(again.json().value(u"accepted"_s).toArray().at(0).toObject().value(u"seq"_s).toInteger(), seqs[0]);
        // Both instances tell the same history, and refuse the same transition.
        const QJsonArray viaFirst = m_api.all(u"/api/v1/referral-events"_s, token(u"a-case"_s), 100);
        const QJsonArray viaSecond = other.all(u"/api/v1/referral-events"_s, token(u"a-case"_s), 100);
        QCOMPARE(viaFirst, viaSecond);
        const ApiReply refused = other.post(u"/api/v1/referral-events"_s, token(u"a-case"_s),
                                            batch({referralEvent(referral, u"accepted"_s)}));
        QCOMPARE(refused.json().value(u"rejected"_s).toArray().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestServerApi)
#include "TestServerApi.moc"
