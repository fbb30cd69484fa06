// HsdsJsonSource: HSDS API JSON (one service, a list, a paged response, an organization with its
// services, service_at_location objects) read into the tables the mapper maps.
#pragma once

#include "interchange/HsdsImport.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace htmse::hsds {

// What HsdsImport::readJson returns: nested records become rows of their tables, each with the
// reference to its parent filled in.
HsdsImportResult readJson(const QByteArray& bytes, const QString& sourceName, const QDateTime& now);
// What HsdsImport::looksLikeHsdsJson returns: decided by the first top-level keys.
bool looksLikeHsdsJson(const QByteArray& bytes);

} // namespace htmse::hsds
