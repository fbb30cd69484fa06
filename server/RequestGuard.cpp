#include "RequestGuard.h"

#include "HttpService.h"

#include <QSslSocket>
#include <QTcpSocket>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

bool startsWithRequestLine(const QByteArray& bytes)
{
    // A method token (upper-case letters) and a space: the start of a request, not body bytes.
    qsizetype i = 0;
    while (i < bytes.size() && i < 16 && bytes[i] >= 'A' && bytes[i] <= 'Z')
        ++i;
    return i > 0 && i < bytes.size() && bytes[i] == ' ';
}

} // namespace

RequestGuard::Verdict RequestGuard::inspect(const QByteArray& front, const GuardLimits& limits)
{
    if (!startsWithRequestLine(front))
        return Verdict::Continue;
    const qsizetype end = front.indexOf("\r\n\r\n");
    if (end < 0)
        return front.size() > limits.maxHeadBytes ? Verdict::HeadTooLarge : Verdict::Continue;
    if (end > limits.maxHeadBytes)
        return Verdict::HeadTooLarge;
    const QList<QByteArray> lines = front.left(end).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!ok || length < 0 || length > limits.maxBodyBytes)
                return Verdict::TooLarge;
        } else if (name == "transfer-encoding" && value.toLower() != "identity") {
            return Verdict::LengthRequired;
        }
    }
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
{
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
}

void RequestGuard::onReadyRead()
{
    if (m_refused) {
        m_socket->readAll(); // nothing more reaches the HTTP server on this connection
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    Verdict verdict = inspect(m_socket->peek(std::min<qint64>(available, m_limits.maxHeadBytes + 4)), m_limits);
    // Unread bytes beyond one full request mean a body larger than any allowed one.
    if (verdict == Verdict::Continue && available > m_limits.maxBodyBytes + m_limits.maxHeadBytes)
        verdict = Verdict::TooLarge;
    if (verdict != Verdict::Continue)
        refuse(verdict);
}

void RequestGuard::refuse(Verdict verdict)
{
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
    case Verdict::Continue:
        return;
    }
    m_socket->readAll();
    m_socket->write("HTTP/1.1 " + status +
                    "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
                    "\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n" + body);
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
