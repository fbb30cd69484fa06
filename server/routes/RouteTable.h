// RouteTable: every API route the server answers under /api/v1, in the order they are
// registered. A new resource is a file of handlers under server/routes and its rows here.
#pragma once

#include "server/routes/Route.h"

#include <QList>

namespace htmse::server {

const QList<Route>& apiRoutes();

} // namespace htmse::server
