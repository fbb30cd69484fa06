// Small helpers shared by the benchmarks: elapsed milliseconds, percentiles, and a calibration
// line that times a fixed reference workload in the same run, so that figures printed on two
// machines can be compared (divide by the calibration ratio, not by the clock speed).
#pragma once

#include <QElapsedTimer>

#include <algorithm>
#include <cstdint>
#include <cstdio>
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

// The reference workload: 10^7 dependent floating-point additions (what a Python loop of 10^7
// additions measures, without the interpreter), and a sort of 10^6 pseudo-random integers
// (memory and branches). Best of three, printed as one line.
inline void printCalibration()
{
    double additions = 1e300;
    double sorting = 1e300;
    for (int round = 0; round < 3; ++round) {
        QElapsedTimer t;
        t.start();
        volatile double sum = 0;
        for (int i = 0; i < 10'000'000; ++i)
            sum = sum + 1.0;
        additions = std::min(additions, ms(t));
        std::vector<std::uint32_t> v(1'000'000);
        std::uint32_t x = 2463534242u;
        for (auto& e : v) { // xorshift32: the same numbers on every machine
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            e = x;
        }
        t.restart();
        std::sort(v.begin(), v.end());
        sorting = std::min(sorting, ms(t));
    }
    std::printf("%-50s %10.1f ms for 10^7 additions, %.1f ms to sort 10^6 integers\n",
                "calibration (fixed reference work, this machine)", additions, sorting);
}

} // namespace htmse::bench
