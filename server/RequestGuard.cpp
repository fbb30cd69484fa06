#include "RequestGuard.h"

#include "HttpService.h"

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

void RequestGuard::attach(QTcpSocket* socket, GuardLimits limits)
{
    new RequestGuard(socket, limits);
}

RequestGuard::RequestGuard(QTcpSocket* socket, GuardLimits limits)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_framer(limits)
{
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::beforeServer);
}

void RequestGuard::beforeServer()
{
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
    RequestGuard::attach(socket, m_limits);
    addPendingConnection(socket);
}

GuardedSslServer::GuardedSslServer(GuardLimits limits, const QSslConfiguration& configuration, QObject* parent)
    : QSslServer(parent)
    , m_limits(limits)
{
    setSslConfiguration(configuration);
    // The guard sees decrypted bytes; it attaches when the handshake starts, long before the
    // socket is handed to the HTTP server.
    connect(this, &QSslServer::startedEncryptionHandshake, this,
            [this](QSslSocket* socket) { RequestGuard::attach(socket, m_limits); });
}

} // namespace htmse::server
