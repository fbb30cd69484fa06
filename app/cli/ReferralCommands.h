// htmse-cli referral add|list|show|event, export --referrals, erase-case (DESIGN.md §10).
#pragma once

#include "app/cli/CliIo.h"

#include <QCommandLineParser>

namespace htmse::cli {

int runReferralCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);
int runExportCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);
int runEraseCaseCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);

} // namespace htmse::cli
