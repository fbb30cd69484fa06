#include "app/cli/SyncCommands.h"

#include "app/cli/ProfileCommands.h"
#include "app/common/ExitCodes.h"
#include "core/JsonReader.h"
#include "session/SyncController.h"

#include <QEventLoop>
#include <QJsonArray>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace htmse::cli {

using namespace Qt::StringLiterals;

namespace {

int exitCodeFor(SyncOutcome::Result result)
{
    switch (result) {
    case SyncOutcome::Result::Ok:
        return exitcode::kOk;
    case SyncOutcome::Result::BadCredentials:
        return exitcode::kCredentials;
    case SyncOutcome::Result::Refused:
        return exitcode::kInvalidInput;
    case SyncOutcome::Result::Cancelled:
    case SyncOutcome::Result::Unreachable:
    case SyncOutcome::Result::Tls:
    case SyncOutcome::Result::Server:
    case SyncOutcome::Result::Invalid:
    case SyncOutcome::Result::Local:
        return exitcode::kNetwork;
    }
    return exitcode::kNetwork;
}

bool stdinIsTerminal(const Cli& cli)
{
#ifdef Q_OS_UNIX
    Q_UNUSED(cli);
    return ::isatty(STDIN_FILENO) == 1;
#else
    Q_UNUSED(cli);
    return true;
#endif
}

QJsonObject report(const SyncOutcome& o, const SyncJournal& journal)
{
    return QJsonObject{{u"pulled_profiles"_s, o.pulledProfiles},   {u"removed_profiles"_s, o.removedProfiles},
                       {u"pushed_events"_s, o.pushedEvents},       {u"rejected_events"_s, o.rejectedEvents},
                       {u"pulled_events"_s, o.pulledEvents},       {u"pulled_news"_s, o.pulledNews},
                       {u"pulled_resources"_s, o.pulledResources}, {u"pending_events"_s, journal.pendingEvents()},
                       {u"bytes_received"_s, o.bytesReceived},     {u"seconds"_s, double(o.elapsedMs) / 1000.0}};
}

} // namespace

int runSyncCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options)
{
    if (args.size() != 1)
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli sync NAME --server URL --user USER"_s);
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, options, args.first(), &exitCode);
    if (!workspace)
        return exitCode;
    SyncJournal& journal = workspace->syncJournal();
    const QUrl server = options.isSet(u"server"_s) ? QUrl(options.value(u"server"_s)) : journal.server();
    const QString user = options.isSet(u"user"_s) ? options.value(u"user"_s) : journal.user();
    if (server.isEmpty() || user.isEmpty())
        return cli.fail(exitcode::kUsage, u"give --server URL and --user USER (the first sync needs both)"_s);
    QString why;
    if (!SyncClient::acceptableServer(server, &why))
        return cli.fail(exitcode::kInvalidInput, why);
    // The server password: needed when this profile has no sign-in for that server and user;
    // otherwise a further line on a non-interactive input signs in afresh.
    std::optional<SecureBytes> password;
    if (!journal.refreshToken(server, user)) {
        password = cli.readSecret(u"Server password for %1: "_s.arg(user));
        if (!password || password->isEmpty())
            return cli.fail(exitcode::kCredentials,
                            u"the server password is needed on standard input (after the passphrase) the first "
                            "time this profile syncs as %1"_s.arg(user));
    } else if (!stdinIsTerminal(cli)) {
        password = cli.readSecret({});
        if (password && password->isEmpty())
            password.reset();
    }
    SyncController controller(*workspace);
    controller.setServer(server, user);
    SyncSettings tuning;
    tuning.pageLimit = 500; // no event loop anyone is looking at: larger pages, fewer round trips
    controller.setTuning(tuning);
    std::optional<SyncOutcome> outcome;
    QEventLoop loop;
    QObject::connect(&controller, &SyncController::finished, &loop, [&](const SyncOutcome& o) {
        outcome = o;
        loop.quit();
    });
    if (!controller.syncNow(std::move(password)))
        return cli.fail(exitcode::kUsage, u"the sync could not start"_s);
    loop.exec();
    if (!outcome->ok())
        return cli.fail(exitCodeFor(outcome->result), u"sync failed: %1"_s.arg(outcome->message));
    if (cli.json()) {
        cli.printJson(report(*outcome, journal));
    } else {
        cli.print(u"pulled %1 profiles (%2 removed), %3 referral events; pushed %4 events, %5 refused by the "
                  "server"_s.arg(outcome->pulledProfiles)
                      .arg(outcome->removedProfiles)
                      .arg(outcome->pulledEvents)
                      .arg(outcome->pushedEvents)
                      .arg(outcome->rejectedEvents));
        for (const auto& r : journal.rejectedEvents())
            cli.warn(
                u"event %1 of referral %2 was refused: %3"_s.arg(uuidString(r.id), uuidString(r.referralId), r.reason));
    }
    return exitcode::kOk;
}

int runAnswerLinkCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options)
{
    if (args.size() != 2)
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli referral answer-link NAME ID [--days N] | --revoke"_s);
    const QUuid referralId = QUuid::fromString(args.at(1));
    int days = 0;
    if (options.isSet(u"days"_s)) {
        bool ok = false;
        days = options.value(u"days"_s).toInt(&ok);
        if (!ok || days < 1 || days > 365)
            return cli.fail(exitcode::kUsage, u"--days must be a whole number of days from 1"_s);
    }
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, options, args.first(), &exitCode);
    if (!workspace)
        return exitCode;
    if (referralId.isNull() || !workspace->referrals().summary(referralId))
        return cli.fail(exitcode::kNotFound, u"no referral %1 in this profile"_s.arg(args.at(1)));
    SyncController controller(*workspace);
    if (!controller.status().configured)
        return cli.fail(exitcode::kUsage, u"this profile has not synced yet: run htmse-cli sync first"_s);
    std::optional<AnswerLinkResult> result;
    std::optional<SyncOutcome> outcome;
    QEventLoop loop;
    QObject::connect(&controller, &SyncController::answerLinkDone, &loop,
                     [&](const AnswerLinkResult& r) { result = r; });
    QObject::connect(&controller, &SyncController::finished, &loop, [&](const SyncOutcome& o) {
        outcome = o;
        loop.quit();
    });
    const bool revoke = options.isSet(u"revoke"_s);
    if (!(revoke ? controller.revokeAnswerLinks(referralId) : controller.createAnswerLink(referralId, days)))
        return cli.fail(exitcode::kUsage, u"the sync could not start"_s);
    loop.exec();
    if (!result || !result->ok) {
        const QString why = result ? result->message : outcome->message;
        const int code = outcome && !outcome->ok() ? exitCodeFor(outcome->result) : exitcode::kInvalidInput;
        return cli.fail(code, revoke ? u"the links were not revoked: %1"_s.arg(why)
                                     : u"no answer link was made: %1"_s.arg(why));
    }
    if (revoke) {
        if (cli.json())
            cli.printJson(QJsonObject{{u"revoked"_s, result->revoked}});
        else
            cli.print(u"%1 answer link(s) revoked"_s.arg(result->revoked));
        return exitcode::kOk;
    }
    // The address is given once, here; the profile does not keep it.
    const QString url = result->url.toString(QUrl::FullyEncoded);
    if (cli.json())
        cli.printJson(QJsonObject{
            {u"id"_s, uuidString(result->id)}, {u"url"_s, url}, {u"expires_at"_s, toIsoUtc(result->expiresAt)}});
    else
        cli.print(u"%1\n(one answer, until %2; shown only now)"_s.arg(url, toIsoUtc(result->expiresAt)));
    return exitcode::kOk;
}

int runSyncStatusCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options)
{
    if (args.size() != 1)
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli sync-status NAME"_s);
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, options, args.first(), &exitCode);
    if (!workspace)
        return exitCode;
    const SyncController controller(*workspace);
    const SyncStatus status = controller.status();
    QJsonArray rejected;
    for (const auto& r : workspace->syncJournal().rejectedEvents())
        rejected.append(QJsonObject{
            {u"id"_s, uuidString(r.id)}, {u"referral_id"_s, uuidString(r.referralId)}, {u"reason"_s, r.reason}});
    const auto isoOrNull = [](const QDateTime& t) { return t.isValid() ? QJsonValue(toIsoUtc(t)) : QJsonValue(); };
    if (cli.json()) {
        cli.printJson(QJsonObject{{u"pending_events"_s, status.pendingEvents},
                                  {u"pending_referrals"_s, status.pendingReferrals},
                                  {u"rejected"_s, rejected},
                                  {u"last_success"_s, isoOrNull(status.lastSuccess)},
                                  {u"last_attempt"_s, isoOrNull(status.lastAttempt)},
                                  {u"last_outcome"_s, status.lastAttemptOutcome},
                                  {u"last_error"_s, status.lastError},
                                  {u"server"_s, workspace->syncJournal().server().toString()},
                                  {u"user"_s, workspace->syncJournal().user()},
                                  {u"status"_s, controller.statusText()}});
    } else {
        cli.print(controller.statusText());
        for (const auto& r : workspace->syncJournal().rejectedEvents())
            cli.print(
                u"refused: event %1 of referral %2: %3"_s.arg(uuidString(r.id), uuidString(r.referralId), r.reason));
    }
    return exitcode::kOk;
}

} // namespace htmse::cli
