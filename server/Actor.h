// Actor: who is calling, resolved from an access token by the AccountStore. Routes, the
// referral exchange and the stores' scoping all go by it.
#pragma once

#include "server/Roles.h"

#include <QString>
#include <QUuid>

namespace htmse::server {

struct Actor
{
    QUuid userId;
    QString username;
    QUuid organisationId;
    Role role = Role::Caseworker;
    QUuid professionalId;
    QString tokenFamily;
};

} // namespace htmse::server
