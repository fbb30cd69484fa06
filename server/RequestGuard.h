// RequestGuard: looks at each request's head as it arrives on a connection, before Qt HTTP
// Server reads it, and answers at once, closing the connection, when the body would be larger
// than the limit (413), the head is too large (431) or the body has no declared length (411).
// Without it an oversized body would be read into memory whole before any handler runs.
#pragma once

#include <QByteArray>
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

class RequestGuard : public QObject
{
    Q_OBJECT

public:
    // Must be attached before the HTTP server connects to the socket's readyRead.
    static void attach(QTcpSocket* socket, GuardLimits limits);

    enum class Verdict
    {
        Continue,
        TooLarge,       // 413
        HeadTooLarge,   // 431
        LengthRequired, // 411
    };
    // The check on the bytes at the front of a connection's buffer; exposed for tests.
    static Verdict inspect(const QByteArray& front, const GuardLimits& limits);

private:
    RequestGuard(QTcpSocket* socket, GuardLimits limits);
    void onReadyRead();
    void refuse(Verdict verdict);

    QTcpSocket* m_socket;
    GuardLimits m_limits;
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
