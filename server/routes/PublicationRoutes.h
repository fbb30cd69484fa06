// /api/v1/news, /api/v1/resources: the news feed and the resource library (courses, guides),
// read by everyone signed in, published by directory editors.
#pragma once

#include "server/routes/Route.h"

namespace htmse::server::routes {

// GET /api/v1/news?after=&limit=, GET /api/v1/resources?after=&limit=
Reply listNews(RouteContext& context, const Request& request, const Actor& actor);
Reply listResources(RouteContext& context, const Request& request, const Actor& actor);
// POST /api/v1/news, POST /api/v1/resources: a new item, or a new version of one (same id).
Reply publishNews(RouteContext& context, const Request& request, const Actor& actor);
Reply publishResource(RouteContext& context, const Request& request, const Actor& actor);

} // namespace htmse::server::routes
