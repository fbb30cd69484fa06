#include "app/cli/ReferralCommands.h"

#include "app/cli/ProfileCommands.h"
#include "app/cli/SyncCommands.h"
#include "app/common/ExitCodes.h"
#include "core/JsonReader.h"
#include "export/PdfDocument.h"
#include "export/ReferralCsv.h"
#include "export/Shortlist.h"
#include "security/Policy.h"
#include "storage/AuditLog.h"
#include "storage/DirectoryStore.h"
#include "storage/ReferralStore.h"

#include <QJsonArray>
#include <QSaveFile>

namespace htmse::cli {

using namespace Qt::StringLiterals;

namespace {

int exitCodeFor(const ReferralError& e)
{
    switch (e.code) {
    case ReferralError::None:
        return exitcode::kOk;
    case ReferralError::NotFound:
        return exitcode::kNotFound;
    case ReferralError::Invalid:
    case ReferralError::Refused:
        return exitcode::kInvalidInput;
    case ReferralError::Io:
        return exitcode::kNetwork;
    }
    return exitcode::kNetwork;
}

QJsonObject summaryJson(const ReferralSummary& s)
{
    return QJsonObject{{u"id"_s, uuidString(s.id)},
                       {u"case"_s, s.caseRef},
                       {u"kind"_s, s.kind},
                       {u"status"_s, toWire(s.status)},
                       {u"to"_s, s.recipient},
                       {u"updated"_s, toIsoUtc(s.updatedAt)},
                       {u"needs"_s, QJsonArray::fromStringList(s.needs)},
                       {u"follow_up_due"_s, toIso(s.followUpDue)}};
}

int add(const Cli& cli, ProfileWorkspace& workspace, const QCommandLineParser& p)
{
    for (const char* required : {"case", "kind", "to", "need", "consent"})
        if (!p.isSet(QLatin1StringView(required)))
            return cli.fail(exitcode::kUsage, u"referral add needs --%1"_s.arg(QLatin1StringView(required)));
    const QString consent = p.value(u"consent"_s);
    if (consent != "yes"_L1 && consent != "no"_L1 && consent != "minor"_L1)
        return cli.fail(exitcode::kUsage, u"--consent is yes, no or minor"_s);
    // The details go through the same validation as any referral document.
    QJsonObject doc{{u"case_ref"_s, p.value(u"case"_s)},
                    {u"kind"_s, p.value(u"kind"_s)},
                    {u"needs"_s, QJsonArray::fromStringList(p.values(u"need"_s))},
                    {u"languages"_s, QJsonArray::fromStringList(p.values(u"language"_s))},
                    {u"interpreter"_s, p.isSet(u"interpreter-ok"_s)}};
    const QString to = p.value(u"to"_s);
    if (QUuid::fromString(to).isNull())
        doc.insert(u"external_recipient"_s, to);
    else
        doc.insert(u"recipient_id"_s, to);
    if (consent != "no"_L1)
        doc.insert(u"consent"_s, QJsonObject{{u"given"_s, true},
                                             {u"minor"_s, consent == "minor"_L1},
                                             {u"date"_s, toIso(QDate::currentDate())},
                                             {u"recorded_by"_s, workspace.profile().name}});
    else
        doc.insert(u"consent"_s, QJsonObject{{u"given"_s, false}});
    if (p.isSet(u"note"_s))
        doc.insert(u"note"_s, p.value(u"note"_s));
    ValidationProblems problems;
    const auto details = ReferralDetails::fromJson(doc, problems);
    if (!details)
        return cli.fail(exitcode::kInvalidInput, problems.toStrings().join(u"; "_s));
    ReferralStore& store = workspace.referrals();
    for (const ReferralSummary& d : store.duplicatesOf(*details))
        cli.warn(u"case %1 already has an open referral (%2, %3) to the same recipient or for the same need"_s.arg(
            d.caseRef, uuidString(d.id), toWire(d.status)));
    ReferralError error;
    const auto id = workspace.createReferral(*details, &error);
    if (!id)
        return cli.fail(exitCodeFor(error), error.message);
    const auto summary = store.summary(*id);
    if (cli.json())
        cli.printJson(QJsonObject{{u"id"_s, uuidString(*id)}, {u"status"_s, toWire(summary->status)}});
    else
        cli.print(u"%1\t%2"_s.arg(uuidString(*id), toWire(summary->status)));
    return exitcode::kOk;
}

int list(const Cli& cli, ProfileWorkspace& workspace)
{
    QJsonArray out;
    for (const ReferralSummary& s : workspace.referrals().summaries()) {
        out.append(summaryJson(s));
        if (!cli.json())
            cli.print(u"%1\t%2\t%3\t%4\t%5"_s.arg(uuidString(s.id), s.caseRef, s.kind, toWire(s.status), s.recipient));
    }
    if (cli.json())
        cli.printJson(QJsonDocument(out));
    return exitcode::kOk;
}

int show(const Cli& cli, ProfileWorkspace& workspace, const QString& idText)
{
    const QUuid id = QUuid::fromString(idText);
    const ReferralStore& store = workspace.referrals();
    const auto summary = id.isNull() ? std::nullopt : store.summary(id);
    const auto referral = id.isNull() ? std::nullopt : store.referral(id);
    if (!summary || !referral)
        return cli.fail(exitcode::kNotFound, u"no referral %1"_s.arg(idText));
    QJsonObject o = summaryJson(*summary);
    o.insert(u"details"_s, referral->details.toJson());
    QJsonArray events;
    for (const ReferralEvent& e : referral->history)
        events.append(e.toJson());
    o.insert(u"events"_s, events);
    QJsonArray rejected;
    for (const Referral::RejectedEvent& r : referral->rejected)
        rejected.append(QJsonObject{{u"event"_s, r.event.toJson()}, {u"reason"_s, r.reason}});
    if (!rejected.isEmpty())
        o.insert(u"rejected"_s, rejected);
    if (cli.json()) {
        cli.printJson(o);
    } else {
        cli.print(
            u"%1  %2  %3  %4"_s.arg(uuidString(summary->id), summary->caseRef, summary->kind, toWire(summary->status)));
        for (const ReferralEvent& e : referral->history)
            cli.print(u"  %1  %2"_s.arg(toIsoUtc(e.clientTime), toWire(e.type)));
    }
    return exitcode::kOk;
}

int event(const Cli& cli, ProfileWorkspace& workspace, const QString& idText, const QString& typeText,
          const QCommandLineParser& p)
{
    const QUuid id = QUuid::fromString(idText);
    if (id.isNull())
        return cli.fail(exitcode::kNotFound, u"no referral %1"_s.arg(idText));
    const auto type = eventTypeFromWire(typeText);
    if (!type)
        return cli.fail(exitcode::kInvalidInput, u"unknown event type '%1'"_s.arg(typeText)); // invalid input (4)
    const QString reason = p.value(u"reason"_s);
    QJsonObject payload;
    switch (*type) {
    case ReferralEventType::Declined:
        payload.insert(u"reason"_s, reason.isEmpty() ? u"other"_s : reason);
        break;
    case ReferralEventType::Revoked:
        if (!reason.isEmpty())
            payload.insert(u"reason"_s, reason);
        break;
    case ReferralEventType::Completed:
        payload.insert(u"success"_s, reason.isEmpty());
        if (!reason.isEmpty())
            payload.insert(u"reason"_s, reason);
        break;
    case ReferralEventType::NoteAdded:
        payload.insert(u"text"_s, p.isSet(u"note"_s) ? p.value(u"note"_s) : reason);
        break;
    case ReferralEventType::FollowUpSet:
        payload.insert(u"due"_s, p.value(u"due"_s));
        break;
    case ReferralEventType::ConsentWithdrawn:
        payload.insert(u"date"_s, toIso(QDate::currentDate()));
        payload.insert(u"recorded_by"_s, workspace.profile().name);
        break;
    case ReferralEventType::Erased:
        return cli.fail(exitcode::kUsage, u"use erase-case to erase a case"_s);
    case ReferralEventType::Created:
        return cli.fail(exitcode::kUsage, u"use referral add to create a referral"_s);
    case ReferralEventType::Sent:
    case ReferralEventType::Acknowledged:
    case ReferralEventType::Accepted:
        if (!reason.isEmpty())
            payload.insert(u"note"_s, reason);
        break;
    }
    ReferralError error;
    const auto status = workspace.addReferralEvent(id, *type, payload, &error);
    if (!status)
        return cli.fail(exitCodeFor(error), error.message);
    if (cli.json())
        cli.printJson(QJsonObject{{u"id"_s, uuidString(id)}, {u"status"_s, toWire(*status)}});
    else
        cli.print(u"%1\t%2"_s.arg(uuidString(id), toWire(*status)));
    return exitcode::kOk;
}

} // namespace

int runReferralCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& p)
{
    static const QStringList verbs = {u"add"_s, u"list"_s, u"show"_s, u"event"_s, u"answer-link"_s};
    if (args.isEmpty() || !verbs.contains(args.first()))
        return cli.fail(exitcode::kUsage, u"'referral' needs one of: %1"_s.arg(verbs.join(u", "_s)));
    const QString verb = args.first();
    if (verb == "answer-link"_L1)
        return runAnswerLinkCommand(cli, args.mid(1), p);
    const qsizetype expected = verb == "show"_L1 ? 3 : verb == "event"_L1 ? 4 : 2;
    if (args.size() != expected)
        return cli.fail(exitcode::kUsage, u"usage: see htmse-cli --help (referral %1)"_s.arg(verb));
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, p, args.at(1), &exitCode);
    if (!workspace)
        return exitCode;
    if (verb == "add"_L1)
        return add(cli, *workspace, p);
    if (verb == "list"_L1)
        return list(cli, *workspace);
    if (verb == "show"_L1)
        return show(cli, *workspace, args.at(2));
    return event(cli, *workspace, args.at(2), args.at(3), p);
}

