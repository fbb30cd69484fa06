#include "server/RateLimiter.h"

#include <QHostAddress>

#include <algorithm>
#include <cmath>

namespace htmse::server {

QString clientAddressKey(const QHostAddress& peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    if (peer.protocol() != QAbstractSocket::IPv6Protocol)
        return peer.toString();
    Q_IPV6ADDR bytes = peer.toIPv6Address();
    std::fill(bytes.c + 8, bytes.c + 16, quint8(0));
    return QHostAddress(bytes).toString() + QStringLiteral("/64");
}

namespace {
constexpr qsizetype kMaxBuckets = 100'000;
}

RateLimiter::RateLimiter(double perSecond, double burst)
    : m_rate(perSecond)
    , m_burst(std::max(1.0, burst))
{}

bool RateLimiter::allow(const QString& key, qint64 nowMs, int* retryAfterSeconds)
{
    if (m_rate <= 0)
        return true;
    const QMutexLocker lock(&m_mutex);
    if (m_buckets.size() > kMaxBuckets) {
        // Forget buckets that have refilled completely: they hold no information.
        const qint64 full = qint64(m_burst / m_rate * 1000.0);
        for (auto it = m_buckets.begin(); it != m_buckets.end();)
            it = nowMs - it->updated > full ? m_buckets.erase(it) : std::next(it);
    }
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{m_burst, nowMs});
    Bucket& b = *it;
    b.tokens = std::min(m_burst, b.tokens + double(nowMs - b.updated) / 1000.0 * m_rate);
    b.updated = nowMs;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return true;
    }
    if (retryAfterSeconds)
        *retryAfterSeconds = std::max(1, int(std::ceil((1.0 - b.tokens) / m_rate)));
    return false;
}

} // namespace htmse::server
