#include "app/cli/CliCommands.h"

#include "app/cli/CliIo.h"
#include "app/cli/DirectoryCommands.h"
#include "app/cli/ProfileCommands.h"
#include "app/cli/ReferralCommands.h"
#include "app/cli/SyncCommands.h"
#include "app/common/ExitCodes.h"
#include "htmse/Version.h"
#include "interchange/DirectoryFile.h"
#include "taxonomy/Countries.h"
#include "taxonomy/Gazetteer.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace htmse::cli {

using namespace Qt::StringLiterals;

namespace {

const char* const kUsage = R"(Usage: htmse-cli [--profiles-dir DIR] [--json] COMMAND ...

The HTMSE Desktop engine for scripts, office administration and support. Secrets are read
from standard input, one per line; never from arguments or the environment.

Commands:
  profile create|list|passwd|delete NAME   manage encrypted profiles
  profile rotate-key|audit NAME             re-encrypt with a new key; check the audit log
  profile passwd NAME --rotate-key          change the passphrase and re-encrypt with a new key
  directory import NAME FILE|FOLDER         load a directory file, HSDS JSON or an HSDS CSV folder
  directory stats NAME                      size and sync state of a profile's directory
  search NAME TEXT [--limit N]              free-text search of the directory
  match NAME --need CODE... [options]       rank professionals for a person's needs
        [--language CODE...] [--near CITY | --lat X --lon Y] [--radius-km N] [--remote-ok]
        [--interpreter-ok] [--expert-witness] [--report-type T] [--jurisdiction CC]
        [--open-now] [--evenings-weekends] [--accessibility CODE...] [--limit N]
  referral add NAME --case REF --kind KIND --to PROFESSIONAL_ID --need CODE... [--language CODE...]
               --consent yes|no|minor [--note TEXT] [--interpreter-ok]
  referral list NAME | show NAME ID | event NAME ID TYPE [--reason TEXT] [--note TEXT] [--due DATE]
  referral answer-link NAME ID [--days N] | --revoke
                                            a one-time answer link for a recipient outside the
                                            directory (through the profile's last sync sign-in)
  export NAME --referrals FILE.csv [--minimised] | --shortlist FILE.pdf --ids ...
  erase-case NAME --case REF                erase every referral of a case
  sync NAME --server URL --user USER        synchronise with an htmse-server (profile passphrase, then
                                            the server password the first time, on standard input)
  sync-status NAME                          what is waiting to upload, refused, and the last sync
  validate FILE                             check a directory file and list every problem
  places PREFIX [--country CC] [--limit N]  look up gazetteer places as you would type them

Exit codes: 0 ok, 1 usage, 2 wrong passphrase or credentials, 3 not found,
4 invalid input or refused transition, 5 network/server, 6 profile locked.
)";

int validate(const Cli& cli, const QStringList& args)
{
    if (args.size() != 1)
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli validate FILE"_s);
    QFile file(args.first());
    if (!file.exists())
        return cli.fail(exitcode::kNotFound, u"%1 does not exist"_s.arg(args.first()));
    if (!file.open(QIODevice::ReadOnly))
        return cli.fail(exitcode::kNetwork, u"cannot read %1: %2"_s.arg(args.first(), file.errorString()));
    if (file.size() > DirectoryFile::kMaxBytes)
        return cli.fail(exitcode::kInvalidInput, u"%1 is larger than the 1 GiB limit"_s.arg(args.first()));
    const DirectoryFileContents contents = DirectoryFile::read(file.readAll());
    QJsonArray problems;
    for (const ValidationProblem& p : contents.problems.list())
        problems.append(QJsonObject{{u"path"_s, p.path}, {u"message"_s, p.message}});
    const bool valid = contents.readable && contents.problems.isEmpty();
    if (cli.json()) {
        cli.printJson(QJsonObject{{u"valid"_s, valid},
                                  {u"organisations"_s, contents.organisations.size()},
                                  {u"professionals"_s, contents.professionals.size()},
                                  {u"skipped"_s, contents.skipped},
                                  {u"problems"_s, problems}});
    } else {
        for (const QString& line : contents.problems.toStrings())
            cli.print(line);
        cli.print(u"%1 organisations and %2 professionals valid, %3 records with problems"_s
                      .arg(contents.organisations.size())
                      .arg(contents.professionals.size())
                      .arg(contents.skipped));
    }
    return valid ? exitcode::kOk : exitcode::kInvalidInput;
}

int places(const Cli& cli, const QStringList& args, const QCommandLineParser& p)
{
    if (args.size() != 1)
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli places PREFIX [--country CC] [--limit N]"_s);
    bool limitOk = true;
    const int limit = p.isSet(u"limit"_s) ? p.value(u"limit"_s).toInt(&limitOk) : 10;
    if (!limitOk || limit < 1 || limit > 1000)
        return cli.fail(exitcode::kUsage, u"--limit must be a whole number from 1 to 1000"_s);
    const QString country = p.value(u"country"_s).toUpper();
    if (!country.isEmpty() && !Countries::instance().contains(country))
        return cli.fail(exitcode::kInvalidInput, u"\"%1\" is not an ISO 3166-1 alpha-2 country code"_s.arg(country));
    const auto hits = Gazetteer::instance().complete(args.first(), country, limit);
    QJsonArray out;
    for (const Gazetteer::City* c : hits) {
        out.append(QJsonObject{{u"id"_s, c->id},
                               {u"name"_s, c->name},
                               {u"region"_s, c->region},
                               {u"country"_s, c->country},
                               {u"latitude"_s, c->latitude},
                               {u"longitude"_s, c->longitude},
                               {u"population"_s, c->population}});
        if (!cli.json())
            cli.print(c->displayName());
    }
    if (cli.json())
        cli.printJson(QJsonObject{{u"places"_s, out}});
    return hits.isEmpty() ? exitcode::kNotFound : exitcode::kOk;
}

} // namespace

