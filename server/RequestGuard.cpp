#include "server/RequestGuard.h"

#include "server/RateLimiter.h"
#include "server/Reply.h"

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
            ++m_begun;
        }
        // Append up to the end of the head (a line break, then "\r\n" or "\n", as the HTTP server
        // ends one), looking across feeds.
        bool complete = false;
        while (i < bytes.size()) {
            const char c = bytes[i++];
            m_head += c;
            if (c == '\n' && (m_head.endsWith("\n\r\n") || m_head.endsWith("\n\n"))) {
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
    QList<QByteArray> lines = m_head.split('\n');
    m_head.clear();
    // The HTTP server drops every header of a head with one malformed line (and then sees no
    // Content-Length): such a head is refused here, so that both read the same framing.
    const auto isToken = [](const QByteArray& name) {
        static const QByteArray extra = "!#$%&'*+-.^_`|~";
        for (const char c : name)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.contains(c)))
                return false;
        return !name.isEmpty();
    };
    int fields = 0;
    for (qsizetype n = 1; n < lines.size(); ++n) {
        QByteArray line = lines[n];
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue; // the blank line that ends the head
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.left(colon)) || ++fields > 100)
            return fields > 100 ? Verdict::HeadTooLarge : Verdict::BadFraming;
        const QByteArray name = line.left(colon).toLower();
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

OpenConnections::Admission OpenConnections::admit(const QString& address, const GuardLimits& limits)
{
    if (m_total >= limits.maxConnections)
        return Admission::Full;
    int& fromAddress = m_perAddress[address];
    if (fromAddress >= limits.maxConnectionsPerAddress) {
        if (fromAddress == 0)
            m_perAddress.remove(address);
        return Admission::FromAddress;
    }
    ++fromAddress;
    ++m_total;
    return Admission::Admitted;
}

void OpenConnections::release(const QString& address)
{
    --m_total;
    auto it = m_perAddress.find(address);
    if (it != m_perAddress.end() && --*it <= 0)
        m_perAddress.erase(it);
}

RequestGuard* RequestGuard::attach(QTcpSocket* socket, GuardLimits limits, std::shared_ptr<OpenConnections> open)
{
    return new RequestGuard(socket, limits, std::move(open));
}

RequestGuard::RequestGuard(QTcpSocket* socket, GuardLimits limits, std::shared_ptr<OpenConnections> open)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_open(std::move(open))
    , m_address(clientAddressKey(socket->peerAddress()))
    , m_framer(limits)
{
    // Admitted into m_open by the listening socket. A closed connection stops counting at once,
    // whenever its socket object goes.
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        if (m_counted) {
            m_open->release(m_address);
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
        // Busy: a request arriving, or answers still owed. A client that stopped reading its
        // answers (nothing written for a whole period) is not kept.
        const bool owed = m_nextToWrite < m_nextPlace;
        const bool stalled = m_socket->bytesToWrite() > 0 && m_writtenSinceIdle == 0;
        m_writtenSinceIdle = 0;
        if (stalled) {
            m_socket->abort();
            return;
        }
        if (m_socket->bytesToWrite() > 0 || m_framer.midRequest() || owed) {
            m_idleTimer.start();
            return;
        }
        m_socket->disconnectFromHost();
    });
    connect(socket, &QTcpSocket::bytesWritten, this, [this](qint64 written) {
        m_writtenSinceIdle += written;
        m_idleTimer.start();
    });
    m_idleTimer.start();
}

