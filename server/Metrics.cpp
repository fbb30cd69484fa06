#include "server/Metrics.h"

#include <QStringList>

#include <algorithm>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

QString label(const QString& value)
{
    QString out = value;
    out.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s).replace(u"\n"_s, u"\\n"_s);
    return out;
}

QString number(double v)
{
    return QString::number(v, 'g', 12);
}

} // namespace

void Metrics::recordRequest(const QString& route, const QString& method, int status, double seconds)
{
    const QMutexLocker lock(&m_mutex);
    ++m_requests[route + u'\x1f' + method + u'\x1f' + QString::number(status)];
    Histogram& h = m_latency[route + u'\x1f' + method];
    for (size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i])
            ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

void Metrics::add(const QString& counter, qint64 amount)
{
    const QMutexLocker lock(&m_mutex);
    m_counters[counter] += amount;
}

void Metrics::setGauge(const QString& gauge, double value)
{
    const QMutexLocker lock(&m_mutex);
    m_gauges[gauge] = value;
}

QByteArray Metrics::render() const
{
    const QMutexLocker lock(&m_mutex);
    QStringList out;
    out << u"# HELP htmse_http_requests_total HTTP requests by route template, method and status."_s
        << u"# TYPE htmse_http_requests_total counter"_s;
    QStringList keys = m_requests.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString& key : keys) {
        const QStringList p = key.split(u'\x1f');
        out << u"htmse_http_requests_total{route=\"%1\",method=\"%2\",status=\"%3\"} %4"_s.arg(label(p[0]), p[1], p[2])
                   .arg(m_requests.value(key));
    }
    out << u"# HELP htmse_http_request_duration_seconds Time from routing to response, by route template."_s
        << u"# TYPE htmse_http_request_duration_seconds histogram"_s;
    keys = m_latency.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString& key : keys) {
        const QStringList p = key.split(u'\x1f');
        const Histogram& h = m_latency[key];
        const QString labels = u"route=\"%1\",method=\"%2\""_s.arg(label(p[0]), p[1]);
        for (size_t i = 0; i < kBuckets.size(); ++i)
            out << u"htmse_http_request_duration_seconds_bucket{%1,le=\"%2\"} %3"_s.arg(labels, number(kBuckets[i]))
                       .arg(h.buckets[i]);
        out << u"htmse_http_request_duration_seconds_bucket{%1,le=\"+Inf\"} %2"_s.arg(labels).arg(h.count)
            << u"htmse_http_request_duration_seconds_sum{%1} %2"_s.arg(labels, number(h.sum))
            << u"htmse_http_request_duration_seconds_count{%1} %2"_s.arg(labels).arg(h.count);
    }
    keys = m_counters.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString& key : keys)
        out << u"# TYPE %1 counter"_s.arg(key) << u"%1 %2"_s.arg(key).arg(m_counters.value(key));
    keys = m_gauges.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString& key : keys)
        out << u"# TYPE %1 gauge"_s.arg(key) << u"%1 %2"_s.arg(key, number(m_gauges.value(key)));
    return out.join(u'\n').toUtf8() + '\n';
}

} // namespace htmse::server
