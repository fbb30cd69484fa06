// benchserver: a real htmse-server on loopback, loaded by a small HTTP/1.1 keep-alive client.
//   1. directory change pages of 1,000 profiles at 32 connections: profiles/s, p50/p99
//   2. referral event pushes of 1,000-event batches: events/s, p50/p99 per batch
// on the embedded SQLite, and on PostgreSQL when HTMSE_TEST_PG_URL names one (scripts/test
// starts one; so does `scripts/bench-server`). Figures only, nothing asserted.
//   benchserver [--profiles N] [--seconds S]
#include "BenchUtil.h"
#include "common/RunProcess.h"
#include "common/ServerProcess.h"
#include "common/TestBackend.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace htmse;

namespace {

const QByteArray kPassword = "benchmark password 1";

// One keep-alive connection that sends a request, reads the response by Content-Length, and
// asks for the next request.
class Connection : public QObject
{
public:
    using NextRequest = std::function<QByteArray()>;
    using OnResponse = std::function<void(int status, const QByteArray& body, double ms)>;

    // With `intervalMs` > 0 the connection sends on a fixed schedule (open loop) and measures
    // latency from the scheduled time, so a slow reply delays the figures, not the load.
    Connection(const QUrl& base, NextRequest next, OnResponse onResponse, double intervalMs = 0, double offsetMs = 0)
        : m_next(std::move(next))
        , m_onResponse(std::move(onResponse))
        , m_interval(intervalMs)
        , m_scheduled(offsetMs)
    {
        m_clock.start();
        connect(&m_socket, &QTcpSocket::connected, this, &Connection::send);
        connect(&m_socket, &QTcpSocket::readyRead, this, &Connection::read);
        m_socket.connectToHost(base.host(), quint16(base.port()));
    }

    bool finished() const { return m_done; }

private:
    void send()
    {
        if (m_interval > 0) {
            const double now = bench::ms(m_clock);
            if (now < m_scheduled) {
                QTimer::singleShot(int(m_scheduled - now), this, &Connection::send);
                return;
            }
        }
        const QByteArray request = m_next();
        if (request.isEmpty()) {
            m_done = true;
            m_socket.disconnectFromHost();
            return;
        }
        m_buffer.clear();
        m_started = m_interval > 0 ? m_scheduled : bench::ms(m_clock);
        m_scheduled += m_interval;
        m_socket.write(request);
    }

    void read()
    {
        m_buffer += m_socket.readAll();
        const qsizetype head = m_buffer.indexOf("\r\n\r\n");
        if (head < 0)
            return;
        const qsizetype cl = m_buffer.indexOf("Content-Length: ");
        qsizetype length = 0;
        if (cl >= 0 && cl < head)
            length = m_buffer.mid(cl + 16, m_buffer.indexOf("\r\n", cl) - cl - 16).toLongLong();
        else if (const qsizetype lower = m_buffer.toLower().indexOf("content-length: "); lower >= 0 && lower < head)
            length = m_buffer.mid(lower + 16, m_buffer.indexOf("\r\n", lower) - lower - 16).toLongLong();
        if (m_buffer.size() < head + 4 + length)
            return;
        const int status = m_buffer.mid(9, 3).toInt();
        m_onResponse(status, m_buffer.mid(head + 4, length), bench::ms(m_clock) - m_started);
        send();
    }

