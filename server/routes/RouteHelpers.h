// What the route handlers share: reading a JSON body and a page request, and answering with a
// list page, a validation failure or an unavailable store.
#pragma once

#include "core/Validation.h"
#include "server/Reply.h"
#include "server/routes/Route.h"
#include "server/store/ChangePage.h"
#include "server/store/StoreError.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace htmse::server {

// 503; the database's own text goes to the log, not to the client.
Reply storeFailure(const StoreError& error);
// 400 invalid_request with the problems (the first 20 in the message, up to 100 listed).
Reply invalid(const ValidationProblems& problems);
// A request body that must be one JSON object; otherwise *reply says why.
std::optional<QJsonObject> parseBody(const Request& request, Reply* reply);

struct PageRequest
{
    qint64 after = 0;
    int limit = 0;
};
// `after` and `limit` from the query; otherwise *reply says why.
std::optional<PageRequest> pageRequest(const Request& request, int defaultLimit, int maxLimit, Reply* reply);
std::optional<PageRequest> pageRequest(const RouteContext& context, const Request& request, Reply* reply);

// {"items":[...],"next":"N","has_more":B} plus `extra` keys, assembled from the items' JSON.
Reply listReply(const ChangePage& page, qint64 after, const QJsonObject& extra = {});

// A page of a change stream: reads the page request, asks `fetch`, counts the items served in
// the metric `counter`.
using PageFetch = std::function<ChangePage(qint64 after, int limit, StoreError* error)>;
Reply changesReply(RouteContext& context, const Request& request, const QString& counter, const PageFetch& fetch);

} // namespace htmse::server
