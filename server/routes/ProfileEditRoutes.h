// /api/v1/profiles/me and /api/v1/profile-edits: a professional edits their own listing, and a
// directory editor approves or rejects the edit before it reaches the directory.
#pragma once

#include "server/routes/Route.h"

namespace htmse::server::routes {

// GET /api/v1/profiles/me: the listing as the directory has it, and the caller's edits.
Reply ownProfile(RouteContext& context, const Request& request, const Actor& actor);
// POST/PUT /api/v1/profiles/me: a new edit of the caller's listing (202, pending review).
Reply submitProfileEdit(RouteContext& context, const Request& request, const Actor& actor);
// GET /api/v1/profile-edits?status=pending|all
Reply profileEdits(RouteContext& context, const Request& request, const Actor& actor);
// POST /api/v1/profile-edits/{id}/approve, .../reject
Reply approveProfileEdit(RouteContext& context, const Request& request, const Actor& actor);
Reply rejectProfileEdit(RouteContext& context, const Request& request, const Actor& actor);

} // namespace htmse::server::routes
