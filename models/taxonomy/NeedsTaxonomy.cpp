#include "taxonomy/NeedsTaxonomy.h"

#include "core/JsonReader.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcTaxonomy, "htmse.taxonomy")

namespace htmse {

namespace {
const QRegularExpression& segmentPattern()
{
    static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9-]{0,39}$"));
    return re;
}
} // namespace

const NeedsTaxonomy& NeedsTaxonomy::instance()
{
    static const NeedsTaxonomy taxonomy = [] {
        QFile file(QStringLiteral(":/htmse/taxonomy/needs.json"));
        ValidationProblems problems;
        std::optional<NeedsTaxonomy> t;
        if (file.open(QIODevice::ReadOnly))
            t = fromJson(file.readAll(), problems);
        else
            problems.add(QString(), file.errorString());
        if (!t) {
            // Compiled-in data; a problem here is a build defect that the tests catch.
            qCCritical(lcTaxonomy) << "the built-in needs taxonomy is unusable:" << problems.toStrings();
            return NeedsTaxonomy();
        }
        return *std::move(t);
    }();
    return taxonomy;
}

std::optional<NeedsTaxonomy> NeedsTaxonomy::fromJson(const QByteArray& json, ValidationProblems& problems)
{
    const auto root = parseJsonObject(json, problems);
    if (!root)
        return std::nullopt;
    const qsizetype before = problems.size();
    const JsonReader r(*root, QString(), problems);
    if (r.string(QLatin1StringView("format"), Presence::Required) != QLatin1StringView("htmse-needs-taxonomy"))
        problems.add(QStringLiteral("format"), QStringLiteral("must be \"htmse-needs-taxonomy\""));
    NeedsTaxonomy t;
    t.m_version = int(r.integer(QLatin1StringView("version"), 1, 1'000'000, Presence::Required).value_or(0));

    auto addNeed = [&](const QJsonObject& o, const QString& path, const QString& parent) -> bool {
        const JsonReader nr(o, path, problems);
        Need need;
        need.code = nr.string(QLatin1StringView("code"), Presence::Required, 81);
        need.label = nr.string(QLatin1StringView("label"), Presence::Required, 64);
        need.description = nr.string(QLatin1StringView("description"), Presence::Optional, 400);
        need.parent = parent;
        const QStringList segments = need.code.split(QLatin1Char('.'));
        const bool shapeOk =
            parent.isEmpty() ? segments.size() == 1 : segments.size() == 2 && segments.first() == parent;
        if (need.code.isEmpty())
            return false;
        if (!shapeOk || !std::all_of(segments.cbegin(), segments.cend(),
                                     [](const QString& s) { return segmentPattern().match(s).hasMatch(); })) {
            problems.add(nr.pathOf(QLatin1StringView("code")),
                         parent.isEmpty() ? QStringLiteral("%1 is not a top-level code like \"legal\"")
                                                .arg(ValidationProblems::quote(need.code))
                                          : QStringLiteral("%1 is not a child code of %2 like \"%3.example\"")
                                                .arg(ValidationProblems::quote(need.code),
                                                     ValidationProblems::quote(parent), parent));
            return false;
        }
        if (t.m_index.contains(need.code)) {
            problems.add(nr.pathOf(QLatin1StringView("code")),
                         QStringLiteral("%1 appears twice").arg(ValidationProblems::quote(need.code)));
            return false;
        }
        t.m_index.insert(need.code, t.m_needs.size());
        t.m_needs.append(need);
        return true;
    };

    const QJsonArray needs = r.array(QLatin1StringView("needs"), Presence::Required, 100);
    for (qsizetype i = 0; i < needs.size(); ++i) {
        const QString path = ValidationProblems::index(QStringLiteral("needs"), i);
        if (!needs.at(i).isObject()) {
            problems.add(path, QStringLiteral("must be an object"));
            continue;
        }
        const QJsonObject parentObject = needs.at(i).toObject();
        if (!addNeed(parentObject, path, QString()))
            continue;
        const qsizetype parentIndex = t.m_needs.size() - 1;
        const JsonReader pr(parentObject, path, problems);
        const QJsonArray children = pr.array(QLatin1StringView("children"), Presence::Optional, 100);
        for (qsizetype j = 0; j < children.size(); ++j) {
            const QString childPath = ValidationProblems::index(pr.pathOf(QLatin1StringView("children")), j);
            if (!children.at(j).isObject()) {
                problems.add(childPath, QStringLiteral("must be an object"));
                continue;
            }
            if (addNeed(children.at(j).toObject(), childPath, t.m_needs.at(parentIndex).code))
                t.m_needs[parentIndex].children.append(t.m_needs.constLast().code);
        }
    }
    if (t.m_needs.isEmpty() && problems.size() == before)
        problems.add(QStringLiteral("needs"), QStringLiteral("must list at least one need"));
    if (problems.size() != before)
        return std::nullopt;
    return t;
}

const NeedsTaxonomy::Need* NeedsTaxonomy::find(QStringView code) const
{
    const auto it = m_index.constFind(code.toString());
    return it == m_index.constEnd() ? nullptr : &m_needs.at(*it);
}

QString NeedsTaxonomy::parentOf(QStringView code) const
{
    const Need* n = find(code);
    return n ? n->parent : QString();
}

QStringList NeedsTaxonomy::topLevel() const
{
    QStringList out;
    for (const Need& n : m_needs)
        if (n.parent.isEmpty())
            out.append(n.code);
    return out;
}

bool NeedsTaxonomy::covers(QStringView offered, QStringView queried) const
{
    if (offered == queried)
        return contains(offered);
    const Need* n = find(offered);
    return n && !n->parent.isEmpty() && n->parent == queried;
}

QString NeedsTaxonomy::label(QStringView code) const
{
    const Need* n = find(code);
    if (!n)
        return code.toString();
    return QCoreApplication::translate("htmse::NeedsTaxonomy", n->label.toUtf8().constData());
}

QStringList NeedsTaxonomy::englishLabels() const
{
    QStringList out;
    out.reserve(m_needs.size());
    for (const Need& n : m_needs)
        out.append(n.label);
    return out;
}

} // namespace htmse
