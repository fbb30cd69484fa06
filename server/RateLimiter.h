// Token buckets keyed by client address or access token. Per instance: behind a load
// balancer each instance limits what reaches it (docs/deployment.md).
#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

class QHostAddress;

namespace htmse::server {

// The key a client address is limited under: an IPv4 address (IPv4-mapped IPv6 included) as
// it is, an IPv6 address by its /64, which one subscriber usually holds whole.
QString clientAddressKey(const QHostAddress& peer);

class RateLimiter
{
public:
    // `perSecond` tokens refill each second up to `burst`; perSecond <= 0 turns the limit off.
    RateLimiter(double perSecond, double burst);
    // Takes one token; false when the bucket is empty. `retryAfterSeconds` says when to come back.
    bool allow(const QString& key, qint64 nowMs, int* retryAfterSeconds = nullptr);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updated = 0;
    };
    double m_rate;
    double m_burst;
    QMutex m_mutex;
    QHash<QString, Bucket> m_buckets;
};

} // namespace htmse::server
