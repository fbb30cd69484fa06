// htmse-atlas-compact: a build-time tool. Reads world-atlas's TopoJSON (quantised, delta-encoded
// arcs and the transform that maps them to degrees), joins each country's arcs into closed rings
// and writes the compact atlas WorldAtlas reads (models/geo/WorldAtlas.h).
//
//     htmse-atlas-compact countries-50m.json countries.bin
#include "geo/WorldAtlas.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>

using htmse::WorldAtlas;

namespace {
[[noreturn]] void die(const QString& message)
{
    std::fprintf(stderr, "htmse-atlas-compact: %s\n", qPrintable(message));
    std::exit(1);
}

// Every arc as absolute (longitude, latitude): TopoJSON stores the first position and then
// differences, all on the quantised grid that `transform` scales and translates.
QList<QList<QPointF>> decodeArcs(const QJsonObject& topology)
{
    const QJsonObject transform = topology.value(QLatin1StringView("transform")).toObject();
    const QJsonArray scale = transform.value(QLatin1StringView("scale")).toArray();
    const QJsonArray translate = transform.value(QLatin1StringView("translate")).toArray();
    if (scale.size() != 2 || translate.size() != 2)
        die(QStringLiteral("the topology has no quantisation transform"));
    QList<QList<QPointF>> arcs;
    for (const QJsonValue& arcValue : topology.value(QLatin1StringView("arcs")).toArray()) {
        QList<QPointF> arc;
        double x = 0, y = 0;
        for (const QJsonValue& position : arcValue.toArray()) {
            const QJsonArray p = position.toArray();
            if (p.size() < 2)
                die(QStringLiteral("an arc has a position without two numbers"));
            x += p.at(0).toDouble();
            y += p.at(1).toDouble();
            arc.append(QPointF(x * scale.at(0).toDouble() + translate.at(0).toDouble(),
                               y * scale.at(1).toDouble() + translate.at(1).toDouble()));
        }
        arcs.append(arc);
    }
    return arcs;
}

// A ring from arc indexes: a negative index ~i is arc i reversed; each arc after the first
// starts where the one before ended, so its first position is dropped.
QList<QPointF> ring(const QJsonArray& indexes, const QList<QList<QPointF>>& arcs)
{
    QList<QPointF> out;
    for (const QJsonValue& v : indexes) {
        const int index = v.toInt();
        const int arcIndex = index < 0 ? ~index : index;
        if (arcIndex >= arcs.size())
            die(QStringLiteral("a ring names arc %1 of %2").arg(arcIndex).arg(arcs.size()));
        QList<QPointF> arc = arcs.at(arcIndex);
        if (index < 0)
            std::reverse(arc.begin(), arc.end());
        out.append(out.isEmpty() ? arc : arc.sliced(1));
    }
    return out;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3)
        die(QStringLiteral("usage: htmse-atlas-compact TOPOJSON OUT"));
    QFile in(args.at(1));
    if (!in.open(QIODevice::ReadOnly))
        die(QStringLiteral("%1: %2").arg(args.at(1), in.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(in.readAll(), &parseError);
    if (doc.isNull())
        die(QStringLiteral("%1: %2").arg(args.at(1), parseError.errorString()));
    const QJsonObject topology = doc.object();
    const QList<QList<QPointF>> arcs = decodeArcs(topology);
    const QJsonArray geometries = topology.value(QLatin1StringView("objects"))
                                      .toObject()
                                      .value(QLatin1StringView("countries"))
                                      .toObject()
                                      .value(QLatin1StringView("geometries"))
                                      .toArray();
    QList<WorldAtlas::Country> countries;
    for (const QJsonValue& g : geometries) {
        const QJsonObject geometry = g.toObject();
        WorldAtlas::Country c;
        c.id = geometry.value(QLatin1StringView("id")).toString();
        c.name = geometry.value(QLatin1StringView("properties")).toObject().value(QLatin1StringView("name")).toString();
        const QString type = geometry.value(QLatin1StringView("type")).toString();
        const QJsonArray polygons = type == QLatin1StringView("Polygon")
                                        ? QJsonArray{geometry.value(QLatin1StringView("arcs"))}
                                        : geometry.value(QLatin1StringView("arcs")).toArray();
        if (type != QLatin1StringView("Polygon") && type != QLatin1StringView("MultiPolygon"))
            continue; // no outline (a null geometry)
        for (const QJsonValue& polygon : polygons)
            for (const QJsonValue& rings : polygon.toArray())
                if (QList<QPointF> r = ring(rings.toArray(), arcs); r.size() >= 3)
                    c.rings.append(std::move(r));
        if (!c.name.isEmpty() && !c.rings.isEmpty())
            countries.append(std::move(c));
    }
    if (countries.isEmpty())
        die(QStringLiteral("%1: no countries").arg(args.at(1)));
    const QByteArray bytes = WorldAtlas::serialize(countries);
    QString error;
    if (!WorldAtlas::read(bytes, &error)) // what is written must read back
        die(error);
    QSaveFile out(args.at(2));
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        die(QStringLiteral("%1: %2").arg(args.at(2), out.errorString()));
    return 0;
}
