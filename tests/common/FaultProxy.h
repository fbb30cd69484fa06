// FaultProxy: a small loopback HTTP/1.1 proxy in front of a real htmse-server that breaks chosen
// answers on purpose — a connection reset, a truncated body, a 500, garbage instead of JSON, a
// rewritten cursor — for the sync fault tests. Requests are read whole (head + Content-Length
// body) and sent upstream one at a time; answers are framed by their Content-Length.
#pragma once

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <functional>
#include <memory>

namespace htmse::test {

class FaultProxy : public QObject
{
public:
    enum class Fault
    {
        None,
        Reset,     // the connection is cut before any answer
        Truncate,  // the answer's head, then half of its body, then the connection closes
        Status500, // an empty 500 answer
        Garbage,   // 200 with a body that is not JSON
    };
    // Decides per request (method and path with query): the fault, and optionally a rewrite of
    // a good answer's body.
    using Rule = std::function<Fault(const QByteArray& method, const QByteArray& target)>;
    using Rewrite = std::function<QByteArray(const QByteArray& target, const QByteArray& body)>;

    explicit FaultProxy(const QUrl& upstream)
        : m_upstream(upstream)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* client = m_server.nextPendingConnection())
                serve(client);
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    void setRule(Rule rule) { m_rule = std::move(rule); }
    void setRewrite(Rewrite rewrite) { m_rewrite = std::move(rewrite); }
    void clear()
    {
        m_rule = {};
        m_rewrite = {};
    }
    int faultsServed() const { return m_faults; }

private:
    struct Connection
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray fromClient;
        QByteArray fromUpstream;
        QByteArray target; // of the request upstream is answering
        Fault fault = Fault::None;
        bool busy = false;
    };

    // Bytes of one whole HTTP message at the start of `buffer` (head + Content-Length body), or 0.
    static qsizetype messageLength(const QByteArray& buffer, qsizetype* headLength)
    {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return 0;
        *headLength = end + 4;
        qsizetype body = 0;
        for (const QByteArray& line : buffer.left(end).split('\n'))
            if (line.toLower().startsWith("content-length:"))
                body = line.mid(15).trimmed().toLongLong();
        return buffer.size() >= *headLength + body ? *headLength + body : 0;
    }

    static QByteArray answer(int status, const QByteArray& reason, const QByteArray& body)
    {
        return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
               "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
               "\r\nConnection: close\r\n\r\n" + body;
    }

    void serve(QTcpSocket* client)
    {
        auto c = std::make_shared<Connection>();
        c->client = client;
        QObject::connect(client, &QTcpSocket::readyRead, this, [this, c] {
            c->fromClient += c->client->readAll();
            next(c);
        });
        QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }

    void next(const std::shared_ptr<Connection>& c)
    {
        qsizetype head = 0;
        const qsizetype length = messageLength(c->fromClient, &head);
        if (c->busy || length == 0 || !c->client)
            return;
        const QByteArray request = c->fromClient.left(length);
        c->fromClient.remove(0, length);
        const QList<QByteArray> first = request.left(request.indexOf("\r\n")).split(' ');
        c->target = first.value(1);
        c->fault = m_rule ? m_rule(first.value(0), c->target) : Fault::None;
        if (c->fault == Fault::Reset) {
            ++m_faults;
            c->client->abort();
            return;
        }
        if (c->fault == Fault::Status500 || c->fault == Fault::Garbage) {
            ++m_faults;
            c->client->write(c->fault == Fault::Status500 ? answer(500, "Internal Server Error", {})
                                                          : answer(200, "OK", "{\"items\": [{\"kind\": <<garbage"));
            c->client->disconnectFromHost();
            return;
        }
        c->busy = true;
        if (!c->upstream) {
            c->upstream = new QTcpSocket(c->client);
            QObject::connect(c->upstream, &QTcpSocket::readyRead, this, [this, c] {
                c->fromUpstream += c->upstream->readAll();
                relay(c);
            });
            c->upstream->connectToHost(m_upstream.host(), quint16(m_upstream.port()));
        }
        c->upstream->write(request);
    }

    void relay(const std::shared_ptr<Connection>& c)
    {
        qsizetype head = 0;
        const qsizetype length = messageLength(c->fromUpstream, &head);
        if (length == 0 || !c->client)
            return;
        QByteArray message = c->fromUpstream.left(length);
        c->fromUpstream.remove(0, length);
        c->busy = false;
        if (c->fault == Fault::Truncate) {
            ++m_faults;
            c->client->write(message.left(head + (length - head) / 2));
            c->client->flush();
            c->client->disconnectFromHost();
            return;
        }
        if (m_rewrite) {
            const QByteArray body = m_rewrite(c->target, message.mid(head));
            if (body != message.mid(head)) {
                QByteArray h = message.left(head);
                const qsizetype at = h.toLower().indexOf("content-length:");
                const qsizetype lineEnd = h.indexOf("\r\n", at);
                const QByteArray newLength = QByteArray("Content-Length: ") + QByteArray::number(body.size());
                h.replace(at, lineEnd - at, newLength);
                message = h + body;
            }
        }
        c->client->write(message);
        next(c);
    }

    QTcpServer m_server;
    QUrl m_upstream;
    Rule m_rule;
    Rewrite m_rewrite;
    int m_faults = 0;
};

} // namespace htmse::test
