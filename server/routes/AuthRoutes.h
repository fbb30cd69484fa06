// /api/v1/auth/token, /api/v1/auth/revoke, /api/v1/me: signing in (password or refresh
// token), signing out, and who the caller is.
#pragma once

#include "server/routes/Route.h"

namespace htmse::server::routes {

// POST /api/v1/auth/token (public): {"grant_type":"password"|"refresh_token", ...}
Reply issueToken(RouteContext& context, const Request& request, const Actor& actor);
// POST /api/v1/auth/revoke: ends the sign-in of the token given (or of the caller's own).
Reply revokeToken(RouteContext& context, const Request& request, const Actor& actor);
// GET /api/v1/me
Reply me(RouteContext& context, const Request& request, const Actor& actor);

} // namespace htmse::server::routes
