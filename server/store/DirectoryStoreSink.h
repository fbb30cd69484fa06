// DirectoryStoreSink: the server's directory as a DirectorySink, so the import verbs and demo
// seeding write through the same batching as every other writer of many records
// (interchange/DirectoryBatcher): organisations first in each batch, one transaction a batch.
#pragma once

#include "domain/DirectorySink.h"
#include "server/store/DirectoryStore.h"

namespace htmse::server {

class DirectoryStoreSink : public DirectorySink
{
public:
    explicit DirectoryStoreSink(DirectoryStore& store)
        : m_store(store)
    {}

    bool write(const QList<Professional>& professionals, const QList<Organisation>& organisations,
               QString* error) override
    {
        QList<DirectoryWrite> writes;
        writes.reserve(professionals.size() + organisations.size());
        for (const Organisation& o : organisations)
            writes.append({QStringLiteral("organisation"), o.id, o.toJson()});
        for (const Professional& p : professionals)
            writes.append({QStringLiteral("professional"), p.id, p.toJson()});
        StoreError e;
        m_store.writeDirectory(writes, &e);
        if (e && error)
            *error = e.message;
        return !e;
    }

private:
    DirectoryStore& m_store;
};

} // namespace htmse::server
