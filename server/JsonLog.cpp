#include "server/JsonLog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QMutex>

#include <cstdio>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {
QMutex& logMutex()
{
    static QMutex mutex;
    return mutex;
}

void writeLine(const QJsonObject& o)
{
    const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    const QMutexLocker lock(&logMutex());
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

void messageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    static const char* const levels[] = {"debug", "warning", "critical", "fatal", "info"};
    QJsonObject o{{u"time"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                  {u"level"_s, QLatin1StringView(levels[int(type)])},
                  {u"event"_s, u"qt"_s},
                  {u"message"_s, message}};
    if (context.category && qstrcmp(context.category, "default") != 0)
        o.insert(u"category"_s, QLatin1StringView(context.category));
    writeLine(o);
}
} // namespace

void logEvent(const QString& level, const QString& event, const QJsonObject& fields)
{
    QJsonObject o = fields;
    o.insert(u"time"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    o.insert(u"level"_s, level);
    o.insert(u"event"_s, event);
    writeLine(o);
}

void installJsonMessageHandler()
{
    qInstallMessageHandler(messageHandler);
}

} // namespace htmse::server
