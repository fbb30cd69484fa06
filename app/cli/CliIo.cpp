#include "app/cli/CliIo.h"

#include "app/common/SecretInput.h"

#include <cstring>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace htmse::cli {

void Cli::printJson(const QJsonDocument& doc) const
{
    const QByteArray bytes = doc.toJson(QJsonDocument::Indented);
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), m_io.out);
    std::fflush(m_io.out);
}

void Cli::print(const QString& text) const
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), m_io.out);
}

void Cli::warn(const QString& text) const
{
    const QByteArray bytes = "htmse-cli: warning: " + text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), m_io.err);
}

int Cli::fail(int code, const QString& message) const
{
    const QByteArray bytes = "htmse-cli: " + message.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), m_io.err);
    return code;
}

std::optional<SecureBytes> Cli::readSecret(const QString& prompt) const
{
    return readSecretLine(::fileno(m_io.in), prompt.toUtf8(), m_io.err);
}

} // namespace htmse::cli
