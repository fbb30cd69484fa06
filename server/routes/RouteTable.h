// RouteTable: every route the server answers through a handler — the API under /api/v1 and the
// one-time answer page, /answer/{token} — in the order they are registered. A new resource is a
// file of handlers under server/routes and its rows here.
#pragma once

#include "server/routes/Route.h"

#include <QList>

namespace htmse::server {

const QList<Route>& apiRoutes();

} // namespace htmse::server
