#include "demo/DemoPublications.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace htmse::DemoPublications {

using namespace Qt::StringLiterals;

namespace {
const QJsonObject& document()
{
    static const QJsonObject doc = [] {
        QFile file(u":/htmse/demo/publications.json"_s);
        return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
    }();
    return doc;
}
} // namespace

QJsonArray news()
{
    return document().value(u"news"_s).toArray();
}

QJsonArray resources()
{
    return document().value(u"resources"_s).toArray();
}

} // namespace htmse::DemoPublications
