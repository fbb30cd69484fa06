// /api/v1/referral-events: pushing a batch of referral events, and reading the events the
// caller may see. The decisions are the ReferralExchange's; here is the HTTP side (the
// request's shape, its per-event problems, the answer in request order).
#pragma once

#include "server/routes/Route.h"

namespace htmse::server::routes {

// GET /api/v1/referral-events?after=&limit=
Reply referralEvents(RouteContext& context, const Request& request, const Actor& actor);
// POST /api/v1/referral-events {"events":[...]} -> {"accepted":[{"id","seq"}],"rejected":[{"id","index","reason"}]}
Reply pushReferralEvents(RouteContext& context, const Request& request, const Actor& actor);

} // namespace htmse::server::routes
