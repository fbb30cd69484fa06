// Sign-in under attack, against a real htmse-server process on the backend HTMSE_TEST_BACKEND
// names: failures are throttled per user name and client address together (someone guessing
// from one address cannot lock the person out from theirs), names that do not exist are
// throttled alike without a row in the store, each address has a sign-in rate, and a flood of
// password grants gets 503s from the bounded password check while directory pages keep being
// served; a sign-in ends at its absolute lifetime; one address cannot hold every connection.
#include "common/ApiClient.h"
#include "common/RunProcess.h"
#include "common/ServerProcess.h"
#include "common/TestBackend.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace htmse::test;

namespace {

const QString kPassword = u"a long test password"_s;

QString serverExe()
{
    return qEnvironmentVariable("HTMSE_SERVER");
}

QByteArray tokenRequest(const QString& user, const QString& password)
{
    const QByteArray body =
        QJsonDocument(QJsonObject{{u"grant_type"_s, u"password"_s}, {u"username"_s, user}, {u"password"_s, password}})
            .toJson(QJsonDocument::Compact);
    return "POST /api/v1/auth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
           "Content-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// The status and headers of a password grant sent from `from` (Linux answers the whole of
// 127.0.0.0/8 on the loopback interface, so 127.0.0.2 is another client address).
QByteArray signInFrom(const QHostAddress& from, const QUrl& server, const QString& user, const QString& password)
{
    QTcpSocket socket;
    if (!socket.bind(from))
        return "cannot bind " + from.toString().toLatin1();
    socket.connectToHost(QHostAddress(server.host()), quint16(server.port()));
    if (!socket.waitForConnected(5000))
        return "cannot connect";
    socket.write(tokenRequest(user, password));
    QByteArray response;
    while (!response.contains("\r\n\r\n") && socket.waitForReadyRead(30'000))
        response += socket.readAll();
    return response.left(response.indexOf("\r\n\r\n"));
}

int statusOf(const QByteArray& head)
{
    return head.startsWith("HTTP/1.1 ") ? head.mid(9, 3).toInt() : -1;
}

// Keeps `parallel` password grants for names that do not exist in flight until stopped, each
// on a fresh connection, and counts the answers by status.
class TokenFlood : public QObject
{
public:
    TokenFlood(const QUrl& server, int parallel)
        : m_server(server)
    {
        for (int i = 0; i < parallel; ++i)
            sendOne();
    }
    void stop() { m_stopped = true; }
    const QHash<int, int>& statuses() const { return m_statuses; }
    const QByteArray& busyHead() const { return m_busyHead; }

private:
    void sendOne()
    {
        auto* socket = new QTcpSocket(this);
        auto* buffer = new QByteArray;
        connect(socket, &QTcpSocket::connected, this,
                [this, socket] { socket->write(tokenRequest(u"flood-%1"_s.arg(m_sent++), u"not the password"_s)); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            if (!buffer->contains("\r\n\r\n"))
                return;
            const QByteArray head = buffer->left(buffer->indexOf("\r\n\r\n"));
            ++m_statuses[statusOf(head)];
            if (statusOf(head) == 503)
                m_busyHead = head;
            socket->disconnect(this);
            socket->abort();
            socket->deleteLater();
            delete buffer;
            if (!m_stopped)
                sendOne();
        });
        socket->connectToHost(QHostAddress(m_server.host()), quint16(m_server.port()));
    }

    QUrl m_server;
    bool m_stopped = false;
    int m_sent = 0;
    QHash<int, int> m_statuses;
    QByteArray m_busyHead;
};

} // namespace

class TestSignIn : public QObject
{
    Q_OBJECT

private:
    Run admin(const QStringList& args, const QByteArray& input = {})
    {
        return runProcess(serverExe(), args + m_backend.storeArguments(), input);
    }

    int throttleRows(const QString& pattern)
    {
        int rows = -1;
        {
            QSqlDatabase db = m_backend.open(u"throttle"_s);
            QSqlQuery q(db);
            if (q.exec(u"SELECT COUNT(*) FROM sign_in_throttle WHERE username LIKE '%1'"_s.arg(pattern)) && q.next())
                rows = q.value(0).toInt();
            else
                qWarning("%s", qPrintable(q.lastError().text()));
        }
        QSqlDatabase::removeDatabase(u"throttle"_s);
        return rows;
    }

private slots:
    void initTestCase()
    {
        HTMSE_SET_UP_BACKEND(m_backend);
        QVERIFY(QFile::exists(serverExe()));
        Run r = admin({u"create-org"_s, u"--name"_s, u"Org A"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const QString& user : {u"amina"_s, u"bo"_s}) {
            r = admin({u"create-user"_s, u"--org"_s, u"Org A"_s, u"--user"_s, user, u"--role"_s, u"caseworker"_s},
                      kPassword.toUtf8() + '\n');
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        r = admin({u"seed"_s, u"--profiles"_s, u"200"_s, u"--seed"_s, u"3"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void guessingFromOneAddressDoesNotLockOutAnother()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverExe(), m_backend.storeArguments()), server.log().constData());
        const QHostAddress attacker(u"127.0.0.2"_s), person(u"127.0.0.1"_s);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(statusOf(signInFrom(attacker, server.url(), u"amina"_s, u"guess %1"_s.arg(i))), 401);
        const QByteArray blocked = signInFrom(attacker, server.url(), u"amina"_s, kPassword);
        QCOMPARE(statusOf(blocked), 429);
        QVERIFY2(blocked.contains("Retry-After: "), blocked.constData());
        // The person, from their own address, is not held up by the guesses.
        QCOMPARE(statusOf(signInFrom(person, server.url(), u"amina"_s, kPassword)), 200);
        QCOMPARE(throttleRows(u"amina"_s), 1); // the attacker's address alone; the person's was cleared
    }

    void unknownNamesAreThrottledAlikeWithoutRows()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverExe(), m_backend.storeArguments()), server.log().constData());
        const QHostAddress from(u"127.0.0.3"_s);
        // A name that exists and one that does not answer the same way, attempt by attempt.
        for (int i = 0; i < 6; ++i) {
            const int known = statusOf(signInFrom(from, server.url(), u"bo"_s, u"wrong"_s));
            const int unknown = statusOf(signInFrom(from, server.url(), u"nobody-at-all"_s, u"wrong"_s));
            QCOMPARE(unknown, known);
            QCOMPARE(known, i < 5 ? 401 : 429);
        }
        for (int i = 0; i < 20; ++i)
            QCOMPARE(statusOf(signInFrom(from, server.url(), u"nobody-%1"_s.arg(i), u"wrong"_s)), 401);
        QCOMPARE(throttleRows(u"nobody%"_s), 0);
        QCOMPARE(throttleRows(u"bo"_s), 1);
    }

    void eachAddressHasASignInRate()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverExe(), m_backend.storeArguments() + QStringList{u"--rate-limit-sign-in"_s, u"3"_s,
                                                                                    u"--rate-limit-ip"_s, u"0"_s}),
                 server.log().constData());
        const QHostAddress from(u"127.0.0.4"_s);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(statusOf(signInFrom(from, server.url(), u"nobody-rate-%1"_s.arg(i), u"wrong"_s)), 401);
        const QByteArray limited = signInFrom(from, server.url(), u"bo"_s, kPassword);
        QCOMPARE(statusOf(limited), 429);
        QVERIFY2(limited.contains("Retry-After: "), limited.constData());
        QCOMPARE(statusOf(signInFrom(QHostAddress(u"127.0.0.5"_s), server.url(), u"bo"_s, kPassword)), 200);
    }

    // Password grants for ever-new names (each a full Argon2id check) from 24 connections at
    // once: the bounded check answers the overflow with 503 and Retry-After, and signed-in
    // directory pages are served all along.
    void directoryKeepsFlowingDuringATokenFlood()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverExe(), m_backend.storeArguments() + QStringList{u"--workers"_s, u"4"_s,
                                                                                    u"--rate-limit-sign-in"_s, u"0"_s,
                                                                                    u"--rate-limit-ip"_s, u"0"_s}),
                 server.log().constData());
        ApiClient api(server.url());
        const QByteArray token = api.signIn(u"amina"_s, kPassword);
        QVERIFY(!token.isEmpty());
        TokenFlood flood(server.url(), 24);
        QTRY_VERIFY_WITH_TIMEOUT(flood.statuses().value(503) > 0, 30'000);
        QList<qint64> latencies;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer timer;
            timer.start();
            const ApiReply page = api.get(u"/api/v1/directory/changes?limit=50"_s, token);
            latencies.append(timer.elapsed());
            QCOMPARE(page.status, 200);
            QCOMPARE(page.json().value(u"items"_s).toArray().size(), 50);
        }
        QTRY_VERIFY_WITH_TIMEOUT(flood.statuses().value(401) > 0, 30'000); // the checks that got a turn are made
        flood.stop();
        QVERIFY2(flood.busyHead().contains("Retry-After: 1"), flood.busyHead().constData());
        std::sort(latencies.begin(), latencies.end());
        qInfo("during the flood: %d answered 401, %d answered 503; directory page median %lld ms, worst %lld ms",
              flood.statuses().value(401), flood.statuses().value(503), latencies[latencies.size() / 2],
              latencies.last());
        QCOMPARE(throttleRows(u"flood-%"_s), 0);
    }

    // A sign-in ends at a fixed time after the password was given, however often its refresh
    // token is rotated (here 0.00005 days, about 4.3 s; the default is 30 days).
    void aSignInEndsWhateverItsRefreshes()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverExe(),
                              m_backend.storeArguments() + QStringList{u"--sign-in-lifetime-days"_s, u"0.00005"_s}),
                 server.log().constData());
        ApiClient api(server.url());
        QElapsedTimer sinceSignIn;
        sinceSignIn.start();
        QByteArray refresh;
        QVERIFY(!api.signIn(u"amina"_s, kPassword, &refresh).isEmpty());
        int rotations = 0;
        for (;;) {
            const ApiReply r =
                api.post(u"/api/v1/auth/token"_s, {},
                         {{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, QString::fromLatin1(refresh)}});
            if (r.status != 200) {
                QCOMPARE(r.status, 401);
                QCOMPARE(r.errorCode(), u"invalid_grant"_s);
                break;
            }
            ++rotations;
            refresh = r.json().value(u"refresh_token"_s).toString().toLatin1();
            // A new access token never outlives the sign-in either.
            QVERIFY(r.json().value(u"access_token"_s).isString());
            QVERIFY2(sinceSignIn.elapsed() < 30'000, "the sign-in did not end");
            QTest::qWait(300);
        }
        QVERIFY(sinceSignIn.elapsed() >= 4'000); // not before its time
        QVERIFY(rotations >= 5);
        // The password starts a new one.
        QVERIFY(!api.signIn(u"amina"_s, kPassword).isEmpty());
    }

    void oneAddressCannotHoldEveryConnection()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverExe(),
                              m_backend.storeArguments() + QStringList{u"--max-connections-per-address"_s, u"2"_s}),
                 server.log().constData());
        const auto open = [&](QTcpSocket& socket, const QString& from) {
            return socket.bind(QHostAddress(from)) &&
                   (socket.connectToHost(QHostAddress(server.url().host()), quint16(server.url().port())),
                    socket.waitForConnected(5000));
        };
        QTcpSocket a, b, c, other;
        QVERIFY(open(a, u"127.0.0.6"_s) && open(b, u"127.0.0.6"_s) && open(c, u"127.0.0.6"_s));
        QByteArray refused;
        while (!refused.contains("\r\n\r\n") && c.waitForReadyRead(5000))
            refused += c.readAll();
        QVERIFY2(refused.startsWith("HTTP/1.1 503") && refused.contains("from this address"), refused.constData());
        // Another address is served, and so is the first once it lets a connection go.
        QVERIFY(open(other, u"127.0.0.7"_s));
        other.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(other.waitForReadyRead(5000));
        QVERIFY(other.readAll().startsWith("HTTP/1.1 200"));
        a.disconnectFromHost();
        QByteArray head;
        for (int i = 0; i < 100 && statusOf(head) != 200; ++i) {
            QTest::qWait(i == 0 ? 0 : 100);
            head = signInFrom(QHostAddress(u"127.0.0.6"_s), server.url(), u"bo"_s, kPassword);
        }
        QVERIFY2(statusOf(head) == 200, head.constData());
    }

private:
    TestBackend m_backend;
};

QTEST_GUILESS_MAIN(TestSignIn)
#include "TestSignIn.moc"
