#include "app/cli/DirectoryCommands.h"

#include "app/cli/ProfileCommands.h"
#include "app/common/ExitCodes.h"
#include "core/JsonReader.h"
#include "matching/MatchEngine.h"
#include "matching/SearchIndex.h"
#include "session/DirectoryImport.h"
#include "storage/DirectoryStore.h"
#include "taxonomy/Gazetteer.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace htmse::cli {

using namespace Qt::StringLiterals;

namespace {

// A directory file, HSDS JSON, or an HSDS CSV data package (a folder, or its datapackage.json).
int importFile(const Cli& cli, ProfileWorkspace& workspace, const QString& path)
{
    if (!QFileInfo::exists(path))
        return cli.fail(exitcode::kNotFound, u"%1 does not exist"_s.arg(path));
    DirectoryImport import(workspace.directory(), workspace.audit(), workspace.clock());
    const ImportSummary report = import.importPath(path);
    if (report.professionals > 0 || report.organisations > 0)
        workspace.directoryReplaced();
    if (!report.readable)
        return cli.fail(exitcode::kInvalidInput,
                        u"%1 is not %2: %3"_s.arg(
                            path, report.format == "hsds"_L1 ? u"readable HSDS data"_s : u"a directory file"_s,
                            report.problems.isEmpty() ? u"unknown format"_s
                            : report.problems.first().path.isEmpty()
                                ? report.problems.first().message
                                : report.problems.first().path + u": "_s + report.problems.first().message));
    if (!report.sinkError.isEmpty())
        return cli.fail(exitcode::kNetwork,
                        u"the import stopped after %1 profiles: %2"_s.arg(report.professionals).arg(report.sinkError));
    QJsonArray problems;
    for (const ImportProblem& p : report.problems)
        problems.append(QJsonObject{{u"path"_s, p.path},
                                    {u"message"_s, p.message},
                                    {u"source"_s, p.source},
                                    {u"field"_s, p.field},
                                    {u"skipped"_s, p.skipped}});
    if (cli.json()) {
        cli.printJson(QJsonObject{{u"imported"_s, report.professionals},
                                  {u"skipped"_s, report.skipped},
                                  {u"organisations"_s, report.organisations},
                                  {u"format"_s, report.format},
                                  {u"complete"_s, report.complete},
                                  {u"problems_not_listed"_s, report.problemsNotListed},
                                  {u"problems"_s, problems}});
    } else {
        for (const ImportProblem& p : report.problems)
            cli.warn(p.path.isEmpty() ? p.message : p.path + u": "_s + p.message);
        if (report.problemsNotListed > 0)
            cli.warn(u"... and %1 more problems"_s.arg(report.problemsNotListed));
        cli.print(u"imported: %1 profiles, %2 organisations; skipped: %3 records"_s.arg(report.professionals)
                      .arg(report.organisations)
                      .arg(report.skipped));
    }
    if (!report.complete)
        return cli.fail(
            exitcode::kInvalidInput,
            u"%1 breaks off before its end; the %2 profiles before that point were imported"_s.arg(path).arg(
                report.professionals));
    return exitcode::kOk;
}

int stats(const Cli& cli, ProfileWorkspace& workspace)
{
    const DirectoryStore::Stats s = workspace.directory().stats();
    if (cli.json())
        cli.printJson(
            QJsonObject{{u"profiles"_s, s.professionals},
                        {u"organisations"_s, s.organisations},
                        {u"last_sync"_s, s.lastSync.isValid() ? QJsonValue(toIsoUtc(s.lastSync)) : QJsonValue()},
                        {u"cursor"_s, s.cursor.isEmpty() ? QJsonValue() : QJsonValue(s.cursor)}});
    else
        cli.print(u"%1 professionals, %2 organisations, last sync: %3"_s.arg(s.professionals)
                      .arg(s.organisations)
                      .arg(s.lastSync.isValid() ? toIsoUtc(s.lastSync) : u"never"_s));
    return exitcode::kOk;
}

} // namespace

int runDirectoryCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& p)
{
    if (args.isEmpty() || (args.first() != "import"_L1 && args.first() != "stats"_L1))
        return cli.fail(exitcode::kUsage, u"'directory' needs one of: import, stats"_s);
    const bool importing = args.first() == "import"_L1;
    if (args.size() != (importing ? 3 : 2))
        return cli.fail(exitcode::kUsage, importing ? u"usage: htmse-cli directory import NAME FILE"_s
                                                    : u"usage: htmse-cli directory stats NAME"_s);
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, p, args.at(1), &exitCode);
    if (!workspace)
        return exitCode;
    return importing ? importFile(cli, *workspace, args.at(2)) : stats(cli, *workspace);
}

int runMatchCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& p)
{
    if (args.size() != 1)
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli match NAME --need CODE... [options]"_s);
    MatchQuery q;
    for (const QString& need : p.values(u"need"_s))
        q.needs.append({need, true});
    q.languages = p.values(u"language"_s);
    q.interpreterOk = p.isSet(u"interpreter-ok"_s);
    q.remoteOk = p.isSet(u"remote-ok"_s);
    q.expertWitness = p.isSet(u"expert-witness"_s);
    q.reportType = p.value(u"report-type"_s);
    q.jurisdiction = p.value(u"jurisdiction"_s);
    if (p.isSet(u"open-now"_s))
        q.openAt = QDateTime::currentDateTimeUtc();
    q.eveningsOrWeekends = p.isSet(u"evenings-weekends"_s);
    q.accessibility = p.values(u"accessibility"_s);
    bool ok = true;
    if (p.isSet(u"radius-km"_s))
        q.radiusKm = p.value(u"radius-km"_s).toDouble(&ok);
    if (!ok)
        return cli.fail(exitcode::kUsage, u"--radius-km must be a number"_s);
    if (p.isSet(u"limit"_s))
        q.limit = p.value(u"limit"_s).toInt(&ok);
    if (!ok)
        return cli.fail(exitcode::kUsage, u"--limit must be a whole number"_s);
    if (p.isSet(u"near"_s)) {
        const auto* city = Gazetteer::instance().resolve(p.value(u"near"_s));
        if (!city)
            return cli.fail(
                exitcode::kInvalidInput,
                u"\"%1\" is not a place the gazetteer knows; try htmse-cli places PREFIX"_s.arg(p.value(u"near"_s)));
        q.near = city->point();
    } else if (p.isSet(u"lat"_s) || p.isSet(u"lon"_s)) {
        bool latOk = false;
        bool lonOk = false;
        q.near = GeoPoint(p.value(u"lat"_s).toDouble(&latOk), p.value(u"lon"_s).toDouble(&lonOk));
        if (!latOk || !lonOk)
            return cli.fail(exitcode::kUsage, u"--lat and --lon go together, as numbers"_s);
    }
    // Checked before the profile is opened: a mistyped code costs no passphrase.
    if (const QStringList problems = MatchEngine().validate(q); !problems.isEmpty())
        return cli.fail(exitcode::kInvalidInput, problems.join(u"; "_s));
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, p, args.first(), &exitCode);
    if (!workspace)
        return exitCode;
    const MatchEngine& engine = workspace->matchEngine();
    const QList<MatchResult> results = engine.match(q);
    QJsonArray out;
    for (const MatchResult& r : results) {
        out.append(
            QJsonObject{{u"id"_s, uuidString(r.id)},
                        {u"name"_s, r.name},
                        {u"score"_s, qRound(r.score * 10) / 10.0},
                        {u"distance_km"_s, r.distanceKm ? QJsonValue(qRound(*r.distanceKm * 10) / 10.0) : QJsonValue()},
                        {u"parts"_s, QJsonObject{{u"needs"_s, r.needsPart},
                                                 {u"language"_s, r.languagePart},
                                                 {u"distance"_s, r.distancePart},
                                                 {u"capacity"_s, r.capacityPart},
                                                 {u"verification"_s, r.verificationPart},
                                                 {u"preference"_s, r.preferencePart}}},
                        {u"explanation"_s, r.explanation()}});
        if (!cli.json())
            cli.print(u"%1\t%2\t%3"_s.arg(QString::number(r.score, 'f', 1), r.name, r.explanation()));
    }
    QJsonArray relaxations;
    for (const Relaxation& r : engine.relaxations(q)) {
        relaxations.append(QJsonObject{{u"description"_s, r.description}, {u"count"_s, r.count}});
        if (!cli.json() && results.size() < q.limit)
            cli.print(u"(%1)"_s.arg(r.description));
    }
    if (cli.json())
        cli.printJson(QJsonObject{{u"results"_s, out}, {u"relaxations"_s, relaxations}});
    return exitcode::kOk;
}

int runSearchCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& p)
{
    if (args.size() != 2)
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli search NAME TEXT [--limit N]"_s);
    bool ok = true;
    const int limit = p.isSet(u"limit"_s) ? p.value(u"limit"_s).toInt(&ok) : 20;
    if (!ok || limit < 1 || limit > 10'000)
        return cli.fail(exitcode::kUsage, u"--limit must be a whole number from 1 to 10000"_s);
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, p, args.first(), &exitCode);
    if (!workspace)
        return exitCode;
    QList<SearchIndex::Hit> hits;
    if (SearchIndex::words(args.at(1)).isEmpty()) {
        // No words: the directory by name, so an empty search is never a dead end.
        DirectoryStore::Cursor last;
        for (const Professional& pro : workspace->directory().page({}, limit, &last))
            hits.append({pro.id, pro.displayName, 0});
    } else {
        hits = workspace->searchIndex().search(args.at(1), limit);
    }
    QJsonArray out;
    for (const SearchIndex::Hit& h : hits) {
        out.append(QJsonObject{{u"id"_s, uuidString(h.id)}, {u"name"_s, h.name}, {u"score"_s, h.score}});
        if (!cli.json())
            cli.print(u"%1\t%2"_s.arg(h.name, uuidString(h.id)));
    }
    if (cli.json())
        cli.printJson(QJsonObject{{u"results"_s, out}});
    return exitcode::kOk;
}

} // namespace htmse::cli
