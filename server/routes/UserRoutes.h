// /api/v1/users: an org admin's view of their organisation's accounts, and their levers (end
// every sign-in of an account, disable it, enable it again). Another organisation's user is
// answered as one that does not exist.
#pragma once

#include "server/routes/Route.h"

namespace htmse::server::routes {

// GET /api/v1/users?after=&limit= (ordered by user name; the cursor counts users listed)
Reply listUsers(RouteContext& context, const Request& request, const Actor& actor);
// POST /api/v1/users/{id}/revoke
Reply revokeUserTokens(RouteContext& context, const Request& request, const Actor& actor);
// POST /api/v1/users/{id}/disable, .../enable
Reply disableUser(RouteContext& context, const Request& request, const Actor& actor);
Reply enableUser(RouteContext& context, const Request& request, const Actor& actor);

} // namespace htmse::server::routes
