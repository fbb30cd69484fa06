// Small helpers shared by the benchmarks: elapsed milliseconds and percentiles.
#pragma once

#include <QElapsedTimer>

#include <algorithm>
#include <vector>

namespace htmse::bench {

inline double ms(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

struct Percentiles
{
    double median;
    double p95;
};

inline Percentiles percentiles(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)]};
}

} // namespace htmse::bench
