#include "server/SignInGuard.h"

#include <algorithm>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {
// An unknown name's record is forgotten a day after its last attempt (the store forgets real
// names' records on the same schedule).
constexpr qint64 kForgetAfterMs = 24 * 60 * 60 * 1000;
} // namespace

SignInGuard::SignInGuard(const SignInLimits& limits)
    : m_limits(limits)
    , m_addressRate(limits.perAddressPerMinute / 60.0, std::max(1.0, limits.perAddressBurst))
    , m_failures(limits.failuresPerSecond, std::max(1.0, limits.failureBurst))
{}

SignInGuard::Turn::Turn(Turn&& other) noexcept
    : m_guard(std::exchange(other.m_guard, nullptr))
{}

SignInGuard::Turn::~Turn()
{
    if (m_guard)
        m_guard->release();
}

SignInGuard::Turn SignInGuard::admit(const QHostAddress& peer, qint64 nowMs, Refusal* refusal, int* retryAfterSeconds)
{
    *refusal = Refusal::None;
    *retryAfterSeconds = 0;
    if (m_limits.perAddressPerMinute > 0 && !m_addressRate.allow(clientAddressKey(peer), nowMs, retryAfterSeconds)) {
        *refusal = Refusal::AddressRate;
        return {};
    }
    const qint64 exhaustedUntil = m_budgetExhaustedUntil.loadAcquire();
    if (exhaustedUntil > nowMs) {
        *refusal = Refusal::FailureBudget;
        *retryAfterSeconds = int((exhaustedUntil - nowMs) / 1000 + 1);
        return {};
    }
    QMutexLocker lock(&m_turnMutex);
    if (m_active >= m_limits.hashConcurrency) {
        if (m_waiting >= m_limits.hashQueue) {
            *refusal = Refusal::Busy;
            *retryAfterSeconds = 1;
            return {};
        }
        ++m_waiting;
        while (m_active >= m_limits.hashConcurrency)
            m_turnFree.wait(&m_turnMutex);
        --m_waiting;
    }
    ++m_active;
    return Turn(this);
}

void SignInGuard::release()
{
    QMutexLocker lock(&m_turnMutex);
    --m_active;
    m_turnFree.wakeOne();
}

void SignInGuard::recordFailure(qint64 nowMs)
{
    if (m_limits.failuresPerSecond <= 0)
        return;
    int retryAfter = 0;
    if (!m_failures.allow(u"*"_s, nowMs, &retryAfter))
        m_budgetExhaustedUntil.storeRelease(nowMs + qint64(retryAfter) * 1000);
}

bool SignInGuard::claimUnknownName(const QString& username, const QString& address, qint64 nowMs,
                                   const std::function<qint64(int)>& blockFor, qint64* blockedUntil)
{
    const QString key = username + QChar(0x1f) + address;
    QMutexLocker lock(&m_unknownMutex);
    auto it = m_unknown.find(key);
    if (it == m_unknown.end()) {
        if (m_unknown.size() >= m_limits.unknownNamesTracked) {
            // Full: forget what is stale first, then the oldest entry.
            m_unknown.removeIf([nowMs](const auto& entry) { return entry.value().lastSeen < nowMs - kForgetAfterMs; });
            if (m_unknown.size() >= m_limits.unknownNamesTracked) {
                auto oldest = std::min_element(
                    m_unknown.begin(), m_unknown.end(),
                    [](const UnknownName& a, const UnknownName& b) { return a.lastSeen < b.lastSeen; });
                m_unknown.erase(oldest);
            }
        }
        it = m_unknown.insert(key, {});
    }
    it->lastSeen = nowMs;
    if (it->blockedUntil > nowMs) {
        *blockedUntil = it->blockedUntil;
        return false;
    }
    ++it->failures;
    it->blockedUntil = nowMs + blockFor(it->failures);
    *blockedUntil = it->blockedUntil;
    return true;
}

int SignInGuard::unknownNamesTracked() const
{
    QMutexLocker lock(&m_unknownMutex);
    return int(m_unknown.size());
}

} // namespace htmse::server