    QTcpSocket m_socket;
    NextRequest m_next;
    OnResponse m_onResponse;
    QByteArray m_buffer;
    QElapsedTimer m_clock;
    double m_interval = 0;
    double m_scheduled = 0;
    double m_started = 0;
    bool m_done = false;
};

QByteArray httpRequest(const QByteArray& method, const QByteArray& path, const QByteArray& token,
                       const QByteArray& body = {})
{
    QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n";
    if (!body.isEmpty())
        r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    return r + "\r\n" + body;
}

struct Figures
{
    std::vector<double> latencies;
    qint64 items = 0;
    int errors = 0;
    double seconds = 0;
};

void print(const char* label, const Figures& f, const char* unit)
{
    if (f.latencies.empty()) {
        std::printf("  %-44s no responses (%d errors)\n", label, f.errors);
        return;
    }
    std::vector<double> v = f.latencies;
    std::sort(v.begin(), v.end());
    const double p50 = v[v.size() / 2];
    const double p99 = v[std::min(v.size() - 1, v.size() * 99 / 100)];
    std::printf("  %-44s %9.0f %s/s   p50 %6.1f ms   p99 %6.1f ms   (%zu requests, %d errors)\n", label,
                double(f.items) / f.seconds, unit, p50, p99, f.latencies.size(), f.errors);
}

// Runs `connections` connections until `seconds` have passed, each asking `next` for requests.
Figures load(const QUrl& base, int connections, double seconds, const std::function<QByteArray(int)>& next,
             const std::function<qint64(const QByteArray&)>& itemsOf, double requestsPerSecond = 0)
{
    const double interval = requestsPerSecond > 0 ? 1000.0 * connections / requestsPerSecond : 0;
    Figures f;
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<Connection>> pool;
    for (int c = 0; c < connections; ++c)
        pool.push_back(std::make_unique<Connection>(
            base, [&, c]() { return clock.elapsed() < qint64(seconds * 1000) ? next(c) : QByteArray(); },
            [&](int status, const QByteArray& body, double ms) {
                if (status != 200) {
                    ++f.errors;
                    return;
                }
                f.latencies.push_back(ms);
                f.items += itemsOf(body);
            },
            interval, interval * c / connections));
    while (std::any_of(pool.begin(), pool.end(), [](const auto& c) { return !c->finished(); }) &&
           clock.elapsed() < qint64(seconds * 1000) + 30'000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    f.seconds = double(clock.elapsed()) / 1000.0;
    return f;
}

QJsonObject createdEvent(const QString& recipient, int n)
{
    const QString referral = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return {{u"id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {u"referral_id"_s, referral},
            {u"type"_s, u"created"_s},
            {u"device_id"_s, u"bench"_s},
            {u"client_time"_s, u"2026-11-30T10:00:00.000Z"_s},
            {u"payload"_s, QJsonObject{{u"case_ref"_s, u"HT-B-%1"_s.arg(n)},
                                       {u"kind"_s, u"victim-support"_s},
                                       {u"needs"_s, QJsonArray{u"legal.immigration"_s}},
                                       {u"recipient_id"_s, recipient},
                                       {u"consent"_s, QJsonObject{{u"given"_s, true},
                                                                  {u"date"_s, u"2026-11-30"_s},
                                                                  {u"recorded_by"_s, u"bench"_s}}}}}};
}

void runBackend(const QString& server, int profiles, double seconds)
{
    test::TestBackend backend;
    const QString problem = backend.setUp();
    if (!problem.isEmpty()) {
        std::printf("%s: %s\n", qPrintable(test::TestBackend::name()), qPrintable(problem));
        return;
    }
    const QStringList store = backend.storeArguments();
    const auto admin = [&](const QStringList& args, const QByteArray& input = {}) {
        const test::Run r = test::runProcess(server, args + store, input, 1'800'000);
        if (r.exitCode != 0)
            std::fprintf(stderr, "%s: %s\n", qPrintable(args.first()), r.err.constData());
        return r.exitCode == 0;
    };
    QElapsedTimer t;
    t.start();
    if (!admin({u"seed"_s, u"--profiles"_s, QString::number(profiles), u"--seed"_s, u"1"_s}) ||
        !admin({u"create-org"_s, u"--name"_s, u"Bench"_s}) ||
        !admin({u"create-user"_s, u"--org"_s, u"Bench"_s, u"--user"_s, u"bench"_s, u"--role"_s, u"caseworker"_s},
               kPassword + '\n'))
        return;
    std::printf("%s: seeded %d profiles in %.1f s\n", qPrintable(test::TestBackend::name()), profiles,
                double(t.elapsed()) / 1000.0);

    test::ServerProcess process;
    if (!process.start(server, store + QStringList{u"--rate-limit-ip"_s, u"0"_s, u"--rate-limit-token"_s, u"0"_s,
                                                   u"--workers"_s, u"4"_s})) {
        std::printf("  the server did not start: %s\n", process.log().constData());
        return;
    }
    // Sign in over the same raw client.
    QByteArray token;
    {
        const QByteArray body =
            "{\"grant_type\":\"password\",\"username\":\"bench\",\"password\":\"" + kPassword + "\"}";
        bool sent = false;
        Figures f = load(
            process.url(), 1, 60,
            [&](int) {
                if (sent)
                    return QByteArray();
                sent = true;
                return httpRequest("POST", "/api/v1/auth/token", {}, body);
            },
            [&](const QByteArray& reply) {
                token = QJsonDocument::fromJson(reply).object().value(u"access_token"_s).toString().toLatin1();
                return qint64(1);
            });
        if (token.isEmpty()) {
            std::printf("  sign-in failed\n");
            return;
        }
    }
    // Every connection walks the directory from its own starting point, page by page.
    const qint64 pagesInDirectory = std::max<qint64>(1, profiles / 1000);
    std::vector<qint64> cursor(32);
    for (int c = 0; c < 32; ++c)
        cursor[size_t(c)] = (c % pagesInDirectory) * 1000;
    QString recipient;
    const auto nextPage = [&](int c) {
        const QByteArray path = "/api/v1/directory/changes?limit=1000&after=" + QByteArray::number(cursor[size_t(c)]);
        cursor[size_t(c)] = (cursor[size_t(c)] + 1000) % (pagesInDirectory * 1000);
        return httpRequest("GET", path, token);
    };
    // Items are counted without parsing pages: every item has one top-level "version" key.
    const auto countItems = [&](const QByteArray& body) {
        if (recipient.isEmpty()) {
            const QJsonArray items = QJsonDocument::fromJson(body).object().value(u"items"_s).toArray();
            for (const QJsonValue& v : items)
                if (v.toObject().value(u"kind"_s).toString() == "professional"_L1) {
                    recipient = v.toObject().value(u"id"_s).toString();
                    break;
                }
        }
        return qint64(body.count("\"version\":"));
    };
    const Figures pages = load(process.url(), 32, seconds, nextPage, countItems);
    print("directory pages of 1,000, 32 connections", pages, "profiles");
    // The same at the goal's rate (50 pages/s spread over 32 connections, open loop).
    const Figures paced = load(process.url(), 32, seconds, nextPage, countItems, 50);
    print("  ... paced at 50 pages/s (50,000 profiles/s)", paced, "profiles");

    int n = 0;
    const auto pushes = [&](int connections) {
        return load(
            process.url(), connections, seconds / 2,
            [&](int) {
                QJsonArray events;
                for (int i = 0; i < 1000; ++i)
                    events.append(createdEvent(recipient, n++));
                return httpRequest("POST", "/api/v1/referral-events", token,
                                   QJsonDocument(QJsonObject{{u"events"_s, events}}).toJson(QJsonDocument::Compact));
            },
            [](const QByteArray& body) {
                return qint64(QJsonDocument::fromJson(body).object().value(u"accepted"_s).toArray().size());
            });
    };
    print("event pushes of 1,000, 1 connection", pushes(1), "events");
    print("event pushes of 1,000, 4 connections", pushes(4), "events");
    process.stop();
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    int profiles = 100'000;
    double seconds = 10;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == "--profiles"_L1)
            profiles = args[i + 1].toInt();
        else if (args[i] == "--seconds"_L1)
            seconds = args[i + 1].toDouble();
    }
    const QString server = qEnvironmentVariable("HTMSE_SERVER");
    std::printf("benchserver: htmse-server on loopback, %d demo profiles, %.0f s per figure, %d cores\n", profiles,
                seconds, QThread::idealThreadCount());
    bench::printCalibration();
    qputenv("HTMSE_TEST_BACKEND", "sqlite");
    runBackend(server, profiles, seconds);
    if (!qEnvironmentVariableIsEmpty("HTMSE_TEST_PG_URL")) {
        qputenv("HTMSE_TEST_BACKEND", "postgresql");
        runBackend(server, profiles, seconds);
    } else {
        std::printf("postgresql: skipped (set HTMSE_TEST_PG_URL)\n");
    }
    return 0;
}