RequestGuard::~RequestGuard()
{
    if (m_counted)
        m_open->release(m_address);
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

quint64 RequestGuard::reserve()
{
    m_unanswered = 0; // a request reached its handler: the framing agreed
    return m_nextPlace++;
}

void RequestGuard::respond(quint64 place, const QByteArray& response)
{
    m_ready.insert(place, response);
    for (auto it = m_ready.begin(); it != m_ready.end() && it.key() == m_nextToWrite; it = m_ready.erase(it)) {
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->write(it.value());
        ++m_nextToWrite;
    }
}

void RequestGuard::serverAttached()
{
    if (m_watchingAfter)
        return;
    // Connected after the HTTP server's own slot: it runs once the server has read, and says
    // how much it left in the buffer (seen here already).
    connect(m_socket, &QTcpSocket::readyRead, this, &RequestGuard::afterServer);
    m_watchingAfter = true;
}

void RequestGuard::beforeServer()
{
    currentGuard() = this;
    if (m_refused) {
        m_socket->readAll(); // nothing more reaches the HTTP server on this connection
        return;
    }
    // Normally serverAttached() came first; if not, the server is taken to have read all.
    const bool first = !m_watchingAfter;
    if (first)
        serverAttached();
    const qint64 available = m_socket->bytesAvailable();
    const qint64 fresh = std::max<qint64>(0, available - std::min(m_leftAfterServer, available));
    const QByteArray buffered = m_socket->peek(available);
    RequestFramer::Verdict verdict = m_framer.feed(QByteArrayView(buffered).last(qsizetype(fresh)));
    m_leftAfterServer = first ? 0 : available;
    m_idleTimer.start();
    // Whatever the framing says, no more than one request's worth may arrive before a request
    // reaches a handler: the last word on the size limits.
    m_unanswered += fresh;
    if (verdict == RequestFramer::Verdict::Continue && m_unanswered > m_limits.maxHeadBytes + m_limits.maxBodyBytes)
        verdict = RequestFramer::Verdict::TooLarge;
    // The request clock runs per request, from its first byte.
    if (!m_framer.midRequest())
        m_requestTimer.stop();
    else if (!m_requestTimer.isActive() || m_framer.requestsBegun() != m_requestsTimed) {
        m_requestsTimed = m_framer.requestsBegun();
        m_requestTimer.start();
    }
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
    int status = 400;
    QByteArray body;
    switch (verdict) {
    case Verdict::TooLarge:
        status = 413;
        body =
            errorBody(u"payload_too_large"_s, u"the request body is larger than %1 bytes"_s.arg(m_limits.maxBodyBytes));
        break;
    case Verdict::HeadTooLarge:
        status = 431;
        body =
            errorBody(u"headers_too_large"_s, u"the request head is larger than %1 bytes"_s.arg(m_limits.maxHeadBytes));
        break;
    case Verdict::LengthRequired:
        status = 411;
        body = errorBody(u"length_required"_s, u"send the body with a Content-Length, not chunked"_s);
        break;
    case Verdict::Timeout:
        status = 408;
        body = errorBody(u"request_timeout"_s,
                         u"the request did not arrive within %1 seconds"_s.arg(m_limits.requestTimeoutMs / 1000));
        break;
    case Verdict::BadFraming:
        status = 400;
        body = errorBody(u"bad_framing"_s, u"Content-Length is malformed or given twice with different values"_s);
        break;
    case Verdict::Continue:
        return;
    }
    m_socket->readAll();
    m_socket->write(httpResponseBytes(status, "application/json"_ba, body, {{"Connection"_ba, "close"_ba}}));
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
    const auto admission = m_open->admit(clientAddressKey(socket->peerAddress()), m_limits);
    if (admission != OpenConnections::Admission::Admitted) {
        // Full: said plainly, and the connection closed before it costs anything more.
        const bool full = admission == OpenConnections::Admission::Full;
        socket->write(httpResponseBytes(
            503, "application/json"_ba,
            full ? errorBody(u"too_many_connections"_s, u"the server is busy; try again shortly"_s)
                 : errorBody(u"too_many_connections"_s, u"too many connections from this address; close some"_s),
            {{"Retry-After"_ba, "1"_ba}, {"Connection"_ba, "close"_ba}}));
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    RequestGuard* guard = RequestGuard::attach(socket, m_limits, m_open);
    addPendingConnection(socket); // the HTTP server connects its readyRead slot in here
    guard->serverAttached();
}

GuardedSslServer::GuardedSslServer(GuardLimits limits, const QSslConfiguration& configuration, QObject* parent)
    : QSslServer(parent)
    , m_limits(limits)
{
    setSslConfiguration(configuration);
    // The guard sees decrypted bytes; it attaches when the handshake starts, long before the
    // socket is handed to the HTTP server.
    connect(this, &QSslServer::startedEncryptionHandshake, this, [this](QSslSocket* socket) {
        if (m_open->admit(clientAddressKey(socket->peerAddress()), m_limits) != OpenConnections::Admission::Admitted) {
            socket->abort();
            return;
        }
        RequestGuard* guard = RequestGuard::attach(socket, m_limits, m_open);
        // QSslServer hands the socket over from its own (earlier connected) `encrypted` slot.
        connect(socket, &QSslSocket::encrypted, guard, &RequestGuard::serverAttached);
    });
}

} // namespace htmse::server
