// htmse-cli profile create|list|passwd|delete|rotate-key|audit (DESIGN.md §10).
#pragma once

#include "CliIo.h"

#include <QCommandLineParser>

namespace htmse::cli {

int runProfileCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);

} // namespace htmse::cli
