// htmse-cli sync and sync-status (DESIGN.md §10): a sync run against an htmse-server, and
// what the profile's sync journal says.
#pragma once

#include "app/cli/CliIo.h"

#include <QCommandLineParser>

namespace htmse::cli {

int runSyncCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);
int runSyncStatusCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);
// referral answer-link NAME ID [--days N] | --revoke: through a sync run with the profile's
// stored sign-in -> {"id","url","expires_at"} or {"revoked"}.
int runAnswerLinkCommand(const Cli& cli, const QStringList& args, const QCommandLineParser& options);

} // namespace htmse::cli
