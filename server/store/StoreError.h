// StoreError: how a store call failed, if it did. Every store method takes one; the first
// failure recorded wins.
#pragma once

#include <QString>

namespace htmse::server {

struct StoreError
{
    enum class Kind
    {
        None,
        NotFound,
        Conflict,    // a name already taken, an edit already reviewed
        Unavailable, // the database failed or is unreachable
    };
    Kind kind = Kind::None;
    QString message;
    explicit operator bool() const { return kind != Kind::None; }
};

} // namespace htmse::server
