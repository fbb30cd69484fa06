#include "app/common/SecretInput.h"

#include <cerrno>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace htmse {

std::optional<SecureBytes> readSecretLine(int fd, const QByteArray& prompt, std::FILE* promptTo, std::size_t maxBytes)
{
#ifdef Q_OS_UNIX
    termios saved{};
    const bool terminal = ::isatty(fd) && ::tcgetattr(fd, &saved) == 0;
    if (terminal) {
        // Echo off (flushing what was typed ahead, as getpass does) before the prompt shows:
        // the other way round, a secret typed as soon as the prompt appears could be flushed
        // away, and the read would wait for a line that never comes.
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
        QByteArray p = prompt;
        p.append(": ");
        std::fwrite(p.constData(), 1, size_t(p.size()), promptTo);
        std::fflush(promptTo);
    }
    SecureBytes buffer(maxBytes);
    std::size_t length = 0;
    bool any = false;
    for (;;) {
        unsigned char c = 0;
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        any = true;
        if (c == '\n')
            break;
        if (length < maxBytes)
            buffer.data()[length++] = c;
    }
    if (terminal) {
        ::tcsetattr(fd, TCSAFLUSH, &saved);
        std::fputc('\n', promptTo);
    }
    if (!any)
        return std::nullopt;
    if (length > 0 && buffer.data()[length - 1] == '\r')
        --length;
    return SecureBytes::copyOf(QByteArrayView(reinterpret_cast<const char*>(buffer.data()), qsizetype(length)));
#else
    Q_UNUSED(fd);
    Q_UNUSED(prompt);
    Q_UNUSED(promptTo);
    Q_UNUSED(maxBytes);
    return std::nullopt;
#endif
}

} // namespace htmse
