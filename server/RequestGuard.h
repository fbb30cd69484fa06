// RequestGuard: looks at each request's head as it arrives on a connection, before Qt HTTP
// Server reads it, and answers at once, closing the connection, when the body would be larger
// than the limit (413), the head is too large (431), the body has no declared length (411) or
// a request takes too long to arrive (408). Without it an oversized body would be read into
// memory whole before any handler runs. It also closes idle connections and caps how many are
// open at once.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace htmse::server {

struct GuardLimits
{
    qint64 maxBodyBytes = 8 * 1024 * 1024;
    qint64 maxHeadBytes = 64 * 1024;
    int requestTimeoutMs = 60'000;     // from a request's first byte to its last
    int idleTimeoutMs = 120'000;       // nothing received or sent
    int maxConnections = 1000;         // open at once, per listening socket
    int maxConnectionsPerAddress = 64; // of those, from one client address (clientAddressKey)
};

// The connections open on one listening socket, in all and per client address.
class OpenConnections
{
public:
    // Counts a new connection from `address` unless that would pass a limit.
    enum class Admission
    {
        Admitted,
        Full,       // the listening socket's limit
        FromAddress // the address's own limit
    };
    Admission admit(const QString& address, const GuardLimits& limits);
    void release(const QString& address);
    int total() const { return m_total; }

private:
    int m_total = 0;
    QHash<QString, int> m_perAddress;
};

// Follows the request framing of one connection (heads, then bodies by Content-Length) over
// the bytes as they arrive, independently of how the HTTP server buffers them.
class RequestFramer
{
public:
    enum class Verdict
    {
        Continue,
        TooLarge,       // 413
        HeadTooLarge,   // 431
        LengthRequired, // 411
        BadFraming,     // 400: conflicting or malformed Content-Length
        Timeout,        // 408: set by the guard's clock, not by the framer
    };
    explicit RequestFramer(GuardLimits limits)
        : m_limits(limits)
    {}
    // Feeds the bytes received since the last call.
    Verdict feed(QByteArrayView bytes);
    // Between the first and the last byte of a request.
    bool midRequest() const { return m_inBody || !m_head.isEmpty(); }
    // How many requests have begun on the connection.
    quint64 requestsBegun() const { return m_begun; }

private:
    Verdict endOfHead();

    GuardLimits m_limits;
    QByteArray m_head;     // the current request's head so far
    qint64 m_bodyLeft = 0; // bytes of the current body still to come
    bool m_inBody = false;
    quint64 m_begun = 0;
};

class RequestGuard : public QObject
{
    Q_OBJECT

public:
    // Must be attached before the HTTP server connects to the socket's readyRead. `open` counts
    // the connections of one listening socket; the caller has admitted this one into it.
    static RequestGuard* attach(QTcpSocket* socket, GuardLimits limits, std::shared_ptr<OpenConnections> open);
    ~RequestGuard() override;

    // The guard of the connection whose bytes the HTTP server is handling right now: route
    // handlers run inside that connection's readyRead, so a handler that answers later keeps
    // this (as a QPointer) to know whether the connection is still there.
    static RequestGuard* current();
    // A place in the connection's answer order, taken when a request reaches its handler;
    // answers go out in that order whichever finishes first (pipelined requests).
    quint64 reserve();
    // The complete HTTP response for a reserved place.
    void respond(quint64 place, const QByteArray& response);
    // Called on the connection after the socket was handed to the HTTP server.
    void serverAttached();

private:
    RequestGuard(QTcpSocket* socket, GuardLimits limits, std::shared_ptr<OpenConnections> open);
    void beforeServer();
    void afterServer();
    void refuse(RequestFramer::Verdict verdict);

    QTcpSocket* m_socket;
    GuardLimits m_limits;
    std::shared_ptr<OpenConnections> m_open;
    QString m_address; // clientAddressKey of the peer
    RequestFramer m_framer;
    QTimer m_requestTimer;
    QTimer m_idleTimer;
    qint64 m_leftAfterServer = 0; // bytes the HTTP server left unread after its last turn
    bool m_watchingAfter = false;
    quint64 m_requestsTimed = 0; // requests begun when the request clock last started
    qint64 m_unanswered = 0;     // bytes received since a request last reached a handler
    quint64 m_nextPlace = 0;     // answer order
    quint64 m_nextToWrite = 0;
    QMap<quint64, QByteArray> m_ready; // answers waiting for earlier ones
    qint64 m_writtenSinceIdle = 0;
    bool m_counted = true; // still among the open connections
    bool m_refused = false;
};

class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    explicit GuardedTcpServer(GuardLimits limits, QObject* parent = nullptr);

protected:
    void incomingConnection(qintptr handle) override;

private:
    GuardLimits m_limits;
    std::shared_ptr<OpenConnections> m_open = std::make_shared<OpenConnections>();
};

class GuardedSslServer : public QSslServer
{
    Q_OBJECT

public:
    GuardedSslServer(GuardLimits limits, const QSslConfiguration& configuration, QObject* parent = nullptr);

private:
    GuardLimits m_limits;
    std::shared_ptr<OpenConnections> m_open = std::make_shared<OpenConnections>();
};

} // namespace htmse::server
