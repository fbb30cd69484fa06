// htmse-cli's verb dispatcher. Exit codes and --json keys are the contract of DESIGN.md §10.
#pragma once

#include <QStringList>

#include <cstdio>

namespace htmse::cli {

struct Output
{
    std::FILE* out;
    std::FILE* err;
    std::FILE* in; // secrets, one per line
};

int run(const QStringList& arguments, const Output& io);

} // namespace htmse::cli
