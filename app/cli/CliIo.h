// Input/output helpers of htmse-cli: printing, and reading secrets from standard input into
// guarded memory (echo off when it is a terminal).
#pragma once

#include "core/SecureBytes.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstdio>
#include <optional>

namespace htmse::cli {

struct Output
{
    std::FILE* out;
    std::FILE* err;
    std::FILE* in; // secrets, one per line
};

class Cli
{
public:
    Cli(const Output& io, bool json)
        : m_io(io)
        , m_json(json)
    {}

    bool json() const { return m_json; }
    void printJson(const QJsonDocument& doc) const;
    void printJson(const QJsonObject& o) const { printJson(QJsonDocument(o)); }
    void print(const QString& text) const;
    void warn(const QString& text) const;
    int fail(int code, const QString& message) const;
    // One line of standard input, without its line end, in guarded memory; nullopt at end of
    // input. `prompt` is shown on stderr only when stdin is a terminal.
    std::optional<SecureBytes> readSecret(const QString& prompt) const;

private:
    Output m_io;
    bool m_json;
};

} // namespace htmse::cli
