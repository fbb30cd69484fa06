// DirectorySink: where an import or a sync page puts the directory's records — the client's
// encrypted store, the server's store. Each write() is one batch: all of it lands, or none of it.
#pragma once

#include "domain/Organisation.h"
#include "domain/Professional.h"

#include <QList>
#include <QString>

namespace htmse {

class DirectorySink
{
public:
    virtual ~DirectorySink() = default;
    // One batch, in one transaction. False with *error set when nothing of it was written.
    virtual bool write(const QList<Professional>& professionals, const QList<Organisation>& organisations,
                       QString* error) = 0;
};

} // namespace htmse
