// htmse-cli's verb dispatcher. Exit codes and --json keys are the contract of DESIGN.md §10.
#pragma once

#include "app/cli/CliIo.h"

#include <QStringList>

namespace htmse::cli {

int run(const QStringList& arguments, const Output& io);

} // namespace htmse::cli
