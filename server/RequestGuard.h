// RequestGuard: looks at each request's head as it arrives on a connection, before Qt HTTP
// Server reads it, and answers at once, closing the connection, when the body would be larger
// than the limit (413), the head is too large (431) or the body has no declared length (411).
// Without it an oversized body would be read into memory whole before any handler runs.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QObject>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>

class QTcpSocket;

namespace htmse::server {

struct GuardLimits
{
    qint64 maxBodyBytes = 8 * 1024 * 1024;
    qint64 maxHeadBytes = 64 * 1024;
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
    };
    explicit RequestFramer(GuardLimits limits)
        : m_limits(limits)
    {}
    // Feeds the bytes received since the last call.
    Verdict feed(QByteArrayView bytes);

private:
    Verdict endOfHead();

    GuardLimits m_limits;
    QByteArray m_head;     // the current request's head so far
    qint64 m_bodyLeft = 0; // bytes of the current body still to come
    bool m_inBody = false;
};

class RequestGuard : public QObject
{
    Q_OBJECT

public:
    // Must be attached before the HTTP server connects to the socket's readyRead.
    static void attach(QTcpSocket* socket, GuardLimits limits);

private:
    RequestGuard(QTcpSocket* socket, GuardLimits limits);
    void beforeServer();
    void afterServer();
    void refuse(RequestFramer::Verdict verdict);

    QTcpSocket* m_socket;
    GuardLimits m_limits;
    RequestFramer m_framer;
    qint64 m_leftAfterServer = 0; // bytes the HTTP server left unread after its last turn
    bool m_watchingAfter = false;
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
};

class GuardedSslServer : public QSslServer
{
    Q_OBJECT

public:
    GuardedSslServer(GuardLimits limits, const QSslConfiguration& configuration, QObject* parent = nullptr);

private:
    GuardLimits m_limits;
};

} // namespace htmse::server