namespace {
// export NAME --shortlist FILE.pdf|FILE.csv --ids ID [ID ...]
int exportShortlist(const Cli& cli, const QStringList& args, const QCommandLineParser& p)
{
    QStringList ids;
    for (const QString& v : p.values(u"ids"_s))
        ids += v.split(u',', Qt::SkipEmptyParts);
    ids += args.mid(1); // "--ids A B C": the rest arrive as arguments
    const QString path = p.value(u"shortlist"_s);
    const bool pdf = path.endsWith(u".pdf"_s, Qt::CaseInsensitive);
    if (args.isEmpty() || ids.isEmpty() || (!pdf && !path.endsWith(u".csv"_s, Qt::CaseInsensitive)))
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli export NAME --shortlist FILE.pdf|FILE.csv --ids ID..."_s);
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, p, args.first(), &exitCode);
    if (!workspace)
        return exitCode;
    const DirectoryStore& store = workspace->directory();
    const QHash<QUuid, QString> organisations = store.organisationNames();
    QList<ShortlistEntry> entries;
    for (const QString& id : std::as_const(ids)) {
        const auto professional = store.professional(QUuid::fromString(id.trimmed()));
        if (!professional)
            return cli.fail(exitcode::kNotFound, u"no professional %1 in the directory"_s.arg(id));
        entries.append({*professional, organisations.value(professional->organisationId), {}});
    }
    // Written in full, then audited, then released: an export the audit log cannot record does
    // not happen.
    QString error;
    QSaveFile file(path);
    bool ok = file.open(QIODevice::WriteOnly) &&
              (pdf ? PdfDocument::write(Shortlist::html(entries, u"Shortlist"_s), u"Shortlist"_s, &file, &error)
                   : Shortlist::writeCsv(&file, entries, &error));
    if (!ok) {
        file.cancelWriting();
        return cli.fail(exitcode::kNetwork, u"cannot write %1 (nothing was written): %2"_s.arg(
                                                path, error.isEmpty() ? file.errorString() : error));
    }
    if (!workspace->releaseAudited(
            file, u"export"_s,
            u"shortlist as %1: %2 professionals"_s.arg(pdf ? u"PDF"_s : u"CSV"_s).arg(entries.size()), &error))
        return cli.fail(exitcode::kNetwork, u"cannot write %1 (nothing was written): %2"_s.arg(path, error));
    if (cli.json())
        cli.printJson(QJsonObject{{u"exported"_s, entries.size()}, {u"format"_s, pdf ? u"pdf"_s : u"csv"_s}});
    else
        cli.print(u"%1 professionals written to %2"_s.arg(entries.size()).arg(path));
    return exitcode::kOk;
}
} // namespace

int runExportCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& p)
{
    if (p.isSet(u"shortlist"_s))
        return exportShortlist(cli, args, p);
    if (args.size() != 1)
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli export NAME --referrals FILE.csv [--minimised]"_s);
    if (!p.isSet(u"referrals"_s))
        return cli.fail(exitcode::kUsage, u"export needs --referrals FILE.csv"_s);
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, p, args.first(), &exitCode);
    if (!workspace)
        return exitCode;
    const bool minimised = p.isSet(u"minimised"_s);
    const QList<ReferralSummary> referrals = workspace->referrals().summaries();
    const QString path = p.value(u"referrals"_s);
    QSaveFile file(path);
    QString error;
    if (!file.open(QIODevice::WriteOnly) || !ReferralCsv::write(&file, referrals, minimised, &error)) {
        file.cancelWriting();
        return cli.fail(exitcode::kNetwork, u"cannot write %1 (nothing was written): %2"_s.arg(
                                                path, error.isEmpty() ? file.errorString() : error));
    }
    if (!workspace->releaseAudited(
            file, u"export"_s,
            u"referral log as CSV%1: %2 referrals"_s.arg(minimised ? u", minimised"_s : QString())
                .arg(referrals.size()),
            &error))
        return cli.fail(exitcode::kNetwork, u"cannot write %1 (nothing was written): %2"_s.arg(path, error));
    if (cli.json())
        cli.printJson(QJsonObject{{u"exported"_s, referrals.size()}, {u"minimised"_s, minimised}});
    else
        cli.print(u"%1 referrals written to %2"_s.arg(referrals.size()).arg(path));
    return exitcode::kOk;
}

int runEraseCaseCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& p)
{
    if (args.size() != 1 || !p.isSet(u"case"_s))
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli erase-case NAME --case REF"_s);
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, p, args.first(), &exitCode);
    if (!workspace)
        return exitCode;
    ReferralError error;
    const int erased = workspace->eraseCase(p.value(u"case"_s), &error);
    if (error)
        return cli.fail(exitCodeFor(error), error.message);
    if (cli.json())
        cli.printJson(QJsonObject{{u"erased_referrals"_s, erased}});
    else
        cli.print(u"%1 referrals erased"_s.arg(erased));
    return exitcode::kOk;
}

} // namespace htmse::cli
