// htmse-cli profile create|list|passwd|delete|rotate-key|audit (DESIGN.md §10).
#pragma once

#include "app/cli/CliIo.h"
#include "session/ProfileWorkspace.h"
#include "storage/Vault.h"

#include <QCommandLineParser>

namespace htmse::cli {

int runProfileCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);

// Shared by the verbs that work inside a profile: the profiles folder from --profiles-dir, and
// unlocking with the passphrase on standard input (the failure is printed; *exitCode is set).
QString profilesDirectory(const QCommandLineParser& options);
// The profile's workspace has run the after-unlock work (its warnings are printed).
std::unique_ptr<ProfileWorkspace> openProfile(const Cli& cli, Vault& vault, const QString& name, int* exitCode);
// The same in the folder --profiles-dir names (or the default one).
std::unique_ptr<ProfileWorkspace> openProfile(const Cli& cli, const QCommandLineParser& options, const QString& name,
                                              int* exitCode);
int exitCodeFor(const VaultError& error);

} // namespace htmse::cli
