// A small, portable pseudo-random generator for reproducible demo data: the same seed gives the
// same bytes with every compiler and standard library (std:: distributions do not promise that).
#pragma once

#include <QList>

#include <cmath>
#include <cstdint>

namespace htmse {

class DemoRandom
{
public:
    explicit DemoRandom(std::uint64_t seed)
    {
        // SplitMix64 expands the seed into xoshiro256**'s state.
        for (auto& word : m_state) {
            seed += 0x9E3779B97F4A7C15ull;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            word = z ^ (z >> 31);
        }
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, 1).
    double real() { return double(next() >> 11) * 0x1.0p-53; }
    // Uniform in [0, n); n > 0. Lemire's multiply-shift with rejection: unbiased.
    std::uint64_t below(std::uint64_t n)
    {
        std::uint64_t x = next();
        __uint128_t m = __uint128_t(x) * n;
        auto low = std::uint64_t(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (low < threshold) {
                x = next();
                m = __uint128_t(x) * n;
                low = std::uint64_t(m);
            }
        }
        return std::uint64_t(m >> 64);
    }
    int range(int lo, int hi) { return lo + int(below(std::uint64_t(hi - lo + 1))); } // inclusive
    bool chance(double p) { return real() < p; }

    template <typename T> const T& pick(const QList<T>& list)
    {
        return list.at(qsizetype(below(std::uint64_t(list.size()))));
    }

    // Index into `weights` chosen with probability proportional to its weight.
    qsizetype weighted(const QList<double>& weights)
    {
        double total = 0;
        for (double w : weights)
            total += w;
        double x = real() * total;
        for (qsizetype i = 0; i < weights.size(); ++i) {
            if (x < weights[i])
                return i;
            x -= weights[i];
        }
        return weights.size() - 1;
    }

    // k distinct items (k clamped to the list size), in the list's order.
    template <typename T> QList<T> sample(const QList<T>& list, qsizetype k)
    {
        QList<qsizetype> idx(list.size());
        for (qsizetype i = 0; i < idx.size(); ++i)
            idx[i] = i;
        k = std::min(k, list.size());
        for (qsizetype i = 0; i < k; ++i)
            std::swap(idx[i], idx[i + qsizetype(below(std::uint64_t(idx.size() - i)))]);
        idx.resize(k);
        std::sort(idx.begin(), idx.end());
        QList<T> out;
        for (qsizetype i : idx)
            out.append(list.at(i));
        return out;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_state[4]{};
};

} // namespace htmse
