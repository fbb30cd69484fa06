#include "RequestGuard.h"

#include "HttpService.h"

#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>
#include <optional>

namespace htmse::server {

using namespace Qt::StringLiterals;

RequestFramer::Verdict RequestFramer::feed(QByteArrayView bytes)
{
    qsizetype i = 0;
    while (i < bytes.size()) {
        if (m_inBody) {
            const qint64 take = std::min<qint64>(m_bodyLeft, bytes.size() - i);
            m_bodyLeft -= take;
            i += qsizetype(take);
            if (m_bodyLeft == 0)
                m_inBody = false;
            continue;
        }
        // Between requests, blank lines and spaces are skipped, as the HTTP server does.
        if (m_head.isEmpty()) {
            while (i < bytes.size() && (bytes[i] == '\r' || bytes[i] == '\n' || bytes[i] == ' ' || bytes[i] == '\t'))
                ++i;
            if (i == bytes.size())
                break;
        }
        // Append up to the end of the head ("\r\n\r\n" or "\n\n"), looking across feeds.
        bool complete = false;
        while (i < bytes.size()) {
            const char c = bytes[i++];
            m_head += c;
            if (c == '\n' && (m_head.endsWith("\r\n\r\n") || m_head.endsWith("\n\n"))) {
                complete = true;
                break;
            }
            if (m_head.size() > m_limits.maxHeadBytes)
                return Verdict::HeadTooLarge;
        }
        if (!complete)
            break;
        if (const Verdict v = endOfHead(); v != Verdict::Continue)
            return v;
    }
    return Verdict::Continue;
}

RequestFramer::Verdict RequestFramer::endOfHead()
{
    std::optional<qint64> length;
    const QList<QByteArray> lines = m_head.split('\n');
    m_head.clear();
    for (qsizetype n = 1; n < lines.size(); ++n) {
        const QByteArray line = lines[n].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 v = value.toLongLong(&ok);
            if (!ok || v < 0 || (length && *length != v))
                return Verdict::BadFraming;
            length = v;
        } else if (name == "transfer-encoding" && value.toLower() != "identity") {
            return Verdict::LengthRequired;
        }
    }
    if (length && *length > m_limits.maxBodyBytes)
        return Verdict::TooLarge;
    m_bodyLeft = length.value_or(0);
    m_inBody = m_bodyLeft > 0;
    return Verdict::Continue;
}

void RequestGuard::attach(QTcpSocket* socket, GuardLimits limits, std::shared_ptr<int> open)
{
    new RequestGuard(socket, limits, std::move(open));
}

RequestGuard::RequestGuard(QTcpSocket* socket, GuardLimits limits, std::shared_ptr<int> open)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_open(std::move(open))
    , m_framer(limits)
{
    ++*m_open;
    // A closed connection stops counting at once, whenever its socket object goes.
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        if (m_counted) {
            --*m_open;
            m_counted = false;
        }
        m_requestTimer.stop();
        m_idleTimer.stop();
    });
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::beforeServer);
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(m_limits.requestTimeoutMs);
    connect(&m_requestTimer, &QTimer::timeout, this, [this] { refuse(RequestFramer::Verdict::Timeout); });
    // Idle: nothing received and nothing left to send (a slow handler keeps its connection).
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_limits.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        if (m_socket->bytesToWrite() > 0 || m_framer.midRequest()) {
            m_idleTimer.start();
            return;
        }
        m_socket->disconnectFromHost();
    });
    connect(socket, &QTcpSocket::bytesWritten, &m_idleTimer, qOverload<>(&QTimer::start));
    m_idleTimer.start();
}

RequestGuard::~RequestGuard()
{
    if (m_counted)
        --*m_open;
}

namespace {
QPointer<RequestGuard>& currentGuard()
{
    static QPointer<RequestGuard> guard; // the event loop's thread only
    return guard;
}
} // namespace

RequestGuard* RequestGuard::current()
{
    return currentGuard();
}

void RequestGuard::respond(const QByteArray& response)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(response);
}

