#include "app/cli/CliIo.h"

#include <cstring>

#ifdef Q_OS_UNIX
#include <termios.h>
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
    constexpr std::size_t kMax = 1024;
    bool terminal = false;
#ifdef Q_OS_UNIX
    termios saved{};
    terminal = ::isatty(::fileno(m_io.in)) && ::tcgetattr(::fileno(m_io.in), &saved) == 0;
    if (terminal) {
        const QByteArray p = prompt.toUtf8() + ": ";
        std::fwrite(p.constData(), 1, size_t(p.size()), m_io.err);
        std::fflush(m_io.err);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(::fileno(m_io.in), TCSAFLUSH, &quiet);
    }
#endif
    SecureBytes buffer(kMax);
    std::size_t length = 0;
    int c = 0;
    bool any = false;
    while ((c = std::fgetc(m_io.in)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        if (length < kMax)
            buffer.data()[length++] = static_cast<unsigned char>(c);
    }
#ifdef Q_OS_UNIX
    if (terminal) {
        ::tcsetattr(::fileno(m_io.in), TCSAFLUSH, &saved);
        std::fputc('\n', m_io.err);
    }
#endif
    if (!any)
        return std::nullopt;
    if (length > 0 && buffer.data()[length - 1] == '\r')
        --length;
    return SecureBytes::copyOf(QByteArrayView(reinterpret_cast<const char*>(buffer.data()), qsizetype(length)));
}

} // namespace htmse::cli
