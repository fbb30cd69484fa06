#include "app/cli/ProfileCommands.h"

#include "app/common/ExitCodes.h"
#include "security/Policy.h"
#include "security/SecretStore.h"
#include "storage/AuditLog.h"
#include "storage/Vault.h"

#include <QEventLoop>
#include <QJsonArray>

namespace htmse::cli {

using namespace Qt::StringLiterals;

int exitCodeFor(const VaultError& e)
{
    switch (e.code) {
    case VaultError::None:
        return exitcode::kOk;
    case VaultError::WrongPassphrase:
    case VaultError::Throttled:
        return exitcode::kCredentials;
    case VaultError::NotFound:
        return exitcode::kNotFound;
    case VaultError::WeakPassphrase:
    case VaultError::InvalidName:
    case VaultError::AlreadyExists:
        return exitcode::kInvalidInput;
    case VaultError::LockedElsewhere:
        return exitcode::kProfileLocked;
    case VaultError::Corrupt:
    case VaultError::Io:
    case VaultError::TooNew:
        return exitcode::kNetwork;
    }
    return exitcode::kNetwork;
}

QString profilesDirectory(const QCommandLineParser& p)
{
    return p.isSet(u"profiles-dir"_s) ? p.value(u"profiles-dir"_s) : Vault::defaultProfilesDirectory();
}

std::unique_ptr<ProfileWorkspace> openProfile(const Cli& cli, Vault& vault, const QString& name, int* exitCode)
{
    // The profile is found and locked before the passphrase is read, so a wrong name or a
    // profile open elsewhere is said without asking for anything.
    VaultError error;
    auto keys = vault.begin(name, &error);
    if (!keys) {
        *exitCode =
            cli.fail(exitCodeFor(error), error.code == VaultError::NotFound
                                             ? u"no profile named \"%1\" in %2"_s.arg(name, vault.profilesDirectory())
                                             : error.message);
        return nullptr;
    }
    const auto passphrase = cli.readSecret(u"Passphrase"_s);
    if (!passphrase) {
        *exitCode = cli.fail(exitcode::kUsage, u"the passphrase is read from standard input (one line)"_s);
        return nullptr;
    }
    std::unique_ptr<ProfileSession> session;
    if (vault.unwrap(*keys, *passphrase, &error))
        session = vault.openWithKeys(*std::move(keys), &error);
    if (!session) {
        *exitCode = cli.fail(exitCodeFor(error), error.message);
        return nullptr;
    }
    QStringList policyProblems;
    const Policy policy = Policy::system(&policyProblems);
    for (const QString& problem : std::as_const(policyProblems))
        cli.warn(u"office policy %1: %2"_s.arg(Policy::systemPolicyLocation(), problem));
    auto workspace = ProfileWorkspace::open(std::move(session), policy);
    if (workspace->unlockSummary().throttleTamperDetected)
        cli.warn(u"the record of wrong passphrases for this profile was reset or edited since the last unlock"_s);
    for (const QString& warning : workspace->unlockSummary().warnings)
        cli.warn(warning);
    return workspace;
}

std::unique_ptr<ProfileWorkspace> openProfile(const Cli& cli, const QCommandLineParser& options, const QString& name,
                                              int* exitCode)
{
    Vault vault(profilesDirectory(options));
    return openProfile(cli, vault, name, exitCode);
}

namespace {

std::optional<KdfParameters> kdfFromOptions(const QCommandLineParser& p, QString* error)
{
    if (!p.isSet(u"kdf-memory"_s) && !p.isSet(u"kdf-iterations"_s))
        return std::nullopt;
    bool memOk = true;
    bool opsOk = true;
    const qulonglong mib = p.isSet(u"kdf-memory"_s) ? p.value(u"kdf-memory"_s).toULongLong(&memOk)
                                                    : KeyDerivation::kDefaultMemLimit / (1024 * 1024);
    const qulonglong ops = p.isSet(u"kdf-iterations"_s) ? p.value(u"kdf-iterations"_s).toULongLong(&opsOk) : 3;
    KdfParameters kdf = KeyDerivation::withLimits(ops, mib * 1024 * 1024);
    if (!memOk || !opsOk || !kdf.isSane()) {
        *error = u"--kdf-memory must be at least %1 MiB and --kdf-iterations from 1 to 64"_s.arg(
            KeyDerivation::kMinMemLimit / (1024 * 1024));
        return std::nullopt;
    }
    return kdf;
}

// Removes a remembered key, if any; an absent or unavailable credential store is not an error.
void forgetRememberedKey(const Cli& cli, const QUuid& id)
{
    SecretStore store;
    QEventLoop loop;
    store.removeKey(id, [&](SecretStore::Status status, const QString& message) {
        if (status != SecretStore::Status::Ok && status != SecretStore::Status::Unavailable)
            cli.warn(u"the key remembered on this device could not be removed: %1"_s.arg(message));
        loop.quit();
    });
    loop.exec();
}

int audit(const Cli& cli, Vault& vault, const QString& name)
{
    int exitCode = exitcode::kOk;
    auto workspace = openProfile(cli, vault, name, &exitCode);
    if (!workspace)
        return exitCode;
    const AuditLog& audit = workspace->audit();
    const AuditLog::Verification v = audit.verify();
    QJsonArray events;
    for (const AuditLog::Entry& e : audit.entries(200))
        events.append(QJsonObject{{u"seq"_s, e.seq},
                                  {u"at"_s, e.at.toString(Qt::ISODateWithMs)},
                                  {u"event"_s, e.event},
                                  {u"detail"_s, e.detail}});
    if (cli.json()) {
        cli.printJson(QJsonObject{
            {u"intact"_s, v.intact}, {u"entries"_s, v.entries}, {u"problem"_s, v.problem}, {u"events"_s, events}});
    } else {
        cli.print(v.intact ? u"audit log intact: %1 entries"_s.arg(v.entries)
                           : u"audit log damaged: %1"_s.arg(v.problem));
        for (const QJsonValue& e : std::as_const(events))
            cli.print(u"%1\t%2\t%3"_s.arg(e[u"at"_s].toString(), e[u"event"_s].toString(), e[u"detail"_s].toString()));
    }
    return v.intact ? exitcode::kOk : exitcode::kInvalidInput;
}

// profile passwd NAME [--rotate-key]: the current and the new passphrase on stdin.
int changePassphrase(const Cli& cli, const QCommandLineParser& p, Vault& vault, const ProfileInfo& profile,
                     const Policy& policy)
{
    const QString name = profile.name;
    const auto* info = &profile;
    VaultError error;
    const auto oldPass = cli.readSecret(u"Current passphrase"_s);
    const auto newPass = oldPass ? cli.readSecret(u"New passphrase"_s) : std::nullopt;
    if (!oldPass || !newPass)
        return cli.fail(exitcode::kUsage, u"give the current and the new passphrase on standard input, one per line"_s);
    if (!vault.changePassphrase(name, *oldPass, *newPass, policy.minPassphraseScore, &error))
        return cli.fail(exitCodeFor(error), error.message);
    // The passphrase wraps the database key; the key itself stays unless rotated too, so a
    // copy of the old profile.json with the old passphrase would still open the database.
    const bool rotate = p.isSet(u"rotate-key"_s);
    if (rotate) {
        auto session = vault.unlock(name, *newPass, &error);
        if (!session || !vault.rotateKey(*session, *newPass, &error))
            return cli.fail(exitCodeFor(error), u"the passphrase was changed, but the new key could not be set: %1 "
                                                "(run profile rotate-key to try again)"_s.arg(error.message));
        session.reset();
        forgetRememberedKey(cli, info->id); // a remembered old key no longer opens it
    }
    if (cli.json())
        cli.printJson(QJsonObject{
            {u"id"_s, info->id.toString(QUuid::WithoutBraces)}, {u"name"_s, info->name}, {u"rotated"_s, rotate}});
    else
        cli.print(rotate
                      ? u"passphrase changed for \"%1\" and the database re-encrypted with a new key"_s.arg(info->name)
                      : u"passphrase changed for \"%1\""_s.arg(info->name));
    return exitcode::kOk;
}

} // namespace

int runProfileCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& p)
{
    static const QStringList verbs = {u"create"_s, u"list"_s, u"passwd"_s, u"delete"_s, u"rotate-key"_s, u"audit"_s};
    if (args.isEmpty() || !verbs.contains(args.first()))
        return cli.fail(exitcode::kUsage, u"'profile' needs one of: %1"_s.arg(verbs.join(u", "_s)));
    const QString verb = args.first();
    const QString dir = profilesDirectory(p);
    Vault vault(dir);
    QStringList policyProblems;
    const Policy policy = Policy::system(&policyProblems);
    for (const QString& problem : std::as_const(policyProblems))
        cli.warn(u"office policy %1: %2"_s.arg(Policy::systemPolicyLocation(), problem));

    if (verb == "list"_L1) {
        if (args.size() != 1)
            return cli.fail(exitcode::kUsage, u"usage: htmse-cli profile list"_s);
        QStringList problems;
        const auto profiles = vault.list(&problems);
        for (const QString& problem : std::as_const(problems))
            cli.warn(problem);
        QJsonArray out;
        for (const ProfileInfo& info : profiles) {
            out.append(QJsonObject{{u"id"_s, info.id.toString(QUuid::WithoutBraces)},
                                   {u"name"_s, info.name},
                                   {u"created"_s, info.created.toString(Qt::ISODate)}});
            if (!cli.json())
                cli.print(u"%1\t%2\t%3"_s.arg(info.name, info.created.toString(Qt::ISODate),
                                              info.id.toString(QUuid::WithoutBraces)));
        }
        if (cli.json())
            cli.printJson(QJsonDocument(out));
        return exitcode::kOk;
    }

    if (args.size() != 2)
        return cli.fail(exitcode::kUsage, u"usage: htmse-cli profile %1 NAME"_s.arg(verb));
    const QString name = args.at(1);
    VaultError error;

    if (verb == "create"_L1) {
        QString kdfError;
        const auto kdf = kdfFromOptions(p, &kdfError);
        if (!kdfError.isEmpty())
            return cli.fail(exitcode::kUsage, kdfError);
        const auto passphrase = cli.readSecret(u"Passphrase for the new profile"_s);
        if (!passphrase)
            return cli.fail(exitcode::kUsage, u"the passphrase is read from standard input (one line)"_s);
        const auto info = vault.create(name, *passphrase, policy.minPassphraseScore, &error, kdf);
        if (!info)
            return cli.fail(exitCodeFor(error), error.message);
        if (cli.json())
            cli.printJson(QJsonObject{{u"id"_s, info->id.toString(QUuid::WithoutBraces)}, {u"name"_s, info->name}});
        else
            cli.print(u"created profile \"%1\" (%2)"_s.arg(info->name, info->id.toString(QUuid::WithoutBraces)));
        return exitcode::kOk;
    }

    if (verb == "audit"_L1)
        return audit(cli, vault, name);

    const auto info = vault.find(name);
    if (!info)
        return cli.fail(exitcode::kNotFound, u"no profile named \"%1\" in %2"_s.arg(name, dir));

    if (verb == "passwd"_L1)
        return changePassphrase(cli, p, vault, *info, policy);

    if (verb == "delete"_L1) {
        const auto passphrase = cli.readSecret(u"Passphrase"_s);
        if (!passphrase)
            return cli.fail(exitcode::kUsage, u"the passphrase is read from standard input (one line)"_s);
        if (!vault.remove(name, *passphrase, &error))
            return cli.fail(exitCodeFor(error), error.message);
        forgetRememberedKey(cli, info->id);
        if (cli.json())
            cli.printJson(QJsonObject{{u"id"_s, info->id.toString(QUuid::WithoutBraces)}, {u"deleted"_s, true}});
        else
            cli.print(u"deleted profile \"%1\""_s.arg(info->name));
        return exitcode::kOk;
    }

    if (verb == "rotate-key"_L1) {
        const auto passphrase = cli.readSecret(u"Passphrase"_s);
        if (!passphrase)
            return cli.fail(exitcode::kUsage, u"the passphrase is read from standard input (one line)"_s);
        auto session = vault.unlock(name, *passphrase, &error);
        if (!session)
            return cli.fail(exitCodeFor(error), error.message);
        if (!vault.rotateKey(*session, *passphrase, &error))
            return cli.fail(exitCodeFor(error), error.message);
        if (cli.json())
            cli.printJson(QJsonObject{{u"id"_s, info->id.toString(QUuid::WithoutBraces)}, {u"rotated"_s, true}});
        else
            cli.print(u"the database of \"%1\" is now encrypted with a new key"_s.arg(info->name));
        forgetRememberedKey(cli, info->id); // a remembered old key no longer opens it
        return exitcode::kOk;
    }

    return cli.fail(exitcode::kUsage, u"'profile' needs one of: %1"_s.arg(verbs.join(u", "_s)));
}

} // namespace htmse::cli
