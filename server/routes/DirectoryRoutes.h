// /api/v1/directory/changes: the directory's change stream (profiles, organisations,
// tombstones) after a cursor.
#pragma once

#include "server/routes/Route.h"

namespace htmse::server::routes {

// GET /api/v1/directory/changes?after=&limit=
Reply directoryChanges(RouteContext& context, const Request& request, const Actor& actor);

} // namespace htmse::server::routes
