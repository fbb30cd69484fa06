// ServiceOptions: the settings `serve` gives the HttpService and its routes (limits, token
// lifetimes, page sizes, workers).
#pragma once

#include "server/RequestGuard.h"

#include <QString>

namespace htmse::server {

struct ServiceOptions
{
    GuardLimits limits;
    double ipRequestsPerSecond = 100; // 0 = no limit
    double ipBurst = 200;
    double tokenRequestsPerSecond = 50;
    double tokenBurst = 200;
    int accessTokenSeconds = 15 * 60;
    int refreshTokenDays = 30;
    double signInLifetimeDays = 30; // a sign-in ends this long after the password was given, refreshed or not
    int refreshGraceSeconds = 30;   // a refresh token reused within this is a retry, not theft
    QString metricsAccess = QStringLiteral("loopback"); // loopback | any | off
    int pageDefault = 500;
    int pageMax = 1000;
    int maxEventsPerPush = 1000;
    int workerThreads = 8;
    double signInPerMinute = 60; // password grants per client address (0 = no limit)
    // One-time answer links: their lifetime (a request may ask for fewer whole days, never more
    // than the maximum), the answer page's requests per client address, the instance's budget
    // of requests whose token opens nothing, and the base of the links' URLs (empty: the scheme
    // and host the creating client reached).
    double answerLinkDays = 14;
    double answerLinkMaxDays = 30;
    double answerPagePerMinute = 30; // 0 = no limit
    double answerInvalidPerMinute = 600;
    QString publicUrl;
};

} // namespace htmse::server
