// htmse-cli directory import|stats and match (DESIGN.md §10).
#pragma once

#include "app/cli/CliIo.h"

#include <QCommandLineParser>

namespace htmse::cli {

int runDirectoryCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);
int runMatchCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);
int runSearchCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);

} // namespace htmse::cli
