// SignInGuard: what stands between an unauthenticated password grant and the server's
// resources, per instance. A password check costs Argon2id (64 MiB, a large share of a core),
// so checks run a few at a time with a short bounded queue (503 when it is full) and never
// occupy the worker pool that serves everyone else; each client address has its own sign-in
// rate; all failed sign-ins together spend one failure budget; and failures for user names that
// do not exist are throttled here in a bounded, expiring table, so they create no rows in the
// store and answer exactly as failures for a real name do.
#pragma once

#include "server/RateLimiter.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <functional>

namespace htmse::server {

struct SignInLimits
{
    int hashConcurrency = 2;         // password checks at once
    int hashQueue = 2;               // checks waiting for a turn; more are answered 503
    double perAddressPerMinute = 60; // password grants per client address (0 = off)
    double perAddressBurst = 60;
    double failuresPerSecond = 20; // failed sign-ins across the instance
    double failureBurst = 200;
    int unknownNamesTracked = 10'000;
};

class SignInGuard
{
public:
    explicit SignInGuard(const SignInLimits& limits);

    // A turn at the password check: held for the check, given back when it goes.
    class Turn
    {
    public:
        Turn() = default;
        Turn(Turn&& other) noexcept;
        Turn& operator=(Turn&&) = delete;
        ~Turn();
        explicit operator bool() const { return m_guard != nullptr; }

    private:
        friend class SignInGuard;
        explicit Turn(SignInGuard* guard)
            : m_guard(guard)
        {}
        SignInGuard* m_guard = nullptr;
    };

    enum class Refusal
    {
        None,
        AddressRate,   // 429 rate_limited: too many sign-ins from this address
        FailureBudget, // 429 rate_limited: too many failed sign-ins on this server just now
        Busy,          // 503: the password checks are all taken and the queue is full
    };
    // Rate, budget, then a turn (waiting in the bounded queue if need be). On a refusal the turn
    // is empty and `retryAfterSeconds` says when to come back.
    Turn admit(const QHostAddress& peer, qint64 nowMs, Refusal* refusal, int* retryAfterSeconds);
    // Spends one unit of the failure budget.
    void recordFailure(qint64 nowMs);

    // The throttle for names that do not exist, with the same rule the store applies to real
    // ones: false (and when the block ends) while blocked; otherwise counts the attempt.
    bool claimUnknownName(const QString& username, const QString& address, qint64 nowMs,
                          const std::function<qint64(int attempts)>& blockFor, qint64* blockedUntil);
    int unknownNamesTracked() const;

private:
    void release();

    const SignInLimits m_limits;
    RateLimiter m_addressRate;
    RateLimiter m_failures;
    QAtomicInteger<qint64> m_budgetExhaustedUntil = 0;

    QMutex m_turnMutex;
    QWaitCondition m_turnFree;
    int m_active = 0;
    int m_waiting = 0;

    struct UnknownName
    {
        int failures = 0;
        qint64 blockedUntil = 0;
        qint64 lastSeen = 0;
    };
    mutable QMutex m_unknownMutex;
    QHash<QString, UnknownName> m_unknown;
};

} // namespace htmse::server
