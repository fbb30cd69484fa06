// JsonLog: the server's structured log, one JSON object per line on stderr. Messages carry
// operational facts only (routes, status codes, counts, durations), never request bodies.
#pragma once

#include <QJsonObject>
#include <QString>

namespace htmse::server {

void logEvent(const QString& level, const QString& event, const QJsonObject& fields = {});
// Routes Qt's own qDebug/qWarning output through the same JSON lines.
void installJsonMessageHandler();

} // namespace htmse::server
