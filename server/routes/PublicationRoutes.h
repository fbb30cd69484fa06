// /api/v1/news, /api/v1/resources: the news feed and the resource library (courses, guides),
// read by everyone signed in, published by directory editors.
#pragma once

#include "core/Validation.h"
#include "server/routes/Route.h"

#include <QJsonObject>

#include <optional>

namespace htmse::server::routes {

// GET /api/v1/news?after=&limit=, GET /api/v1/resources?after=&limit=
Reply listNews(RouteContext& context, const Request& request, const Actor& actor);
Reply listResources(RouteContext& context, const Request& request, const Actor& actor);
// POST /api/v1/news, POST /api/v1/resources: a new item, or a new version of one (same id).
Reply publishNews(RouteContext& context, const Request& request, const Actor& actor);
Reply publishResource(RouteContext& context, const Request& request, const Actor& actor);

// A news item (`stream` "news") or a resource ("resources") as an editor sends it, checked;
// returns the stored form (id, published_at, published_by added) or the problems. A resource of
// kind course may carry its ordered lessons ({id, title, body}; an id is made where none is given).
std::optional<QJsonObject> readPublication(const QString& stream, const QJsonObject& in, const QString& publishedBy,
                                           QUuid* id, ValidationProblems& problems);

} // namespace htmse::server::routes