void RequestGuard::beforeServer()
{
    currentGuard() = this;
    if (m_refused) {
        m_socket->readAll(); // nothing more reaches the HTTP server on this connection
        return;
    }
    const bool first = !m_watchingAfter;
    if (first) {
        // Connected after the HTTP server's own slot: from the next delivery on it runs once the
        // server has read, and says how much it left in the buffer (seen here already). The
        // server reads what arrives as it arrives, so after this first delivery nothing is left.
        connect(m_socket, &QTcpSocket::readyRead, this, &RequestGuard::afterServer);
        m_watchingAfter = true;
    }
    const qint64 available = m_socket->bytesAvailable();
    const qint64 fresh = std::max<qint64>(0, available - std::min(m_leftAfterServer, available));
    const QByteArray buffered = m_socket->peek(available);
    const RequestFramer::Verdict verdict = m_framer.feed(QByteArrayView(buffered).last(qsizetype(fresh)));
    m_leftAfterServer = first ? 0 : available;
    m_idleTimer.start();
    if (!m_framer.midRequest())
        m_requestTimer.stop();
    else if (!m_requestTimer.isActive())
        m_requestTimer.start();
    if (verdict != RequestFramer::Verdict::Continue)
        refuse(verdict);
}

void RequestGuard::afterServer()
{
    m_leftAfterServer = m_socket->bytesAvailable();
}

void RequestGuard::refuse(RequestFramer::Verdict verdict)
{
    using Verdict = RequestFramer::Verdict;
    m_refused = true;
    m_requestTimer.stop();
    QByteArray status;
    QByteArray body;
    switch (verdict) {
    case Verdict::TooLarge:
        status = "413 Payload Too Large";
        body =
            errorBody(u"payload_too_large"_s, u"the request body is larger than %1 bytes"_s.arg(m_limits.maxBodyBytes));
        break;
    case Verdict::HeadTooLarge:
        status = "431 Request Header Fields Too Large";
        body =
            errorBody(u"headers_too_large"_s, u"the request head is larger than %1 bytes"_s.arg(m_limits.maxHeadBytes));
        break;
    case Verdict::LengthRequired:
        status = "411 Length Required";
        body = errorBody(u"length_required"_s, u"send the body with a Content-Length, not chunked"_s);
        break;
    case Verdict::Timeout:
        status = "408 Request Timeout";
        body = errorBody(u"request_timeout"_s,
                         u"the request did not arrive within %1 seconds"_s.arg(m_limits.requestTimeoutMs / 1000));
        break;
    case Verdict::BadFraming:
        status = "400 Bad Request";
        body = errorBody(u"bad_framing"_s, u"Content-Length is malformed or given twice with different values"_s);
        break;
    case Verdict::Continue:
        return;
    }
    m_socket->readAll();
    m_socket->write("HTTP/1.1 " + status +
                    "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
                    "\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n" +
                    body);
    m_socket->disconnectFromHost();
}

GuardedTcpServer::GuardedTcpServer(GuardLimits limits, QObject* parent)
    : QTcpServer(parent)
    , m_limits(limits)
{}

void GuardedTcpServer::incomingConnection(qintptr handle)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    if (*m_open >= m_limits.maxConnections) {
        // Full: said plainly, and the connection closed before it costs anything more.
        const QByteArray body = errorBody(u"too_many_connections"_s, u"the server is busy; try again shortly"_s);
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    RequestGuard::attach(socket, m_limits, m_open);
    addPendingConnection(socket);
}

GuardedSslServer::GuardedSslServer(GuardLimits limits, const QSslConfiguration& configuration, QObject* parent)
    : QSslServer(parent)
    , m_limits(limits)
{
    setSslConfiguration(configuration);
    // The guard sees decrypted bytes; it attaches when the handshake starts, long before the
    // socket is handed to the HTTP server.
    connect(this, &QSslServer::startedEncryptionHandshake, this, [this](QSslSocket* socket) {
        if (*m_open >= m_limits.maxConnections) {
            socket->abort();
            return;
        }
        RequestGuard::attach(socket, m_limits, m_open);
    });
}

} // namespace htmse::server
