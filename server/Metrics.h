// Prometheus metrics: request counts and a latency histogram by route template (never by
// path, which may hold ids), and sync volumes. Thread-safe; rendered as text format 0.0.4.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <array>

namespace htmse::server {

class Metrics
{
public:
    void recordRequest(const QString& route, const QString& method, int status, double seconds);
    void add(const QString& counter, qint64 amount);
    void setGauge(const QString& gauge, double value);
    QByteArray render() const;

    static constexpr std::array<double, 11> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

private:
    struct Histogram
    {
        std::array<quint64, kBuckets.size()> buckets{};
        quint64 count = 0;
        double sum = 0;
    };
    mutable QMutex m_mutex;
    QHash<QString, quint64> m_requests;  // "route\x1fmethod\x1fstatus"
    QHash<QString, Histogram> m_latency; // "route\x1fmethod"
    QHash<QString, qint64> m_counters;
    QHash<QString, double> m_gauges;
};

} // namespace htmse::server
