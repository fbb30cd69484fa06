#include "server/routes/DirectoryRoutes.h"

#include "server/routes/RouteHelpers.h"
#include "server/store/DirectoryStore.h"

namespace htmse::server::routes {

using namespace Qt::StringLiterals;

Reply directoryChanges(RouteContext& context, const Request& request, const Actor&)
{
    return changesReply(context, request, u"htmse_directory_items_served_total"_s,
                        [&](qint64 after, int limit, StoreError* error) {
                            return context.directory.directoryChanges(after, limit, error);
                        });
}

} // namespace htmse::server::routes