int run(const QStringList& arguments, const Output& io)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption help(QStringList{u"h"_s, u"help"_s});
    const QCommandLineOption version(u"version"_s);
    const QCommandLineOption json(u"json"_s);
    p.addOptions({help,
                  version,
                  json,
                  {u"profiles-dir"_s, u"profiles folder"_s, u"DIR"_s},
                  {u"limit"_s, u"maximum results"_s, u"N"_s},
                  {u"country"_s, u"ISO 3166-1 alpha-2 country"_s, u"CC"_s},
                  {u"need"_s, u"need code"_s, u"CODE"_s},
                  {u"language"_s, u"ISO 639-3 code"_s, u"CODE"_s},
                  {u"near"_s, u"city"_s, u"CITY"_s},
                  {u"lat"_s, u"latitude"_s, u"X"_s},
                  {u"lon"_s, u"longitude"_s, u"Y"_s},
                  {u"radius-km"_s, u"radius"_s, u"N"_s},
                  {u"remote-ok"_s, u"remote acceptable"_s},
                  {u"interpreter-ok"_s, u"interpreter acceptable"_s},
                  {u"expert-witness"_s, u"expert witnesses only"_s},
                  {u"report-type"_s, u"report type"_s, u"T"_s},
                  {u"jurisdiction"_s, u"jurisdiction"_s, u"CC"_s},
                  {u"open-now"_s, u"open now, by the profile's opening hours"_s},
                  {u"evenings-weekends"_s, u"open evenings or at weekends"_s},
                  {u"accessibility"_s, u"accessibility feature, e.g. step-free-access"_s, u"CODE"_s},
                  {u"case"_s, u"case reference"_s, u"REF"_s},
                  {u"kind"_s, u"referral kind"_s, u"KIND"_s},
                  {u"to"_s, u"recipient"_s, u"PROFESSIONAL_ID"_s},
                  {u"consent"_s, u"consent"_s, u"yes|no|minor"_s},
                  {u"note"_s, u"note"_s, u"TEXT"_s},
                  {u"reason"_s, u"reason"_s, u"TEXT"_s},
                  {u"referrals"_s, u"CSV file"_s, u"FILE"_s},
                  {u"minimised"_s, u"minimised export"_s},
                  {u"shortlist"_s, u"PDF file"_s, u"FILE"_s},
                  {u"ids"_s, u"profile ids"_s, u"ID"_s},
                  {u"server"_s, u"server URL"_s, u"URL"_s},
                  {u"user"_s, u"user name"_s, u"USER"_s},
                  {u"due"_s, u"follow-up date"_s, u"YYYY-MM-DD"_s},
                  {u"days"_s, u"answer link: fewer days than the server's default"_s, u"N"_s},
                  {u"revoke"_s, u"answer link: revoke the referral's links"_s},
                  {u"kdf-memory"_s, u"Argon2id memory in MiB (default: tuned)"_s, u"MIB"_s},
                  {u"kdf-iterations"_s, u"Argon2id iterations (default: tuned)"_s, u"N"_s},
                  {u"rotate-key"_s, u"profile passwd: also re-encrypt the database with a new key, so an old "
                                    "copy of profile.json and the old passphrase no longer open it"_s}});
    const Cli cli(io, false);
    if (!p.parse(arguments))
        return cli.fail(exitcode::kUsage, p.errorText());
    const Cli out(io, p.isSet(json));
    if (p.isSet(version)) {
        if (out.json())
            out.printJson(QJsonObject{{u"version"_s, QLatin1StringView(kVersion)}});
        else
            out.print(u"htmse-cli %1"_s.arg(QLatin1StringView(kVersion)));
        return exitcode::kOk;
    }
    QStringList positional = p.positionalArguments();
    if (p.isSet(help) || positional.isEmpty()) {
        const QByteArray usage(kUsage);
        std::fwrite(usage.constData(), 1, size_t(usage.size()), p.isSet(help) ? io.out : io.err);
        return p.isSet(help) ? exitcode::kOk : exitcode::kUsage;
    }
    const QString verb = positional.takeFirst();
    if (verb == "validate"_L1)
        return validate(out, positional);
    if (verb == "places"_L1)
        return places(out, positional, p);

    // The verbs of the contract this build does not offer yet (none now).
    static const QHash<QString, QStringList> contract = {};
    if (verb == "profile"_L1)
        return runProfileCommand(out, positional, p);
    if (verb == "directory"_L1)
        return runDirectoryCommand(out, positional, p);
    if (verb == "match"_L1)
        return runMatchCommand(out, positional, p);
    if (verb == "search"_L1)
        return runSearchCommand(out, positional, p);
    if (verb == "referral"_L1)
        return runReferralCommand(out, positional, p);
    if (verb == "export"_L1)
        return runExportCommand(out, positional, p);
    if (verb == "erase-case"_L1)
        return runEraseCaseCommand(out, positional, p);
    if (verb == "sync"_L1)
        return runSyncCommand(out, positional, p);
    if (verb == "sync-status"_L1)
        return runSyncStatusCommand(out, positional, p);

    const auto it = contract.constFind(verb);
    if (it == contract.constEnd())
        return out.fail(exitcode::kUsage, u"unknown command '%1'; see htmse-cli --help"_s.arg(verb));
    QString full = verb;
    if (!it->isEmpty()) {
        if (positional.isEmpty() || !it->contains(positional.first()))
            return out.fail(exitcode::kUsage, u"'%1' needs one of: %2"_s.arg(verb, it->join(u", "_s)));
        full += u' ' + positional.first();
    }
    return out.fail(exitcode::kUsage, u"'%1' is not available in this version yet"_s.arg(full));
}

} // namespace htmse::cli
